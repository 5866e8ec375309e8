import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, budgetLineObjectives, budgetLinePractices } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { createTestOrg, type TestOrg } from "#db/test/factories";
import { setPlanStatus } from "~/modules/plans/plans.server";
import { buildSmallPlan, fieldErrorsOf, statusOf, type SmallPlan } from "~/modules/plans/plans.test-helpers";
import { budgetTotalsCsv } from "./budget-csv";
import { commitBudgetImport } from "./budget-import.server";
import {
  getBudgetLine,
  getBudgetTotals,
  getObjectiveFunding,
  listBudgetLines,
  setBudgetLineAlignment,
  setBudgetLineObjectives,
  type BudgetTotalsRow,
} from "./budget.server";
import { fiscalYearLabel } from "~/modules/core/periods";
import { getCurrentFiscalYear, listFiscalYears } from "./fiscal-years.server";

// A small budget whose totals are computed by hand below (amounts in cents).
//   key            dept     category   adopted   amended   actual    primary practice (others)
//   100|PW|5100    PW       personnel  100000    120000    60000     13 (4)
//   100|PW|5200    PW       operating   50000     50000    12550     4
//   100|FIN|5100   Finance  personnel  200000    200000   199999     13 (3 leadership A)
//   400|PW|5400    PW       capital     30000         0     1000     —
//   100|Parks|5900 —        other        5000      5000        0     —
const CSV = [
  "Fund,Department,Account,Category,Adopted,Amended,Actual",
  "100,PW,5100,personnel,1000,1200,600",
  "100,PW,5200,operating,500,500,125.50",
  "100,FIN,5100,personnel,2000,2000,1999.99",
  "400,PW,5400,capital,300,0,10",
  "100,Parks,5900,other,50,50,0",
].join("\n");
const MAPPING = {
  columns: { fund_code: "fund", department: "department", account_code: "account", category: "category", adopted: "adopted", amended: "amended", actual: "actual" },
  keyFields: ["fund_code", "department", "account_code"] as ("fund_code" | "department" | "account_code")[],
  category: { source: "column" as const },
  unmatchedDepartment: "unassigned" as const,
};

let org: TestOrg;
let plan: SmallPlan;
const ids: Record<string, string> = {};

const pick = (rows: BudgetTotalsRow[]) =>
  rows.map((r) => ({ label: r.label, lines: r.lines, adopted: r.adoptedCents, amended: r.amendedCents, actual: r.actualCents, pct: r.executionPercent }));

async function linkState() {
  return withTenant(org.ctx.admin, async (tx) => ({
    links: (await tx.select().from(budgetLinePractices).where(eq(budgetLinePractices.orgId, org.orgId))).map((r) => JSON.stringify(r)).sort(),
    funding: (await tx.select().from(budgetLineObjectives).where(eq(budgetLineObjectives.orgId, org.orgId))).map((r) => JSON.stringify(r)).sort(),
    audit: (await tx.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.orgId, org.orgId))).length,
  }));
}

beforeAll(async () => {
  org = await createTestOrg("budget-views");
  plan = await buildSmallPlan(org);
  const admin = org.ctx.admin;
  expect(await commitBudgetImport(admin, { fiscalYear: 2026, csv: CSV, mapping: MAPPING })).toMatchObject({ ok: true, created: 5 });
  const { lines } = await listBudgetLines(admin, { fiscalYear: 2026 });
  for (const l of lines) ids[l.lineKey] = l.id;
  await setBudgetLineAlignment(admin, ids["100|PW|5100"]!, { links: [{ practiceNumber: 13, isPrimary: true }, { practiceNumber: 4 }] });
  await setBudgetLineAlignment(admin, ids["100|PW|5200"]!, { links: [{ practiceNumber: 4, isPrimary: true }] });
  await setBudgetLineAlignment(admin, ids["100|FIN|5100"]!, {
    links: [{ practiceNumber: 13, isPrimary: true }, { practiceNumber: 3, dimensionKind: "leadership", dimensionLetter: "A" }],
  });
});

