// Everything linked to a few practices (service delivery: 9 and 10; equity: 3; staff
// effectiveness: 4, 5 and 13; a practice page: one) or owned by one department (its page):
// objectives with their status, measures with target against actual, the budget lines that fund
// them, and workforce goals. Each part is there only for a caller who may read it (objectives:
// plans.read; budget: budget.read; workforce goals: workforce.read), so the same service serves
// the dashboards, the practice page (every role) and the department page (staff too).
// Lists are paginated (FOCUS_PAGE_SIZE a page, whole for CSV downloads) and counted in full; all
// queries are grouped, none per row.
import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Transaction } from "#db/client.server";
import { budgetLinePractices, budgetLines, departments, measurePractices, measures, objectivePractices, objectives, plans } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { can } from "~/modules/auth/permissions";
import { requirePermission, type TenantContext } from "~/modules/auth/tenant.server";
import type { BudgetAmounts, BudgetTotalsRow } from "~/modules/budget/budget.server";
import { BUDGET_CATEGORIES, BUDGET_CATEGORY_LABELS } from "~/modules/budget/budget.schema";
import { latestMeasurements, PLAN_FRAMEWORK, practiceNumbersByItem } from "~/modules/plans/alignment.server";
import { canonicalDecimal } from "~/modules/core/decimal";
import type { MeasureDirection, ObjectiveStatus, PlanStatus, ReportingFrequency } from "~/modules/plans/plans.schema";
import { organizationToday } from "~/modules/core/today";
import { periodLabel } from "~/modules/core/periods";
import { WORKFORCE_METRIC_LABELS, type WorkforceMetric } from "~/modules/workforce/workforce.schema";
import { getWorkforceRepresentation, type WorkforceRepresentation } from "~/modules/workforce/representation.server";
import { listWorkforceGoals, type WorkforceGoalSummary } from "~/modules/workforce/workforce.server";
import { notFound } from "~/utils/http.server";
import { readAssessmentPanels, type AssessmentPanelKind, type AssessmentPanels } from "./assessments.server";
import type { DashboardQuery, ResolvedFilters } from "./filters";
import { practiceCatalog } from "./overview.server";
import { resolveDashboardScope, type DashboardScope } from "./scope.server";
import { amountsOf, budgetLinesInScope, budgetRow, budgetSumColumns, emptyStatusCounts, objectivesInScope, ZERO_ROW, type StatusCounts } from "./sums.server";
import { FOCUS_ALL_LIMIT, FOCUS_PAGE_SIZE } from "./limits";
import { compareToTarget, tallyTargets, type TargetComparison, type TargetTally } from "./target";
import { pageOf } from "~/modules/core/pagination";

export { FOCUS_PAGE_SIZE };
const PROGRAM_LIMIT = 15;
const TOP_LINES = 10;

export type FocusObjective = {
  id: string;
  code: string;
  title: string;
  status: ObjectiveStatus;
  dueDate: string | null;
  planId: string;
  planTitle: string;
  planStatus: PlanStatus;
  departmentId: string;
  departmentName: string;
  /** Every practice the objective is linked to. */
  practiceNumbers: number[];
};

export type FocusMeasure = {
  id: string;
  code: string;
  name: string;
  unit: string;
  direction: MeasureDirection;
  baseline: string | null;
  target: string | null;
  latest: { period: string; periodLabel: string; value: string } | null;
  comparison: TargetComparison;
  objectiveId: string;
  objectiveCode: string;
  objectiveTitle: string;
  objectiveStatus: ObjectiveStatus;
  departmentName: string;
  /** The practices the measure is linked to, or through its objective. */
  practiceNumbers: number[];
};

export type FocusBudgetLine = BudgetAmounts & {
  id: string;
  lineKey: string;
  title: string;
  programName: string;
  departmentName: string | null;
};

