import { beforeAll, describe, expect, it } from "vitest";
import { reports } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { createTestOrg, TEST_TIME_ZONE, type TestOrg } from "#db/test/factories";
import { addRoster, openWithInvitations } from "~/modules/assessments/assessments.test-helpers";
import { closeCampaign } from "~/modules/assessments/campaigns.server";
import { openSurvey, submitSurvey } from "~/modules/assessments/respond.server";
import { commitBudgetImport } from "~/modules/budget/budget-import.server";
import { listBudgetLines, setBudgetLineAlignment } from "~/modules/budget/budget.server";
import { organizationToday } from "~/modules/core/today";
import { currentFiscalYear } from "~/modules/core/periods";
import { setAlignment } from "~/modules/plans/alignment.server";
import { addStatusUpdate, createGoal, createObjective, createPlan } from "~/modules/plans/plans.server";
import type { ObjectiveStatus } from "~/modules/plans/plans.schema";
import { statusOf } from "~/modules/plans/plans.test-helpers";
import { and, eq } from "drizzle-orm";
import { buildReport, compareReports, getPublishedReport, listPublishedReports, listReportPeriods, publishReport, saveManagerNote } from "./reports.server";

// A small city whose report is worked out by hand.
//
// Objectives of the adopted plan: two on track, one done, one at risk ("Faster permits", Finance),
// one off track ("Fix potholes", Public Works)  → "3 of 5 objectives are on track or done."
//
// Budget of the current fiscal year (dollars):
//   line          amended   actual    primary practice
//   100|PW|5100   1,200.00    600.00  9. Community and Resident Service   → 50.0 %
//   100|FIN|5100  2,000.00  1,999.99  13. Human Resources Management…     → 100.0 % (99.9995)
//   total         3,200.00  2,599.99                                      → 81.2 % (81.2497)
//
// Staff assessments over a roster of Parks (8 people), Streets (8), Lake (6) and Tiny (3, below the
// threshold of 5; the results service then hides Lake as well, so that Tiny cannot be worked out).
// One person in Streets answers neither campaign. Practices 3, 4 and 9; favorable = answers 4 or 5.
//   "Staff survey 2025":  Parks {3:4, 4:4, 9:2}  Streets {3:4, 4:2, 9:4}  Lake {3:2, 4:4, 9:4}  Tiny {3:2, 4:4, 9:4}
//     practice 3: 15/24 = 62.5 → 63   practice 4: 17/24 = 70.8 → 71   practice 9: 16/24 = 66.7 → 67
//   "Staff survey 2026":  Parks {3:5, 4:4, 9:2}  Streets {3:4, 4:2, 9:2}  Lake {3:2, 4:4, 9:4}  Tiny {3:1, 4:4, 9:5}
//     practice 3: 15/24 → 63 (0)   practice 4: 17/24 → 71 (0)   practice 9: 9/24 = 37.5 → 38 (−29)
//   participation 24 of 25 = 96 %

const TODAY = organizationToday({ timeZone: TEST_TIME_ZONE });
const FY = currentFiscalYear(7, TODAY);
const CSV = ["Fund,Department,Account,Category,Adopted,Amended,Actual", "100,PW,5100,personnel,1000,1200,600", "100,FIN,5100,personnel,2000,2000,1999.99"].join("\n");
const MAPPING = {
  columns: { fund_code: "fund", department: "department", account_code: "account", category: "category", adopted: "adopted", amended: "amended", actual: "actual" },
  keyFields: ["fund_code", "department", "account_code"] as ("fund_code" | "department" | "account_code")[],
  category: { source: "column" as const },
  unmatchedDepartment: "unassigned" as const,
};

let org: TestOrg;
let hiddenNames: string[];
let atRiskObjective: string;

async function runCampaign(title: string, answers: Record<string, Record<number, number>>, skip: Record<string, number>) {
  const { campaign, tokens } = await openWithInvitations(org, { title, practiceNumbers: [3, 4, 9], commentsEnabled: false });
  const skipped: Record<string, number> = {};
  for (const t of tokens) {
    const dept = t.departmentName!.split(" ")[0]!;
    if ((skipped[dept] ?? 0) < (skip[dept] ?? 0)) {
      skipped[dept] = (skipped[dept] ?? 0) + 1;
      continue;
    }
    const lookup = await openSurvey({ token: t.token });
    if (lookup.status !== "ready") throw new Error(lookup.reason);
    const byPractice = answers[dept]!;
    const values = Object.fromEntries(lookup.survey.steps.flatMap((st) => st.items.map((it) => [it.id, byPractice[st.practiceNumber]!])));
    expect((await submitSurvey({ token: t.token }, { answers: values })).status).toBe("submitted");
  }
  await closeCampaign(org.ctx.admin, campaign.id);
}

