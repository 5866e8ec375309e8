import { readFileSync } from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, budgetLineObjectives, budgetLinePractices, budgetLines, fiscalYears, importMappings } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { createTestOrg, type TestOrg } from "#db/test/factories";
import { archiveDepartment } from "~/modules/orgs/departments.server";
import { buildSmallPlan, statusOf } from "~/modules/plans/plans.test-helpers";
import { commitBudgetImport, previewBudgetImport, proposeBudgetMapping } from "./budget-import.server";
import type { BudgetMappingInput } from "./budget.schema";
import { getBudgetTotals, listBudgetLines, setBudgetLineAlignment, setBudgetLineObjectives } from "./budget.server";

/** Everything an import can write for the organization, to prove that a refused one wrote nothing. */
async function snapshot(org: TestOrg) {
  return withTenant(org.ctx.admin, async (tx) => {
    const sort = <T,>(rows: T[]) => rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? v.toString() : v))).sort();
    return {
      years: sort(await tx.select().from(fiscalYears).where(eq(fiscalYears.orgId, org.orgId))),
      lines: sort(await tx.select().from(budgetLines).where(eq(budgetLines.orgId, org.orgId))),
      links: sort(await tx.select().from(budgetLinePractices).where(eq(budgetLinePractices.orgId, org.orgId))),
      funding: sort(await tx.select().from(budgetLineObjectives).where(eq(budgetLineObjectives.orgId, org.orgId))),
      mappings: sort(await tx.select().from(importMappings).where(eq(importMappings.orgId, org.orgId))),
      audit: sort(await tx.select({ id: auditEvents.id, action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.orgId, org.orgId))),
    };
  });
}

async function linesOf(org: TestOrg, fiscalYear: number) {
  const rows = await withTenant(org.ctx.admin, (tx) =>
    tx.select().from(budgetLines).where(and(eq(budgetLines.orgId, org.orgId), eq(budgetLines.fiscalYear, fiscalYear))),
  );
  return new Map(rows.map((r) => [r.lineKey, r]));
}

// Public Works (PW) and Finance (FIN) are the test organization's departments.
const HEADER = "Fund,Fund Name,Department,Program,Account,Account Name,Category,Adopted,Amended,Actual YTD";
const GOOD = [
  HEADER,
  `100,General Fund,PW,Streets,5100,Salaries,Personnel,"$1,000,000.00","1,050,000.00",400000.5`,
  `100,General Fund,PW,Streets,5200,Supplies,operating,"250,000",250000,"(1,000.25)"`,
  `100, General Fund ,Finance,Accounting,5100,Salaries,personnel,500000,500000,250000`,
  `400,Water Utility,PW,Water,5400,Equipment,Capital Outlay,-$5,"$75,000.00",0`,
  `,,,,,,,,,`,
].join("\r\n");
const MAPPING: BudgetMappingInput = {
  columns: {
    fund_code: "fund",
    fund_name: "fund_name",
    department: "department",
    program_code: "program",
    account_code: "account",
    account_name: "account_name",
    category: "category",
    adopted: "adopted",
    amended: "amended",
    actual: "actual_ytd",
  },
  keyFields: ["fund_code", "department", "program_code", "account_code"],
  category: { source: "column" },
};

