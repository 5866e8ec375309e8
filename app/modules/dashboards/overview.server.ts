// The organization overview (the city manager's morning page): plan progress by status, by
// practice and by department; the budget by primary practice and by department; workforce goals;
// and what needs attention. Every figure is an aggregate of rows the caller may already read,
// computed in a bounded number of grouped queries (none per row).
import { and, asc, countDistinct, eq, sql } from "drizzle-orm";
import type { Transaction } from "#db/client.server";
import { budgetLinePractices, budgetLines, departments, objectivePractices, objectives, practices } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { can } from "~/modules/auth/permissions";
import { requirePermission, type TenantContext } from "~/modules/auth/tenant.server";
import type { BudgetTotalsRow } from "~/modules/budget/budget.server";
import { PLAN_FRAMEWORK } from "~/modules/plans/alignment.server";
import type { ObjectiveStatus } from "~/modules/plans/plans.schema";
import { staleCountsByDepartment } from "~/modules/plans/plans.server";
import { organizationToday } from "~/modules/core/today";
import { listWorkforceGoals } from "~/modules/workforce/workforce.server";
import { readAssessmentPanels, type AssessmentPanels } from "./assessments.server";
import type { DashboardQuery, ResolvedFilters } from "./filters";
import { resolveDashboardScope, type DashboardScope } from "./scope.server";
import {
  budgetLinesInScope,
  budgetRow,
  budgetSumColumns,
  byExecutionAscending,
  emptyStatusCounts,
  objectivesInScope,
  ZERO_ROW,
  type StatusCounts,
} from "./sums.server";
import { compareToTarget, tallyTargets, type TargetTally } from "./target";

export type PracticeStatusRow = { practiceNumber: number; practiceName: string; objectiveCount: number; statusCounts: StatusCounts };
export type DepartmentStatusRow = { departmentId: string; departmentName: string; objectiveCount: number; statusCounts: StatusCounts };

export type PlanProgress = {
  objectiveCount: number;
  statusCounts: StatusCounts;
  /** All 14 practices, in order; an objective linked to several practices counts under each. */
  byPractice: PracticeStatusRow[];
  /** Objectives linked to no practice. */
  notLinkedCount: number;
  /** Departments that own objectives in scope, by name. */
  byDepartment: DepartmentStatusRow[];
  /** Stale objectives and measures of adopted plans in scope (a chosen draft plan has none). */
  staleObjectiveCount: number;
  staleMeasureCount: number;
};

export type BudgetOverview = {
  total: BudgetTotalsRow;
  /** By each line's primary practice, with "Not linked to a practice" last: adds up to the total. */
  byPrimaryPractice: BudgetTotalsRow[];
  /** By department (the chosen one and its sub-departments), "Unassigned" last: adds up to the total. */
  byDepartment: BudgetTotalsRow[];
};

export type WorkforceOverview = {
  goalCount: number;
  statusCounts: StatusCounts;
  targets: TargetTally;
  staleCount: number;
};

export type NeedsAttention = {
  /** Practices with the most off-track and at-risk objectives (at most 5, none with zero). */
  practices: { practiceNumber: number; practiceName: string; offTrack: number; atRisk: number }[];
  /** Departments with the most off-track and at-risk objectives (at most 5). */
  departmentsLagging: { departmentId: string; departmentName: string; offTrack: number; atRisk: number }[];
  /** Departments with the most stale objectives and measures (at most 5). */
  departmentsStale: { departmentId: string; departmentName: string; staleCount: number }[];
  /** Departments with the lowest budget execution (amended budget above zero; at most 5). */
  departmentsLowExecution: { departmentId: string; departmentName: string; executionPercent: string | null; amendedCents: string; actualCents: string }[];
};

export type OrganizationOverview = ResolvedFilters & {
  planProgress: PlanProgress;
  budget: BudgetOverview;
  /** Null when the caller may not read workforce goals (elected officials). */
  workforce: WorkforceOverview | null;
  needsAttention: NeedsAttention;
  assessments: AssessmentPanels;
};

const ATTENTION_LIMIT = 5;

export async function practiceCatalog(tx: Transaction): Promise<{ number: number; name: string }[]> {
  return tx
    .select({ number: practices.number, name: practices.name })
    .from(practices)
    .where(eq(practices.frameworkCode, PLAN_FRAMEWORK))
    .orderBy(asc(practices.number));
}