export type FocusBudget = {
  total: BudgetTotalsRow;
  /** Each focus practice with the lines linked to it in any way (a line linked to two practices
   * counts under both: rows may add up to more than the total). Without focus practices: every
   * practice. */
  byPractice: BudgetTotalsRow[];
  byDepartment: BudgetTotalsRow[];
  byCategory: BudgetTotalsRow[];
  /** The programs with the largest amended budget (at most 15), and how many there are. */
  byProgram: BudgetTotalsRow[];
  programCount: number;
  /** The lines with the largest amended budget (at most 10). */
  topLines: FocusBudgetLine[];
};

export type FocusWorkforceGoal = {
  id: string;
  name: string;
  metric: WorkforceMetric;
  metricLabel: string;
  departmentName: string | null;
  unit: string;
  direction: MeasureDirection;
  baseline: string | null;
  target: string | null;
  latest: { period: string; periodLabel: string; value: string } | null;
  comparison: TargetComparison;
  status: ObjectiveStatus;
  stale: boolean;
  practiceNumbers: number[];
};

export type PlanFocus = {
  objectiveCount: number;
  statusCounts: StatusCounts;
  /** One page of them by plan and code (every one for a CSV download). */
  objectives: FocusObjective[];
  measureCount: number;
  targets: TargetTally;
  measures: FocusMeasure[];
  /** The pages listed (from 1) and their size. */
  objectivesPage: number;
  measuresPage: number;
  pageSize: number;
};

/** Which page of the objective and measure lists to load: raw page numbers from the address, or
 * every item (CSV downloads); `objectives: false` when the page does not list objectives. */
export type FocusListing = { objectivesPage?: string | null; measuresPage?: string | null; all?: boolean; objectives?: boolean };

function pageNumber(raw: string | null | undefined, count: number, size: number): number {
  return pageOf(count, raw, size).page;
}

export type PracticeFocus = {
  practices: { number: number; name: string }[];
  /** Null: the caller may not read plans. */
  plan: PlanFocus | null;
  /** Null: the caller may not read the budget. */
  budget: FocusBudget | null;
  /** Null: the caller may not read workforce goals. */
  workforceGoals: FocusWorkforceGoal[] | null;
};

// ---------------------------------------------------------------------------------------------

const numberList = (numbers: number[]) => sql.join(numbers.map((n) => sql`${n}`), sql`, `);

function objectiveLinkedTo(numbers: number[]): SQL {
  return sql`exists (select 1 from ${objectivePractices} op where op.org_id = ${objectives.orgId} and op.objective_id = ${objectives.id}
    and op.framework_code = ${PLAN_FRAMEWORK} and op.practice_number in (${numberList(numbers)}))`;
}

function measureLinkedTo(numbers: number[]): SQL {
  return sql`exists (select 1 from ${measurePractices} mp where mp.org_id = ${measures.orgId} and mp.measure_id = ${measures.id}
    and mp.framework_code = ${PLAN_FRAMEWORK} and mp.practice_number in (${numberList(numbers)}))`;
}

function lineLinkedTo(numbers: number[]): SQL {
  return sql`exists (select 1 from ${budgetLinePractices} bp where bp.org_id = ${budgetLines.orgId} and bp.budget_line_id = ${budgetLines.id}
    and bp.framework_code = ${PLAN_FRAMEWORK} and bp.practice_number in (${numberList(numbers)}))`;
}

