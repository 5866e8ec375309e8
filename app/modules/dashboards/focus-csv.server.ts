// The tables of a focus view (a practice's page, a department's page, "My department", the
// service delivery, equity and staff effectiveness dashboards) as CSV files: made from the view the
// page itself is built from, so a file holds exactly the rows of the table it is downloaded from
// (the same limits, the same filters, nothing a role may not read). Money as decimal dollars.
import type { BudgetTotalsRow } from "~/modules/budget/budget.server";
import { centsToDecimal } from "~/modules/budget/money";
import { csvFile, type CsvFile, type CsvTable } from "~/modules/exports/csv.server";
import { OBJECTIVE_STATUS_LABELS, PLAN_STATUS_LABELS } from "~/modules/plans/plans.schema";
import { notFound } from "~/utils/http.server";
import type { FocusBudgetLine, FocusMeasure, FocusObjective, FocusWorkforceGoal, PracticeFocus } from "./focus.server";
import { TARGET_STATE_LABELS } from "./target";

export const FOCUS_TABLES = [
  "objectives",
  "measures",
  "budget-by-practice",
  "budget-by-department",
  "budget-by-category",
  "budget-by-program",
  "budget-top-lines",
  "workforce-goals",
] as const;
export type FocusTable = (typeof FOCUS_TABLES)[number];

export function isFocusTable(value: unknown): value is FocusTable {
  return typeof value === "string" && (FOCUS_TABLES as readonly string[]).includes(value);
}

const OBJECTIVE_COLUMNS: CsvTable<FocusObjective> = [
  { header: "code", value: (o) => o.code },
  { header: "title", value: (o) => o.title },
  { header: "status", value: (o) => OBJECTIVE_STATUS_LABELS[o.status] },
  { header: "due_date", value: (o) => o.dueDate },
  { header: "plan", value: (o) => o.planTitle },
  { header: "plan_status", value: (o) => PLAN_STATUS_LABELS[o.planStatus] },
  { header: "department", value: (o) => o.departmentName },
  { header: "practices", value: (o) => o.practiceNumbers.join("; ") },
];

const MEASURE_COLUMNS: CsvTable<FocusMeasure> = [
  { header: "code", value: (m) => m.code },
  { header: "name", value: (m) => m.name },
  { header: "objective", value: (m) => `${m.objectiveCode} ${m.objectiveTitle}` },
  { header: "objective_status", value: (m) => OBJECTIVE_STATUS_LABELS[m.objectiveStatus] },
  { header: "department", value: (m) => m.departmentName },
  { header: "unit", value: (m) => m.unit },
  { header: "direction", value: (m) => m.direction },
  { header: "baseline", value: (m) => m.baseline },
  { header: "target", value: (m) => m.target },
  { header: "latest_period", value: (m) => m.latest?.periodLabel },
  { header: "latest_value", value: (m) => m.latest?.value },
  { header: "against_target", value: (m) => TARGET_STATE_LABELS[m.comparison.state] },
  { header: "shortfall", value: (m) => m.comparison.shortfall },
  { header: "progress_percent", value: (m) => m.comparison.progressPercent },
  { header: "practices", value: (m) => m.practiceNumbers.join("; ") },
];

export const budgetTotalsColumns = (first: string): CsvTable<BudgetTotalsRow> => [
  { header: first, value: (r) => r.label },
  { header: "lines", value: (r) => r.lines },
  { header: "adopted", value: (r) => centsToDecimal(r.adoptedCents) },
  { header: "amended", value: (r) => centsToDecimal(r.amendedCents) },
  { header: "actual", value: (r) => centsToDecimal(r.actualCents) },
  { header: "execution_percent", value: (r) => r.executionPercent },
];

const TOP_LINE_COLUMNS: CsvTable<FocusBudgetLine> = [
  { header: "line_key", value: (l) => l.lineKey },
  { header: "line", value: (l) => l.title },
  { header: "program", value: (l) => l.programName },
  { header: "department", value: (l) => l.departmentName ?? "Unassigned" },
  { header: "adopted", value: (l) => centsToDecimal(l.adoptedCents) },
  { header: "amended", value: (l) => centsToDecimal(l.amendedCents) },
  { header: "actual", value: (l) => centsToDecimal(l.actualCents) },
  { header: "execution_percent", value: (l) => l.executionPercent },
];

export const WORKFORCE_GOAL_COLUMNS: CsvTable<FocusWorkforceGoal> = [
  { header: "name", value: (g) => g.name },
  { header: "metric", value: (g) => g.metricLabel },
  { header: "department", value: (g) => g.departmentName ?? "Organization-wide" },
  { header: "unit", value: (g) => g.unit },
  { header: "direction", value: (g) => g.direction },
  { header: "baseline", value: (g) => g.baseline },
  { header: "target", value: (g) => g.target },
  { header: "latest_period", value: (g) => g.latest?.periodLabel },
  { header: "latest_value", value: (g) => g.latest?.value },
  { header: "against_target", value: (g) => TARGET_STATE_LABELS[g.comparison.state] },
  { header: "status", value: (g) => OBJECTIVE_STATUS_LABELS[g.status] },
  { header: "stale", value: (g) => (g.stale ? "yes" : "no") },
  { header: "practices", value: (g) => g.practiceNumbers.join("; ") },
];

/** One table of a focus view as a CSV file; 404 for a table the caller's view does not have (an
 * unknown name, or a part their role may not read, which the page does not show either). */
export function focusTableCsv(nameParts: readonly (string | number | null | undefined)[], focus: PracticeFocus, table: string | null): CsvFile {
  if (!isFocusTable(table)) notFound("There is no such table on this page.");
  const name = [...nameParts, table];
  const { plan, budget, workforceGoals } = focus;
  switch (table) {
    case "objectives":
      if (!plan) notFound("There is no such table on this page.");
      return csvFile(name, OBJECTIVE_COLUMNS, plan.objectives);
    case "measures":
      if (!plan) notFound("There is no such table on this page.");
      return csvFile(name, MEASURE_COLUMNS, plan.measures);
    case "workforce-goals":
      if (!workforceGoals) notFound("There is no such table on this page.");
      return csvFile(name, WORKFORCE_GOAL_COLUMNS, workforceGoals);
  }
  if (!budget) notFound("There is no such table on this page.");
  switch (table) {
    case "budget-by-practice":
      // Shown only on pages about several practices.
      if (focus.practices.length <= 1) notFound("There is no such table on this page.");
      return csvFile(name, budgetTotalsColumns("practice"), budget.byPractice);
    case "budget-by-department":
      return csvFile(name, budgetTotalsColumns("department"), [...budget.byDepartment, budget.total]);
    case "budget-by-category":
      return csvFile(name, budgetTotalsColumns("category"), [...budget.byCategory, budget.total]);
    case "budget-by-program":
      return csvFile(name, budgetTotalsColumns("program"), budget.byProgram);
    case "budget-top-lines":
      return csvFile(name, TOP_LINE_COLUMNS, budget.topLines);
  }
}