export async function getOrganizationOverview(
  ctx: TenantContext,
  query: DashboardQuery,
  options: { today?: string } = {},
): Promise<OrganizationOverview> {
  requirePermission(ctx, "dashboards.read");
  const today = options.today ?? organizationToday(ctx);
  // One transaction for the plan, budget and assessment parts (the workforce goals are read by
  // their own service).
  const { resolved, scope, planProgress, budget, stale, assessments } = await withTenant(ctx, async (tx) => {
    const { resolved, scope } = await resolveDashboardScope(tx, ctx, query, today);
    const catalog = await practiceCatalog(tx);
    // Counted by the database, by department (the plans module's stale rule), not item by item.
    const stale = await staleCountsByDepartment(tx, ctx, {
      planIds: scope.planIds,
      departmentIds: scope.departmentIds,
      today,
      fiscalYearStartMonth: scope.fyStartMonth,
    });
    const parts = await planAndBudget(tx, scope, catalog);
    const assessments = await readAssessmentPanels(tx, ctx, {
      filters: resolved.filters,
      departmentIds: scope.departmentIds,
      panels: ["heatmap", "participation", "change"],
    });
    return { resolved, scope, stale, assessments, ...parts };
  });
  const progress: PlanProgress = {
    ...planProgress,
    staleObjectiveCount: stale.reduce((n, d) => n + d.staleObjectiveCount, 0),
    staleMeasureCount: stale.reduce((n, d) => n + d.staleMeasureCount, 0),
  };

  const workforce = can(ctx.role, "workforce.read") ? await workforceOverview(ctx, scope, today) : null;

  const departmentNames = new Map(resolved.choices.departments.map((d) => [d.id, d.name]));
  const staleByDepartment = stale.map((d) => ({
    departmentId: d.departmentId,
    departmentName: departmentNames.get(d.departmentId) ?? "",
    staleCount: d.staleObjectiveCount + d.staleMeasureCount,
  }));
  const lagging = (c: StatusCounts) => c.off_track + c.at_risk;
  const needsAttention: NeedsAttention = {
    practices: progress.byPractice
      .filter((p) => lagging(p.statusCounts) > 0)
      .sort((a, b) => lagging(b.statusCounts) - lagging(a.statusCounts) || b.statusCounts.off_track - a.statusCounts.off_track || a.practiceNumber - b.practiceNumber)
      .slice(0, ATTENTION_LIMIT)
      .map((p) => ({ practiceNumber: p.practiceNumber, practiceName: p.practiceName, offTrack: p.statusCounts.off_track, atRisk: p.statusCounts.at_risk })),
    departmentsLagging: progress.byDepartment
      .filter((d) => lagging(d.statusCounts) > 0)
      .sort((a, b) => lagging(b.statusCounts) - lagging(a.statusCounts) || b.statusCounts.off_track - a.statusCounts.off_track || a.departmentName.localeCompare(b.departmentName))
      .slice(0, ATTENTION_LIMIT)
      .map((d) => ({ departmentId: d.departmentId, departmentName: d.departmentName, offTrack: d.statusCounts.off_track, atRisk: d.statusCounts.at_risk })),
    departmentsStale: staleByDepartment
      .sort((a, b) => b.staleCount - a.staleCount || a.departmentName.localeCompare(b.departmentName))
      .slice(0, ATTENTION_LIMIT),
    departmentsLowExecution: budget.byDepartment
      .filter((d) => d.key !== "unassigned" && BigInt(d.amendedCents) > 0n)
      .sort((a, b) => byExecutionAscending(a, b) || a.label.localeCompare(b.label))
      .slice(0, ATTENTION_LIMIT)
      .map((d) => ({ departmentId: d.key, departmentName: d.label, executionPercent: d.executionPercent, amendedCents: d.amendedCents, actualCents: d.actualCents })),
  };

  return {
    ...resolved,
    planProgress: progress,
    budget,
    workforce,
    needsAttention,
    assessments,
  };
}

