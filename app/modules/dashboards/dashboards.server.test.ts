import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { departments, objectives } from "#db/schema";
import { enterTenant } from "#db/tenant.server";
import { createTestOrg, TEST_TIME_ZONE, type TestOrg } from "#db/test/factories";
import { commitBudgetImport } from "~/modules/budget/budget-import.server";
import { listBudgetLines, setBudgetLineAlignment } from "~/modules/budget/budget.server";
import { addDays, addMonths } from "~/modules/core/dates";
import { organizationToday } from "~/modules/core/today";
import { currentFiscalYear, periodStart } from "~/modules/core/periods";
import { setAlignment } from "~/modules/plans/alignment.server";
import { addStatusUpdate, createGoal, createMeasure, createObjective, createPlan, recordMeasurement } from "~/modules/plans/plans.server";
import { statusOf } from "~/modules/plans/plans.test-helpers";
import type { ObjectiveStatus } from "~/modules/plans/plans.schema";
import {
  addWorkforceGoalUpdate,
  createWorkforceGoal,
  recordWorkforceMeasurement,
  setWorkforceGoalAlignment,
} from "~/modules/workforce/workforce.server";
import { getDepartmentDashboard, getEquityDashboard, getPracticeDashboard, getServiceDelivery, getStaffEffectiveness } from "./focus.server";
import { overviewCsv } from "./csv.server";
import { getOrganizationOverview } from "./overview.server";

// A small organization whose dashboard figures are worked out by hand below.
//
// Departments: Public Works (PW) with its sub-department Streets (ST), and Finance (FIN).
// Adopted plan (one goal):
//   objective  owner    status       practices (primary first)   measure: direction, baseline → target, latest
//   O1         PW       on track     9, 3                        M1 higher is better, 61 → 70, 66.5
//   O2         Streets  off track    9
//   O3         FIN      at risk      10, 13                      M2 lower is better, 8.2 → 7.5, 7.4
//   O4         FIN      not started  —  (created 200 days ago,   M3 (linked to 9 itself) → 100, no value
//                                        no update: stale)
//   O5         Streets  off track    3
// Draft plan: D1 (FIN, off track, practice 9) — never counted unless the draft plan is chosen.
//
// Budget of the current fiscal year (cents):
//   line           dept        adopted  amended  actual   primary practice (others)
//   100|PW|5100    PW          100000   120000   60000    9 (3)
//   100|PW|5200    PW           50000    50000   12550    10
//   100|FIN|5100   FIN         200000   200000  199999    13 (10)
//   400|ST|5400    Streets      30000        0    1000    —
//   100|XX|5900    unassigned    5000     5000       0    —
//
// Workforce goals: W1 Finance turnover (lower is better) 14 → 10, latest 12; W2 organization-wide
// representation 40 → 50, latest 45; W3 Public Works training hours 16 → 20, latest 24, linked to 4.

const TODAY = organizationToday({ timeZone: TEST_TIME_ZONE });
const LAST_MONTH = addMonths(periodStart(TODAY, "monthly", 7), -1);
const FY = currentFiscalYear(7, TODAY);

const CSV = [
  "Fund,Department,Account,Category,Adopted,Amended,Actual",
  "100,PW,5100,personnel,1000,1200,600",
  "100,PW,5200,operating,500,500,125.50",
  "100,FIN,5100,personnel,2000,2000,1999.99",
  "400,ST,5400,capital,300,0,10",
  "100,XX,5900,other,50,50,0",
].join("\n");
const MAPPING = {
  columns: { fund_code: "fund", department: "department", account_code: "account", category: "category", adopted: "adopted", amended: "amended", actual: "actual" },
  keyFields: ["fund_code", "department", "account_code"] as ("fund_code" | "department" | "account_code")[],
  category: { source: "column" as const },
  unmatchedDepartment: "unassigned" as const,
};

let org: TestOrg;
let pw: string;
let fin: string;
let streets: string;
let draftPlanId: string;
const o: Record<string, string> = {};

async function objective(goalId: string, title: string, dept: string, status: ObjectiveStatus | null, practices: number[]) {
  const admin = org.ctx.admin;
  const { id } = await createObjective(admin, goalId, { title, ownerDepartmentId: dept, reportingFrequency: "monthly" });
  if (status) await addStatusUpdate(admin, id, { status, narrative: "Update.", asOf: TODAY });
  if (practices.length) {
    await setAlignment(admin, { kind: "objective", id }, { links: practices.map((p, i) => ({ practiceNumber: p, isPrimary: i === 0 })) });
  }
  return id;
}