async function loadPlanFocus(tx: Transaction, scope: DashboardScope, numbers: number[] | null, listing: FocusListing): Promise<PlanFocus> {
  const pageSize = listing.all ? FOCUS_ALL_LIMIT : FOCUS_PAGE_SIZE;
  const empty: PlanFocus = {
    objectiveCount: 0,
    statusCounts: emptyStatusCounts(),
    objectives: [],
    measureCount: 0,
    targets: tallyTargets([]),
    measures: [],
    objectivesPage: 1,
    measuresPage: 1,
    pageSize,
  };
  if (scope.planIds.length === 0) return empty;
  const objectiveWhere = and(objectivesInScope(scope), numbers ? objectiveLinkedTo(numbers) : undefined)!;
  const counts = await tx
    .select({ status: objectives.status, n: sql<number>`count(*)::int` })
    .from(objectives)
    .where(objectiveWhere)
    .groupBy(objectives.status);
  const statusCounts = emptyStatusCounts();
  for (const c of counts) statusCounts[c.status] += Number(c.n);
  const objectiveCount = counts.reduce((n, c) => n + Number(c.n), 0);
  const objectivesPage = listing.all ? 1 : pageNumber(listing.objectivesPage, objectiveCount, pageSize);
  const objectiveRows =
    listing.objectives === false || objectiveCount === 0
      ? []
      : await tx
    .select({
      id: objectives.id,
      code: objectives.code,
      title: objectives.title,
      status: objectives.status,
      dueDate: objectives.dueDate,
      planId: plans.id,
      planTitle: plans.title,
      planStatus: plans.status,
      departmentId: departments.id,
      departmentName: departments.name,
    })
    .from(objectives)
    .innerJoin(plans, and(eq(plans.orgId, objectives.orgId), eq(plans.id, objectives.planId)))
    .innerJoin(departments, and(eq(departments.orgId, objectives.orgId), eq(departments.id, objectives.ownerDepartmentId)))
    .where(objectiveWhere)
    .orderBy(asc(plans.title), asc(objectives.code), asc(objectives.id))
    .limit(pageSize)
    .offset((objectivesPage - 1) * pageSize);

  // Measures linked to a focus practice, and the measures of objectives linked to one.
  const measureWhere = and(objectivesInScope(scope), numbers ? sql`(${measureLinkedTo(numbers)} or ${objectiveLinkedTo(numbers)})` : undefined)!;
  const measureColumns = {
    id: measures.id,
    code: measures.code,
    name: measures.name,
    unit: measures.unit,
    direction: measures.direction,
    baseline: measures.baseline,
    target: measures.target,
    reportingFrequency: measures.reportingFrequency,
    objectiveId: objectives.id,
    objectiveCode: objectives.code,
    objectiveTitle: objectives.title,
    objectiveStatus: objectives.status,
    departmentName: departments.name,
  };
  const [measureTotal] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(measures)
    .innerJoin(objectives, and(eq(objectives.orgId, measures.orgId), eq(objectives.id, measures.objectiveId)))
    .where(measureWhere);
  const measureCount = Number(measureTotal?.n ?? 0);
  const measuresPage = listing.all ? 1 : pageNumber(listing.measuresPage, measureCount, pageSize);
  const measureRows = await tx
    .select(measureColumns)
    .from(measures)
    .innerJoin(objectives, and(eq(objectives.orgId, measures.orgId), eq(objectives.id, measures.objectiveId)))
    .innerJoin(departments, and(eq(departments.orgId, objectives.orgId), eq(departments.id, objectives.ownerDepartmentId)))
    .where(measureWhere)
    .orderBy(asc(objectives.code), asc(measures.position), asc(measures.code), asc(measures.id))
    .limit(pageSize)
    .offset((measuresPage - 1) * pageSize);
  const measureIds = measureRows.map((m) => m.id);
  const latest = await latestMeasurements(tx, scope.orgId, measureIds);
  const measureLinks = await practiceNumbersByItem(tx, scope.orgId, "measure", measureIds);
  // The links of the listed objectives and of the listed measures' objectives, in one read.
  const objectiveLinks = await practiceNumbersByItem(tx, scope.orgId, "objective", [...new Set([...objectiveRows.map((o) => o.id), ...measureRows.map((m) => m.objectiveId)])]);
  const parentLinks = objectiveLinks;

  const focusMeasures: FocusMeasure[] = measureRows.map((m) => {
    const last = latest.get(m.id) ?? null;
    const value = last ? canonicalDecimal(last.value) : null;
    const baseline = canonicalDecimal(m.baseline);
    const target = canonicalDecimal(m.target);
    const linked = new Set([...(measureLinks.get(m.id) ?? []), ...(parentLinks.get(m.objectiveId) ?? [])]);
    return {
      id: m.id,
      code: m.code,
      name: m.name,
      unit: m.unit,
      direction: m.direction,
      baseline,
      target,
      latest: last ? { period: last.period, periodLabel: periodLabel(last.period, m.reportingFrequency as ReportingFrequency, scope.fyStartMonth), value: value! } : null,
      comparison: compareToTarget({ direction: m.direction, baseline, target, latest: value }),
      objectiveId: m.objectiveId,
      objectiveCode: m.objectiveCode,
      objectiveTitle: m.objectiveTitle,
      objectiveStatus: m.objectiveStatus,
      departmentName: m.departmentName,
      practiceNumbers: [...linked].sort((a, b) => a - b),
    };
  });
  // The tally is over every measure in scope, not only the listed ones: the rest are counted
  // from one more grouped pass only when the list was cut.
  const targets = measureCount > measureRows.length ? await tallyAll(tx, scope, measureWhere) : tallyTargets(focusMeasures.map((m) => m.comparison));

  return {
    objectiveCount,
    statusCounts,
    objectives: objectiveRows.map((o) => ({ ...o, practiceNumbers: [...(objectiveLinks.get(o.id) ?? [])].sort((a, b) => a - b) })),
    measureCount,
    targets,
    measures: focusMeasures,
    objectivesPage,
    measuresPage,
    pageSize,
  };
}