beforeAll(async () => {
  org = await createTestOrg("reports");
  const admin = org.ctx.admin;
  const [pw, fin] = org.departmentIds as [string, string];
  const { id: planId } = await createPlan(admin, { title: "Strategic Plan", startFiscalYear: FY, endFiscalYear: FY + 4, status: "adopted" });
  const { id: goalId } = await createGoal(admin, planId, { title: "Good services", description: "" });
  const objective = async (title: string, dept: string, status: ObjectiveStatus, practice: number) => {
    const { id } = await createObjective(admin, goalId, { title, ownerDepartmentId: dept, reportingFrequency: "monthly" });
    await addStatusUpdate(admin, id, { status, narrative: "Update.", asOf: TODAY });
    await setAlignment(admin, { kind: "objective", id }, { links: [{ practiceNumber: practice, isPrimary: true }] });
    return id;
  };
  await objective("Repave arterials", pw, "on_track", 9);
  await objective("Open the new library branch", pw, "on_track", 10);
  await objective("Close the audit findings", fin, "done", 12);
  atRiskObjective = await objective("Faster permits", fin, "at_risk", 10);
  await objective("Fix potholes", pw, "off_track", 9);

  expect(await commitBudgetImport(admin, { fiscalYear: FY, csv: CSV, mapping: MAPPING })).toMatchObject({ ok: true, created: 2 });
  const { lines } = await listBudgetLines(admin, { fiscalYear: FY });
  const line = (key: string) => lines.find((l) => l.lineKey === key)!.id;
  await setBudgetLineAlignment(admin, line("100|PW|5100"), { links: [{ practiceNumber: 9, isPrimary: true }] });
  await setBudgetLineAlignment(admin, line("100|FIN|5100"), { links: [{ practiceNumber: 13, isPrimary: true }] });

  const ids = await addRoster(org, [
    ...Array.from({ length: 8 }, () => ({ department: "Parks" })),
    ...Array.from({ length: 8 }, () => ({ department: "Streets" })),
    ...Array.from({ length: 6 }, () => ({ department: "Lake" })),
    ...Array.from({ length: 3 }, () => ({ department: "Tiny" })),
  ]);
  await runCampaign("Staff survey 2025", { Parks: { 3: 4, 4: 4, 9: 2 }, Streets: { 3: 4, 4: 2, 9: 4 }, Lake: { 3: 2, 4: 4, 9: 4 }, Tiny: { 3: 2, 4: 4, 9: 4 } }, { Streets: 1 });
  await runCampaign("Staff survey 2026", { Parks: { 3: 5, 4: 4, 9: 2 }, Streets: { 3: 4, 4: 2, 9: 2 }, Lake: { 3: 2, 4: 4, 9: 4 }, Tiny: { 3: 1, 4: 4, 9: 5 } }, { Streets: 1 });
  hiddenNames = [...ids.keys()].filter((k) => k === "Tiny" || k === "Lake");
});