describe("budget views", () => {
  it("totals by department equal the hand-computed figures, execution exact to one decimal", async () => {
    const t = await getBudgetTotals(org.ctx.elected_official, { fiscalYear: 2026, by: "department" });
    expect(pick(t.rows)).toEqual([
      // 199,999 ÷ 200,000 = 99.9995 % → 100.0
      { label: "Finance", lines: 1, adopted: "200000", amended: "200000", actual: "199999", pct: "100.0" },
      // 73,550 ÷ 170,000 = 43.26 %
      { label: "Public Works", lines: 3, adopted: "180000", amended: "170000", actual: "73550", pct: "43.3" },
      { label: "Unassigned", lines: 1, adopted: "5000", amended: "5000", actual: "0", pct: "0.0" },
    ]);
    expect(pick([t.total])).toEqual([{ label: "Total", lines: 5, adopted: "385000", amended: "375000", actual: "273549", pct: "72.9" }]);
    expect(t).toMatchObject({ additive: true, fiscalYearLabel: "FY2026 (Jul 2025 – Jun 2026)" });
    expect(budgetTotalsCsv(t).replace(/^\uFEFF/, "").split("\r\n")).toEqual([
      "department,lines,adopted,amended,actual,encumbered,execution_percent",
      "Finance,1,2000.00,2000.00,1999.99,0.00,100.0",
      "Public Works,3,1800.00,1700.00,735.50,0.00,43.3",
      "Unassigned,1,50.00,50.00,0.00,0.00,0.0",
      "Total,5,3850.00,3750.00,2735.49,0.00,72.9",
      "",
    ]);
  });

  it("totals by practice: primary link (adds up to the total) and any link (each practice once per line)", async () => {
    const primary = await getBudgetTotals(org.ctx.department_head, { fiscalYear: 2026, by: "practice" });
    expect(pick(primary.rows)).toEqual([
      { label: expect.stringMatching(/^4\. /), lines: 1, adopted: "50000", amended: "50000", actual: "12550", pct: "25.1" },
      // 259,999 ÷ 320,000 = 81.2497 %
      { label: expect.stringMatching(/^13\. /), lines: 2, adopted: "300000", amended: "320000", actual: "259999", pct: "81.2" },
      { label: "Not linked to a practice", lines: 2, adopted: "35000", amended: "5000", actual: "1000", pct: "20.0" },
    ]);
    expect(primary.rows.reduce((s, r) => s + BigInt(r.adoptedCents), 0n)).toBe(BigInt(primary.total.adoptedCents));

    const pwOnly = await getBudgetTotals(org.ctx.department_head, { fiscalYear: 2026, by: "practice", department: org.departmentIds[0]! });
    expect(pwOnly.rows.map((r) => [r.key, r.adoptedCents])).toEqual([
      ["4", "50000"],
      ["13", "100000"],
      ["none", "30000"],
    ]);
    expect(pwOnly.total.adoptedCents).toBe("180000");

    const any = await getBudgetTotals(org.ctx.admin, { fiscalYear: 2026, by: "practice_any" });
    expect(any.additive).toBe(false);
    expect(pick(any.rows)).toEqual([
      { label: expect.stringMatching(/^3\. /), lines: 1, adopted: "200000", amended: "200000", actual: "199999", pct: "100.0" },
      // 72,550 ÷ 170,000 = 42.68 %
      { label: expect.stringMatching(/^4\. /), lines: 2, adopted: "150000", amended: "170000", actual: "72550", pct: "42.7" },
      { label: expect.stringMatching(/^13\. /), lines: 2, adopted: "300000", amended: "320000", actual: "259999", pct: "81.2" },
      { label: "Not linked to a practice", lines: 2, adopted: "35000", amended: "5000", actual: "1000", pct: "20.0" },
    ]);
  });

  it("totals by fund and by category", async () => {
    const byFund = await getBudgetTotals(org.ctx.admin, { fiscalYear: 2026, by: "fund" });
    expect(byFund.rows.map((r) => [r.key, r.adoptedCents])).toEqual([
      ["100", "355000"],
      ["400", "30000"],
    ]);
    const byCategory = await getBudgetTotals(org.ctx.admin, { fiscalYear: 2026, by: "category" });
    expect(byCategory.rows.map((r) => [r.key, r.adoptedCents, r.lines])).toEqual([
      ["personnel", "300000", 2],
      ["operating", "50000", 1],
      ["capital", "30000", 1],
      ["other", "5000", 1],
    ]);
    // A zero amended budget has no execution percentage.
    const capital = await listBudgetLines(org.ctx.admin, { fiscalYear: 2026, category: "capital" });
    expect(capital.lines.map((l) => [l.lineKey, l.executionPercent])).toEqual([["400|PW|5400", null]]);
  });

  it("lists lines by department, practice and words, with what the caller may link", async () => {
    const head = org.ctx.department_head;
    const pw = await listBudgetLines(head, { fiscalYear: 2026, department: org.departmentIds[0]! });
    expect(pw.lines.map((l) => [l.lineKey, l.canLink, l.primaryPracticeNumber])).toEqual([
      ["100|PW|5100", true, 13],
      ["100|PW|5200", true, 4],
      ["400|PW|5400", true, null],
    ]);
    expect(pw).toMatchObject({ matching: 3, totals: { adoptedCents: "180000" } });
    const fin = await listBudgetLines(head, { fiscalYear: 2026, department: org.departmentIds[1]! });
    expect(fin.lines.map((l) => l.canLink)).toEqual([false]);
    expect((await listBudgetLines(head, { fiscalYear: 2026, department: "unassigned" })).lines.map((l) => [l.lineKey, l.canLink])).toEqual([
      ["100|Parks|5900", false],
    ]);
    expect((await listBudgetLines(head, { fiscalYear: 2026, practice: 4 })).lines.map((l) => l.lineKey)).toEqual(["100|PW|5100", "100|PW|5200"]);
    expect((await listBudgetLines(head, { fiscalYear: 2026, practice: "none" })).matching).toBe(2);
    expect((await listBudgetLines(head, { fiscalYear: 2026, q: "parks" })).lines.map((l) => l.lineKey)).toEqual(["100|Parks|5900"]);
  });

  it("elected officials read the views only; staff do not see the budget", async () => {
    expect(await statusOf(getBudgetTotals(org.ctx.staff, { fiscalYear: 2026, by: "department" }))).toBe(403);
    expect(await statusOf(listBudgetLines(org.ctx.staff, { fiscalYear: 2026 }))).toBe(403);
    const before = await linkState();
    expect(await statusOf(setBudgetLineAlignment(org.ctx.elected_official, ids["100|PW|5100"]!, { links: [] }))).toBe(403);
    expect(await linkState()).toEqual(before);
  });
});

