// The page tables' CSVs hold exactly the rows of the service call their page is built from, for
// the caller, suppression and role limits included.
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { rawQuery } from "#db/client.server";
import { createTestOrg, type TestOrg } from "#db/test/factories";
import { fillEveryTenantTable } from "#db/test/fill-tenant-tables";
import { listCampaignsWithParticipation } from "~/modules/assessments/campaign-list.server";
import { getParticipation } from "~/modules/assessments/results.server";
import { getBudgetLine } from "~/modules/budget/budget.server";
import { focusDashboardCsv } from "~/modules/dashboards/csv.server";
import { focusTableCsv } from "~/modules/dashboards/focus-csv.server";
import { getDepartmentDashboard, getEquityDashboard, getPracticeDashboard, getServiceDelivery, getStaffEffectiveness } from "~/modules/dashboards/focus.server";
import { listItemsForPractice } from "~/modules/plans/alignment.server";
import { listDepartmentObjectives } from "~/modules/plans/plans.server";
import { compareReports, listPublishedReports, listReportPeriods, publishReport } from "~/modules/reports/reports.server";
import { budgetLineTableCsv, campaignsCsv, myDepartmentCsv, participationCsv, practiceLinkedItemsCsv, publishedReportsCsv, reportComparisonCsv, reportPeriodsCsv } from "./pages.server";

const rowsOf = (csv: string) => parse(csv, { bom: true }) as string[][];
const column = (csv: string, header: string) => {
  const [head, ...rows] = rowsOf(csv);
  const i = head!.indexOf(header);
  expect(i, `column ${header}`).toBeGreaterThanOrEqual(0);
  return rows.map((r) => r[i]!);
};

let org: TestOrg;
let other: TestOrg;

beforeAll(async () => {
  org = await createTestOrg("page-csv");
  await fillEveryTenantTable(org);
  // The filled campaign ended in January: closed, so the dashboards show its results.
  await rawQuery(`update assessment_campaigns set status = 'closed' where org_id = $1`, [org.orgId]);
  other = await createTestOrg("page-csv-other");
});