describe("the summary report", () => {
  it("states the fixture's numbers in its narrative, sentence by sentence", async () => {
    const r = await buildReport(org.ctx.admin, { period: `FY${FY}` });
    expect(r.orgName).toBe(org.name);
    expect(r.period).toMatchObject({ key: `FY${FY}`, kind: "fiscal_year", fiscalYear: FY });
    expect(r.narrative).toEqual([
      "3 of 5 objectives are on track or done.",
      "1 is at risk and 1 is off track; they are listed under “Objectives at risk”.",
      `The organization has spent $2,600 of its $3,200 amended budget for FY${FY} (81.2%).`,
      "Spending on Human Resources Management and Workforce Engagement is 100.0% of its amended budget of $2,000.",
      "Spending on Community and Resident Service is 50.0% of its amended budget of $1,200.",
      "24 of 25 staff invited answered the assessment “Staff survey 2026” (96%).",
      "Staff rate Staff Effectiveness highest of the 3 practices assessed: 71% of answers are favorable.",
      "Staff rate Community and Resident Service lowest of the 3 practices assessed: 38% favorable, down 29 points since “Staff survey 2025”.",
    ]);
    expect(r.keyFigures.map((f) => [f.key, f.value])).toEqual([
      ["objectives_on_track", "3"],
      ["objectives_at_risk", "2"],
      ["budget_amended", "320000"],
      ["budget_actual", "259999"],
      ["budget_execution", "81.2"],
      ["assessment_participation", "96"],
    ]);
    expect(r.staffViews!.practices.map((p) => [p.practiceNumber, p.favorable, p.previous, p.change])).toEqual([
      [3, 63, 63, 0],
      [4, 71, 71, 0],
      [9, 38, 67, -29],
    ]);
    expect(r.topPractices.map((p) => p.practiceNumber)).toEqual([4]);
    expect(r.bottomPractices.map((p) => p.practiceNumber)).toEqual([9]);
    expect(r.objectivesAtRisk.map((o) => [o.title, o.status, o.departmentName])).toEqual([
      ["Fix potholes", "off_track", "Public Works"],
      ["Faster permits", "at_risk", "Finance"],
    ]);
  });

  it("never names or describes a group below the anonymity threshold", async () => {
    const r = await buildReport(org.ctx.admin, { period: `FY${FY}` });
    const text = JSON.stringify(r);
    expect(hiddenNames).toEqual(["Lake", "Tiny"]);
    for (const name of hiddenNames) expect(text).not.toContain(name);
    // The shown departments' figures are not in the report either: it speaks for the organization.
    expect(text).not.toMatch(/Parks|Streets/);
  });

  it("says nothing of staff views when the organization-wide group itself is hidden", async () => {
    const small = await createTestOrg("reports-small");
    await addRoster(small, Array.from({ length: 4 }, () => ({ department: "Few" })));
    const { campaign, tokens } = await openWithInvitations(small, { practiceNumbers: [3, 4], commentsEnabled: false });
    for (const t of tokens.slice(0, 3)) {
      const lookup = await openSurvey({ token: t.token });
      if (lookup.status !== "ready") throw new Error(lookup.reason);
      const values = Object.fromEntries(lookup.survey.steps.flatMap((st) => st.items.map((it) => [it.id, 5])));
      await submitSurvey({ token: t.token }, { answers: values });
    }
    await closeCampaign(small.ctx.admin, campaign.id);
    const r = await buildReport(small.ctx.admin, { period: `FY${FY}` });
    expect(r.staffViews).not.toBeNull();
    expect(r.staffViews!.practices).toEqual([]);
    expect(r.staffViews!.responded).toBeNull();
    expect(r.narrative.filter((s) => /staff|assessment|favorable/i.test(s))).toEqual([]);
    expect(r.keyFigures.map((f) => f.key)).not.toContain("assessment_participation");
    expect(r.topPractices).toEqual([]);
  });

  it("reports on a quarter: the plan and staff views as of the quarter, the whole fiscal year's budget, said so", async () => {
    const quarter = (await listReportPeriods(org.ctx.admin)).find((p) => p.kind === "quarter" && p.startsOn <= TODAY && TODAY <= p.endsOn)!;
    const r = await buildReport(org.ctx.admin, { period: quarter.key });
    expect(r.period).toMatchObject({ key: quarter.key, kind: "quarter", fiscalYear: FY });
    expect(r.narrative).toContain(`Budget figures are for the whole of FY${FY}, as recorded on ${TODAY}.`);
    expect(r.narrative[0]).toBe("3 of 5 objectives are on track or done.");
    expect(r.staffViews?.campaignTitle).toBe("Staff survey 2026");
  });

  it("offers fiscal years and begun quarters to administrators only, and refuses unknown periods", async () => {
    const periods = await listReportPeriods(org.ctx.admin);
    expect(periods[0]!.key).toBe(`FY${FY}`);
    expect(periods.every((p) => p.startsOn <= TODAY)).toBe(true);
    for (const role of ["elected_official", "department_head", "staff"] as const) {
      expect(await statusOf(buildReport(org.ctx[role], { period: `FY${FY}` }))).toBe(403);
      expect(await statusOf(listReportPeriods(org.ctx[role]))).toBe(403);
    }
    expect(await statusOf(buildReport(org.ctx.admin, { period: `FY${FY + 1}` }))).toBe(404);
    expect(await statusOf(buildReport(org.ctx.admin, { period: "last year" }))).toBe(404);
  });
});

