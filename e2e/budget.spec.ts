import { fileURLToPath } from "node:url";
import type { Browser, Page } from "@playwright/test";
import { DEMO, expect, expectAccessible, signIn, test, unique, visit } from "./fixtures";

const ORG = `/o/${DEMO.slug}`;
const BUDGET = `${ORG}/budget`;
const BAD_FILE = fileURLToPath(new URL("./fixtures/budget-fy2031-bad-amount.csv", import.meta.url));
const GOOD_FILE = fileURLToPath(new URL("./fixtures/budget-fy2031.csv", import.meta.url));
/** The real Oklahoma City export kept unedited beside the budget import tests (fixtures/budget/README.md). */
const OKC_FILE = fileURLToPath(new URL("../fixtures/budget/okc-fy2016-expense-budget.csv", import.meta.url));

/** The row of a table whose header cell (first column) has exactly this text. */
function rowOf(page: Page, table: string | RegExp, header: string) {
  return page.getByRole("table", { name: table }).getByRole("row").filter({ has: page.getByRole("rowheader", { name: header, exact: true }) });
}

/** Signs up a new organization in a browser of its own; returns its slug and its admin's page. */
async function signUpOrganization(browser: Browser): Promise<{ slug: string; page: Page }> {
  const slug = unique("cedar");
  const page = await (await browser.newContext()).newPage();
  await page.goto("/sign-up");
  await page.getByLabel("Name", { exact: true }).fill("Cedar Falls Township");
  await page.getByLabel("Web address").fill(slug);
  await page.getByLabel("Kind of government").selectOption("town");
  await page.getByLabel("State or territory").selectOption("IA");
  await page.getByLabel("Your name").fill("Rui Tanaka");
  await page.getByLabel("Work email").fill(`${slug}@example.test`);
  await page.getByLabel("Password").fill("cedar rings grow slowly 9");
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(`/o/${slug}`);
  return { slug, page };
}