/** Target tally of every measure matching `where` (latest value per measure in SQL). */
async function tallyAll(tx: Transaction, scope: DashboardScope, where: SQL): Promise<TargetTally> {
  const rows = await tx
    .select({
      direction: measures.direction,
      baseline: measures.baseline,
      target: measures.target,
      latest: sql<string | null>`(select m2.value::text from measurements m2 where m2.org_id = ${measures.orgId} and m2.measure_id = ${measures.id} order by m2.period desc limit 1)`,
    })
    .from(measures)
    .innerJoin(objectives, and(eq(objectives.orgId, measures.orgId), eq(objectives.id, measures.objectiveId)))
    .where(and(eq(measures.orgId, scope.orgId), where));
  return tallyTargets(
    rows.map((r) =>
      compareToTarget({
        direction: r.direction,
        baseline: canonicalDecimal(r.baseline),
        target: canonicalDecimal(r.target),
        latest: canonicalDecimal(r.latest),
      }),
    ),
  );
}

async function loadBudgetFocus(
  tx: Transaction,
  scope: DashboardScope,
  numbers: number[] | null,
  catalog: Map<number, string>,
): Promise<FocusBudget> {
  const where = and(budgetLinesInScope(scope), numbers ? lineLinkedTo(numbers) : undefined)!;
  // The total, by department and by category in one pass (grouping sets; the join to departments
  // finds at most one row per line, so it changes no sum).
  const sets = await tx
    .select({
      set: sql<number>`grouping(${budgetLines.departmentId}, ${budgetLines.category})::int`,
      id: budgetLines.departmentId,
      name: departments.name,
      category: budgetLines.category,
      ...budgetSumColumns,
    })
    .from(budgetLines)
    .leftJoin(departments, and(eq(departments.orgId, budgetLines.orgId), eq(departments.id, budgetLines.departmentId)))
    .where(where)
    .groupBy(sql`grouping sets ((), (${budgetLines.departmentId}, ${departments.name}), (${budgetLines.category}))`);
  const all = sets.find((r) => Number(r.set) === 3);
  const departmentRows = sets.filter((r) => Number(r.set) === 1);
  const categoryRows = sets.filter((r) => Number(r.set) === 2);
  const linked = tx
    .selectDistinct({ lineId: budgetLinePractices.budgetLineId, practiceNumber: budgetLinePractices.practiceNumber })
    .from(budgetLinePractices)
    .where(
      and(
        eq(budgetLinePractices.orgId, scope.orgId),
        eq(budgetLinePractices.frameworkCode, PLAN_FRAMEWORK),
        numbers ? inArray(budgetLinePractices.practiceNumber, numbers) : undefined,
      ),
    )
    .as("linked");
  const practiceRows = await tx
    .select({ practiceNumber: linked.practiceNumber, ...budgetSumColumns })
    .from(budgetLines)
    .innerJoin(linked, eq(linked.lineId, budgetLines.id))
    .where(where)
    .groupBy(linked.practiceNumber)
    .orderBy(asc(linked.practiceNumber));
  const programRows = await tx
    // count(*) over (): the number of programs before the limit (a program per code; codes are never null).
    .select({ code: budgetLines.programCode, name: sql<string>`min(${budgetLines.programName})`, programs: sql<number>`(count(*) over ())::int`, ...budgetSumColumns })
    .from(budgetLines)
    .where(where)
    .groupBy(budgetLines.programCode)
    .orderBy(desc(sql`sum(${budgetLines.amendedCents})`), asc(budgetLines.programCode))
    .limit(PROGRAM_LIMIT);
  const lineRows = await tx
    .select({ line: budgetLines, departmentName: departments.name })
    .from(budgetLines)
    .leftJoin(departments, and(eq(departments.orgId, budgetLines.orgId), eq(departments.id, budgetLines.departmentId)))
    .where(where)
    .orderBy(desc(budgetLines.amendedCents), asc(budgetLines.lineKey))
    .limit(TOP_LINES);
  const byCategory = new Map(categoryRows.map((c) => [c.category, c]));
  return {
    total: budgetRow("total", "Total", all ?? ZERO_ROW),
    byPractice: practiceRows.map((r) => budgetRow(String(r.practiceNumber), `${r.practiceNumber}. ${catalog.get(r.practiceNumber) ?? `Practice ${r.practiceNumber}`}`, r)),
    byDepartment: departmentRows
      .map((r) => budgetRow(r.id ?? "unassigned", r.name ?? "Unassigned", r))
      .sort((a, b) => Number(a.key === "unassigned") - Number(b.key === "unassigned") || a.label.localeCompare(b.label)),
    byCategory: BUDGET_CATEGORIES.filter((c) => byCategory.has(c)).map((c) => budgetRow(c, BUDGET_CATEGORY_LABELS[c], byCategory.get(c)!)),
    byProgram: programRows.map((r) => budgetRow(r.code || "none", r.code ? (r.name ? `${r.code} — ${r.name}` : r.code) : "No program", r)),
    programCount: Number(programRows[0]?.programs ?? 0),
    topLines: lineRows.map(({ line, departmentName }) => ({
      id: line.id,
      lineKey: line.lineKey,
      title: line.accountName || line.description || line.programName || line.lineKey,
      programName: line.programName,
      departmentName,
      ...amountsOf({
        adopted: line.adoptedCents.toString(),
        amended: line.amendedCents.toString(),
        actual: line.actualCents.toString(),
        encumbered: line.encumberedCents.toString(),
      }),
    })),
  };
}