describe("publishing", () => {
  it("freezes a published snapshot: later changes to the data do not alter it", async () => {
    const admin = org.ctx.admin;
    await saveManagerNote(admin, { period: `FY${FY}`, note: "A steady year; permits are the worry." });
    expect((await buildReport(admin, { period: `FY${FY}` })).managerNote).toBe("A steady year; permits are the worry.");
    const published = await publishReport(admin, { period: `FY${FY}` });
    const before = await getPublishedReport(org.ctx.elected_official, published.id);
    expect(before.report.managerNote).toBe("A steady year; permits are the worry.");
    expect(before.report.narrative[0]).toBe("3 of 5 objectives are on track or done.");
    // The draft went with it.
    expect((await buildReport(admin, { period: `FY${FY}` })).managerNote).toBe("");

    await addStatusUpdate(admin, atRiskObjective, { status: "done", narrative: "Permits now take five days.", asOf: TODAY });
    const live = await buildReport(admin, { period: `FY${FY}` });
    expect(live.narrative[0]).toBe("4 of 5 objectives are on track or done.");

    const after = await getPublishedReport(org.ctx.elected_official, published.id);
    expect(after.report).toEqual(before.report);
    expect(after.newerVersionId).toBeNull();

    // Even the app's own database role cannot change or delete a published version.
    await expect(withTenant(admin, (tx) => tx.update(reports).set({ managerNote: "rewritten" }).where(eq(reports.id, published.id)))).rejects.toThrow();
    await withTenant(admin, (tx) => tx.delete(reports).where(and(eq(reports.orgId, org.orgId), eq(reports.id, published.id))));
    expect((await getPublishedReport(admin, published.id)).report.managerNote).toBe("A steady year; permits are the worry.");
  });

  it("publishes new versions, lists them newest first, and compares two", async () => {
    const admin = org.ctx.admin;
    const v2 = await publishReport(admin, { period: `FY${FY}` });
    const list = await listPublishedReports(org.ctx.elected_official);
    expect(list.map((r) => r.version)).toEqual([v2.version, v2.version - 1]);
    expect(list[0]!.id).toBe(v2.id);
    const older = list[1]!;
    expect((await getPublishedReport(org.ctx.staff, older.id)).newerVersionId).toBe(v2.id);

    const c = await compareReports(org.ctx.elected_official, v2.id, older.id);
    expect(c.earlier.id).toBe(older.id);
    expect(c.later.id).toBe(v2.id);
    const diff = Object.fromEntries(c.figures.map((f) => [f.key, [f.earlier, f.later, f.difference]]));
    expect(diff.objectives_on_track).toEqual(["3", "4", "+1"]);
    expect(diff.objectives_at_risk).toEqual(["2", "1", "-1"]);
    expect(diff.budget_amended).toEqual(["320000", "320000", "0"]);
    expect(diff.budget_execution).toEqual(["81.2", "81.2", "0"]);
  });

  it("shows drafts to no one but administrators, and nothing of another organization", async () => {
    await saveManagerNote(org.ctx.admin, { period: `FY${FY}`, note: "Draft thoughts." });
    const [draft] = await withTenant(org.ctx.admin, (tx) =>
      tx.select({ id: reports.id }).from(reports).where(and(eq(reports.orgId, org.orgId), eq(reports.status, "draft"))),
    );
    for (const role of ["admin", "elected_official", "staff"] as const) expect(await statusOf(getPublishedReport(org.ctx[role], draft!.id))).toBe(404);
    expect((await listPublishedReports(org.ctx.elected_official)).some((r) => r.id === draft!.id)).toBe(false);
    expect(await statusOf(saveManagerNote(org.ctx.elected_official, { period: `FY${FY}`, note: "x" }))).toBe(403);
    expect(await statusOf(publishReport(org.ctx.department_head, { period: `FY${FY}` }))).toBe(403);

    const other = await createTestOrg("reports-other");
    const [mine] = await listPublishedReports(org.ctx.admin);
    expect(await statusOf(getPublishedReport(other.ctx.admin, mine!.id))).toBe(404);
    expect(await listPublishedReports(other.ctx.elected_official)).toEqual([]);
  });
});
