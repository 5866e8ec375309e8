import type { APIRequestContext, Page } from "@playwright/test";
import { expect, expectAccessible, test, unique, visit } from "./fixtures";

const ORIGIN = `http://localhost:${process.env.E2E_PORT ?? 3100}`;
const PASSWORD = "maple harbor seven 7";
/** More than one page of members (25 a page): the administrator who signs up and these. */
const JOINING = 27;

async function signUpOrg(page: Page, name: string): Promise<string> {
  const slug = unique("members");
  await page.goto("/sign-up");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Web address").fill(slug);
  await page.getByLabel("Kind of government").selectOption("county");
  await page.getByLabel("State or territory").selectOption("OR");
  await page.getByLabel("Your name").fill("Avery Stone");
  await page.getByLabel("Work email").fill(`${slug}@example.test`);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(`/o/${slug}`);
  return slug;
}

/** Invites someone as an elected official (no department needed) through the members page's own
 * action, and accepts with a new account from another, cookie-less client: a member, quickly. */
async function addMember(page: Page, accepting: APIRequestContext, slug: string, displayName: string): Promise<void> {
  const email = `${unique("m")}@example.test`;
  const invited = await page.request.post(`/o/${slug}/members?_data=${encodeURIComponent("routes/o.$org.members")}`, {
    form: { intent: "invite", email, role: "elected_official", departmentId: "" },
    headers: { Origin: ORIGIN },
  });
  expect(invited.status(), `invitation of ${displayName}`).toBe(200);
  const { issued } = (await invited.json()) as { issued: { link: string } };
  const joined = await accepting.post(new URL(issued.link).pathname, {
    form: { intent: "create-account", displayName, password: PASSWORD },
    headers: { Origin: ORIGIN },
    maxRedirects: 0,
  });
  expect(joined.status(), `${displayName} joins`).toBe(302);
}

const memberRows = (page: Page) => page.getByRole("table", { name: /^Members of / }).locator("tbody tr");

test.describe("the members list", () => {
  test("is paginated, filtered by name or email from the keyboard, and changes a role from a row of any page", async ({ page, playwright }) => {
    test.slow();
    const slug = await signUpOrg(page, "Willow Bend");
    for (let i = 1; i <= JOINING; i += 1) {
      const accepting = await playwright.request.newContext({ baseURL: ORIGIN });
      await addMember(page, accepting, slug, `Member ${String(i).padStart(2, "0")}`);
      await accepting.dispose();
    }
    const base = `/o/${slug}/members`;

    // Page 1: 25 rows by name, the count in words; the page carries no form per row.
    await visit(page, base);
    await expect(page.getByText("28 members; showing 1–25.")).toBeVisible();
    await expect(page.getByRole("table", { name: "Members of Willow Bend (1–25 of 28, page 1 of 2)" })).toBeVisible();
    await expect(memberRows(page)).toHaveCount(25);
    await expect(memberRows(page).first()).toContainText("Avery Stone");
    await expect(page.getByLabel("New role")).toHaveCount(0);
    const pages = page.getByRole("navigation", { name: "Pages of the members list" });
    await expect(pages).toContainText("Page 1 of 2");
    await expect(pages.getByRole("link", { name: "Previous page" })).toHaveCount(0);

    // Page 2: the rest.
    await pages.getByRole("link", { name: "Next page" }).click();
    await expect(page).toHaveURL(`${base}?page=2`);
    await expect(page.getByText("28 members; showing 26–28.")).toBeVisible();
    await expect(memberRows(page)).toHaveCount(3);
    await expect(memberRows(page).last()).toContainText("Member 27");
    await expect(pages).toContainText("Page 2 of 2");
    await expectAccessible(page, "members, page 2");
    // A page past the last shows the last.
    await visit(page, `${base}?page=9`);
    await expect(memberRows(page)).toHaveCount(3);

    // The search, by keyboard only: part of a name.
    await visit(page, base);
    await page.getByLabel("Find a member by name or email").focus();
    await page.keyboard.type("member 0");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(`${base}?q=member+0`);
    await expect(page.getByText("9 of 28 members match “member 0”; showing 1–9.")).toBeVisible();
    await expect(memberRows(page)).toHaveCount(9);
    await expect(pages).toHaveCount(0);
    await expectAccessible(page, "members matching a search");
    // Part of an email; no match says so.
    await visit(page, `${base}?q=${encodeURIComponent(`${slug}@example`)}`);
    await expect(memberRows(page)).toHaveCount(1);
    await expect(memberRows(page).first()).toContainText("Avery Stone");
    await visit(page, `${base}?q=nobody-here`);
    await expect(page.getByText("No member matches “nobody-here”.")).toBeVisible();
    await page.getByRole("link", { name: "Show all members" }).click();
    await expect(memberRows(page)).toHaveCount(25);

    // Change the role of a member on page 2: one form opens above the list, focused.
    await visit(page, `${base}?page=2`);
    await page.getByRole("link", { name: "Change role of Member 26" }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Change the role of Member 26" })).toBeFocused();
    await expectAccessible(page, "members: change a role");
    await page.getByLabel("New role").selectOption("admin");
    await page.getByRole("button", { name: "Save role of Member 26" }).click();
    await expect(page.getByRole("status").filter({ hasText: "The role was changed." })).toBeVisible();
    await visit(page, `${base}?q=Member+26`);
    await expect(page.getByRole("row", { name: /Member 26.*Administrator/ })).toBeVisible();

    // Removing asks first, from any page, and Cancel keeps the page.
    await visit(page, `${base}?page=2`);
    await page.getByRole("link", { name: "Remove Member 27" }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Remove Member 27?" })).toBeFocused();
    await expectAccessible(page, "members: confirm removal");
    await page.getByRole("link", { name: "Cancel" }).click();
    await expect(page).toHaveURL(`${base}?page=2`);
  });
});
