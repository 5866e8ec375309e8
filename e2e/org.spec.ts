import type { Page } from "@playwright/test";
import { DEMO, expect, expectAccessible, signIn, test, unique, visit } from "./fixtures";

const PASSWORD = "maple harbor seven 7";

/** Signs up a new organization through the form and returns its slug and admin email. */
async function signUpOrg(page: Page, name: string): Promise<{ slug: string; email: string }> {
  const slug = unique("org");
  const email = `${slug}@example.test`;
  await page.goto("/sign-up");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Web address").fill(slug);
  await page.getByLabel("Kind of government").selectOption("county");
  await page.getByLabel("State or territory").selectOption("OR");
  await page.getByLabel("Your name").fill("Avery Stone");
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(`/o/${slug}`);
  return { slug, email };
}

async function addDepartment(page: Page, name: string, code: string, parent?: string): Promise<void> {
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Code").fill(code);
  if (parent) await page.getByLabel("Parent department").selectOption({ label: parent });
  await page.getByRole("button", { name: "Add department" }).click();
  await expect(page.getByRole("status")).toHaveText(`Added ${name}.`);
}

test.describe("an organization's own set-up", () => {
  test("an admin adds departments, invites a department head who joins in another browser, and roles limit what each sees", async ({
    page,
    browser,
  }) => {
    const { slug } = await signUpOrg(page, "Harbor County");

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Departments" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Departments" })).toBeVisible();
    await expect(page.getByText("There are no active departments.")).toBeVisible();
    await expectAccessible(page, "departments (empty)");
    await addDepartment(page, "Parks and Recreation", "PARKS");
    await addDepartment(page, "Trails", "TRAILS", "Parks and Recreation");
    // A duplicate code is refused beside the field, and the input is kept.
    await page.getByLabel("Name", { exact: true }).fill("Parks again");
    await page.getByLabel("Code").fill("PARKS");
    await page.getByRole("button", { name: "Add department" }).click();
    await expect(page.getByLabel("Code")).toHaveValue("PARKS");
    await expect(page.getByText(/already/i).first()).toBeVisible();
    await expect(page.getByRole("table").getByRole("link", { name: "Trails" })).toBeVisible();
    await expectAccessible(page, "departments");

    // Invite a department head for Parks and Recreation.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Members" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();
    await expectAccessible(page, "members");
    const headEmail = `${unique("head")}@example.test`;
    await page.getByLabel("Email address").fill(headEmail);
    await page.getByLabel("Role", { exact: true }).selectOption("department_head");
    await page.getByLabel("Department", { exact: true }).selectOption({ label: "Parks and Recreation" });
    await page.getByRole("button", { name: "Create invitation" }).click();
    await expect(page.getByRole("heading", { name: `Invitation created for ${headEmail}` })).toBeVisible();
    const link = await page.getByLabel("Invitation link").inputValue();
    expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{20,}$/);
    await expectAccessible(page, "members with invitation");

    // The invitee accepts in a separate browser context, with a new account.
    const inviteeContext = await browser.newContext();
    const invitee = await inviteeContext.newPage();
    await visit(invitee, new URL(link).pathname);
    await expect(invitee.getByRole("heading", { level: 1, name: "Join Harbor County" })).toBeVisible();
    await invitee.getByLabel("Your name").fill("Jordan Reyes");
    await invitee.getByLabel("Password").fill("too short");
    await invitee.getByRole("button", { name: "Create account and join Harbor County" }).click();
    await expect(invitee.getByText(/at least 12 characters/i)).toBeVisible();
    await invitee.getByLabel("Password").fill("cedar trail runs 42");
    await invitee.getByRole("button", { name: "Create account and join Harbor County" }).click();
    await expect(invitee).toHaveURL(`/o/${slug}`);
    await expect(invitee.getByText("Department head").first()).toBeVisible();
    await expectAccessible(invitee, "department head home");

    // The link works once.
    const reused = await (await browser.newContext()).newPage();
    const again = await reused.goto(new URL(link).pathname);
    expect(again?.status()).toBe(410);
    await expect(reused.getByRole("heading", { name: "This invitation has already been used" })).toBeVisible();
    await expectAccessible(reused, "used invitation");

    // The department head reads members, cannot manage them, and has no settings.
    const nav = invitee.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Members" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Settings" })).toHaveCount(0);
    await nav.getByRole("link", { name: "Members" }).click();
    await expect(invitee.getByRole("row", { name: /Jordan Reyes/ })).toBeVisible();
    await expect(invitee.getByRole("button", { name: "Create invitation" })).toHaveCount(0);
    await expectAccessible(invitee, "members read-only");
    expect((await invitee.goto(`/o/${slug}/settings`))?.status()).toBe(403);
    await expectAccessible(invitee, "settings forbidden");

    // The admin sees the new member with role and department.
    await page.reload();
    await expect(page.getByRole("row", { name: /Jordan Reyes.*Department head.*Parks and Recreation/ })).toBeVisible();
    await inviteeContext.close();
  });

  test("the settings page saves and explains bad input", async ({ page }) => {
    const { slug } = await signUpOrg(page, "Cedar Falls");
    await visit(page, `/o/${slug}/settings`);
    await expect(page.getByRole("heading", { level: 1, name: "Organization settings" })).toBeVisible();
    await page.getByLabel("Anonymity threshold").fill("2");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByLabel("Anonymity threshold")).toHaveAttribute("aria-invalid", "true");
    await expectAccessible(page, "settings with an error");
    await page.getByLabel("Anonymity threshold").fill("7");
    await page.getByLabel("Population (optional)").fill("48210");
    await page.getByLabel("Fiscal year starts in").selectOption({ label: "October" });
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByText("Settings saved.")).toBeVisible();
    await page.reload();
    await expect(page.getByLabel("Anonymity threshold")).toHaveValue("7");
    await expect(page.getByLabel("Population (optional)")).toHaveValue("48210");
  });
});