beforeAll(async () => {
  org = await createTestOrg("dashboards");
  const admin = org.ctx.admin;
  [pw, fin] = org.departmentIds as [string, string];
  streets = randomUUID();
  await getDb().transaction(async (tx) => {
    await enterTenant(tx, { orgId: org.orgId, userId: admin.userId });
    await tx.insert(departments).values({ orgId: org.orgId, id: streets, name: "Streets", code: "ST", parentId: pw });
  });

  const { id: planId } = await createPlan(admin, { title: "Strategic Plan", startFiscalYear: FY, endFiscalYear: FY + 4, status: "adopted" });
  const { id: goalId } = await createGoal(admin, planId, { title: "Good services", description: "" });
  o.O1 = await objective(goalId, "Repave arterials", pw, "on_track", [9, 3]);
  o.O2 = await objective(goalId, "Fix potholes", streets, "off_track", [9]);
  o.O3 = await objective(goalId, "Faster permits", fin, "at_risk", [10, 13]);
  o.O4 = await objective(goalId, "Audit the books", fin, null, []);
  o.O5 = await objective(goalId, "Safe crossings in every neighborhood", streets, "off_track", [3]);
  // O4 has had no status update for 200 days: stale.
  await getDb().update(objectives).set({ createdAt: new Date(`${addDays(TODAY, -200)}T12:00:00Z`) }).where(eq(objectives.id, o.O4));

  const { id: m1 } = await createMeasure(admin, o.O1, { name: "Pavement condition", unit: "PCI", direction: "higher_is_better", baseline: "61", target: "70", reportingFrequency: "monthly" });
  await recordMeasurement(admin, m1, { period: LAST_MONTH, value: "66.5" });
  const { id: m2 } = await createMeasure(admin, o.O3, { name: "Days to permit", unit: "days", direction: "lower_is_better", baseline: "8.2", target: "7.5", reportingFrequency: "monthly" });
  await recordMeasurement(admin, m2, { period: LAST_MONTH, value: "7.4" });
  const { id: m3 } = await createMeasure(admin, o.O4, { name: "Findings closed", unit: "%", direction: "higher_is_better", target: "100", reportingFrequency: "monthly" });
  await setAlignment(admin, { kind: "measure", id: m3 }, { links: [{ practiceNumber: 9, isPrimary: true }] });

  const { id: draft } = await createPlan(admin, { title: "Next Plan", startFiscalYear: FY + 5, endFiscalYear: FY + 9, status: "draft" });
  draftPlanId = draft;
  const { id: draftGoal } = await createGoal(admin, draft, { title: "Later", description: "" });
  await objective(draftGoal, "Draft objective", fin, "off_track", [9]);

  expect(await commitBudgetImport(admin, { fiscalYear: FY, csv: CSV, mapping: MAPPING })).toMatchObject({ ok: true, created: 5 });
  const { lines } = await listBudgetLines(admin, { fiscalYear: FY });
  const line = (key: string) => lines.find((l) => l.lineKey === key)!.id;
  await setBudgetLineAlignment(admin, line("100|PW|5100"), { links: [{ practiceNumber: 9, isPrimary: true }, { practiceNumber: 3 }] });
  await setBudgetLineAlignment(admin, line("100|PW|5200"), { links: [{ practiceNumber: 10, isPrimary: true }] });
  await setBudgetLineAlignment(admin, line("100|FIN|5100"), { links: [{ practiceNumber: 13, isPrimary: true }, { practiceNumber: 10 }] });

  const { id: w1 } = await createWorkforceGoal(admin, { name: "Lower turnover", departmentId: fin, metric: "turnover_rate", baseline: "14", target: "10", reportingFrequency: "monthly" });
  await recordWorkforceMeasurement(admin, w1, { period: LAST_MONTH, value: "12" });
  await addWorkforceGoalUpdate(admin, w1, { status: "at_risk", narrative: "Slow.", asOf: TODAY });
  const { id: w2 } = await createWorkforceGoal(admin, {
    name: "Women in leadership",
    metric: "representation",
    baseline: "40",
    target: "50",
    reportingFrequency: "monthly",
    demographicField: "gender",
    demographicGroup: "Female",
  });
  await recordWorkforceMeasurement(admin, w2, { period: LAST_MONTH, value: "45" });
  await addWorkforceGoalUpdate(admin, w2, { status: "on_track", narrative: "Good.", asOf: TODAY });
  const { id: w3 } = await createWorkforceGoal(admin, { name: "More training", departmentId: pw, metric: "training_hours_per_fte", baseline: "16", target: "20", reportingFrequency: "monthly" });
  await recordWorkforceMeasurement(admin, w3, { period: LAST_MONTH, value: "24" });
  await addWorkforceGoalUpdate(admin, w3, { status: "done", narrative: "Met.", asOf: TODAY });
  await setWorkforceGoalAlignment(admin, w3, { links: [{ practiceNumber: 4, isPrimary: true }] });
});