describe("budget import", () => {
  it("proposes a mapping from the header, and a file with a bad row writes nothing and names the row and column", async () => {
    const org = await createTestOrg("budget-bad");
    const proposed = await previewBudgetImport(org.ctx.admin, { fiscalYear: 2026, csv: GOOD });
    expect(proposed.mappingSource).toBe("proposed");
    expect(proposed.mapping.columns).toMatchObject({ fund_code: "fund", department: "department", adopted: "adopted", amended: "amended", actual: "actual_ytd" });
    expect(proposed.ok).toBe(true);

    const before = await snapshot(org);
    const bad = GOOD.replace(`"250,000",250000`, `"250,000",12.345`).replace("Finance,Accounting", "Parks,Accounting");
    const preview = await previewBudgetImport(org.ctx.admin, { fiscalYear: 2026, csv: bad, mapping: MAPPING });
    expect(preview.ok).toBe(false);
    expect(preview.errors).toEqual([
      { row: 3, column: "Amended", reason: expect.stringContaining("fractions of a cent") },
      { row: 4, column: "Department", reason: expect.stringContaining("No department has the code or name “Parks”") },
    ]);
    const commit = await commitBudgetImport(org.ctx.admin, { fiscalYear: 2026, csv: bad, mapping: MAPPING });
    expect(commit).toMatchObject({ ok: false, errorCount: 2 });
    expect(await snapshot(org)).toEqual(before);

    // An archived department no longer receives lines.
    await archiveDepartment(org.ctx.admin, org.departmentIds[1]!);
    const afterArchive = await snapshot(org);
    const archived = await previewBudgetImport(org.ctx.admin, { fiscalYear: 2026, csv: GOOD, mapping: MAPPING });
    expect(archived.errors).toEqual([{ row: 4, column: "Department", reason: expect.stringContaining("Finance is archived") }]);
    const kept = await previewBudgetImport(org.ctx.admin, { fiscalYear: 2026, csv: GOOD, mapping: { ...MAPPING, unmatchedDepartment: "unassigned" } });
    expect(kept).toMatchObject({ ok: true, unassignedLines: 1, unmatchedDepartments: ["Finance"] });
    expect(await commitBudgetImport(org.ctx.admin, { fiscalYear: 2026, csv: GOOD, mapping: MAPPING })).toMatchObject({ ok: false, errorCount: 1 });
    expect(await snapshot(org)).toEqual(afterArchive);

    // Only administrators import.
    expect(await statusOf(commitBudgetImport(org.ctx.department_head, { fiscalYear: 2026, csv: GOOD, mapping: MAPPING }))).toBe(403);
    expect(await snapshot(org)).toEqual(afterArchive);
  });

  it("imports a good file exactly, then a re-import changes nothing, and new amounts keep the links", async () => {
    const org = await createTestOrg("budget-good");
    const admin = org.ctx.admin;
    const preview = await previewBudgetImport(admin, { fiscalYear: 2026, csv: GOOD, mapping: MAPPING });
    expect(preview).toMatchObject({
      ok: true,
      rowsRead: 4,
      blankRows: 1,
      lines: 4,
      mergedRows: 0,
      counts: { create: 4, update: 0, unchanged: 0, remove: 0 },
      // 1,000,000.00 + 250,000 + 500,000 − 5; 1,050,000 + 250,000 + 500,000 + 75,000; 400,000.50 − 1,000.25 + 250,000
      totals: { adopted: "174999500", amended: "187500000", actual: "64900025", encumbered: "0" },
    });
    const first = await commitBudgetImport(admin, { fiscalYear: 2026, csv: GOOD, mapping: MAPPING });
    expect(first).toEqual({ ok: true, fiscalYear: 2026, created: 4, updated: 0, unchanged: 0, removed: 0, mergedRows: 0 });

    const lines = await linesOf(org, 2026);
    const salaries = lines.get("100|PW|Streets|5100")!;
    expect(salaries).toMatchObject({
      departmentId: org.departmentIds[0],
      category: "personnel",
      fundName: "General Fund",
      adoptedCents: 100_000_000n,
      amendedCents: 105_000_000n,
      actualCents: 40_000_050n,
      encumberedCents: 0n,
    });
    expect(lines.get("100|Finance|Accounting|5100")).toMatchObject({ departmentId: org.departmentIds[1], fundName: "General Fund" });
    expect(lines.get("100|PW|Streets|5200")!.actualCents).toBe(-100_025n);
    expect(lines.get("400|PW|Water|5400")).toMatchObject({ category: "capital", adoptedCents: -500n });

    // The same file again: nothing changes, not even a timestamp, and nothing is audited.
    const before = await snapshot(org);
    const again = await commitBudgetImport(admin, { fiscalYear: 2026, csv: GOOD, mapping: MAPPING });
    expect(again).toEqual({ ok: true, fiscalYear: 2026, created: 0, updated: 0, unchanged: 4, removed: 0, mergedRows: 0 });
    expect(await snapshot(org)).toEqual(before);

    // The mapping was remembered for this header.
    const remembered = await previewBudgetImport(admin, { fiscalYear: 2026, csv: GOOD });
    expect(remembered.mappingSource).toBe("saved");
    expect(remembered.keyFields).toEqual(["fund_code", "department", "program_code", "account_code"]);
    expect(remembered.counts.unchanged).toBe(4);

    // Link a line to practices and an objective, then import new amounts.
    const plan = await buildSmallPlan(org);
    await setBudgetLineAlignment(admin, salaries.id, { links: [{ practiceNumber: 13, isPrimary: true }, { practiceNumber: 4, isPrimary: false }] });
    await setBudgetLineObjectives(admin, salaries.id, [plan.ownObjectiveId]);
    const changed = GOOD.replace(`"1,050,000.00",400000.5`, `"1,100,000.00",500000`);
    const third = await commitBudgetImport(admin, { fiscalYear: 2026, csv: changed, mapping: MAPPING });
    expect(third).toMatchObject({ ok: true, created: 0, updated: 1, unchanged: 3 });
    const after = (await linesOf(org, 2026)).get("100|PW|Streets|5100")!;
    expect(after).toMatchObject({ id: salaries.id, amendedCents: 110_000_000n, actualCents: 50_000_000n, adoptedCents: 100_000_000n });
    const byPractice = await getBudgetTotals(admin, { fiscalYear: 2026, by: "practice" });
    expect(byPractice.rows.find((r) => r.key === "13")).toMatchObject({ lines: 1, amendedCents: "110000000", actualCents: "50000000" });
    const funding = await withTenant(admin, (tx) => tx.select().from(budgetLineObjectives).where(eq(budgetLineObjectives.orgId, org.orgId)));
    expect(funding.map((f) => [f.budgetLineId, f.objectiveId])).toEqual([[salaries.id, plan.ownObjectiveId]]);
    const audit = await withTenant(admin, (tx) =>
      tx.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.orgId), eq(auditEvents.action, "budget.import"))),
    );
    expect(audit).toHaveLength(2);

    // An "actuals only" file updates actuals and leaves the rest alone.
    const actualsOnly = ["Fund,Department,Program,Account,Actual YTD", "100,PW,Streets,5100,600000"].join("\n");
    const actualsMapping: BudgetMappingInput = {
      columns: { fund_code: "fund", department: "department", program_code: "program", account_code: "account", actual: "actual_ytd" },
      keyFields: ["fund_code", "department", "program_code", "account_code"],
      category: { source: "fixed", category: "personnel" },
    };
    expect(await commitBudgetImport(admin, { fiscalYear: 2026, csv: actualsOnly, mapping: actualsMapping })).toMatchObject({ ok: true, updated: 1, unchanged: 0 });
    expect((await linesOf(org, 2026)).get("100|PW|Streets|5100")).toMatchObject({
      id: salaries.id,
      actualCents: 60_000_000n,
      amendedCents: 110_000_000n,
      fundName: "General Fund",
      accountName: "Salaries",
    });

    // Replace mode removes the year's other lines, and the preview says one of them is linked.
    const replace = await previewBudgetImport(admin, { fiscalYear: 2026, csv: actualsOnly, mapping: actualsMapping, mode: "replace" });
    expect(replace.counts).toMatchObject({ remove: 3, removeLinked: 0, unchanged: 1 });
    const replaceOther = ["Fund,Department,Program,Account,Actual YTD", "100,PW,Streets,5200,1"].join("\n");
    const preview2 = await previewBudgetImport(admin, { fiscalYear: 2026, csv: replaceOther, mapping: actualsMapping, mode: "replace" });
    expect(preview2.counts).toMatchObject({ remove: 3, removeLinked: 1 });
  });

  it("sums rows that repeat a key and says so; unmatched departments can be kept as unassigned", async () => {
    const org = await createTestOrg("budget-merge");
    const csv = [
      "Fund,Dept,Account,Budget",
      "100,PW,5100,100.10",
      "100,PW,5100,(0.10)",
      "100,PW,5100,50",
      "100,Parks,5200,1",
      "100,PW,5200,2",
    ].join("\n");
    const mapping: BudgetMappingInput = {
      columns: { fund_code: "fund", department: "dept", account_code: "account", adopted: "budget" },
      category: { source: "account_prefix", rules: [{ prefix: "51", category: "personnel" }, { prefix: "5", category: "operating" }], fallback: null },
      unmatchedDepartment: "unassigned",
    };
    // Keyed by fund and account, rows 2–4 are one line; row 6 repeats row 5's key with another
    // department (row 5's "Parks" matched none and is unassigned): refused, naming the earlier row.
    const preview = await previewBudgetImport(org.ctx.admin, { fiscalYear: 2027, csv, mapping });
    expect(preview).toMatchObject({ ok: false, rowsRead: 5, lines: 2, mergedRows: 2, mergedKeys: 1, keyFields: ["fund_code", "account_code"] });
    expect(preview.errors).toEqual([{ row: 6, column: "Dept", reason: expect.stringContaining("Row 5 has the same line key (100|5200)") }]);
    // With the department in the key they are two lines.
    const strict = await previewBudgetImport(org.ctx.admin, {
      fiscalYear: 2027,
      csv,
      mapping: { ...mapping, keyFields: ["fund_code", "department", "account_code"] },
    });
    expect(strict).toMatchObject({ ok: true, lines: 3, mergedRows: 2, mergedKeys: 1, unassignedLines: 1, unmatchedDepartments: ["Parks"] });
    expect(strict.byCategory).toEqual([
      { category: "personnel", lines: 1, adoptedCents: "15000" },
      { category: "operating", lines: 2, adoptedCents: "300" },
    ]);
    expect(strict.sample.find((l) => l.lineKey === "100|PW|5100")?.rows).toEqual([2, 3, 4]);
    // Unmatched departments are errors unless the mapping says otherwise.
    const refused = await previewBudgetImport(org.ctx.admin, {
      fiscalYear: 2027,
      csv,
      mapping: { ...mapping, keyFields: ["fund_code", "department", "account_code"], unmatchedDepartment: "error" },
    });
    expect(refused.errors).toEqual([{ row: 5, column: "Dept", reason: expect.stringContaining("No department has the code or name “Parks”") }]);
  });

  it("imports the Oklahoma City export unedited through the mapping step, every dollar accounted for", { timeout: 120_000 }, async () => {
    const org = await createTestOrg("budget-okc");
    const csv = readFileSync(path.resolve(import.meta.dirname, "../../../fixtures/budget/okc-fy2016-expense-budget.csv"), "utf8");
    // Step 1: the proposed mapping recognizes the finance system's columns.
    const proposed = await previewBudgetImport(org.ctx.admin, { fiscalYear: 2016, csv });
    expect(proposed.mapping.columns).toEqual({
      fund_code: "fundcode",
      fund_name: "funddescription",
      unit_code: "operatingunit",
      unit_name: "operatingunitdescription",
      program_code: "programid",
      program_name: "programname",
      account_code: "account",
      account_name: "account_description",
      adopted: "fy2016_budget",
    });
    expect(proposed.keyFields).toEqual(["fund_code", "unit_code", "program_code", "account_code"]);
    expect(proposed.columns.find((c) => c.name === "fy2016_budget")?.label).toBe("FY2016 Budget");
    // Step 2: the person sets categories by the account code's first digits (the file has no
    // category column) and keeps the lines unassigned (its operating units are not our departments).
    const mapping: BudgetMappingInput = {
      ...proposed.mapping,
      category: {
        source: "account_prefix",
        rules: [
          { prefix: "51", category: "personnel" },
          { prefix: "52", category: "operating" },
          { prefix: "53", category: "operating" },
          { prefix: "54", category: "capital" },
          { prefix: "55", category: "debt_service" },
        ],
        fallback: "other",
      },
    };
    const preview = await previewBudgetImport(org.ctx.admin, { fiscalYear: 2016, csv, mapping });
    expect(preview).toMatchObject({
      ok: true,
      rowsRead: 4736,
      blankRows: 1,
      lines: 4325,
      mergedKeys: 288,
      mergedRows: 411,
      unassignedLines: 4325,
      totals: { adopted: "134964627200", amended: "134964627200", actual: "0", encumbered: "0" },
    });
    expect(preview.mergedExamples).toHaveLength(10);
    expect(preview.mergedExamples.every((l) => l.rows.length > 1)).toBe(true);
    // Checked by hand against the file: rows 4 and 6 ($2,395 + $500) and rows 25 and 26 (two
    // vacancy discounts, −$5,187 − $7,759) are one line each.
    expect(preview.mergedExamples[0]).toMatchObject({ lineKey: "750|1666|2407000|53010001", rows: [4, 6], adoptedCents: "289500" });
    expect(preview.sample[0]).toMatchObject({ fundCode: "750", fundName: "SPECIAL PURPOSE", unitCode: "1657", accountName: "OTHER SERVICES AND CHARGES" });
    const commit = await commitBudgetImport(org.ctx.admin, { fiscalYear: 2016, csv, mapping });
    expect(commit).toEqual({ ok: true, fiscalYear: 2016, created: 4325, updated: 0, unchanged: 0, removed: 0, mergedRows: 411 });
    const discounts = (await listBudgetLines(org.ctx.admin, { fiscalYear: 2016, q: "511|0800|5112202|51000004" })).lines;
    expect(discounts.map((l) => [l.accountName, l.adoptedCents, l.category])).toEqual([["BUDGET-VACANCY DISCOUNT", "-1294600", "personnel"]]);
    const totals = await getBudgetTotals(org.ctx.admin, { fiscalYear: 2016, by: "category" });
    expect(totals.total).toMatchObject({ lines: 4325, adoptedCents: "134964627200", amendedCents: "134964627200" });
    const categorySum = totals.rows.reduce((sum, r) => sum + BigInt(r.adoptedCents), 0n);
    expect(categorySum).toBe(134_964_627_200n);
    expect(totals.rows.map((r) => r.key)).toEqual(["personnel", "operating", "capital", "debt_service", "other"]);
    const byFund = await getBudgetTotals(org.ctx.admin, { fiscalYear: 2016, by: "fund" });
    expect(byFund.rows).toHaveLength(35);
    expect(byFund.rows.reduce((sum, r) => sum + BigInt(r.adoptedCents), 0n)).toBe(134_964_627_200n);
    // Idempotent at scale too.
    expect(await commitBudgetImport(org.ctx.admin, { fiscalYear: 2016, csv })).toEqual({
      ok: true,
      fiscalYear: 2016,
      created: 0,
      updated: 0,
      unchanged: 4325,
      removed: 0,
      mergedRows: 411,
    });
  });

  it("a large import's totals equal a BigInt sum of its cells, whatever format each amount is written in", { timeout: 120_000 }, async () => {
    const org = await createTestOrg("budget-large");
    // 6,000 rows over 1,500 keys (so rows are summed), amounts up to $90 million in every format.
    let seed = 7;
    const next = (n: number) => (seed = (seed * 48_271) % 2_147_483_647) % n;
    const formats = [
      (neg: boolean, d: string, c: string) => `${neg ? "-" : ""}${d}.${c}`,
      (neg: boolean, d: string, c: string) => `"${neg ? "-" : ""}$${Number(d).toLocaleString("en-US")}.${c}"`,
      (neg: boolean, d: string, c: string) => (neg ? `"(${Number(d).toLocaleString("en-US")}.${c})"` : `"${Number(d).toLocaleString("en-US")}.${c}0"`),
      (neg: boolean, d: string, c: string) => `${d}.${c}${neg ? "-" : ""}`,
    ];
    const expected = { adopted: 0n, actual: 0n };
    const rows = ["Fund,Account,Adopted,Actual"];
    for (let i = 0; i < 6000; i++) {
      const cells: string[] = [];
      for (const field of ["adopted", "actual"] as const) {
        const dollars = String(next(90_000_000));
        const centsPart = String(next(100)).padStart(2, "0");
        const negative = next(9) === 0;
        cells.push(formats[next(formats.length)]!(negative, dollars, centsPart));
        expected[field] += (negative ? -1n : 1n) * (BigInt(dollars) * 100n + BigInt(centsPart));
      }
      rows.push(`${100 + (i % 3)},${5000 + (i % 500)},${cells.join(",")}`);
    }
    const csv = rows.join("\n");
    const mapping: BudgetMappingInput = {
      columns: { fund_code: "fund", account_code: "account", adopted: "adopted", actual: "actual" },
      category: { source: "fixed", category: "operating" },
    };
    const preview = await previewBudgetImport(org.ctx.admin, { fiscalYear: 2026, csv, mapping });
    expect(preview).toMatchObject({ ok: true, rowsRead: 6000, lines: 1500, mergedRows: 4500 });
    expect(BigInt(preview.totals.adopted)).toBe(expected.adopted);
    expect(BigInt(preview.totals.actual)).toBe(expected.actual);
    expect(await commitBudgetImport(org.ctx.admin, { fiscalYear: 2026, csv, mapping })).toMatchObject({ ok: true, created: 1500 });
    const totals = await getBudgetTotals(org.ctx.admin, { fiscalYear: 2026, by: "fund" });
    expect(BigInt(totals.total.adoptedCents)).toBe(expected.adopted);
    expect(BigInt(totals.total.actualCents)).toBe(expected.actual);
    expect(totals.rows.reduce((sum, r) => sum + BigInt(r.actualCents), 0n)).toBe(expected.actual);
  });

  it("proposes nothing it cannot recognize", () => {
    expect(proposeBudgetMapping(["foo", "bar"]).columns).toEqual({});
    expect(proposeBudgetMapping(["fy_2026_adopted", "ytd_actual", "gl_account"]).columns).toEqual({
      adopted: "fy_2026_adopted",
      actual: "ytd_actual",
      account_code: "gl_account",
    });
  });
});