async function planAndBudget(
  tx: Transaction,
  scope: DashboardScope,
  catalog: { number: number; name: string }[],
): Promise<{ planProgress: Omit<PlanProgress, "staleObjectiveCount" | "staleMeasureCount">; budget: BudgetOverview }> {
  const statusCounts = emptyStatusCounts();
  const practiceCounts = new Map<number, { total: number; counts: StatusCounts }>();
  const departmentCounts = new Map<string, DepartmentStatusRow>();
  let objectiveCount = 0;
  let notLinkedCount = 0;
  if (scope.planIds.length > 0) {
    const inScope = objectivesInScope(scope);
    const byDepartment = await tx
      .select({ departmentId: objectives.ownerDepartmentId, departmentName: departments.name, status: objectives.status, n: sql<number>`count(*)::int` })
      .from(objectives)
      .innerJoin(departments, and(eq(departments.orgId, objectives.orgId), eq(departments.id, objectives.ownerDepartmentId)))
      .where(inScope)
      .groupBy(objectives.ownerDepartmentId, departments.name, objectives.status);
    for (const r of byDepartment) {
      const n = Number(r.n);
      statusCounts[r.status] += n;
      objectiveCount += n;
      const d = departmentCounts.get(r.departmentId) ?? { departmentId: r.departmentId, departmentName: r.departmentName, objectiveCount: 0, statusCounts: emptyStatusCounts() };
      d.objectiveCount += n;
      d.statusCounts[r.status] += n;
      departmentCounts.set(r.departmentId, d);
    }
    const byPractice = await tx
      .select({ practiceNumber: objectivePractices.practiceNumber, status: objectives.status, n: countDistinct(objectives.id) })
      .from(objectivePractices)
      .innerJoin(objectives, and(eq(objectives.orgId, objectivePractices.orgId), eq(objectives.id, objectivePractices.objectiveId)))
      .where(and(eq(objectivePractices.orgId, scope.orgId), eq(objectivePractices.frameworkCode, PLAN_FRAMEWORK), inScope))
      .groupBy(objectivePractices.practiceNumber, objectives.status);
    for (const r of byPractice) {
      const p = practiceCounts.get(r.practiceNumber) ?? { total: 0, counts: emptyStatusCounts() };
      p.total += Number(r.n);
      p.counts[r.status as ObjectiveStatus] += Number(r.n);
      practiceCounts.set(r.practiceNumber, p);
    }
    const [linked] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(objectives)
      .where(
        and(
          inScope,
          sql`not exists (select 1 from ${objectivePractices} op where op.org_id = ${objectives.orgId} and op.objective_id = ${objectives.id} and op.framework_code = ${PLAN_FRAMEWORK})`,
        ),
      );
    notLinkedCount = Number(linked?.n ?? 0);
  }

  const lines = budgetLinesInScope(scope);
  // The total and the departments' sums in one pass (grouping sets; the join to departments finds
  // at most one row per line, so it changes no sum).
  const sums = await tx
    .select({ set: sql<number>`grouping(${budgetLines.departmentId})::int`, id: budgetLines.departmentId, name: departments.name, ...budgetSumColumns })
    .from(budgetLines)
    .leftJoin(departments, and(eq(departments.orgId, budgetLines.orgId), eq(departments.id, budgetLines.departmentId)))
    .where(lines)
    .groupBy(sql`grouping sets ((), (${budgetLines.departmentId}, ${departments.name}))`);
  const all = sums.find((r) => Number(r.set) === 1);
  const byDepartmentRows = sums.filter((r) => Number(r.set) === 0);
  const byPracticeRows = await tx
    .select({ practiceNumber: budgetLinePractices.practiceNumber, ...budgetSumColumns })
    .from(budgetLines)
    .leftJoin(
      budgetLinePractices,
      and(
        eq(budgetLinePractices.orgId, budgetLines.orgId),
        eq(budgetLinePractices.budgetLineId, budgetLines.id),
        eq(budgetLinePractices.frameworkCode, PLAN_FRAMEWORK),
        eq(budgetLinePractices.isPrimary, true),
      ),
    )
    .where(lines)
    .groupBy(budgetLinePractices.practiceNumber);
  const names = new Map(catalog.map((p) => [p.number, p.name]));

  return {
    planProgress: {
      objectiveCount,
      statusCounts,
      byPractice: catalog.map((p) => ({
        practiceNumber: p.number,
        practiceName: p.name,
        objectiveCount: practiceCounts.get(p.number)?.total ?? 0,
        statusCounts: practiceCounts.get(p.number)?.counts ?? emptyStatusCounts(),
      })),
      notLinkedCount,
      byDepartment: [...departmentCounts.values()].sort((a, b) => a.departmentName.localeCompare(b.departmentName)),
    },
    budget: {
      total: budgetRow("total", "Total", all ?? ZERO_ROW),
      byPrimaryPractice: byPracticeRows
        .map((r) =>
          r.practiceNumber === null
            ? budgetRow("none", "Not linked to a practice", r)
            : budgetRow(String(r.practiceNumber), `${r.practiceNumber}. ${names.get(r.practiceNumber) ?? `Practice ${r.practiceNumber}`}`, r),
        )
        .sort((a, b) => (a.key === "none" ? 1 : b.key === "none" ? -1 : Number(a.key) - Number(b.key))),
      byDepartment: byDepartmentRows
        .map((r) => budgetRow(r.id ?? "unassigned", r.name ?? "Unassigned", r))
        .sort((a, b) => Number(a.key === "unassigned") - Number(b.key === "unassigned") || a.label.localeCompare(b.label)),
    },
  };
}

async function workforceOverview(ctx: TenantContext, scope: DashboardScope, today: string): Promise<WorkforceOverview> {
  const { goals } = await listWorkforceGoals(ctx, { today });
  const inScope = scope.departmentIds ? new Set(scope.departmentIds) : null;
  const mine = goals.filter((g) => (inScope ? g.department !== null && inScope.has(g.department.id) : true));
  const statusCounts = emptyStatusCounts();
  for (const g of mine) statusCounts[g.status] += 1;
  return {
    goalCount: mine.length,
    statusCounts,
    targets: tallyTargets(mine.map((g) => compareToTarget({ direction: g.direction, baseline: g.baseline, target: g.target, latest: g.latest?.value ?? null }))),
    staleCount: mine.filter((g) => g.stale).length,
  };
}