function focusGoal(g: WorkforceGoalSummary): FocusWorkforceGoal {
  return {
    id: g.id,
    name: g.name,
    metric: g.metric,
    metricLabel: g.metricLabel,
    departmentName: g.department?.name ?? null,
    unit: g.unit,
    direction: g.direction,
    baseline: g.baseline,
    target: g.target,
    latest: g.latest,
    comparison: compareToTarget({ direction: g.direction, baseline: g.baseline, target: g.target, latest: g.latest?.value ?? null }),
    status: g.status,
    stale: g.stale,
    practiceNumbers: [...new Set(g.links.map((l) => l.practiceNumber))].sort((a, b) => a - b),
  };
}

/** The workforce goals in scope (a chosen department and its sub-departments; else all, the
 * organization-wide ones included) that pass `keep`. Null when the caller may not read them. */
async function workforceGoalsInScope(
  ctx: TenantContext,
  scope: DashboardScope,
  today: string,
  keep: (g: WorkforceGoalSummary) => boolean,
): Promise<FocusWorkforceGoal[] | null> {
  if (!can(ctx.role, "workforce.read")) return null;
  const { goals } = await listWorkforceGoals(ctx, { today });
  const departmentsInScope = scope.departmentIds ? new Set(scope.departmentIds) : null;
  return goals
    .filter((g) => (departmentsInScope ? g.department !== null && departmentsInScope.has(g.department.id) : true) && keep(g))
    .map(focusGoal);
}