describe("page table CSVs", () => {
  it("the campaigns list and a campaign's participation hold the results service's numbers, suppressed", async () => {
    const list = await listCampaignsWithParticipation(org.ctx.admin);
    const file = await campaignsCsv(org.ctx.admin);
    expect(column(file.csv, "campaign")).toEqual(list.map((c) => c.title));
    expect(column(file.csv, "invited")).toEqual(list.map((c) => String(c.invited)));
    const [{ id } = { id: "" }] = await rawQuery<{ id: string }>(`select id from assessment_campaigns where org_id = $1`, [org.orgId]);
    const p = await getParticipation(org.ctx.admin, id);
    const rows = rowsOf((await participationCsv(org.ctx.admin, id)).csv);
    expect(rows.slice(1).map((r) => r[0])).toEqual([p.total, ...p.departments].map((r) => r.departmentName));
    // One respondent against a threshold of 5: hidden, with why, in the file as on the page.
    expect(p.total.responded).toBeNull();
    expect(rows[1]![2]).toBe("");
    expect(rows[1]![4]).toContain("Hidden to protect anonymity");
    // Staff may not read campaigns; another organization's campaign is not found.
    await expect(campaignsCsv(org.ctx.staff)).rejects.toMatchObject({ status: 403 });
    await expect(participationCsv(other.ctx.admin, id)).rejects.toMatchObject({ status: 404 });
  });

  it("the published reports and two reports compared", async () => {
    expect((await publishedReportsCsv(org.ctx.elected_official)).rowCount).toBe(0);
    const a = await publishReport(org.ctx.admin, { period: "FY2026" });
    const b = await publishReport(org.ctx.admin, { period: "FY2026" });
    const file = await publishedReportsCsv(org.ctx.elected_official);
    expect(column(file.csv, "version")).toEqual((await listPublishedReports(org.ctx.elected_official)).map((r) => String(r.version)));
    const c = await compareReports(org.ctx.elected_official, a.id, b.id);
    const compared = await reportComparisonCsv(org.ctx.elected_official, a.id, b.id);
    expect(c.figures.length).toBeGreaterThan(0);
    expect(column(compared.csv, "figure")).toEqual(c.figures.map((f) => f.label));
    await expect(reportComparisonCsv(other.ctx.admin, a.id, b.id)).rejects.toMatchObject({ status: 404 });
    const periods = await reportPeriodsCsv(org.ctx.admin);
    expect(column(periods.csv, "period_key")).toEqual((await listReportPeriods(org.ctx.admin)).map((p) => p.key));
    expect(column(periods.csv, "published_versions")[column(periods.csv, "period_key").indexOf("FY2026")]).toBe("2");
    await expect(reportPeriodsCsv(org.ctx.elected_official)).rejects.toMatchObject({ status: 403 });
  });

  it("a practice's linked items and its dashboard tables are the page's rows", async () => {
    const linked = await listItemsForPractice(org.ctx.admin, 3);
    const file = await practiceLinkedItemsCsv(org.ctx.admin, "3");
    expect(rowsOf(file.csv).slice(1).map((r) => [r[0], r[1]])).toEqual([
      ...linked.goals.map((g) => ["goal", String(g.position)]),
      ...linked.objectives.map((o) => ["objective", o.code]),
      ...linked.measures.map((m) => ["measure", m.code]),
    ]);
    expect(file.rowCount).toBe(3);
    expect(column(file.csv, "dimensions")).toContain("leadership A");

    const view = await getPracticeDashboard(org.ctx.admin, 3, { fy: "2026" });
    const measures = focusTableCsv(["x"], view.focus, "measures");
    expect(column(measures.csv, "code")).toEqual(view.focus.plan!.measures.map((m) => m.code));
    expect(column(measures.csv, "latest_value")).toEqual(["4.5"]);
    const byDepartment = focusTableCsv(["x"], view.focus, "budget-by-department");
    expect(column(byDepartment.csv, "amended")).toEqual([...view.focus.budget!.byDepartment, view.focus.budget!.total].map((r) => (Number(r.amendedCents) / 100).toFixed(2)));
    expect(column(focusTableCsv(["x"], view.focus, "workforce-goals").csv, "name")).toEqual(view.focus.workforceGoals!.map((g) => g.name));
    // One practice's page has no by-practice table; unknown tables and parts a role may not read are not found.
    expect(() => focusTableCsv(["x"], view.focus, "budget-by-practice")).toThrow();
    expect(() => focusTableCsv(["x"], view.focus, "people")).toThrow();
    const staffView = await getPracticeDashboard(org.ctx.staff, 3, { fy: "2026" });
    expect(staffView.focus.budget).toBeNull();
    expect(() => focusTableCsv(["x"], staffView.focus, "budget-top-lines")).toThrow();
    expect(() => focusTableCsv(["x"], staffView.focus, "workforce-goals")).toThrow();
  });

  it("a department's dashboard tables come from the department page's view", async () => {
    const view = await getDepartmentDashboard(org.ctx.admin, org.departmentIds[0]!, {});
    expect(column(focusTableCsv(["x"], view.focus, "objectives").csv, "code")).toEqual(view.focus.plan!.objectives.map((o) => o.code));
    expect(column(focusTableCsv(["x"], view.focus, "budget-top-lines").csv, "line_key")).toEqual(view.focus.budget!.topLines.map((l) => l.lineKey));
  });

  it("a budget line's linked practices and funded objectives", async () => {
    const [{ id } = { id: "" }] = await rawQuery<{ id: string }>(`select id from budget_lines where org_id = $1`, [org.orgId]);
    const line = await getBudgetLine(org.ctx.admin, id);
    const practices = await budgetLineTableCsv(org.ctx.admin, id, "practices");
    expect(column(practices.csv, "practice")).toEqual(line.practices.map((p) => String(p.practiceNumber)));
    expect(practices.rowCount).toBe(1);
    const objectives = await budgetLineTableCsv(org.ctx.admin, id, "objectives");
    expect(column(objectives.csv, "code")).toEqual(["1.1"]);
    await expect(budgetLineTableCsv(org.ctx.admin, id, "people")).rejects.toMatchObject({ status: 404 });
    await expect(budgetLineTableCsv(other.ctx.admin, id, "practices")).rejects.toMatchObject({ status: 404 });
  });

  it("My department lists the caller's department's objectives only", async () => {
    const mine = await listDepartmentObjectives(org.ctx.department_head);
    const file = await myDepartmentCsv(org.ctx.department_head);
    expect(column(file.csv, "code")).toEqual(mine.plans.flatMap((g) => g.objectives.map((o) => o.code)));
    expect(file.rowCount).toBe(1);
    // The admin has no department: an empty file with its header.
    expect((await myDepartmentCsv(org.ctx.admin)).rowCount).toBe(0);
  });

  it("the service delivery, equity and staff effectiveness dashboards' tables come from their pages' views", async () => {
    const query = { fy: "2026" };
    const equity = await getEquityDashboard(org.ctx.admin, query);
    const objectives = await focusDashboardCsv(org.ctx.admin, "equity", "objectives", query);
    expect(column(objectives.csv, "code")).toEqual(equity.focus.plan!.objectives.map((o) => o.code));
    expect(objectives.rowCount).toBe(1);
    expect(column((await focusDashboardCsv(org.ctx.admin, "equity", "workforce-goals", query)).csv, "name")).toEqual(equity.focus.workforceGoals!.map((g) => g.name));
    const service = await getServiceDelivery(org.ctx.admin, query);
    expect(column((await focusDashboardCsv(org.ctx.admin, "service-delivery", "budget-by-practice", query)).csv, "practice")).toEqual(service.focus.budget!.byPractice.map((r) => r.label));
    const staff = await getStaffEffectiveness(org.ctx.admin, query);
    expect(column((await focusDashboardCsv(org.ctx.admin, "staff-effectiveness", "workforce-metrics", query)).csv, "name")).toEqual(staff.metrics!.flatMap((m) => m.goals.map((g) => g.name)));
    // Not a table of that page, not a dashboard, or not the caller's to read.
    await expect(focusDashboardCsv(org.ctx.admin, "staff-effectiveness", "workforce-goals", query)).rejects.toMatchObject({ status: 404 });
    await expect(focusDashboardCsv(org.ctx.admin, "people", "objectives", query)).rejects.toMatchObject({ status: 404 });
    await expect(focusDashboardCsv(org.ctx.staff, "equity", "objectives", query)).rejects.toMatchObject({ status: 403 });
  });

  it("the dashboards' assessment tables are the panels' rows, hidden groups hidden with the service's note", async () => {
    const query = { fy: "2026" };
    const equity = await getEquityDashboard(org.ctx.admin, query);
    expect(equity.assessments.state).toBe("ready");
    if (equity.assessments.state !== "ready") return;
    const heatmap = equity.assessments.heatmap!;
    const file = await focusDashboardCsv(org.ctx.admin, "equity", "assessments-heatmap", query);
    expect(column(file.csv, "department")).toEqual([...heatmap.rows, heatmap.total].map((r) => r.label));
    // One respondent against a threshold of 5: no count and no score, only why.
    expect(heatmap.total.n).toBeNull();
    expect(column(file.csv, "respondents").at(-1)).toBe("");
    expect(column(file.csv, "favorable_percent_3").at(-1)).toBe("");
    expect(column(file.csv, "note").at(-1)).toContain("Hidden");
    const staff = await getStaffEffectiveness(org.ctx.admin, query);
    if (staff.assessments.state !== "ready") throw new Error("the staff effectiveness panels should be ready");
    const participation = await focusDashboardCsv(org.ctx.admin, "staff-effectiveness", "assessments-participation", query);
    expect(column(participation.csv, "department")).toEqual([...staff.assessments.participation!.departments, staff.assessments.participation!.total].map((r) => r.departmentName));
    // A panel the page does not have, and a role the results service refuses, get no file.
    await expect(focusDashboardCsv(org.ctx.admin, "equity", "assessments-trend", query)).rejects.toMatchObject({ status: 404 });
    await expect(focusDashboardCsv(org.ctx.elected_official, "equity", "assessments-heatmap", query)).rejects.toMatchObject({ status: 404 });
  });
});