describe("budget line links", () => {
  it("a department head links their own department's lines, and cannot touch another department's (nothing changes)", async () => {
    const head = org.ctx.department_head;
    const before = await linkState();
    const one = { links: [{ practiceNumber: 9, isPrimary: true }] };
    expect(await statusOf(setBudgetLineAlignment(head, ids["100|FIN|5100"]!, one))).toBe(404);
    expect(await statusOf(setBudgetLineAlignment(head, ids["100|Parks|5900"]!, one))).toBe(404);
    expect(await statusOf(setBudgetLineObjectives(head, ids["100|FIN|5100"]!, [plan.otherObjectiveId]))).toBe(404);
    expect(await statusOf(setBudgetLineAlignment(head, "not-a-uuid", one))).toBe(404);
    expect(await linkState()).toEqual(before);

    // Another organization's line is as absent as a line that does not exist.
    const other = await createTestOrg("budget-other");
    expect(await statusOf(getBudgetLine(other.ctx.admin, ids["100|PW|5100"]!))).toBe(404);
    expect(await statusOf(setBudgetLineAlignment(other.ctx.admin, ids["100|PW|5100"]!, one))).toBe(404);
    expect(await linkState()).toEqual(before);

    const links = await setBudgetLineAlignment(head, ids["400|PW|5400"]!, { links: [{ practiceNumber: 10, isPrimary: true }] });
    expect(links.map((l) => [l.token, l.isPrimary])).toEqual([["10", true]]);
    const audit = await withTenant(org.ctx.admin, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.entityId, ids["400|PW|5400"]!)));
    expect(audit.map((a) => [a.action, a.after])).toEqual([["budget_line.align", { practices: ["10 (primary)"] }]]);
    expect(await fieldErrorsOf(setBudgetLineAlignment(head, ids["400|PW|5400"]!, { links: [{ practiceNumber: 10 }] }))).toHaveProperty("primary");
    await setBudgetLineAlignment(head, ids["400|PW|5400"]!, { links: [] });
  });

  it("a line funds objectives of current plans; the line's page and the objective's funding show it", async () => {
    const head = org.ctx.department_head;
    const line = ids["100|PW|5200"]!;
    // A department's line may fund another department's objective.
    const funded = await setBudgetLineObjectives(head, line, [plan.ownObjectiveId, plan.otherObjectiveId]);
    expect(funded.map((o) => o.id).sort()).toEqual([plan.ownObjectiveId, plan.otherObjectiveId].sort());
    const detail = await getBudgetLine(org.ctx.elected_official, line);
    expect(detail).toMatchObject({
      lineKey: "100|PW|5200",
      departmentName: "Public Works",
      category: "operating",
      adoptedCents: "50000",
      actualCents: "12550",
      executionPercent: "25.1",
      canLink: false,
      fiscalYearLabel: "FY2026 (Jul 2025 – Jun 2026)",
    });
    expect(detail.practices.map((p) => p.token)).toEqual(["4"]);
    expect(detail.objectives.map((o) => o.title).sort()).toEqual(["Balance the budget", "Repave arterials"]);
    const funding = await getObjectiveFunding(org.ctx.admin, plan.ownObjectiveId);
    expect(funding.byFiscalYear).toEqual([
      { fiscalYear: 2026, lines: 1, adoptedCents: "50000", amendedCents: "50000", actualCents: "12550", encumberedCents: "0", executionPercent: "25.1" },
    ]);

    // Objectives of archived plans, or of another organization, are refused; nothing changes.
    const archived = await buildSmallPlan(org, { title: "Old plan" });
    await setPlanStatus(org.ctx.admin, archived.planId, "archived");
    const before = await linkState();
    expect(await fieldErrorsOf(setBudgetLineObjectives(head, line, [archived.ownObjectiveId]))).toHaveProperty("objectives");
    const other = await createTestOrg("budget-other-objective");
    const otherPlan = await buildSmallPlan(other);
    expect(await fieldErrorsOf(setBudgetLineObjectives(head, line, [otherPlan.ownObjectiveId]))).toHaveProperty("objectives");
    expect(await linkState()).toEqual(before);
    expect(await setBudgetLineObjectives(head, line, [])).toEqual([]);
  });
});

describe("fiscal years", () => {
  it("lists stored years and the current one, newest first, with labels from the start month", async () => {
    await commitBudgetImport(org.ctx.admin, { fiscalYear: 2024, csv: CSV, mapping: MAPPING });
    const years = await listFiscalYears(org.ctx.department_head, { today: "2027-08-15" });
    expect(years.map((y) => [y.fiscalYear, y.isCurrent, y.lineCount, y.label])).toEqual([
      [2028, true, 0, "FY2028 (Jul 2027 – Jun 2028)"],
      [2026, false, 5, "FY2026 (Jul 2025 – Jun 2026)"],
      [2024, false, 5, "FY2024 (Jul 2023 – Jun 2024)"],
    ]);
    expect((await getCurrentFiscalYear(org.ctx.admin, { today: "2026-06-30" })).fiscalYear).toBe(2026);
    expect(fiscalYearLabel(2026, 1)).toBe("FY2026 (Jan 2026 – Dec 2026)");
    expect(fiscalYearLabel(2026, 10)).toBe("FY2026 (Oct 2025 – Sep 2026)");
    expect(await statusOf(listFiscalYears(org.ctx.staff))).toBe(403);
  });
});
