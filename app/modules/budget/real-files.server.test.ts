// The real cities' files of fixtures/budget (copies of ../shared/data/real; their README has every
// figure) import to the totals of that README, and keep doing so as the import's reading changes
// underneath (issue 16 moved reading into core: these totals are the same before and after).
// Oklahoma City's FY2016 file has its own, finer test in budget-import.server.test.ts.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createTestOrg } from "#db/test/factories";
import { commitBudgetImport, previewBudgetImport } from "./budget-import.server";
import type { BudgetMappingInput } from "./budget.schema";
import { getBudgetTotals } from "./budget.server";

const fixture = (name: string) => readFileSync(path.resolve(import.meta.dirname, "../../../fixtures/budget", name), "utf8");

/** The account code's first digits name the category in Oklahoma City's chart of accounts. */
const OKC_CATEGORIES: BudgetMappingInput["category"] = {
  source: "account_prefix",
  rules: [
    { prefix: "51", category: "personnel" },
    { prefix: "52", category: "operating" },
    { prefix: "53", category: "operating" },
    { prefix: "54", category: "capital" },
    { prefix: "55", category: "debt_service" },
  ],
  fallback: "other",
};

type RealFile = {
  file: string;
  /** What an analyst changes in the proposed mapping. */
  mapping: (proposed: BudgetMappingInput) => BudgetMappingInput;
  rowsRead: number;
  lines: number;
  /** In cents, from the README. */
  total: bigint;
};

const FILES: RealFile[] = [
  {
    file: "okc-fy2017-expense-budget.csv",
    mapping: (m) => ({ ...m, columns: { ...m.columns, category: null }, unmatchedDepartment: "unassigned", category: OKC_CATEGORIES }),
    rowsRead: 4326,
    lines: 4326,
    total: 1_365_364_194_00n,
  },
  {
    // CR-only line endings, " SumOfCurrentTotal " as the amount's header, " 78,023 " and
    // "(7,738,195)" as amounts.
    file: "okc-fy2017-revenue-budget.csv",
    mapping: (m) => ({ ...m, columns: { ...m.columns, adopted: "sumofcurrenttotal" }, unmatchedDepartment: "unassigned" }),
    rowsRead: 204,
    lines: 35,
    total: 1_365_364_194_00n,
  },
  {
    // Expenses and revenues in one file. Until the import tells them apart (issue 17), both are
    // read as lines: the total is the README's expenses ($2,033,463,039) plus its revenues
    // ($2,033,313,039), and the one blank amount counts as zero.
    file: "oakland-fy2021-22-adopted-budget.csv",
    mapping: () => ({
      columns: { department: "department", fund_code: "fund_code", account_code: "account_category", account_name: "account_category", adopted: "amount" },
      keyFields: ["department", "fund_code", "account_code"],
      unmatchedDepartment: "unassigned",
    }),
    rowsRead: 22236,
    lines: 1948,
    total: 2_033_463_039_00n + 2_033_313_039_00n,
  },
];

describe("real cities' budget files", () => {
  for (const real of FILES) {
    it(`${real.file} imports to the README's total, every row read`, { timeout: 180_000 }, async () => {
      const org = await createTestOrg("budget-real");
      const csv = fixture(real.file);
      const proposed = await previewBudgetImport(org.ctx.admin, { fiscalYear: 2017, csv });
      const mapping = real.mapping(proposed.mapping);
      const preview = await previewBudgetImport(org.ctx.admin, { fiscalYear: 2017, csv, mapping });
      expect(preview).toMatchObject({ ok: true, errors: [], rowsRead: real.rowsRead, lines: real.lines });
      expect(BigInt(preview.totals.adopted)).toBe(real.total);
      expect(await commitBudgetImport(org.ctx.admin, { fiscalYear: 2017, csv, mapping })).toMatchObject({ ok: true, created: real.lines });
      const totals = await getBudgetTotals(org.ctx.admin, { fiscalYear: 2017, by: "fund" });
      expect(totals.total).toMatchObject({ lines: real.lines, adoptedCents: String(real.total) });
      expect(totals.rows.reduce((sum, r) => sum + BigInt(r.adoptedCents), 0n)).toBe(real.total);
    });
  }
});
