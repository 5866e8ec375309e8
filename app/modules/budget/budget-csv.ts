// The budget views as CSV: the same numbers as the page's table and chart, dollars as plain
// decimals ("1234.56") so spreadsheets read them as numbers.
import { toCsv } from "~/modules/core/csv";
import type { BudgetTotals } from "./budget.server";
import { centsToDecimal } from "./money";

const GROUP_HEADER: Record<BudgetTotals["by"], string> = {
  department: "department",
  fund: "fund",
  category: "category",
  practice: "primary_practice",
  practice_any: "practice",
};

export function budgetTotalsCsv(totals: BudgetTotals): string {
  const header = [GROUP_HEADER[totals.by], "lines", "adopted", "amended", "actual", "encumbered", "execution_percent"];
  const rows = [...totals.rows, ...(totals.additive ? [totals.total] : [{ ...totals.total, label: "Total (each line once)" }])].map((r) => [
    r.label,
    r.lines,
    centsToDecimal(r.adoptedCents),
    centsToDecimal(r.amendedCents),
    centsToDecimal(r.actualCents),
    centsToDecimal(r.encumberedCents),
    r.executionPercent ?? "",
  ]);
  return toCsv(header, rows);
}
