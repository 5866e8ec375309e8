import fs from "node:fs/promises";
import type { Page } from "@playwright/test";
import { DEMO, expect, signIn, test, visit, expectAccessible } from "./fixtures";

// The dashboards of the demo city: the city manager reads each one and narrows them with the
// filters in the address; the other roles see what their permissions allow.

const ORG = `/o/${DEMO.slug}`;
const DASHBOARDS = [
  { path: "", heading: "Organization overview" },
  { path: "/service-delivery", heading: "Service delivery" },
  { path: "/equity", heading: "Equity" },
  { path: "/staff-effectiveness", heading: "Staff effectiveness" },
];

/** The text of a table's footer total row, or of its whole body. */
async function tableText(page: Page, name: string | RegExp): Promise<string> {
  return (await page.getByRole("table", { name }).first().innerText()).replace(/\s+/g, " ");
}

test.describe("dashboards", () => {
  test("the city manager opens each dashboard, filters by fiscal year and department, and the address carries the filters", async ({ page }) => {
    await signIn(page, DEMO.admin);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboards" }).click();
    await expect(page).toHaveURL(`${ORG}/dashboards`);
    await expect(page.getByRole("heading", { level: 1, name: "Organization overview" })).toBeVisible();
    await expectAccessible(page, "overview");

    // Plan progress and the budget have their numbers in tables, rendered on the server.
    const byPractice = page.getByRole("table", { name: /Objectives by status and practice/ });
    await expect(byPractice.getByRole("row")).not.toHaveCount(1);
    await expect(byPractice).toContainText(/\d/);
    const currentBudget = await tableText(page, /^Budget by department, FY\d{4}/);
    expect(currentBudget).toMatch(/\$\d[\d,]*\.\d{2}/);
    expect(currentBudget).toMatch(/\d+\.\d%/);
    await expect(page.getByRole("heading", { level: 2, name: "Workforce goals" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Staff assessments" })).toBeVisible();
    // The latest closed campaign's results, from the results service: favorable % by practice and
    // department (small departments hidden), and the change since the campaign before.
    const heatmap = page.getByRole("table", { name: "Favorable % by practice and department" });
    await expect(heatmap).toContainText(/\d+\.\d%/);
    await expect(page.getByRole("table", { name: /^Favorable % by practice: “.*” against “.*”$/ })).toBeVisible();
    await expect(page.getByRole("table", { name: "Participation by department" })).toContainText(/\d/);

    // The previous fiscal year: the address changes, and so do the budget's figures.
    const fy = page.getByLabel("Fiscal year", { exact: true });
    const years = await fy.locator("option").evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(years.length).toBeGreaterThan(1);
    const current = await fy.inputValue();
    const previous = years.find((y) => Number(y) === Number(current) - 1)!;
    expect(previous, "the demo city has last year's budget").toBeTruthy();
    await fy.selectOption(previous);
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(new RegExp(`[?&]fy=${previous}(&|$)`));
    await expect(page.getByRole("table", { name: new RegExp(`^Budget by department, FY${previous}`) })).toBeVisible();
    expect(await tableText(page, new RegExp(`^Budget by department, FY${previous}`))).not.toBe(currentBudget);
    await expectAccessible(page, "overview, previous fiscal year");

    // One department (with its sub-departments): the address carries both filters.
    await page.getByLabel("Department", { exact: true }).selectOption({ label: "Public Works" });
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(new RegExp(`[?&]fy=${previous}(&|$)`));
    await expect(page).toHaveURL(/[?&]department=[0-9a-f-]{36}/);
    await expect(page.getByText("Showing Public Works (with its sub-departments)")).toBeVisible();
    const departments = await tableText(page, /^Budget by department, FY/);
    expect(departments).toContain("Public Works");
    expect(departments).not.toContain("Police");
    await expectAccessible(page, "overview, one department");
    const filtered = page.url();

    // The table's CSV holds the same filtered numbers.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download the budget by department as CSV" }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`overview-budget-by-department-fy${previous}\\.csv$`));
    // The file starts with a byte-order mark, for spreadsheets.
    const csv = (await fs.readFile((await download.path())!, "utf8")).replace(/^\uFEFF/, "");
    expect(csv.split(/\r?\n/)[0]).toBe("department,lines,adopted,amended,actual,execution_percent");
    expect(csv).toContain("Public Works,");
    expect(csv).not.toContain("Police");

    // A bookmark of the filtered view opens the same view.
    await page.goto(filtered);
    await expect(page.getByLabel("Department", { exact: true })).toHaveValue(/[0-9a-f-]{36}/);
    await expect(page.getByLabel("Fiscal year", { exact: true })).toHaveValue(previous);
  });

  test("the other dashboards keep the filters and show their own tables", async ({ page }) => {
    await signIn(page, DEMO.admin);
    await visit(page, `${ORG}/dashboards`);
    const previous = String(Number(await page.getByLabel("Fiscal year", { exact: true }).inputValue()) - 1);
    await page.getByLabel("Fiscal year", { exact: true }).selectOption(previous);
    await page.getByLabel("Department", { exact: true }).selectOption({ label: "Public Works" });
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/[?&]department=[0-9a-f-]{36}/);

    // The other dashboards keep the filters, and show their own tables.
    for (const d of DASHBOARDS.slice(1)) {
      await page.getByRole("navigation", { name: "Dashboards" }).getByRole("link", { name: d.heading }).click();
      await expect(page.getByRole("heading", { level: 1, name: d.heading })).toBeVisible();
      await expect(page).toHaveURL(new RegExp(`${ORG}/dashboards${d.path}\\?.*fy=${previous}`));
      await expect(page).toHaveURL(/department=/);
      await expectAccessible(page, d.heading);
    }

    // Unfiltered, service delivery lists measures with target against actual.
    await visit(page, `${ORG}/dashboards/service-delivery`);
    const measures = page.getByRole("table", { name: /^Measures linked to practices 9 and 10: latest value against target/ });
    await expect(measures).toBeVisible();
    await expect(measures.getByText(/Target met|Short of target|No value yet|No target set/).first()).toBeVisible();
    await expect(page.getByRole("table", { name: /^Budget linked to practices 9 and 10, by department/ })).toContainText("$");
    await visit(page, `${ORG}/dashboards/staff-effectiveness`);
    await expect(page.getByRole("heading", { level: 2, name: "Workforce metrics against goals" })).toBeVisible();
    await expect(page.getByRole("table", { name: /Turnover rate: goals against their targets/ })).toBeVisible();
    // The demo's two yearly campaigns (a header row and one row each); other tests may close more.
    const trend = page.getByRole("table", { name: /^Favorable % of practices 4, 5, 13 by campaign/ });
    await expect(trend.getByRole("row", { name: /Staff Assessment of the ICMA Practices/ })).toHaveCount(2);
    await visit(page, `${ORG}/dashboards/equity`);
    await expect(page.getByRole("heading", { level: 2, name: "Workforce representation" })).toBeVisible();
    await expect(page.getByRole("table", { name: /^Gap between the highest and lowest/ }).first()).toBeVisible();

  });

  test("an earlier assessment campaign can be chosen, and a \"needs attention\" link leads to a practice page", async ({ page }) => {
    await signIn(page, DEMO.admin);
    // The earlier campaign, chosen in the address, has nothing before it to compare with.
    await visit(page, `${ORG}/dashboards`);
    const campaign = page.getByLabel("Assessment campaign");
    const campaigns = await campaign.locator("option").evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect(campaigns.length).toBeGreaterThanOrEqual(2);
    await campaign.selectOption(campaigns[campaigns.length - 1]!);
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/[?&]campaign=[0-9a-f-]{36}/);
    await expect(page.getByText("There is no earlier closed campaign to compare with.")).toBeVisible();
    await expectAccessible(page, "overview, earlier campaign");

    // A "needs attention" link leads to the practice page, which shows what is linked to it.
    await visit(page, `${ORG}/dashboards`);
    const attention = page.getByRole("region", { name: "Needs attention" });
    const practiceLink = attention.getByRole("link", { name: /^\d+\. / }).first();
    const practiceName = (await practiceLink.innerText()).replace(/^\d+\.\s*/, "");
    await practiceLink.click();
    await expect(page.getByRole("heading", { level: 1, name: new RegExp(practiceName) })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Linked to this practice" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Progress, budget and workforce" })).toBeVisible();
    // Its staff-assessment scores, one row per closed campaign (the latest five), drawn beside the
    // table once the page has hydrated; and the development resources linked to it.
    await expect(page.getByRole("heading", { level: 2, name: "Staff assessment scores" })).toBeVisible();
    const scores = page.getByRole("table", { name: /across closed campaigns, oldest first: favorable % and mean/ });
    await expect(scores.getByRole("row")).toHaveCount(Math.min(campaigns.length, 5) + 1);
    await expect(page.getByRole("img", { name: /^Bar chart: favorable % of practice \d+ by campaign/ })).toBeVisible();
    // The table's CSV: a header and one line per campaign of the table.
    const [scoresCsv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /^Download the scores of practice \d+ by campaign/ }).click()]);
    expect(scoresCsv.suggestedFilename()).toMatch(/practice-\d+-assessment-scores\.csv$/);
    const scoreLines = (await fs.readFile((await scoresCsv.path())!, "utf8")).replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    expect(scoreLines[0]).toBe("campaign,closed_on,respondents,favorable_percent,mean,note");
    expect(scoreLines).toHaveLength(Math.min(campaigns.length, 5) + 1);
    await expect(page.getByRole("heading", { level: 2, name: "Development resources" })).toBeVisible();
    await expectAccessible(page, "practice page");
  });

  test("a department's page shows its objectives, budget and workforce goals, with the fiscal year in the address", async ({ page }) => {
    await signIn(page, DEMO.admin);
    await visit(page, `${ORG}/departments`);
    await page.getByRole("link", { name: "Public Works" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "Public Works" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Plan, budget and workforce" })).toBeVisible();
    await expect(page.getByRole("table", { name: /^Objectives owned by Public Works/ })).toBeVisible();
    await expect(page.getByRole("table", { name: /^Budget owned by Public Works, by category, FY/ })).toContainText("$");
    // Its staff-assessment scores by practice, for this year's demo campaign (other tests close
    // campaigns of their own, which would otherwise be the latest closed one).
    const campaignSelect = page.getByLabel("Assessment campaign");
    const yearly = (await campaignSelect.locator("option").allTextContents()).find((t) => /Staff Assessment of the ICMA Practices/.test(t));
    expect(yearly, "the demo's yearly campaign is offered").toBeTruthy();
    await campaignSelect.selectOption({ label: yearly! });
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/campaign=/);
    await expect(page.getByRole("heading", { level: 2, name: "Staff assessment scores" })).toBeVisible();
    await expect(page.getByRole("table", { name: "Favorable % by practice and department" }).getByRole("row", { name: /Public Works/ })).toBeVisible();
    const [deptCsv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download favorable % by practice and department (CSV)" }).click()]);
    const deptLines = (await fs.readFile((await deptCsv.path())!, "utf8")).replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    expect(deptLines[0]).toMatch(/^department,respondents,favorable_percent_\d+,/);
    expect(deptLines.some((l) => l.startsWith("Public Works"))).toBe(true);
    await expectAccessible(page, "department page");
    const fy = page.getByLabel("Fiscal year", { exact: true });
    const current = Number(await fy.inputValue());
    await fy.selectOption(String(current - 1));
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(new RegExp(`[?&]fy=${current - 1}`));
    await expect(page.getByRole("table", { name: new RegExp(`by category, FY${current - 1}`) })).toBeVisible();
    // The admin forms are still there.
    await expect(page.getByRole("button", { name: "Save changes" })).toBeVisible();
  });

  test("a department head sees the overview; an elected official sees published data only; staff are refused", async ({ browser }) => {
    const head = await (await browser.newContext()).newPage();
    await signIn(head, DEMO.departmentHead);
    await visit(head, `${ORG}/dashboards`);
    await expect(head.getByRole("heading", { level: 1, name: "Organization overview" })).toBeVisible();
    await expect(head.getByRole("heading", { level: 2, name: "Workforce goals" })).toBeVisible();

    const mayor = await (await browser.newContext()).newPage();
    await signIn(mayor, DEMO.elected);
    await visit(mayor, `${ORG}/dashboards`);
    await expect(mayor.getByRole("heading", { level: 1, name: "Organization overview" })).toBeVisible();
    // Adopted plans only, no workforce detail, and no link to department pages they may not open.
    await expect(mayor.getByLabel("Plan", { exact: true }).locator("option", { hasText: /— draft/ })).toHaveCount(0);
    await expect(mayor.getByRole("heading", { level: 2, name: "Workforce goals" })).toHaveCount(0);
    await expect(mayor.getByRole("table", { name: /^Budget by department/ }).getByRole("link")).toHaveCount(0);
    await expect(mayor.getByText("Staff assessment results are shown to administrators and department heads.")).toBeVisible();

    const staff = await (await browser.newContext()).newPage();
    await signIn(staff, DEMO.staff);
    await expect(staff.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboards" })).toHaveCount(0);
    for (const d of DASHBOARDS) await visit(staff, `${ORG}/dashboards${d.path}`, 403);
  });
});