const money = (r: { label: string; lines: number; adoptedCents: string; amendedCents: string; actualCents: string; executionPercent: string | null }) => ({
  label: r.label,
  lines: r.lines,
  adopted: r.adoptedCents,
  amended: r.amendedCents,
  actual: r.actualCents,
  pct: r.executionPercent,
});

describe("organization overview", () => {
  it("counts the adopted plans' objectives by status, by practice (any link) and by department", async () => {
    const v = await getOrganizationOverview(org.ctx.admin, {});
    expect(v.filters).toEqual({ fiscalYear: FY, departmentId: null, planId: null, campaignId: null });
    expect(v.planProgress.objectiveCount).toBe(5);
    expect(v.planProgress.statusCounts).toEqual({ not_started: 1, on_track: 1, at_risk: 1, off_track: 2, done: 0 });
    const practice = (n: number) => v.planProgress.byPractice.find((p) => p.practiceNumber === n)!;
    expect(v.planProgress.byPractice).toHaveLength(14);
    expect(practice(3)).toMatchObject({ objectiveCount: 2, statusCounts: { on_track: 1, off_track: 1, at_risk: 0 } });
    expect(practice(9)).toMatchObject({ objectiveCount: 2, statusCounts: { on_track: 1, off_track: 1 } });
    expect(practice(10)).toMatchObject({ objectiveCount: 1, statusCounts: { at_risk: 1 } });
    expect(practice(13)).toMatchObject({ objectiveCount: 1, statusCounts: { at_risk: 1 } });
    expect(practice(1).objectiveCount).toBe(0);
    expect(v.planProgress.notLinkedCount).toBe(1);
    expect(v.planProgress.byDepartment.map((d) => [d.departmentName, d.objectiveCount, d.statusCounts.off_track, d.statusCounts.at_risk])).toEqual([
      ["Finance", 2, 0, 1],
      ["Public Works", 1, 0, 0],
      ["Streets", 2, 2, 0],
    ]);
    expect(v.planProgress.staleObjectiveCount).toBe(1);
    expect(v.planProgress.staleMeasureCount).toBe(0);
  });

  it("sums the budget by primary practice and by department with exact execution", async () => {
    const v = await getOrganizationOverview(org.ctx.admin, {});
    // 273,549 ÷ 375,000 = 72.946 %
    expect(money(v.budget.total)).toEqual({ label: "Total", lines: 5, adopted: "385000", amended: "375000", actual: "273549", pct: "72.9" });
    expect(v.budget.byPrimaryPractice.map(money)).toEqual([
      { label: expect.stringMatching(/^9\. /), lines: 1, adopted: "100000", amended: "120000", actual: "60000", pct: "50.0" },
      // 12,550 ÷ 50,000 = 25.1 %
      { label: expect.stringMatching(/^10\. /), lines: 1, adopted: "50000", amended: "50000", actual: "12550", pct: "25.1" },
      // 199,999 ÷ 200,000 = 99.9995 % → 100.0
      { label: expect.stringMatching(/^13\. /), lines: 1, adopted: "200000", amended: "200000", actual: "199999", pct: "100.0" },
      { label: "Not linked to a practice", lines: 2, adopted: "35000", amended: "5000", actual: "1000", pct: "20.0" },
    ]);
    expect(v.budget.byDepartment.map(money)).toEqual([
      { label: "Finance", lines: 1, adopted: "200000", amended: "200000", actual: "199999", pct: "100.0" },
      // 72,550 ÷ 170,000 = 42.68 %
      { label: "Public Works", lines: 2, adopted: "150000", amended: "170000", actual: "72550", pct: "42.7" },
      { label: "Streets", lines: 1, adopted: "30000", amended: "0", actual: "1000", pct: null },
      { label: "Unassigned", lines: 1, adopted: "5000", amended: "5000", actual: "0", pct: "0.0" },
    ]);
  });

  it("lists what needs attention, and the workforce goals on and off target", async () => {
    const v = await getOrganizationOverview(org.ctx.admin, {});
    // Ties on off-track + at-risk (1 each) are broken by off-track first, then by number.
    expect(v.needsAttention.practices.map((p) => [p.practiceNumber, p.offTrack, p.atRisk])).toEqual([
      [3, 1, 0],
      [9, 1, 0],
      [10, 0, 1],
      [13, 0, 1],
    ]);
    expect(v.needsAttention.departmentsLagging.map((d) => [d.departmentName, d.offTrack, d.atRisk])).toEqual([
      ["Streets", 2, 0],
      ["Finance", 0, 1],
    ]);
    expect(v.needsAttention.departmentsStale).toEqual([{ departmentId: fin, departmentName: "Finance", staleCount: 1 }]);
    // Streets has no amended budget and the unassigned lines are no department: neither is ranked.
    expect(v.needsAttention.departmentsLowExecution.map((d) => [d.departmentName, d.executionPercent])).toEqual([
      ["Public Works", "42.7"],
      ["Finance", "100.0"],
    ]);
    expect(v.workforce).toEqual({
      goalCount: 3,
      statusCounts: { not_started: 0, on_track: 1, at_risk: 1, off_track: 0, done: 1 },
      // W3 24 ≥ 20; W1 12 > 10 (lower is better) and W2 45 < 50 fall short.
      targets: { met: 1, not_met: 2, no_value: 0, no_target: 0 },
      staleCount: 0,
    });
    expect(v.assessments.state).toBe("none");
  });

  it("narrows to a department with its sub-departments, to a fiscal year and to one plan, from the address", async () => {
    const v = await getOrganizationOverview(org.ctx.admin, { department: pw });
    expect(v.departmentName).toBe("Public Works");
    expect(v.planProgress.statusCounts).toEqual({ not_started: 0, on_track: 1, at_risk: 0, off_track: 2, done: 0 });
    // PW and Streets lines: 73,550 ÷ 170,000 = 43.26 %
    expect(money(v.budget.total)).toMatchObject({ lines: 3, adopted: "180000", amended: "170000", actual: "73550", pct: "43.3" });
    expect(v.planProgress.staleObjectiveCount).toBe(0);
    expect(v.workforce?.goalCount).toBe(1);

    const draft = await getOrganizationOverview(org.ctx.admin, { plan: draftPlanId });
    expect(draft.planTitle).toBe("Next Plan");
    expect(draft.planProgress.statusCounts.off_track).toBe(1);
    expect(draft.planProgress.objectiveCount).toBe(1);

    const lastYear = await getOrganizationOverview(org.ctx.admin, { fy: String(FY - 1) }).catch((e: unknown) => e);
    // A year with no stored budget and not the current one is not offered: 404.
    expect(lastYear instanceof Response ? lastYear.status : "resolved").toBe(404);
    expect(await statusOf(getOrganizationOverview(org.ctx.admin, { department: randomUUID() }))).toBe(404);
    expect(await statusOf(getOrganizationOverview(org.ctx.admin, { plan: "not-a-plan" }))).toBe(404);
    expect(await statusOf(getOrganizationOverview(org.ctx.admin, { fy: "20x6" }))).toBe(404);
  });

  it("is for admins, department heads and elected officials (adopted plans only, no workforce detail); staff are refused", async () => {
    expect(await statusOf(getOrganizationOverview(org.ctx.staff, {}))).toBe(403);
    const head = await getOrganizationOverview(org.ctx.department_head, {});
    expect(head.planProgress.objectiveCount).toBe(5);
    const elected = await getOrganizationOverview(org.ctx.elected_official, {});
    expect(elected.planProgress.objectiveCount).toBe(5);
    expect(elected.workforce).toBeNull();
    expect(elected.choices.plans.map((p) => p.title)).toEqual(["Strategic Plan"]);
    expect(await statusOf(getOrganizationOverview(org.ctx.elected_official, { plan: draftPlanId }))).toBe(404);
  });

  it("gives each overview table as CSV with exactly the table's numbers, in dollars", async () => {
    const file = await overviewCsv(org.ctx.admin, "budget-by-department", { department: pw });
    expect(file.fileName).toBe(`${org.slug}-overview-budget-by-department-fy${FY}.csv`);
    expect(file.csv.trim().split(/\r?\n/)).toEqual([
      "department,lines,adopted,amended,actual,execution_percent",
      "Public Works,2,1500.00,1700.00,725.50,42.7",
      "Streets,1,300.00,0.00,10.00,",
      "Total,3,1800.00,1700.00,735.50,43.3",
    ]);
    const byPractice = await overviewCsv(org.ctx.admin, "objectives-by-practice", {});
    expect(byPractice.csv).toContain("not_started,on_track,at_risk,off_track,done,objectives");
    expect(byPractice.rowCount).toBe(4);
    expect(await statusOf(overviewCsv(org.ctx.admin, "everything", {}))).toBe(404);
    expect(await statusOf(overviewCsv(org.ctx.staff, "budget-by-department", {}))).toBe(403);
  });

  it("never reaches another organization's rows", async () => {
    const other = await createTestOrg("dashboards-other");
    const v = await getOrganizationOverview(other.ctx.admin, {});
    expect(v.planProgress.objectiveCount).toBe(0);
    expect(v.budget.total.lines).toBe(0);
    expect(v.workforce?.goalCount).toBe(0);
    expect(await statusOf(getOrganizationOverview(other.ctx.admin, { department: pw }))).toBe(404);
  });
});