test.describe("each demo role sees what its permissions allow", () => {
  const cases = [
    { who: DEMO.admin, role: "Administrator", nav: ["Home", "Dashboards", "Reports", "Plans", "Budget", "Workforce", "Roster", "Assessments", "Practices", "Departments", "Members", "Settings", "Audit log"], denied: [] as string[] },
    { who: DEMO.departmentHead, role: "Department head", nav: ["Home", "Dashboards", "Reports", "My department", "Plans", "Budget", "Workforce", "Roster", "Assessments", "Practices", "Departments", "Members"], denied: ["settings", "budget/import", "audit", "export", "reports/preview"] },
    { who: DEMO.staff, role: "Staff", nav: ["Home", "Reports", "Plans", "Assessments", "Practices", "Departments"], denied: ["settings", "members", "budget", "audit", "audit.csv", "export", "reports/preview"] },
    { who: DEMO.elected, role: "Elected official", nav: ["Home", "Dashboards", "Reports", "Plans", "Budget", "Assessments", "Practices"], denied: ["settings", "members", "departments", "budget/import", "audit", "export", "reports/preview"] },
  ];
  for (const c of cases) {
    test(`${c.role}`, async ({ page }) => {
      await signIn(page, c.who);
      await visit(page, `/o/${DEMO.slug}`);
      await expect(page.getByText(c.role).first()).toBeVisible();
      const links = page.getByRole("navigation", { name: "Main" }).getByRole("link");
      await expect(links).toHaveText(c.nav);
      for (const path of c.denied) {
        const res = await page.goto(`/o/${DEMO.slug}/${path}`);
        expect(res?.status(), `${c.role} on /${path}`).toBe(403);
      }
    });
  }

  test("the practices catalog and a practice page", async ({ page }) => {
    await signIn(page, DEMO.staff);
    await visit(page, `/o/${DEMO.slug}/practices`);
    await expect(page.getByRole("heading", { level: 1, name: "The 14 practices" })).toBeVisible();
    await page.getByRole("link", { name: /Policy Facilitation and Implementation/ }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "8 Policy Facilitation and Implementation" })).toBeVisible();
    await expectAccessible(page, "practice 8");
    expect((await page.goto(`/o/${DEMO.slug}/practices/15`))?.status()).toBe(404);
  });
});

test.describe("records of another organization", () => {
  test("another organization's department id answers 404 inside our organization, and outside it", async ({ page, browser }) => {
    const { slug } = await signUpOrg(page, "Birch Township");
    await page.goto(`/o/${slug}/departments`);
    await addDepartment(page, "Water Utility", "WATER");
    await page.getByRole("link", { name: "Water Utility" }).click();
    const theirs = new URL(page.url()).pathname.split("/").pop()!;
    await expect(page.getByRole("heading", { level: 1, name: "Water Utility" })).toBeVisible();
    await expectAccessible(page, "department page");

    const demo = await (await browser.newContext()).newPage();
    await signIn(demo, DEMO.admin);
    // Riverton's admin asks for Birch's department under Riverton's address: not found.
    const res = await demo.goto(`/o/${DEMO.slug}/departments/${theirs}`);
    expect(res?.status()).toBe(404);
    await expectAccessible(demo, "department 404");
    // ...and under Birch's address, where Riverton's admin is not a member: not found either.
    expect((await demo.goto(`/o/${slug}/departments/${theirs}`))?.status()).toBe(404);
    // A POST against the other organization's record changes nothing.
    const post = await demo.request.post(`/o/${DEMO.slug}/departments/${theirs}`, {
      form: { intent: "update", name: "Taken over", code: "WATER" },
      headers: { Origin: new URL(demo.url()).origin },
    });
    expect(post.status()).toBe(404);
    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: "Water Utility" })).toBeVisible();
  });
});
