// The overview's tables as CSV files: made from the same service call as the page, with the same
// filters from the address, so a file holds exactly the numbers of the table (and chart) it is
// downloaded from. Money as decimal dollars, computed from the cents.
import type { TenantContext } from "~/modules/auth/tenant.server";
import type { BudgetTotalsRow } from "~/modules/budget/budget.server";
import { centsToDecimal } from "~/modules/budget/money";
import { csvFile, type CsvFile, type CsvTable } from "~/modules/exports/csv.server";
import { OBJECTIVE_STATUSES } from "~/modules/plans/plans.schema";
import { notFound } from "~/utils/http.server";
import type { DashboardQuery } from "./filters";
import { assessmentTableCsv, isAssessmentTable } from "./assessment-csv.server";
import { focusTableCsv, WORKFORCE_GOAL_COLUMNS } from "./focus-csv.server";
import { getServiceDelivery, getStaffEffectiveness, getEquityDashboard } from "./focus.server";
import { getOrganizationOverview } from "./overview.server";
import type { StatusCounts } from "./sums.server";

export const OVERVIEW_TABLES = ["objectives-by-practice", "objectives-by-department", "budget-by-department", "budget-by-practice"] as const;
export type OverviewTable = (typeof OVERVIEW_TABLES)[number];

type StatusRow = { group: string; counts: StatusCounts; total: number };

const statusColumns = (first: string): CsvTable<StatusRow> => [
  { header: first, value: (r) => r.group },
  ...OBJECTIVE_STATUSES.map((s) => ({ header: s, value: (r: StatusRow) => r.counts[s] })),
  { header: "objectives", value: (r) => r.total },
];

const budgetColumns = (first: string): CsvTable<BudgetTotalsRow> => [
  { header: first, value: (r) => r.label },
  { header: "lines", value: (r) => r.lines },
  { header: "adopted", value: (r) => centsToDecimal(r.adoptedCents) },
  { header: "amended", value: (r) => centsToDecimal(r.amendedCents) },
  { header: "actual", value: (r) => centsToDecimal(r.actualCents) },
  { header: "execution_percent", value: (r) => r.executionPercent },
];

export function isOverviewTable(value: unknown): value is OverviewTable {
  return typeof value === "string" && (OVERVIEW_TABLES as readonly string[]).includes(value);
}

export async function overviewCsv(ctx: TenantContext, table: string | null, query: DashboardQuery): Promise<CsvFile> {
  if (isAssessmentTable(table)) {
    const v = await getOrganizationOverview(ctx, query);
    return assessmentTableCsv([ctx.orgSlug, "overview"], v.assessments, table);
  }
  if (!isOverviewTable(table)) notFound("There is no such table on the overview.");
  const v = await getOrganizationOverview(ctx, query);
  const name = [ctx.orgSlug, "overview", table, `fy${v.filters.fiscalYear}`];
  switch (table) {
    case "objectives-by-practice":
      return csvFile(
        name,
        statusColumns("practice"),
        v.planProgress.byPractice.filter((p) => p.objectiveCount > 0).map((p) => ({ group: `${p.practiceNumber}. ${p.practiceName}`, counts: p.statusCounts, total: p.objectiveCount })),
      );
    case "objectives-by-department":
      return csvFile(
        name,
        statusColumns("department"),
        v.planProgress.byDepartment.map((d) => ({ group: d.departmentName, counts: d.statusCounts, total: d.objectiveCount })),
      );
    case "budget-by-department":
      return csvFile(name, budgetColumns("department"), [...v.budget.byDepartment, v.budget.total]);
    case "budget-by-practice":
      return csvFile(name, budgetColumns("primary_practice"), [...v.budget.byPrimaryPractice, v.budget.total]);
  }
}

// The service delivery, equity and staff effectiveness dashboards (?page=…): their focus tables
// (focus-csv.server.ts) from the same view and filters as the page, and the staff effectiveness
// page's workforce metrics. Workforce representation has its own CSV (representation-csv.server.ts).
export const FOCUS_PAGES = ["service-delivery", "equity", "staff-effectiveness"] as const;

export async function focusDashboardCsv(ctx: TenantContext, page: string, table: string | null, query: DashboardQuery): Promise<CsvFile> {
  if (page === "staff-effectiveness") {
    const v = await getStaffEffectiveness(ctx, query, { all: true });
    const name = [ctx.orgSlug, page, table, `fy${v.filters.fiscalYear}`];
    if (table === "workforce-metrics") {
      if (!v.metrics) notFound("There is no such table on this page.");
      return csvFile(name, WORKFORCE_GOAL_COLUMNS, v.metrics.flatMap((m) => m.goals));
    }
    // The page shows its workforce goals by metric only (the table above).
    if (table === "workforce-goals") notFound("There is no such table on this page.");
    if (isAssessmentTable(table)) return assessmentTableCsv([ctx.orgSlug, page], v.assessments, table);
    return focusTableCsv([ctx.orgSlug, page, `fy${v.filters.fiscalYear}`], v.focus, table);
  }
  if (page === "service-delivery") {
    const v = await getServiceDelivery(ctx, query, { all: true });
    return focusTableCsv([ctx.orgSlug, page, `fy${v.filters.fiscalYear}`], v.focus, table);
  }
  if (page === "equity") {
    const v = await getEquityDashboard(ctx, query, { all: true });
    if (isAssessmentTable(table)) return assessmentTableCsv([ctx.orgSlug, page], v.assessments, table);
    return focusTableCsv([ctx.orgSlug, page, `fy${v.filters.fiscalYear}`], v.focus, table);
  }
  notFound("There is no such dashboard.");
}