describe("service delivery, equity and staff effectiveness", () => {
  it("service delivery: objectives and measures of practices 9 and 10 with target against actual, and their spending", async () => {
    const v = await getServiceDelivery(org.ctx.admin, {});
    const plan = v.focus.plan!;
    expect(plan.objectiveCount).toBe(3);
    expect(plan.statusCounts).toEqual({ not_started: 0, on_track: 1, at_risk: 1, off_track: 1, done: 0 });
    expect(plan.objectives.map((x) => [x.title, x.practiceNumbers])).toEqual([
      ["Repave arterials", [3, 9]],
      ["Fix potholes", [9]],
      ["Faster permits", [10, 13]],
    ]);
    expect(plan.measureCount).toBe(3);
    expect(plan.targets).toEqual({ met: 1, not_met: 1, no_value: 1, no_target: 0 });
    const m = (name: string) => plan.measures.find((x) => x.name === name)!;
    expect(m("Pavement condition").comparison).toEqual({ state: "not_met", shortfall: "3.5", progressPercent: "61.1" });
    expect(m("Days to permit").comparison).toEqual({ state: "met", shortfall: null, progressPercent: "114.3" });
    expect(m("Findings closed")).toMatchObject({ comparison: { state: "no_value" }, practiceNumbers: [9] });

    const budget = v.focus.budget!;
    // Lines linked to 9 or 10: 100|PW|5100, 100|PW|5200, 100|FIN|5100. 272,549 ÷ 370,000 = 73.66 %
    expect(money(budget.total)).toEqual({ label: "Total", lines: 3, adopted: "350000", amended: "370000", actual: "272549", pct: "73.7" });
    expect(budget.byPractice.map(money)).toEqual([
      { label: expect.stringMatching(/^9\. /), lines: 1, adopted: "100000", amended: "120000", actual: "60000", pct: "50.0" },
      // 212,549 ÷ 250,000 = 85.02 %
      { label: expect.stringMatching(/^10\. /), lines: 2, adopted: "250000", amended: "250000", actual: "212549", pct: "85.0" },
    ]);
    expect(budget.byDepartment.map((r) => [r.label, r.executionPercent])).toEqual([
      ["Finance", "100.0"],
      ["Public Works", "42.7"],
    ]);
    expect(budget.topLines.map((l) => l.lineKey)).toEqual(["100|FIN|5100", "100|PW|5100", "100|PW|5200"]);
  });

  it("equity: practice 3's objectives, measures and spending, and representation goals", async () => {
    const v = await getEquityDashboard(org.ctx.admin, {});
    expect(v.focus.plan!.objectives.map((x) => x.title)).toEqual(["Repave arterials", "Safe crossings in every neighborhood"]);
    expect(v.focus.plan!.measures.map((x) => x.name)).toEqual(["Pavement condition"]);
    expect(money(v.focus.budget!.total)).toMatchObject({ lines: 1, amended: "120000", actual: "60000", pct: "50.0" });
    expect(v.focus.workforceGoals!.map((g) => [g.name, g.comparison.state, g.comparison.shortfall, g.comparison.progressPercent])).toEqual([
      ["Women in leadership", "not_met", "5", "50.0"],
    ]);
    // Representation is the administrators' (the roster's demographic counts are theirs alone).
    expect(v.representation.available).toBe(true);
    expect((await getEquityDashboard(org.ctx.department_head, {})).representation.available).toBe(false);
  });

  it("staff effectiveness: workforce metrics against their goals, by metric", async () => {
    const v = await getStaffEffectiveness(org.ctx.admin, {});
    const byMetric = Object.fromEntries(v.metrics!.map((g) => [g.metric, g.goals.map((x) => [x.name, x.comparison.state, x.comparison.shortfall])]));
    expect(byMetric).toEqual({
      turnover_rate: [["Lower turnover", "not_met", "2"]],
      vacancy_rate: [],
      time_to_hire_days: [],
      training_hours_per_fte: [["More training", "met", null]],
      ethics_training_completion: [],
    });
    expect(v.focus.plan!.objectives.map((x) => x.title)).toEqual(["Faster permits"]);
    const elected = await getStaffEffectiveness(org.ctx.elected_official, {});
    expect(elected.metrics).toBeNull();
    expect(await statusOf(getServiceDelivery(org.ctx.staff, {}))).toBe(403);
  });
});