async function focusIn(
  ctx: TenantContext,
  query: DashboardQuery,
  numbers: number[] | null,
  today: string,
  listing: FocusListing,
  keepGoal?: (g: WorkforceGoalSummary) => boolean,
  assessmentPanels?: { panels: AssessmentPanelKind[]; practiceNumbers?: number[] },
): Promise<ResolvedFilters & { focus: PracticeFocus; departmentIds: string[] | null; assessments: AssessmentPanels | null }> {
  // One transaction for the plan, budget and assessment parts (the workforce goals are read by
  // their own service).
  const { resolved, scope, plan, budget, practiceList, assessments } = await withTenant(ctx, async (tx) => {
    const { resolved, scope } = await resolveDashboardScope(tx, ctx, query, today);
    const catalog = await practiceCatalog(tx);
    const names = new Map(catalog.map((p) => [p.number, p.name]));
    return {
      resolved,
      scope,
      practiceList: numbers ? numbers.map((n) => ({ number: n, name: names.get(n) ?? `Practice ${n}` })) : [],
      plan: can(ctx.role, "plans.read") ? await loadPlanFocus(tx, scope, numbers, { objectivesPage: query.objectivesPage, measuresPage: query.measuresPage, ...listing }) : null,
      budget: can(ctx.role, "budget.read") ? await loadBudgetFocus(tx, scope, numbers, names) : null,
      assessments: assessmentPanels
        ? await readAssessmentPanels(tx, ctx, { filters: resolved.filters, departmentIds: scope.departmentIds, ...assessmentPanels })
        : null,
    };
  });
  const wanted = numbers ? new Set(numbers) : null;
  const workforceGoals = await workforceGoalsInScope(
    ctx,
    scope,
    today,
    keepGoal ?? ((g) => (wanted ? g.links.some((l) => wanted.has(l.practiceNumber)) : true)),
  );
  return { ...resolved, focus: { practices: practiceList, plan, budget, workforceGoals }, departmentIds: scope.departmentIds, assessments };
}

// ---------------------------------------------------------------------------------------------
// The pages

export const SERVICE_DELIVERY_PRACTICES = [9, 10];
export const EQUITY_PRACTICES = [3];
export const STAFF_EFFECTIVENESS_PRACTICES = [4, 5, 13];

/** Practices 9 and 10: their objectives and measures (target against actual) and spending. */
export async function getServiceDelivery(ctx: TenantContext, query: DashboardQuery, options: { today?: string; all?: boolean } = {}) {
  requirePermission(ctx, "dashboards.read");
  const { departmentIds: _d, assessments: _a, ...view } = await focusIn(ctx, query, SERVICE_DELIVERY_PRACTICES, options.today ?? organizationToday(ctx), { all: options.all });
  return view;
}

export type RepresentationView =
  | { available: false; reason: string }
  | (WorkforceRepresentation & { available: true; canEditCommunity: boolean });

export const REPRESENTATION_ADMINS_ONLY =
  "Workforce representation is shown to administrators only: it is built from the roster's organization-wide demographic counts, which only they may read.";

/** Practice 3: its objectives, measures, spending and workforce goals (linked to practice 3, or
 * on representation); the assessment cuts by group join through the assessment results service;
 * workforce representation (one demographic field, `options.category` from the address) through
 * the roster's representation service, for those who may read the roster's demographic counts. */
export async function getEquityDashboard(
  ctx: TenantContext,
  query: DashboardQuery,
  options: { today?: string; category?: string | null; all?: boolean } = {},
): Promise<ResolvedFilters & { focus: PracticeFocus; representation: RepresentationView; assessments: AssessmentPanels }> {
  requirePermission(ctx, "dashboards.read");
  const { departmentIds: _d, assessments, ...result } = await focusIn(
    ctx,
    query,
    EQUITY_PRACTICES,
    options.today ?? organizationToday(ctx),
    { all: options.all },
    (g) => g.metric === "representation" || g.links.some((l) => l.practiceNumber === 3),
    { panels: ["equity_groups", "heatmap"] },
  );
  const representation: RepresentationView = can(ctx.role, "roster.manage")
    ? { available: true, canEditCommunity: can(ctx.role, "org.settings.manage"), ...(await getWorkforceRepresentation(ctx, options.category)) }
    : { available: false, reason: REPRESENTATION_ADMINS_ONLY };
  return {
    ...result,
    representation,
    assessments: assessments!,
  };
}