test.describe("budget", () => {
  test("an admin imports a budget with a column mapping, fixes a bad row, links a line to a practice and sees it by practice", async ({ page }) => {
    // The whole story in one test (import, fixes, links, the objective search, views), with an
    // axe scan at each step: over a minute on a busy 2-core machine.
    test.slow();
    await signIn(page, DEMO.admin);
    const column = (field: string) => page.getByRole("combobox", { name: field, exact: true });

    // The demo city's budget, current year by department: a table with a total and a chart.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Budget" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Budget" })).toBeVisible();
    await expect(page.getByRole("table", { name: /Budget by department, FY2027/ })).toBeVisible();
    await expect(page.getByRole("img", { name: /Bar chart of the budget by department/ })).toBeVisible();
    await expect(page.getByRole("rowheader", { name: "Total", exact: true })).toBeVisible();
    await expectAccessible(page, "budget by department");

    // --- Step 1: the file with a bad amount, into a fiscal year of its own.
    await page.getByRole("link", { name: "Import a budget" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Import a budget" })).toBeVisible();
    await expectAccessible(page, "budget import");
    // Nothing chosen: said beside the field.
    await page.getByLabel("Fiscal year").fill("2031");
    await page.getByRole("button", { name: "Read the file" }).click();
    await expect(page.getByText("Choose a CSV file or paste its text")).toBeVisible();
    await expect(page.getByLabel("Fiscal year")).toHaveValue("2031");
    await page.getByLabel("CSV file").setInputFiles(BAD_FILE);
    await page.getByRole("button", { name: "Read the file" }).click();

    // --- Step 2: our fields against the file's columns; the ones we recognize are proposed.
    await expect(page.getByRole("heading", { level: 2, name: "Step 2: Match the columns" })).toBeVisible();
    await expect(page.getByText("budget-fy2031-bad-amount.csv: 9 columns, into FY2031 (add and update lines).")).toBeVisible();
    await expect(column("Fund code")).toHaveValue("fund");
    await expect(column("Department (code or name)")).toHaveValue("dept");
    await expect(column("Unit / cost center code")).toHaveValue("cost_center");
    await expect(column("Account code")).toHaveValue("account");
    await expect(column("Adopted budget")).toHaveValue("");
    await expectAccessible(page, "budget import: mapping");

    // Previewing as proposed: no amount column is matched, so nothing can be imported.
    await page.getByRole("button", { name: "Preview import" }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Step 3: Preview" })).toBeVisible();
    const problems = page.getByRole("table", { name: /Problems to fix/ });
    await expect(problems).toContainText("Map at least one amount column");
    await expect(page.getByRole("button", { name: /^Import \d+ lines?/ })).toHaveCount(0);

    // Fix the mapping: the file's own names for the amounts and the category.
    await column("Adopted budget").selectOption({ label: "Approved Amount" });
    await column("Amended budget").selectOption({ label: "Revised Amount" });
    await column("Actual (year to date)").selectOption({ label: "YTD Spent" });
    await column("Category").selectOption({ label: "Spend Type" });
    await page.getByLabel("From the Category column chosen above").check();
    await page.getByRole("button", { name: "Preview again with these columns" }).click();

    // The bad row is named with its column and reason; the repeated key is reported; nothing is written.
    await expect(page.getByRole("alert").filter({ hasText: "Nothing can be imported yet: 1 problem to fix." })).toBeVisible();
    const badRow = problems.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "4", exact: true }) });
    await expect(badRow).toContainText("Approved Amount");
    await expect(badRow).toContainText("“12,34” is not an amount");
    await expect(page.getByText(/Repeated keys: 1 line key appears on more than one row/)).toBeVisible();
    await expect(rowOf(page, /Rows added together/, "100|4100|5450")).toContainText("3, 6");
    await expect(page.getByText("1 blank row skipped", { exact: false })).toBeVisible();
    await expect(column("Adopted budget")).toHaveValue("approved_amount");
    await expectAccessible(page, "budget import: preview with a problem");

    // --- The corrected file, in place of the first: the column choices are kept.
    await page.getByLabel("CSV file").setInputFiles(GOOD_FILE);
    await page.getByRole("button", { name: "Read this file instead" }).click();
    await expect(page.getByText("your column choices were kept")).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "Ready to import 3 lines into FY2031: 3 to create, 0 to update, 0 unchanged." })).toBeVisible();
    await expect(page.getByText(/their 2 repeated rows were added to the first, so 5 rows make 3 lines/)).toBeVisible();
    const fileTotals = rowOf(page, /Totals of FY2031/, "3 lines");
    await expect(fileTotals).toContainText("$2,175,012.34");
    await expect(fileTotals).toContainText("$2,180,000.50");
    await expect(fileTotals).toContainText("$649,000.25");
    await expect(rowOf(page, /by category/, "Capital")).toContainText("$900,012.34");
    await expectAccessible(page, "budget import: ready");
    await page.getByRole("button", { name: "Import 3 lines into FY2031" }).click();

    // --- Summary, then the year's views.
    await expect(page.getByRole("heading", { name: "Import complete" })).toBeVisible();
    await expect(page.getByText("FY2031: 3 lines created, 0 updated, 0 unchanged.")).toBeVisible();
    await expectAccessible(page, "budget import: done");
    await page.getByRole("link", { name: "See the budget for FY2031" }).click();
    const byDepartment = /Budget by department, FY2031/;
    await expect(page.getByRole("table", { name: byDepartment })).toBeVisible();
    await expect(rowOf(page, byDepartment, "Streets and Traffic")).toContainText("$2,100,012.34");
    await expect(rowOf(page, byDepartment, "Finance")).toContainText("$75,000.00");
    const total = rowOf(page, byDepartment, "Total");
    await expect(total).toContainText("$2,175,012.34");
    await expect(total).toContainText("$2,180,000.50");
    await expect(total).toContainText("$649,000.25");
    await expect(total).toContainText("29.8%");
    await expectAccessible(page, "FY2031 by department");

    // The view as CSV: the same numbers.
    const csv = await page.request.get(`${BUDGET}.csv?fy=2031&by=department`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    const csvText = await csv.text();
    expect(csvText).toContain("department,lines,adopted,amended,actual,encumbered,execution_percent");
    expect(csvText).toContain("Total,3,2175012.34,2180000.50,649000.25,0.00,29.8");

    // --- The lines, filtered by department, then one line.
    await page.getByRole("link", { name: "Streets and Traffic" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Budget lines" })).toBeVisible();
    await expect(page.getByLabel("Department")).toHaveValue(/[0-9a-f-]{36}/);
    await expect(page.getByRole("status").filter({ hasText: "2 lines match (of 3)" })).toBeVisible();
    await expectAccessible(page, "budget lines");
    await page.getByRole("link", { name: "Street Resurfacing Contracts" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Street Resurfacing Contracts" })).toBeVisible();
    const amounts = page.getByRole("table", { name: "Amounts of this line, in dollars" });
    await expect(amounts).toContainText("$900,012.34");
    await expect(amounts).toContainText("-$1,000.00");
    await expect(page.getByText("Not linked to any practice yet.")).toBeVisible();
    await expectAccessible(page, "budget line");
    const lineUrl = new URL(page.url()).pathname;

    // Link it to practice 10 (primary).
    await page.getByRole("link", { name: "Edit linked practices" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: /Linked practices of budget line Street Resurfacing Contracts/ })).toBeVisible();
    await expectAccessible(page, "budget line practices");
    await page.getByRole("checkbox", { name: "Practice 10: Service Delivery" }).check();
    await page.getByRole("checkbox", { name: "Practice 12: Financial Management and Budgeting" }).check();
    await page.getByRole("button", { name: /Save linked practices/ }).click();
    await expect(page.getByRole("alert")).toContainText("Choose which practice is the primary one.");
    await expect(page.getByRole("checkbox", { name: "Practice 10: Service Delivery" })).toBeChecked();
    await page.getByRole("radio", { name: /^Primary\W+Practice 10: Service Delivery$/ }).check();
    await page.getByRole("button", { name: /Save linked practices/ }).click();
    await expect(page).toHaveURL(new RegExp(`${lineUrl}\\?notice=aligned`));
    await expect(page.getByRole("status").filter({ hasText: "Linked practices saved. The change is recorded in the audit log." })).toBeVisible();
    const linked = page.getByRole("region", { name: "Linked practices" });
    await expect(linked.getByRole("listitem")).toHaveCount(2);
    await expect(linked.getByRole("listitem").nth(0)).toContainText("Practice 10: Service Delivery");
    await expect(linked.getByRole("listitem").nth(0)).toContainText("Primary");

    // It funds an objective; removing the link asks first.
    const funded = page.getByRole("region", { name: "Objectives this line funds" });
    await expect(funded).toContainText("does not fund any objective");
    // The chooser offers a few objectives at a time; a search of the page's address narrows them.
    const chooser = page.getByLabel("Objective", { exact: true });
    const offered = (await chooser.locator("option").nth(1).textContent()) ?? "";
    const [codeAndTitle] = offered.split(" — ");
    const title = codeAndTitle!.slice(codeAndTitle!.indexOf(" ") + 1);
    await page.getByLabel("Find an objective by code, title, plan or department").fill(title);
    await page.getByRole("button", { name: "Find", exact: true }).click();
    await expect(page).toHaveURL(/[?&]find=/);
    await expect(funded.getByRole("status")).toContainText(/1 objective matches “|objectives match “/);
    await expect(chooser.locator("option", { hasText: codeAndTitle! })).toHaveCount(1);
    expect(await chooser.locator("option").count()).toBeLessThanOrEqual(21);
    await expectAccessible(page, "budget line: objectives found by a search");
    await page.getByLabel("Find an objective by code, title, plan or department").fill("no objective is called this");
    await page.getByRole("button", { name: "Find", exact: true }).click();
    await expect(funded.getByRole("status")).toContainText("0 objectives match “no objective is called this”");
    await expect(chooser).toHaveCount(0);
    await funded.getByRole("link", { name: "Clear the search" }).click();
    await expect(page).not.toHaveURL(/find=/);
    await page.getByRole("button", { name: "Add objective" }).click();
    await expect(page.getByText("Choose an objective this line funds.")).toBeVisible();
    await page.getByLabel("Objective", { exact: true }).selectOption({ index: 1 });
    const chosen = (await page.getByLabel("Objective", { exact: true }).locator("option:checked").textContent()) ?? "";
    const code = chosen.split(" ")[0]!;
    await page.getByRole("button", { name: "Add objective" }).click();
    await expect(page.getByRole("status").filter({ hasText: `This line now funds objective ${code}` })).toBeVisible();
    await expect(funded.getByRole("table", { name: "Objectives funded by this line (1)" })).toBeVisible();
    await expectAccessible(page, "budget line funding an objective");
    await page.getByRole("button", { name: `Remove objective ${code} from this line` }).click();
    await expect(page.getByRole("heading", { name: `Stop funding objective ${code} from this line?` })).toBeFocused();
    await expectAccessible(page, "budget line: confirm removing a funding link");
    await page.getByRole("button", { name: "Yes, remove the link" }).click();
    await expect(page.getByRole("status").filter({ hasText: `This line no longer funds objective ${code}` })).toBeVisible();
    await expect(funded).toContainText("does not fund any objective");

    // --- By practice: the primary link adds up; "any link" counts the line under both practices.
    await visit(page, `${BUDGET}?fy=2031&by=practice`);
    const byPractice = /Budget by practice \(primary link\), FY2031/;
    await expect(rowOf(page, byPractice, "10. Service Delivery")).toContainText("$900,012.34");
    await expect(rowOf(page, byPractice, "Not linked to a practice")).toContainText("$1,275,000.00");
    await expect(rowOf(page, byPractice, "Total")).toContainText("$2,175,012.34");
    await expect(page.getByRole("img", { name: /Bar chart of the budget by practice \(primary link\)/ })).toBeVisible();
    await page.getByLabel("View", { exact: true }).selectOption("practice_any");
    await page.getByRole("button", { name: "Show" }).click();
    await expect(page).toHaveURL(/by=practice_any/);
    const byAny = /Budget by practice \(any link\), FY2031/;
    await expect(rowOf(page, byAny, "10. Service Delivery")).toContainText("$900,012.34");
    await expect(rowOf(page, byAny, "12. Financial Management and Budgeting")).toContainText("$900,012.34");
    await expect(rowOf(page, byAny, "Total (each line once)")).toContainText("$2,175,012.34");
    await expectAccessible(page, "FY2031 by practice, any link");
  });

  test("the Oklahoma City export (1 MB, 4,736 rows) imports unedited through the browser, every dollar accounted for", async ({ page }) => {
    test.setTimeout(120_000);
    await signIn(page, DEMO.admin);
    await visit(page, `${BUDGET}/import`);
    await page.getByLabel("Fiscal year").fill("2016");
    await page.getByLabel("CSV file").setInputFiles(OKC_FILE);
    await page.getByRole("button", { name: "Read the file" }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Step 2: Match the columns" })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText("okc-fy2016-expense-budget.csv: 11 columns, 4,736 rows, into FY2016")).toBeVisible();
    await expect(page.getByRole("combobox", { name: "Adopted budget", exact: true })).toHaveValue("fy2016_budget");
    // Its operating units are not our departments, and it has no category column: rules on the account code.
    await page.getByLabel("From the start of the account code").check();
    await page.getByLabel("Rules, one per line").fill("51 = personnel\n52 = operating\n53 = operating\n54 = capital\n55 = debt service");
    await page.getByLabel("Accounts no rule matches").selectOption({ label: "Are other" });
    await page.getByRole("button", { name: "Preview import" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Ready to import 4,325 lines into FY2016: 4,325 to create" })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText(/288 line keys appear on more than one row; their 411 repeated rows were added to the first, so 4,736 rows make 4,325 lines/)).toBeVisible();
    await expect(rowOf(page, /Totals of FY2016/, "4,325 lines")).toContainText("$1,349,646,272.00");
    await expect(rowOf(page, /Rows added together/, "750|1666|2407000|53010001")).toContainText("$2,895.00");
    await expectAccessible(page, "Oklahoma City preview");
    // The file came back with the form: nothing to upload again.
    await page.getByRole("button", { name: "Import 4,325 lines into FY2016" }).click();
    await expect(page.getByText("FY2016: 4325 lines created, 0 updated, 0 unchanged.")).toBeVisible({ timeout: 60_000 });
    await visit(page, `${BUDGET}?fy=2016&by=category`);
    const total = rowOf(page, /Budget by category, FY2016/, "Total");
    await expect(total).toContainText("4,325");
    await expect(total).toContainText("$1,349,646,272.00");
  });

  test("an elected official reads the budget views but cannot import or link; staff have no budget", async ({ page, browser }) => {
    await signIn(page, DEMO.elected);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Budget" })).toBeVisible();
    await visit(page, BUDGET);
    await expect(page.getByRole("table", { name: /Budget by department, FY2027/ })).toBeVisible();
    await expect(page.getByRole("link", { name: "Import a budget" })).toHaveCount(0);
    for (const view of ["fund", "category", "practice"]) {
      await visit(page, `${BUDGET}?by=${view}`);
      await expect(rowOf(page, /Budget by/, "Total")).toBeVisible();
    }
    await visit(page, `${BUDGET}/lines`);
    await page.getByRole("table", { name: /Budget lines of FY2027/ }).getByRole("rowheader").getByRole("link").first().click();
    await expect(page.getByRole("heading", { name: "Amounts" })).toBeVisible();
    await expect(page.getByText("You can read this budget line.")).toBeVisible();
    await expect(page.getByRole("link", { name: "Edit linked practices" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Add objective" })).toHaveCount(0);
    await expectAccessible(page, "budget line, read-only");
    const lineUrl = new URL(page.url()).pathname;

    await visit(page, `${lineUrl}/practices`, 403);
    await visit(page, `${BUDGET}/import`, 403);
    const post = await page.request.post(lineUrl, {
      form: { intent: "fund-objective", objectiveId: "00000000-0000-4000-8000-000000000000" },
      headers: { Origin: new URL(page.url()).origin },
    });
    expect(post.status()).toBe(403);

    // Staff: no budget in the navigation, and the pages refuse.
    const staff = await (await browser.newContext()).newPage();
    await signIn(staff, DEMO.staff);
    await expect(staff.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Budget" })).toHaveCount(0);
    await visit(staff, BUDGET, 403);
    await visit(staff, lineUrl, 403);
    expect((await staff.request.get(`${BUDGET}.csv`)).status()).toBe(403);
    await staff.context().close();
  });

  test("a department head links their department's lines only; another organization's line is not found", async ({ page, browser }) => {
    await signIn(page, DEMO.departmentHead);
    await visit(page, BUDGET);
    await expect(page.getByRole("link", { name: "Import a budget" })).toHaveCount(0);
    await visit(page, `${BUDGET}/import`, 403);

    // A Public Works line: the head may link it.
    await page.goto(`${BUDGET}?by=department`);
    await page.getByRole("link", { name: "Public Works", exact: true }).click();
    await page.getByRole("table", { name: /Budget lines of FY2027/ }).getByRole("rowheader").getByRole("link").first().click();
    await expect(page.getByRole("link", { name: "Edit linked practices" }).first()).toBeVisible();
    await expect(page.getByRole("button", { name: "Add objective" })).toBeVisible();
    await expectAccessible(page, "own department's budget line");

    // A Finance line: read-only, and its editing page does not exist for them.
    await page.goto(`${BUDGET}?by=department`);
    await page.getByRole("link", { name: "Finance", exact: true }).click();
    await page.getByRole("table", { name: /Budget lines of FY2027/ }).getByRole("rowheader").getByRole("link").first().click();
    await expect(page.getByText("You can read this budget line.")).toBeVisible();
    await expect(page.getByRole("link", { name: "Edit linked practices" })).toHaveCount(0);
    const financeLine = new URL(page.url()).pathname;
    await visit(page, `${financeLine}/practices`, 404);
    const post = await page.request.post(financeLine, {
      form: { intent: "fund-objective", objectiveId: "00000000-0000-4000-8000-000000000000" },
      headers: { Origin: new URL(page.url()).origin },
    });
    expect(post.status()).toBe(404);

    // Another organization: the demo city's line id answers 404 there, and its budget is empty.
    const other = await signUpOrganization(browser);
    const lineId = financeLine.split("/").pop()!;
    await visit(other.page, `/o/${other.slug}/budget/lines/${lineId}`, 404);
    await expect(other.page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await visit(other.page, `/o/${other.slug}/budget/lines/${lineId}/practices`, 404);
    await visit(other.page, `/o/${other.slug}/budget`);
    await expect(other.page.getByText(/No budget is loaded for FY\d{4}/)).toBeVisible();
    await expect(other.page.getByRole("link", { name: /import a budget for FY\d{4}/ })).toBeVisible();
    await other.page.context().close();
  });
});