describe("practice and department pages", () => {
  it("a practice page's budget and workforce goals, each only for roles that may read them", async () => {
    const v = await getPracticeDashboard(org.ctx.admin, 10, {});
    expect(v.focus.practices).toEqual([{ number: 10, name: expect.any(String) }]);
    expect(money(v.focus.budget!.total)).toMatchObject({ lines: 2, amended: "250000", actual: "212549", pct: "85.0" });
    expect(v.focus.plan!.targets).toEqual({ met: 1, not_met: 0, no_value: 0, no_target: 0 });
    const four = await getPracticeDashboard(org.ctx.admin, 4, {});
    expect(four.focus.workforceGoals!.map((g) => g.name)).toEqual(["More training"]);
    const staff = await getPracticeDashboard(org.ctx.staff, 10, {});
    expect(staff.focus.budget).toBeNull();
    expect(staff.focus.workforceGoals).toBeNull();
    expect(staff.focus.plan!.objectiveCount).toBe(1);
  });

  it("a department page covers its sub-departments: objectives, measures, budget by category, workforce goals", async () => {
    const v = await getDepartmentDashboard(org.ctx.department_head, pw, {});
    expect(v.focus.plan!.statusCounts).toEqual({ not_started: 0, on_track: 1, at_risk: 0, off_track: 2, done: 0 });
    expect(v.focus.plan!.measures.map((m) => m.name)).toEqual(["Pavement condition"]);
    expect(v.focus.budget!.byCategory.map(money)).toEqual([
      { label: "Personnel", lines: 1, adopted: "100000", amended: "120000", actual: "60000", pct: "50.0" },
      { label: "Operating", lines: 1, adopted: "50000", amended: "50000", actual: "12550", pct: "25.1" },
      { label: "Capital", lines: 1, adopted: "30000", amended: "0", actual: "1000", pct: null },
    ]);
    expect(v.focus.workforceGoals!.map((g) => g.name)).toEqual(["More training"]);
    const staff = await getDepartmentDashboard(org.ctx.staff, fin, {});
    expect(staff.focus.plan!.objectiveCount).toBe(2);
    expect(staff.focus.budget).toBeNull();
    expect(await statusOf(getDepartmentDashboard(org.ctx.elected_official, fin, {}))).toBe(403);
    expect(await statusOf(getDepartmentDashboard(org.ctx.admin, randomUUID(), {}))).toBe(404);
  });
});

