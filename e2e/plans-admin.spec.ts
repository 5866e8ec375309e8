import fs from "node:fs";
import type { Browser, Page } from "@playwright/test";
import { DEMO, expect, expectAccessible, newSignedInPage, signIn, test, unique, visit } from "./fixtures";

const PLANS = `/o/${DEMO.slug}/plans`;
const DEMO_PLAN = "Riverton Forward: Strategic Plan";

/** The first day of the month `monthsAgo` months before this one, as YYYY-MM-DD. */
function monthStart(monthsAgo: number): string {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo, 1));
  return d.toISOString().slice(0, 10);
}

/** Creates a draft plan through the list page's form and returns its URL. */
async function createPlan(page: Page, plansUrl: string, title: string, years: [number, number] = [2031, 2035]): Promise<string> {
  await page.goto(plansUrl);
  await page.getByLabel("Title", { exact: true }).fill(title);
  await page.getByLabel("First fiscal year").fill(String(years[0]));
  await page.getByLabel("Last fiscal year").fill(String(years[1]));
  await page.getByRole("button", { name: "Create plan" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  return new URL(page.url()).pathname;
}

async function openDemoPlan(page: Page): Promise<string> {
  await visit(page, PLANS);
  await page.getByRole("link", { name: DEMO_PLAN, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: DEMO_PLAN })).toBeVisible();
  return new URL(page.url()).pathname;
}

/** Signs up a new organization in a browser of its own; returns its slug and its admin's page. */
async function signUpOrganization(browser: Browser): Promise<{ slug: string; page: Page }> {
  const slug = unique("harbor");
  const page = await (await browser.newContext()).newPage();
  await page.goto("/sign-up");
  await page.getByLabel("Name", { exact: true }).fill("Harbor Township");
  await page.getByLabel("Web address").fill(slug);
  await page.getByLabel("Kind of government").selectOption("town");
  await page.getByLabel("State or territory").selectOption("ME");
  await page.getByLabel("Your name").fill("Ana Sousa");
  await page.getByLabel("Work email").fill(`${slug}@example.test`);
  await page.getByLabel("Password").fill("tides come in slowly 8");
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(`/o/${slug}`);
  return { slug, page };
}

test.describe("plans: administration", () => {
  test("an admin creates a plan, adds goals and an objective, links a practice, and adopts it", async ({ page }) => {
    await signIn(page, DEMO.admin);
    await visit(page, PLANS);
    await expect(page.getByRole("heading", { level: 1, name: "Plans" })).toBeVisible();
    await expect(page.getByRole("link", { name: DEMO_PLAN, exact: true })).toBeVisible();

    // A mistake is explained beside its field and nothing typed is lost.
    const title = unique("Harborfront Plan");
    await page.getByLabel("Title", { exact: true }).fill(title);
    await page.getByLabel("First fiscal year").fill("2031");
    await page.getByLabel("Last fiscal year").fill("2029");
    await page.getByLabel("Vision").fill("A city that works for everyone.");
    await page.getByRole("button", { name: "Create plan" }).click();
    await expect(page.getByText("The last fiscal year can't be before the first.")).toBeVisible();
    await expect(page.getByLabel("Last fiscal year")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Title", { exact: true })).toHaveValue(title);
    await expectAccessible(page, "plans list with an error");

    await page.getByLabel("Last fiscal year").fill("2035");
    await page.getByRole("button", { name: "Create plan" }).click();
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(page.getByRole("status")).toContainText("Plan created as a draft");
    await expect(page.getByText("FY2031–FY2035")).toBeVisible();
    await expect(page.getByText("A city that works for everyone.")).toBeVisible();
    await expect(page.getByText("This plan has no goals yet.")).toBeVisible();
    await expectAccessible(page, "new plan");
    const planUrl = new URL(page.url()).pathname;

    await page.getByLabel("Goal title").fill("Fiscal health");
    await page.getByRole("button", { name: "Add goal" }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Goal 1: Fiscal health" })).toBeVisible();
    await page.getByLabel("Goal title").fill("Safer streets for everyone");
    await page.getByLabel("Goal description").fill("Nobody dies or is badly hurt on our streets.");
    await page.getByRole("button", { name: "Add goal" }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Goal 2: Safer streets for everyone" })).toBeVisible();

    // Reorder: the second goal moves up and takes number 1.
    await page.getByRole("button", { name: "Move up goal 2" }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Goal 1: Safer streets for everyone" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Goal 2: Fiscal health" })).toBeVisible();

    // An objective under goal 1, from the goal's own link (the goal comes preselected).
    await page.getByRole("link", { name: "Add an objective to goal 1" }).click();
    await expect(page.getByLabel("Goal", { exact: true })).toHaveValue(/[0-9a-f-]{36}/);
    await page.getByLabel("Objective title").fill("Redesign the ten most dangerous intersections");
    await page.getByLabel("Owner department").selectOption({ label: "Streets and Traffic" });
    await page.getByLabel("Due date").fill("2033-06-30");
    await page.getByLabel("Reporting frequency").selectOption("quarterly");
    await page.getByRole("button", { name: "Add objective" }).click();
    await expect(page.getByRole("status")).toContainText("Objective 1.1 added");
    const objective = page.getByRole("list", { name: "Objectives of goal 1" }).getByRole("listitem").first();
    const link = objective.getByRole("link", { name: "Redesign the ten most dangerous intersections" });
    await expect(link).toHaveAttribute("href", /^\/o\/riverton\/objectives\/[0-9a-f-]{36}$/);
    await expect(objective).toContainText("1.1");
    await expect(objective).toContainText("Streets and Traffic");
    await expect(objective).toContainText("Not started");
    await expect(objective).toContainText("Jun 30, 2033");
    await expectAccessible(page, "plan with a goal and an objective");

    // The goal's page: edit it and link it to two practices, one primary.
    await page.getByRole("link", { name: "Edit goal 1" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Goal 1: Safer streets for everyone" })).toBeVisible();
    await expectAccessible(page, "goal page");
    await page.getByLabel("10. Service Delivery", { exact: true }).check();
    await page.getByLabel("3. Equity and Inclusion", { exact: true }).check();
    await page.getByRole("button", { name: "Save practice links" }).click();
    await expect(page.getByText("Choose which practice is the primary one.")).toBeVisible();
    await expect(page.getByLabel("10. Service Delivery", { exact: true })).toBeChecked();
    await page.getByLabel("Primary practice: 10. Service Delivery").check();
    await page.getByRole("button", { name: "Save practice links" }).click();
    await expect(page.getByRole("status")).toHaveText("Practice links saved.");
    await page.getByLabel("Goal title").fill("Safe streets for everyone");
    await page.getByRole("button", { name: "Save goal" }).click();
    await expect(page.getByRole("status")).toHaveText("Goal saved.");
    await page.getByRole("link", { name: /^Back to / }).click();
    const goal = page.getByRole("region", { name: "Goal 1: Safe streets for everyone" });
    await expect(goal).toContainText("10. Service Delivery — primary");
    await expect(goal).toContainText("3. Equity and Inclusion");

    // Edit the plan's header.
    await page.getByRole("link", { name: "Edit plan" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Edit plan" })).toBeVisible();
    await expectAccessible(page, "edit plan");
    await page.getByLabel("Mission").fill("We keep Harborfront safe and solvent.");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("We keep Harborfront safe and solvent.")).toBeVisible();
    await expect(page.getByText("Draft", { exact: true }).first()).toBeVisible();

    // Adopt, through a confirmation step.
    await page.getByRole("button", { name: "Adopt plan" }).click();
    await expect(page).toHaveURL(`${planUrl}?confirm=adopted`);
    await expect(page.getByRole("heading", { name: `Adopt ${title}?` })).toBeFocused();
    await expectAccessible(page, "adopt confirmation");
    await page.getByRole("button", { name: "Yes, adopt" }).click();
    await expect(page.getByRole("status")).toContainText("Plan adopted");
    await expect(page.locator(".page-header").getByText("Adopted", { exact: true })).toBeVisible();

    // Delete the second goal (confirmation first), then the plan.
    await page.getByRole("link", { name: "Edit goal 2" }).click();
    await page.getByRole("button", { name: "Delete goal" }).click();
    await expect(page.getByRole("heading", { name: "Delete goal 2?" })).toBeFocused();
    await expectAccessible(page, "delete goal confirmation");
    await page.getByRole("button", { name: "Yes, delete goal" }).click();
    await expect(page.getByRole("status")).toHaveText("Goal deleted, with its objectives.");
    await expect(page.getByRole("heading", { level: 2, name: /^Goal 2:/ })).toHaveCount(0);

    await page.getByRole("button", { name: "Delete plan" }).click();
    await expect(page.getByRole("heading", { name: `Delete ${title}?` })).toBeVisible();
    await expect(page.getByText(/1 goal, 1 objective and 0 measures/)).toBeVisible();
    await page.getByRole("link", { name: "Cancel" }).click();
    await expect(page).toHaveURL(planUrl);
    await page.getByRole("button", { name: "Delete plan" }).click();
    await page.getByRole("button", { name: "Yes, delete plan" }).click();
    await expect(page).toHaveURL(`${PLANS}?notice=deleted`);
    await expect(page.getByRole("link", { name: title })).toHaveCount(0);
    await visit(page, planUrl, 404);
  });

  test("the demo plan filters by department, status, practice and staleness, with the filters in the URL", async ({ page }) => {
    await signIn(page, DEMO.admin);
    const planUrl = await openDemoPlan(page);
    await expectAccessible(page, "demo plan");
    await expect(page.getByRole("table", { name: "Objectives by status" })).toBeVisible();
    const objectives = page.locator(".objective-list > li");
    const total = await objectives.count();
    expect(total).toBeGreaterThanOrEqual(25);

    await page.getByLabel("Department", { exact: true }).selectOption({ label: "Police" });
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/[?&]department=[0-9a-f-]{36}/);
    await expect(page.getByRole("status")).toContainText(/Showing \d+ of \d+ objectives/);
    const police = await objectives.count();
    expect(police).toBeGreaterThan(0);
    expect(police).toBeLessThan(total);
    for (const text of await objectives.allInnerTexts()) expect(text).toContain("Department: Police");

    await page.getByLabel("Status", { exact: true }).selectOption({ label: "At risk" });
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/status=at_risk/);
    await expect(page).toHaveURL(/department=/);
    const atRisk = await objectives.allInnerTexts();
    expect(atRisk.length).toBeGreaterThan(0);
    for (const text of atRisk) {
      expect(text).toContain("At risk");
      expect(text).toContain("Department: Police");
    }
    await expectAccessible(page, "filtered plan");

    // The filtered view is bookmarkable: the same URL shows the same filters and results.
    const bookmarked = page.url();
    await page.goto(bookmarked);
    await expect(page.getByLabel("Status", { exact: true })).toHaveValue("at_risk");
    await expect(page.getByLabel("Department", { exact: true })).not.toHaveValue("");
    await expect(objectives).toHaveCount(atRisk.length);

    await page.getByRole("link", { name: "Clear filters" }).first().click();
    await expect(page).toHaveURL(planUrl);
    await expect(objectives).toHaveCount(total);

    await page.getByLabel("Practice", { exact: true }).selectOption({ label: "3. Equity and Inclusion" });
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/practice=3/);
    // The address changes before the filtered list is drawn: wait for the filtered view's count.
    await expect(page.getByRole("status")).toContainText(/Showing \d+ of \d+ objectives/);
    const equity = await objectives.count();
    expect(equity).toBeGreaterThan(0);
    expect(equity).toBeLessThan(total);

    await page.goto(planUrl);
    await page.getByLabel("Stale only").check();
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/stale=1/);
    await expect(page.getByRole("status")).toContainText(/Showing \d+ of \d+ objectives/);
    const stale = await objectives.count();
    expect(stale).toBeGreaterThan(0);
    expect(stale).toBeLessThan(total);
    for (let i = 0; i < stale; i++) await expect(objectives.nth(i).locator(".badge.danger", { hasText: "Stale" }).first()).toBeVisible();
    await expect(page.getByLabel("Stale only")).toBeChecked();

    // The stale items page lists what is overdue, with links to the objectives.
    await page.getByRole("link", { name: "Stale items" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Stale items" })).toBeVisible();
    await expectAccessible(page, "stale items");
    const staleObjectives = page.getByRole("table", { name: /Stale objectives/ });
    const staleMeasures = page.getByRole("table", { name: /Stale measures/ });
    await expect(staleObjectives.or(staleMeasures).first()).toBeVisible();
    await expect(page.locator("table a[href^='/o/riverton/objectives/']").first()).toBeVisible();
    await page.getByLabel("Department", { exact: true }).selectOption({ index: 1 });
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/department=[0-9a-f-]{36}/);
    await expectAccessible(page, "stale items by department");
  });

  test("a goal with more objectives than a page shows them a page at a time, with its counts", async ({ page }) => {
    await signIn(page, DEMO.admin);
    const planUrl = await createPlan(page, PLANS, unique("Paged Plan"));
    await page.getByLabel("Goal title").fill("Well-run city");
    await page.getByRole("button", { name: "Add goal" }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Goal 1: Well-run city" })).toBeVisible();

    // Twelve objectives from the plan's CSV import (a page shows ten).
    const codes = Array.from({ length: 12 }, (_, i) => `1.${String(i + 1).padStart(2, "0")}`);
    const csv = ["code,goal,title,department", ...codes.map((c) => `${c},1,Objective ${c} of the paged goal,FIN`)].join("\n");
    await page.goto(`${planUrl}/import`);
    await page.getByLabel("Objectives", { exact: true }).check();
    await page.getByLabel("Or paste the CSV text").fill(csv);
    await page.getByRole("button", { name: "Preview import" }).click();
    await page.getByRole("button", { name: "Import 12 rows" }).click();
    await expect(page.getByRole("status")).toContainText("Import complete.");

    await visit(page, planUrl);
    const goal = page.getByRole("region", { name: "Goal 1: Well-run city" });
    const items = goal.getByRole("list", { name: "Objectives of goal 1" }).getByRole("listitem");
    await expect(goal).toContainText("12 objectives: 12 not started.");
    await expect(goal).toContainText("Objectives 1–10 of 12.");
    await expect(items).toHaveCount(10);
    await expect(items.first()).toContainText("1.01");
    const pager = goal.getByRole("navigation", { name: "Pages of goal 1's objectives" });
    await expect(pager).toContainText("Page 1 of 2");
    await expect(pager.getByRole("link", { name: "Previous page" })).toHaveCount(0);

    // From the keyboard: the next page has the last two, the previous page the first ten again.
    await pager.getByRole("link", { name: "Next page" }).focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/[?&]page=2/);
    await expect(goal).toContainText("Objectives 11–12 of 12.");
    await expect(items).toHaveCount(2);
    await expect(items.nth(0)).toContainText("1.11");
    await expect(items.nth(1)).toContainText("1.12");
    await expect(pager).toContainText("Page 2 of 2");
    await expectAccessible(page, "second page of a goal's objectives");
    await pager.getByRole("link", { name: "Previous page" }).click();
    await expect(items).toHaveCount(10);
    await expect(pager).toContainText("Page 1 of 2");
  });

  test("a measurements CSV: bad rows are reported and nothing is written; a good file imports; the same file again changes nothing", async ({ page }) => {
    await signIn(page, DEMO.admin);
    const planUrl = await openDemoPlan(page);
    await page.getByRole("link", { name: "Import from CSV" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Import from CSV" })).toBeVisible();
    await expect(page.getByText("code,goal,title,department,description,owner_email,due_date,reporting_frequency")).toBeVisible();
    await expectAccessible(page, "import");

    // Periods older than the demo's two years of values: they don't exist yet.
    const p1 = monthStart(40);
    const p2 = monthStart(41);
    await page.getByLabel("Measurements (values of measures)").check();
    await page
      .getByLabel("Or paste the CSV text")
      .fill(`measure,period,value\n1.1.1,${p1},7.2\n1.1.1,${p2},abc\n9.9.9,${p1},3\n`);
    await page.getByRole("button", { name: "Preview import" }).click();
    const problems = page.getByRole("alert");
    await expect(problems).toContainText("Nothing can be imported yet: 2 problems to fix.");
    await expect(problems).toContainText("Row 3, column value: Enter a plain number");
    await expect(problems).toContainText("Row 4, column measure: There is no measure with the code “9.9.9” in this plan.");
    await expect(page.getByRole("button", { name: /^Import \d+ rows?$/ })).toHaveCount(0);
    await expect(page.getByLabel("Or paste the CSV text")).toHaveValue(/9\.9\.9/);
    await expectAccessible(page, "import preview with errors");

    // The good file, uploaded: the first row was not written by the failed preview.
    const good = `measure,period,value,note\n1.1.1,${p1},7.2,From the old dispatch system\n1.1.1,${p2},7.4,\n`;
    await page.getByLabel("Or paste the CSV text").fill("");
    await page.getByLabel("CSV file").setInputFiles({ name: "values.csv", mimeType: "text/csv", buffer: Buffer.from(good) });
    await page.getByRole("button", { name: "Preview import" }).click();
    await expect(page.getByRole("status")).toContainText("2 values to create, 0 to update, 0 unchanged");
    const rows = page.getByRole("table", { name: /Rows of the file/ });
    await expect(rows.locator("tbody tr").first()).toContainText("Create");
    await expect(rows.locator("tbody tr").first()).toContainText(p1);
    await expectAccessible(page, "import preview");
    await page.getByRole("button", { name: "Import 2 rows" }).click();
    await expect(page.getByRole("status")).toContainText("Import complete. 2 values created, 0 updated, 0 unchanged.");

    // Again: nothing changes.
    await page.getByLabel("Or paste the CSV text").fill(good);
    await page.getByRole("button", { name: "Preview import" }).click();
    await expect(page.getByRole("status")).toContainText("0 values to create, 0 to update, 2 unchanged");
    await page.getByRole("button", { name: "Import 2 rows" }).click();
    await expect(page.getByRole("status")).toContainText("Import complete. 0 values created, 0 updated, 2 unchanged.");
    await expectAccessible(page, "import summary");

    // The values are in the measurements export.
    const res = await page.request.get(`${planUrl}/measurements.csv`);
    expect(res.status()).toBe(200);
    const csv = await res.text();
    expect(csv).toContain(`1.1.1,${p1},7.2,From the old dispatch system`);
    expect(csv).toContain(`1.1.1,${p2},7.4,`);
  });

  test("the objectives CSV downloads with the import's columns first", async ({ page }) => {
    await signIn(page, DEMO.admin);
    const planUrl = await openDemoPlan(page);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Download objectives (CSV)" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^riverton-forward-strategic-plan-objectives-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = fs.readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "");
    const [header, ...lines] = text.split("\r\n");
    expect(header).toMatch(/^code,goal,title,description,department,owner_email,due_date,reporting_frequency,/);
    expect(lines.some((l) => l.startsWith("1.1,1,Reduce emergency response times citywide,") && l.includes(",PD,"))).toBe(true);

    const res = await page.request.get(`${planUrl}/objectives.csv`);
    expect(res.headers()["content-type"]).toContain("text/csv");
    expect(res.headers()["content-disposition"]).toMatch(/^attachment; filename=".+\.csv"$/);
  });
});

test.describe("plans: who sees what", () => {
  test("a department head adds objectives for their own department only, and can't manage the plan", async ({ page }) => {
    await signIn(page, DEMO.departmentHead);
    const planUrl = await openDemoPlan(page);
    await expect(page.getByRole("button", { name: "Adopt plan" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Edit plan" })).toHaveCount(0);
    await expect(page.getByRole("heading", { name: "Add a goal" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: /^Edit goal/ })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Import from CSV" })).toBeVisible();

    // Only Public Works and its sub-departments are offered.
    const departments = await page.getByLabel("Owner department").locator("option").allInnerTexts();
    expect(departments.filter((d) => !d.startsWith("Choose"))).toEqual(["Public Works", "Streets and Traffic", "Water and Sewer Utilities"]);
    await page.getByLabel("Goal", { exact: true }).selectOption({ label: "Goal 2: Reliable infrastructure and environmental stewardship" });
    const title = unique("Map every storm drain");
    await page.getByLabel("Objective title").fill(title);
    await page.getByLabel("Owner department").selectOption({ label: "Water and Sewer Utilities" });
    await page.getByRole("button", { name: "Add objective" }).click();
    await expect(page.getByRole("status")).toContainText(/Objective 2\.\d+ added/);
    await expect(page.getByRole("region", { name: /^Goal 2:/ }).getByRole("link", { name: title })).toBeVisible();
    await expectAccessible(page, "plan as department head");

    // A forged form for another department is refused beside the field, and nothing is added.
    const goalId = await page.getByLabel("Goal", { exact: true }).locator("option").nth(1).getAttribute("value");
    const before = (await (await page.request.get(`${planUrl}/objectives.csv`)).text()).split("\r\n").length;
    const forged = await page.request.post(planUrl, {
      form: {
        intent: "add-objective",
        goalId: goalId!,
        title: "Not my department",
        ownerDepartmentId: (await page.getByLabel("Department", { exact: true }).locator("option", { hasText: "Police" }).getAttribute("value"))!,
        reportingFrequency: "quarterly",
      },
      headers: { Origin: new URL(page.url()).origin },
    });
    expect(forged.status()).toBe(400);
    expect(await forged.text()).toContain("You can only assign objectives to your own department.");
    const after = (await (await page.request.get(`${planUrl}/objectives.csv`)).text()).split("\r\n").length;
    expect(after).toBe(before);
  });

  test("an elected official sees adopted plans only: a draft is not listed and its URL answers 404", async ({ page, browser }) => {
    const admin = await newSignedInPage(browser, DEMO.admin);
    const draftTitle = unique("Draft Council Priorities");
    const draftUrl = await createPlan(admin, PLANS, draftTitle);
    await admin.context().close();

    await signIn(page, DEMO.elected);
    await visit(page, PLANS);
    await expect(page.getByRole("link", { name: DEMO_PLAN, exact: true })).toBeVisible();
    await expect(page.getByText(draftTitle)).toHaveCount(0);
    await expect(page.getByRole("heading", { name: "Create a plan" })).toHaveCount(0);
    await visit(page, draftUrl, 404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    expect((await page.request.get(`${draftUrl}/objectives.csv`)).status()).toBe(404);

    // The adopted plan reads without any admin action.
    await page.goto(PLANS);
    await page.getByRole("link", { name: DEMO_PLAN, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: DEMO_PLAN })).toBeVisible();
    await expect(page.getByRole("button", { name: "Adopt plan" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Edit plan" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Import from CSV" })).toHaveCount(0);
    await expectAccessible(page, "demo plan as elected official");
  });

  test("a plan id of another organization answers 404", async ({ page, browser }) => {
    const other = await signUpOrganization(browser);
    const otherPlanUrl = await createPlan(other.page, `/o/${other.slug}/plans`, unique("Harbor Plan"), [2030, 2032]);
    const otherPlanId = otherPlanUrl.split("/").pop()!;
    await expect(other.page.getByRole("heading", { level: 1 })).toBeVisible();
    await other.page.context().close();

    await signIn(page, DEMO.admin);
    await visit(page, `${PLANS}/${otherPlanId}`, 404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await visit(page, `${PLANS}/${otherPlanId}/edit`, 404);
    await visit(page, `${PLANS}/${otherPlanId}/import`, 404);
    await visit(page, `${PLANS}/00000000-0000-4000-8000-000000000000`, 404);
    await visit(page, `${PLANS}/not-a-plan`, 404);
    await visit(page, otherPlanUrl, 404);
    expect((await page.request.get(`${PLANS}/${otherPlanId}/objectives.csv`)).status()).toBe(404);
    expect((await page.request.get(`${PLANS}/${otherPlanId}/measurements.csv`)).status()).toBe(404);
    // A write aimed at it is refused the same way, and changes nothing.
    const res = await page.request.post(`${PLANS}/${otherPlanId}`, {
      form: { intent: "add-goal", title: "Smuggled goal" },
      headers: { Origin: new URL(page.url()).origin },
    });
    expect(res.status()).toBe(404);
  });
});