/** The workforce metrics the staff-effectiveness page follows, in this order. */
export const STAFF_METRICS: WorkforceMetric[] = ["turnover_rate", "vacancy_rate", "time_to_hire_days", "training_hours_per_fte", "ethics_training_completion"];

export type WorkforceMetricGroup = { metric: WorkforceMetric; label: string; goals: FocusWorkforceGoal[] };

/** Practices 4, 5 and 13 (their plan items and spending) and the workforce metrics against their
 * goals; the trend of the assessment scores joins through the results service. */
export async function getStaffEffectiveness(
  ctx: TenantContext,
  query: DashboardQuery,
  options: { today?: string; all?: boolean } = {},
): Promise<ResolvedFilters & { focus: PracticeFocus; metrics: WorkforceMetricGroup[] | null; assessments: AssessmentPanels }> {
  requirePermission(ctx, "dashboards.read");
  const wanted = new Set(STAFF_EFFECTIVENESS_PRACTICES);
  const staffMetric = new Set<WorkforceMetric>(STAFF_METRICS);
  const { departmentIds: _d, assessments, ...result } = await focusIn(
    ctx,
    query,
    STAFF_EFFECTIVENESS_PRACTICES,
    options.today ?? organizationToday(ctx),
    { all: options.all },
    (g) => staffMetric.has(g.metric) || g.links.some((l) => wanted.has(l.practiceNumber)),
    { panels: ["trend", "heatmap", "participation"], practiceNumbers: STAFF_EFFECTIVENESS_PRACTICES },
  );
  const goals = result.focus.workforceGoals;
  const metrics = goals
    ? STAFF_METRICS.map((metric) => ({ metric, label: WORKFORCE_METRIC_LABELS[metric], goals: goals.filter((g) => g.metric === metric) }))
    : null;
  return { ...result, metrics, assessments: assessments! };
}

/** One practice's page: the progress of what is linked to it, its budget and workforce goals
 * (each part only for a caller who may read it). */
export async function getPracticeDashboard(
  ctx: TenantContext,
  practiceNumber: number,
  query: Pick<DashboardQuery, "fy" | "measuresPage">,
  options: { today?: string; all?: boolean } = {},
): Promise<ResolvedFilters & { focus: PracticeFocus }> {
  requirePermission(ctx, "catalog.read");
  if (!Number.isInteger(practiceNumber) || practiceNumber < 1 || practiceNumber > 99) notFound("There is no practice with that number.");
  const { departmentIds: _d, assessments: _a, ...view } = await focusIn(ctx, { fy: query.fy, measuresPage: query.measuresPage }, [practiceNumber], options.today ?? organizationToday(ctx), {
    all: options.all,
    // The practice page lists its objectives from the plans (linked items), not here.
    objectives: false,
  });
  return view;
}

/** One department's page (its sub-departments included): objectives, measures, budget and
 * workforce goals, each for a caller who may read it. 404 for a department of another organization. */
export async function getDepartmentDashboard(
  ctx: TenantContext,
  departmentId: string,
  query: Pick<DashboardQuery, "fy" | "plan" | "objectivesPage" | "measuresPage">,
  options: { today?: string; all?: boolean } = {},
): Promise<ResolvedFilters & { focus: PracticeFocus }> {
  requirePermission(ctx, "departments.read");
  const { departmentIds: _d, assessments: _a, ...view } = await focusIn(
    ctx,
    { fy: query.fy, plan: query.plan, department: departmentId, objectivesPage: query.objectivesPage, measuresPage: query.measuresPage },
    null,
    options.today ?? organizationToday(ctx),
    { all: options.all },
  );
  return view;
}