describe("assessment results on the dashboards (through the results service only)", () => {
  // Departments A (6 people), B (5) and C (2), threshold 5, practices 3 and 4 at practice depth.
  //   A answers 5 on practice 3 and 2 on practice 4; B answers 4 and 4; C answers 1 and 4.
  // C is below the threshold, and B is then hidden too (one hidden department could be worked
  // out from the total); A and the total are shown:
  //   A: practice 3 favorable 6/6 = 100 %, practice 4 0/6 = 0 %
  //   total: practice 3 11/13 = 84.6 %, practice 4 7/13 = 53.8 %
  let aorg: TestOrg;
  let campaignId: string;
  let deptA: string;
  beforeAll(async () => {
    aorg = await createTestOrg("dash-assess");
    const { addRoster, openWithInvitations, closeNow } = await import("~/modules/assessments/assessments.test-helpers");
    const { openSurvey, submitSurvey } = await import("~/modules/assessments/respond.server");
    const ids = await addRoster(aorg, [
      ...Array.from({ length: 6 }, () => ({ department: "A" })),
      ...Array.from({ length: 5 }, () => ({ department: "B" })),
      ...Array.from({ length: 2 }, () => ({ department: "C" })),
    ]);
    deptA = ids.get("A")!;
    // The roster helper names departments "<code> <id prefix>".
    const byCode: Record<string, Record<number, number>> = { A: { 3: 5, 4: 2 }, B: { 3: 4, 4: 4 }, C: { 3: 1, 4: 4 } };
    const { campaign, tokens } = await openWithInvitations(aorg, { anonymityThreshold: 5, practiceNumbers: [3, 4] });
    campaignId = campaign.id;
    for (const t of tokens) {
      const lookup = await openSurvey({ token: t.token });
      if (lookup.status !== "ready") throw new Error("survey not ready");
      const values = byCode[(t.departmentName ?? "").split(" ")[0]!]!;
      const answers: Record<string, number | null> = {};
      for (const step of lookup.survey.steps) for (const item of step.items) answers[item.id] = values[step.practiceNumber] ?? null;
      const submitted = await submitSurvey({ token: t.token }, { answers });
      expect(submitted).toMatchObject({ status: "submitted" });
    }
    await closeNow(aorg, campaignId);
  });

  it("the overview's heatmap and participation are the service's cells: hidden stays hidden", async () => {
    const v = await getOrganizationOverview(aorg.ctx.admin, {});
    expect(v.assessments.state).toBe("ready");
    if (v.assessments.state !== "ready") return;
    const heat = v.assessments.heatmap!;
    expect(heat.practices.map((p) => p.number)).toEqual([3, 4]);
    expect(heat.total.n).toBe(13);
    expect(heat.total.favorable.map((f) => f?.toFixed(1))).toEqual(["84.6", "53.8"]);
    const rows = heat.rows.map((r) => ({ dept: r.departmentId, n: r.n, fav: r.favorable.map((f) => (f === null ? null : f.toFixed(1))), hidden: r.note !== null }));
    expect(rows.find((r) => r.dept === deptA)).toEqual({ dept: deptA, n: 6, fav: ["100.0", "0.0"], hidden: false });
    expect(rows.filter((r) => r.dept !== deptA)).toEqual([
      expect.objectContaining({ n: null, fav: [null, null], hidden: true }),
      expect.objectContaining({ n: null, fav: [null, null], hidden: true }),
    ]);
    expect(v.assessments.change).toBeNull();
    const p = v.assessments.participation!;
    expect(p.total).toMatchObject({ invited: 13, responded: 13 });
    expect(p.departments.map((d) => d.responded).sort()).toEqual([6, null, null].sort());
  });

  it("the department filter narrows the heatmap; a campaign in the address must be a closed one of this organization", async () => {
    const v = await getOrganizationOverview(aorg.ctx.admin, { department: deptA, campaign: campaignId });
    if (v.assessments.state !== "ready") throw new Error("expected results");
    expect(v.assessments.heatmap!.rows.map((r) => r.departmentId)).toEqual([deptA]);
    expect(await statusOf(getOrganizationOverview(aorg.ctx.admin, { campaign: randomUUID() }))).toBe(404);
    expect(await statusOf(getOrganizationOverview(org.ctx.admin, { campaign: campaignId }))).toBe(404);
    // Roles the results service refuses see a note, not numbers.
    const elected = await getOrganizationOverview(aorg.ctx.elected_official, {});
    expect(elected.assessments).toMatchObject({ state: "none", campaigns: [] });
  });
});
