// Pieces of SQL shared by the dashboard services: money summed as bigint in the database and
// carried as cents strings, objective status counts, and the filters of a DashboardScope.
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { budgetLines, objectives } from "#db/schema";
import type { BudgetAmounts, BudgetTotalsRow } from "~/modules/budget/budget.server";
import { executionPercent } from "~/modules/budget/money";
import { OBJECTIVE_STATUSES, type ObjectiveStatus } from "~/modules/plans/plans.schema";
import type { DashboardScope } from "./scope.server";

export type StatusCounts = Record<ObjectiveStatus, number>;

export const emptyStatusCounts = (): StatusCounts => Object.fromEntries(OBJECTIVE_STATUSES.map((s) => [s, 0])) as StatusCounts;

export const budgetSumColumns = {
  lines: sql<number>`count(*)::int`,
  adopted: sql<string>`coalesce(sum(${budgetLines.adoptedCents}), 0)::text`,
  amended: sql<string>`coalesce(sum(${budgetLines.amendedCents}), 0)::text`,
  actual: sql<string>`coalesce(sum(${budgetLines.actualCents}), 0)::text`,
  encumbered: sql<string>`coalesce(sum(${budgetLines.encumberedCents}), 0)::text`,
};

type SumRow = { lines: number; adopted: string; amended: string; actual: string; encumbered: string };

export function amountsOf(r: Omit<SumRow, "lines">): BudgetAmounts {
  return {
    adoptedCents: r.adopted,
    amendedCents: r.amended,
    actualCents: r.actual,
    encumberedCents: r.encumbered,
    executionPercent: executionPercent(BigInt(r.actual), BigInt(r.amended)),
  };
}

export function budgetRow(key: string, label: string, r: SumRow): BudgetTotalsRow {
  return { key, label, lines: Number(r.lines), ...amountsOf(r) };
}

export const ZERO_ROW: SumRow = { lines: 0, adopted: "0", amended: "0", actual: "0", encumbered: "0" };

/** The scope's budget lines: its fiscal year, and its departments when one is chosen. */
export function budgetLinesInScope(scope: DashboardScope): SQL {
  return and(
    eq(budgetLines.orgId, scope.orgId),
    eq(budgetLines.fiscalYear, scope.fiscalYear),
    scope.departmentIds ? inArray(budgetLines.departmentId, scope.departmentIds) : undefined,
  )!;
}

/** The scope's objectives: in its plans, owned by its departments when one is chosen. The caller
 * returns early when the scope has no plan (an empty IN list). */
export function objectivesInScope(scope: DashboardScope): SQL {
  return and(
    eq(objectives.orgId, scope.orgId),
    inArray(objectives.planId, scope.planIds),
    scope.departmentIds ? inArray(objectives.ownerDepartmentId, scope.departmentIds) : undefined,
  )!;
}

/**
 * Orders rows by execution (actual ÷ amended), lowest first, comparing the exact fractions
 * (a·d against c·b, amended always positive here), never the rounded percentages.
 */
export function byExecutionAscending(a: BudgetAmounts, b: BudgetAmounts): number {
  const left = BigInt(a.actualCents) * BigInt(b.amendedCents);
  const right = BigInt(b.actualCents) * BigInt(a.amendedCents);
  return left < right ? -1 : left > right ? 1 : 0;
}
