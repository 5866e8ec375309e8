import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { DEMO, expect, expectAccessible, newSignedInPage, signIn, test, unique, visit } from "./fixtures";

// The objective page, the practice alignment picker, "My department" and the practice pages, as the
// demo city's people use them. The demo plan is seeded fresh for each run of the e2e server.

const ORG = `/o/${DEMO.slug}`;
/** A Public Works objective of the demo plan (practices 6, 7 and 10 at seed time). */
const PW_OBJECTIVE = "Cut city operations' greenhouse gas emissions";
const PW_MEASURE = "City fleet vehicles that are electric or hybrid";
/** A Police objective: outside the Public Works head's reach (linked to practice 10 at seed time). */
const PD_OBJECTIVE = "Reduce emergency response times citywide";

/** Opens an objective from the objectives table of a practice page; returns its id. */
async function objectiveIdFromPracticePage(page: Page, practice: number, title: string): Promise<string> {
  await visit(page, `${ORG}/practices/${practice}`);
  const table = page.getByRole("table", { name: `Objectives linked to practice ${practice}` });
  const href = await table.getByRole("link", { name: new RegExp(escapeRegExp(title)) }).getAttribute("href");
  const id = /\/objectives\/([0-9a-f-]{36})$/.exec(href ?? "")?.[1];
  expect(id, `objective id in ${href}`).toBeTruthy();
  return id!;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A form post as a browser would send it from our own pages (our origin), with the page's session. */
async function postForm(page: Page, url: string, form: Record<string, string>) {
  const origin = new URL(page.url()).origin;
  return page.request.post(url, { form, headers: { Origin: origin }, maxRedirects: 0 });
}

test.describe("objectives, measures and practice alignment", () => {
  test("a department head links an objective to two practices, records a value and a status update, and sees them", async ({ page }) => {
    await signIn(page, DEMO.departmentHead);
    await visit(page, `${ORG}/my-department`);
    await expect(page.getByRole("heading", { level: 1, name: "My department" })).toBeVisible();
    await expect(page.getByText(/Public Works \(PW\)/)).toBeVisible();

    await page.getByRole("link", { name: new RegExp(escapeRegExp(PW_OBJECTIVE)) }).click();
    await expect(page.getByRole("heading", { level: 1, name: new RegExp(escapeRegExp(PW_OBJECTIVE)) })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Riverton Forward: Strategic Plan" })).toBeVisible();
    await expectAccessible(page, "objective page (department head)");
    const objectiveUrl = new URL(page.url()).pathname;

    // The chart is drawn in the browser; the same numbers are in a table rendered on the server.
    const measure = page.getByRole("region", { name: new RegExp(escapeRegExp(PW_MEASURE)) });
    await expect(measure.locator("canvas")).toBeVisible();
    await expect(measure.locator("canvas")).toHaveAttribute("aria-label", /Line chart of City fleet vehicles/);
    const values = measure.getByRole("table", { name: /Values of City fleet vehicles/ });
    await expect(values.getByRole("columnheader", { name: "Target" })).toBeVisible();
    await expect(values.getByRole("row").nth(1).getByRole("cell").nth(1)).toHaveText("40"); // the measure's target

    // --- Link the objective to practice 11 (primary) and a dimension of practice 12 found by search.
    await page.getByRole("link", { name: "Edit linked practices" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: /Linked practices of objective/ })).toBeVisible();
    await expectAccessible(page, "alignment picker");
    const seeded = page.locator('input[name="link"]:checked');
    await expect(seeded).not.toHaveCount(0);
    // (The locator follows the page: each uncheck shortens the list.)
    while ((await seeded.count()) > 0) await seeded.first().uncheck();
    await page.getByRole("checkbox", { name: "Practice 11: Technological Literacy" }).check();

    await page.getByLabel("Search dimensions by words").fill("results spending");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.getByRole("group", { name: /Dimensions matching “results spending” \(1\)/ })).toBeVisible();
    await expectAccessible(page, "alignment picker with search results");
    // The search kept what was ticked (and unticked) before it.
    await expect(page.getByRole("checkbox", { name: "Practice 11: Technological Literacy" })).toBeChecked();
    await expect(page.getByRole("checkbox", { name: "Practice 10: Service Delivery" })).not.toBeChecked();
    await page.getByRole("checkbox", { name: /Management H: Measuring performance and assessing the results of spending/ }).check();

    // The seeded primary (practice 6) is still the chosen radio but no longer ticked: refused, clearly.
    await page.getByRole("button", { name: /Save linked practices/ }).click();
    await expect(page.getByRole("alert")).toContainText("The primary practice must be one of the checked ones.");
    await expect(page.getByRole("checkbox", { name: "Practice 11: Technological Literacy" })).toBeChecked();
    await expectAccessible(page, "alignment picker with an error");

    await page.getByRole("radio", { name: /^Primary\W+Practice 11: Technological Literacy$/ }).check();
    await page.getByRole("button", { name: /Save linked practices/ }).click();
    await expect(page).toHaveURL(new RegExp(`${escapeRegExp(objectiveUrl)}\\?notice=aligned`));
    await expect(page.getByRole("status").filter({ hasText: "Linked practices saved." })).toBeVisible();
    const linked = page.getByRole("region", { name: "Linked practices" });
    await expect(linked.getByRole("listitem")).toHaveCount(2);
    await expect(linked.getByRole("listitem").nth(0)).toContainText("Practice 11: Technological Literacy");
    await expect(linked.getByRole("listitem").nth(0)).toContainText("Primary");
    await expect(linked.getByRole("listitem").nth(1)).toContainText("Practice 12: Financial Management and Budgeting");
    await expect(linked.getByRole("listitem").nth(1)).toContainText("Secondary");
    await expect(linked.getByRole("listitem").nth(1)).toContainText("Management H: Measuring performance");
    await expectAccessible(page, "objective page after linking");

    // --- Record a value: a bad number is explained beside the field; a good one lands in the table.
    const form = measure.getByRole("form", { name: /Record a value/ });
    const period = form.getByLabel("Period");
    await period.selectOption({ index: 0 });
    const periodLabel = ((await period.locator("option:checked").textContent()) ?? "").replace(" (has a value)", "").trim();
    await form.getByLabel("Value (%)").fill("41,5x");
    await form.getByRole("button", { name: /Record value/ }).click();
    await expect(form.getByLabel("Value (%)")).toHaveAttribute("aria-invalid", "true");
    await expectAccessible(page, "measurement form with an error");
    const note = unique("fleet count");
    await form.getByLabel("Value (%)").fill("41.5");
    await form.getByLabel("Note (optional)").fill(note);
    await form.getByRole("button", { name: /Record value/ }).click();
    await expect(measure.getByRole("status")).toHaveText("Value recorded.");
    const row = measure.getByRole("table", { name: /Values of City fleet vehicles/ }).getByRole("row", { name: new RegExp(escapeRegExp(periodLabel)) });
    await expect(row.getByRole("cell").nth(0)).toHaveText("41.5");
    await expect(row.getByRole("cell").nth(2)).toHaveText(note);
    await expect(measure.getByText(`41.5 % (${periodLabel})`)).toBeVisible();

    // A period that is not the start of one of the measure's (quarterly) periods: the service's reason comes back.
    const measureId = (await form.locator('input[name="measureId"]').inputValue()) ?? "";
    const refused = await postForm(page, objectiveUrl, { intent: "measurement", measureId, period: "2025-08-15", value: "12" });
    expect(refused.status()).toBe(400);
    expect(await refused.text()).toContain("This measure reports quarterly: the period is the first day of a fiscal quarter");

    // --- Add a status update: it becomes the current status and heads the history.
    const narrative = unique("Fleet order placed; charging stations under construction");
    const update = page.getByRole("form", { name: "Add a status update" });
    await update.getByLabel("Status").selectOption({ label: "Off track" });
    await update.getByRole("button", { name: "Add status update" }).click();
    await expect(update.getByText("Say briefly what happened since the last update.")).toBeVisible();
    await update.getByLabel("What happened since the last update").fill(narrative);
    await update.getByRole("button", { name: "Add status update" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Status update added." })).toBeVisible();
    await expect(page.locator(".objective-meta")).toContainText("Off track");
    const history = page.getByRole("table", { name: /Status update history, newest first/ });
    const latest = history.getByRole("row").nth(1);
    await expect(latest).toContainText(narrative);
    await expect(latest).toContainText("Off track");
    await expect(latest).toContainText("Jordan Lee");
    await expectAccessible(page, "objective page after the updates");

    // --- The practice pages list it: primary on 11, secondary (with the dimension) on 12, gone from 6.
    await visit(page, `${ORG}/practices/11`);
    await expect(page.getByRole("heading", { level: 2, name: "Linked to this practice" })).toBeVisible();
    const onPrimary = page.getByRole("table", { name: "Objectives linked to practice 11" }).getByRole("row", { name: new RegExp(escapeRegExp(PW_OBJECTIVE)) });
    await expect(onPrimary).toContainText("Primary");
    await expect(onPrimary).toContainText("Off track");
    await expect(onPrimary).toContainText("Public Works");
    await onPrimary.getByRole("link", { name: new RegExp(escapeRegExp(PW_OBJECTIVE)) }).click();
    await expect(page).toHaveURL(objectiveUrl);
    await visit(page, `${ORG}/practices/12`);
    const onSecondary = page.getByRole("table", { name: "Objectives linked to practice 12" }).getByRole("row", { name: new RegExp(escapeRegExp(PW_OBJECTIVE)) });
    await expect(onSecondary).toContainText("Secondary");
    await expect(onSecondary).toContainText("Management H: Measuring performance and assessing the results of spending");
    await visit(page, `${ORG}/practices/6`);
    await expect(
      page.getByRole("table", { name: "Objectives linked to practice 6" }).getByRole("row", { name: new RegExp(escapeRegExp(PW_OBJECTIVE)) }),
    ).toHaveCount(0);
  });

  test("a department head can't change another department's objective, by the page or by a direct post", async ({ page }) => {
    await signIn(page, DEMO.departmentHead);
    const id = await objectiveIdFromPracticePage(page, 10, PD_OBJECTIVE);
    const url = `${ORG}/objectives/${id}`;
    await visit(page, url);
    await expect(page.getByRole("heading", { level: 1, name: new RegExp(escapeRegExp(PD_OBJECTIVE)) })).toBeVisible();
    await expect(page.getByText("You can read this objective. Police and administrators keep it up to date.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Add status update" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /Record value/ })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Edit objective" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Delete objective" })).toHaveCount(0);
    const historyRows = await page.getByRole("table", { name: /Status update history/ }).getByRole("row").count();

    const narrative = unique("not my department");
    const posted = await postForm(page, url, { intent: "status-update", asOf: "2025-01-01", status: "done", narrative });
    expect([403, 404]).toContain(posted.status());
    for (const path of ["edit", "practices", "measures/new"]) {
      const response = await page.goto(`${url}/${path}`);
      expect(response?.status(), `${url}/${path}`).toBe(404);
    }

    await visit(page, url);
    await expect(page.getByText(narrative)).toHaveCount(0);
    await expect(page.getByRole("table", { name: /Status update history/ }).getByRole("row")).toHaveCount(historyRows);
    await expect(page.locator(".objective-meta")).not.toContainText("Done");

    // Their own department's objective does answer a direct post (the same request, the right objective).
    await visit(page, `${ORG}/my-department`);
    const ownHref = await page.getByRole("link", { name: new RegExp(escapeRegExp(PW_OBJECTIVE)) }).getAttribute("href");
    const own = await postForm(page, ownHref ?? "", { intent: "status-update", asOf: "2025-01-01", status: "on_track", narrative: "" });
    expect(own.status()).toBe(400);
  });

  test("staff read objectives but have no forms, and a post is refused", async ({ browser }) => {
    const admin = await newSignedInPage(browser, DEMO.admin);
    const id = await objectiveIdFromPracticePage(admin, 10, PD_OBJECTIVE);
    await admin.context().close();

    const page = await newSignedInPage(browser, DEMO.staff);
    const url = `${ORG}/objectives/${id}`;
    await visit(page, url);
    await expect(page.getByRole("heading", { level: 1, name: new RegExp(escapeRegExp(PD_OBJECTIVE)) })).toBeVisible();
    await expect(page.getByRole("table", { name: /Status update history/ })).toBeVisible();
    await expect(page.getByRole("table", { name: /Values of Median priority-1 police response time/ })).toBeVisible();
    await expect(page.getByRole("button", { name: "Add status update" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /Record value/ })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Edit linked practices" })).toHaveCount(0);
    const posted = await postForm(page, url, { intent: "status-update", asOf: "2025-01-01", status: "done", narrative: "staff should not" });
    expect(posted.status()).toBe(403);
    expect((await page.goto(`${url}/practices`))?.status()).toBe(403);

    // Staff of Parks and Recreation see their department's objectives, without update links.
    await visit(page, `${ORG}/my-department`);
    await expect(page.getByRole("heading", { level: 1, name: "My department" })).toBeVisible();
    await expect(page.getByRole("table", { name: /Objectives of Parks and Recreation/ })).toBeVisible();
    await expect(page.getByRole("link", { name: /Add status update/ })).toHaveCount(0);
    await page.context().close();
  });

  test("an administrator adds, edits and deletes a measure, and meets the confirmation before deleting an objective", async ({ page }) => {
    await signIn(page, DEMO.admin);
    const id = await objectiveIdFromPracticePage(page, 10, PD_OBJECTIVE);
    const url = `${ORG}/objectives/${id}`;
    await visit(page, url);
    await page.getByRole("link", { name: "Add a measure" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "Add a measure" })).toBeVisible();
    await expectAccessible(page, "add a measure");
    await page.getByRole("button", { name: "Add measure" }).click();
    await expect(page.getByText("Enter the measure's name.")).toBeVisible();
    const name = unique("Calls with a follow-up survey");
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("Unit (optional)").fill("%");
    await page.getByLabel("Baseline (optional)").fill("1,250.50x");
    await page.getByLabel("Target (optional)").fill("80");
    await page.getByRole("button", { name: "Add measure" }).click();
    await expect(page.getByLabel("Baseline (optional)")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Name")).toHaveValue(name);
    await page.getByLabel("Baseline (optional)").fill("12.5");
    await page.getByRole("button", { name: "Add measure" }).click();
    const measure = page.getByRole("region", { name: new RegExp(escapeRegExp(name)) });
    await expect(measure.getByRole("status")).toHaveText("Measure added.");
    await expect(measure.getByText("No values recorded yet.")).toBeVisible();
    await expectAccessible(page, "objective page with a new measure");

    await measure.getByRole("link", { name: /Edit measure/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: new RegExp(`Edit measure .*${escapeRegExp(name)}`) })).toBeVisible();
    await expectAccessible(page, "edit a measure");
    await page.getByLabel("Target (optional)").fill("85");
    await page.getByRole("button", { name: "Save measure" }).click();
    await expect(measure.getByRole("status")).toHaveText("Measure saved.");
    await expect(measure.getByRole("definition").filter({ hasText: "85 %" })).toBeVisible();

    await measure.getByRole("link", { name: /Edit measure/ }).click();
    await page.getByRole("button", { name: "Delete measure" }).click();
    await expect(page.getByRole("heading", { level: 2, name: /Delete measure .*\?/ })).toBeFocused();
    await expectAccessible(page, "confirm deleting a measure");
    await page.getByRole("button", { name: "Yes, delete measure" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Measure deleted" })).toBeVisible();
    await expect(page.getByRole("region", { name: new RegExp(escapeRegExp(name)) })).toHaveCount(0);

    // Deleting the objective asks first; cancelling keeps it.
    await page.getByRole("button", { name: "Delete objective" }).click();
    await expect(page.getByRole("heading", { level: 2, name: /Delete objective .*\?/ })).toBeFocused();
    await expect(page.getByText("This can't be undone.")).toBeVisible();
    await expectAccessible(page, "confirm deleting an objective");
    await page.getByRole("link", { name: "Cancel" }).click();
    await expect(page.getByRole("heading", { level: 1, name: new RegExp(escapeRegExp(PD_OBJECTIVE)) })).toBeVisible();
    await expect(page.getByRole("button", { name: "Yes, delete objective" })).toHaveCount(0);

    await page.getByRole("link", { name: "Edit objective" }).click();
    await expectAccessible(page, "edit an objective");
    await page.getByLabel("Title").fill("");
    await page.getByRole("button", { name: "Save objective" }).click();
    await expect(page.getByText(/Enter the objective's title/)).toBeVisible();
    await page.getByLabel("Title").fill(PD_OBJECTIVE);
    await page.getByLabel("Due date (optional)").fill("2029-06-30");
    await page.getByRole("button", { name: "Save objective" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Objective saved." })).toBeVisible();
    await expect(page.getByRole("region", { name: "Details" })).toContainText("Jun 30, 2029");
  });

  test("the practice picker searches and saves without JavaScript", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, DEMO.admin);
    // axe runs as a script in the page, so it can't scan here; the same pages are scanned, with
    // search results and errors, in the tests above.
    await page.goto(`${ORG}/practices/9`);
    const href = await page
      .getByRole("table", { name: "Objectives linked to practice 9" })
      .getByRole("link", { name: /Put a park within a 10-minute walk of every home/ })
      .getAttribute("href");
    const response = await page.goto(`${href}/practices`);
    expect(response?.status()).toBe(200);
    await page.getByRole("checkbox", { name: "Practice 5: Personal Resiliency and Development" }).check();
    await page.getByLabel("Search dimensions by words").fill("fraud");
    await page.getByLabel("Search dimensions by words").press("Enter");
    await expect(page).toHaveURL(/\?(.*&)?q=fraud/);
    await expect(page.getByRole("group", { name: /Dimensions matching “fraud”/ })).toBeVisible();
    await expect(page.getByRole("checkbox", { name: "Practice 5: Personal Resiliency and Development" })).toBeChecked();
    await page.getByRole("checkbox", { name: /Management E: Taking responsibility for preventing fraud/ }).check();
    for (const box of await page.locator('input[name="link"]').all()) {
      const token = await box.getAttribute("value");
      if (token !== "5" && token !== "12:management:E" && (await box.isChecked())) await box.uncheck();
    }
    await page.getByRole("radio", { name: /^Primary\W+Practice 12: Financial Management and Budgeting\W+Management E/ }).check();
    await page.getByRole("button", { name: /Save linked practices/ }).click();
    await expect(page.getByRole("status").filter({ hasText: "Linked practices saved." })).toBeVisible();
    const linked = page.getByRole("region", { name: "Linked practices" });
    await expect(linked.getByRole("listitem")).toHaveCount(2);
    await expect(linked.getByRole("listitem").nth(0)).toContainText("Practice 12: Financial Management and Budgeting");
    await expect(linked.getByRole("listitem").nth(0)).toContainText("Management E: Taking responsibility for preventing fraud");
    await expect(linked.getByRole("listitem").nth(0)).toContainText("Primary");
    await expect(linked.getByRole("listitem").nth(1)).toContainText("Practice 5: Personal Resiliency and Development");
    await context.close();
  });

  test("an objective id of another organization, a random id and a malformed id answer 404", async ({ page, browser }) => {
    await signIn(page, DEMO.admin);
    const id = await objectiveIdFromPracticePage(page, 10, PD_OBJECTIVE);
    await visit(page, `${ORG}/objectives/${randomUUID()}`, 404);
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await visit(page, `${ORG}/objectives/not-an-id`, 404);
    await visit(page, `${ORG}/measures/${randomUUID()}/edit`, 404);

    // A new city, signed up in another browser: Riverton's objective is not found from there.
    const context = await browser.newContext();
    const other = await context.newPage();
    const slug = unique("harbor");
    await other.goto("/sign-up");
    await other.getByLabel("Name", { exact: true }).fill("Town of Harbor");
    await other.getByLabel("Web address").fill(slug);
    await other.getByLabel("Kind of government").selectOption("town");
    await other.getByLabel("State or territory").selectOption("ME");
    await other.getByLabel("Your name").fill("Kai Harbor");
    await other.getByLabel("Work email").fill(`${slug}@example.test`);
    await other.getByLabel("Password").fill("tides come in twice 4");
    await other.getByRole("button", { name: "Create organization" }).click();
    await expect(other).toHaveURL(`/o/${slug}`);
    await visit(other, `/o/${slug}/objectives/${id}`, 404);
    await visit(other, `/o/${slug}/objectives/${id}/edit`, 404);
    await visit(other, `${ORG}/objectives/${id}`, 404);
    // An admin without a department gets a helpful "My department" page.
    await visit(other, `/o/${slug}/my-department`);
    await expect(other.getByText("You are not a member of a department in this organization.")).toBeVisible();
    await expect(other.getByRole("link", { name: "Go to the plans" })).toBeVisible();
    await context.close();
  });
});
