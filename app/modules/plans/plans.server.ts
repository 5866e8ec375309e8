// The strategic plan: plans, goals, objectives, measures, measurements and status updates.
// Who may see and change what is decided in scope.server.ts; every change is audited in the same
// transaction. Dates are ISO strings (YYYY-MM-DD); decimals are canonical strings ("12.5").
import { and, asc, count, desc, eq, inArray, max, sql, type SQL } from "drizzle-orm";
import type { Transaction } from "#db/client.server";
import {
  departments,
  goalPractices,
  goals,
  measurePractices,
  measurements,
  measures,
  memberships,
  objectivePractices,
  objectiveUpdates,
  objectives,
  plans,
  practices,
  users,
} from "#db/schema";
import { withTenant } from "#db/tenant.server";
import type { z } from "zod";
import { recordAudit } from "~/modules/audit/audit.server";
import { mapUniqueViolation } from "~/modules/auth/auth.server";
import { requirePermission, type TenantContext } from "~/modules/auth/tenant.server";
import { FieldErrors, notFound } from "~/utils/http.server";
import { latestMeasurements, loadLinks, PLAN_FRAMEWORK, type PracticeLink } from "./alignment.server";
import { canonicalDecimal } from "~/modules/core/decimal";
import { pageOf, type PageInfo } from "~/modules/core/pagination";
import {
  emptyStatusCounts,
  hasStaleMeasure,
  linkedToPractice,
  measureTallies,
  objectiveTallies,
  staleRule,
  sumTallies,
  type StaleRule,
} from "./plan-counts.server";
import {
  goalSchema,
  measureSchema,
  measurementSchema,
  moveSchema,
  OBJECTIVE_STATUSES,
  objectiveSchema,
  planSchema,
  planStatusSchema,
  REPORTING_FREQUENCY_LABELS,
  statusUpdateSchema,
  type GoalInput,
  type MeasureDirection,
  type MeasureInput,
  type MeasurementInput,
  type ObjectiveInput,
  type ObjectiveStatus,
  type PlanInput,
  type PlanStatus,
  type PlanTreeFilters,
  type ReportingFrequency,
  type StatusUpdateInput,
} from "./plans.schema";
import { assertNotArchived, canManagePlans, editScope, inScope, loadEditableMeasure, loadEditableObjective, loadVisibleGoal, loadVisibleMeasure, loadVisibleObjective, loadVisiblePlan, NOT_FOUND, visibleStatuses, type EditScope, type ObjectiveRow, type PlanRow } from "./scope.server";
import { fiscalYearStartMonth } from "~/modules/core/organization.server";
import { isUuid } from "~/modules/core/ids";
import { requireUuid } from "~/modules/core/ids.server";
import { addDays } from "~/modules/core/dates";
import { organizationDateOf, organizationToday } from "~/modules/core/today";
import { isPeriodStart, periodLabel, periodStart, recentPeriods } from "~/modules/core/periods";
import { describeMeasureFreshness, describeObjectiveFreshness, measureFreshness, objectiveFreshness, statusUpdateDateProblem } from "./staleness";

// ---------------------------------------------------------------------------------------------
// Types returned to the routes

export type StatusCounts = Record<ObjectiveStatus, number>;

export type PlanSummary = {
  id: string;
  title: string;
  startFiscalYear: number;
  endFiscalYear: number;
  /** "FY2026–FY2030" */
  periodLabel: string;
  status: PlanStatus;
  vision: string;
  mission: string;
  values: string;
  createdAt: Date;
  updatedAt: Date;
};

export type PlanListItem = PlanSummary & {
  goalCount: number;
  objectiveCount: number;
  measureCount: number;
  statusCounts: StatusCounts;
  /** Stale objectives + stale measures (adopted plans only; 0 otherwise). */
  staleCount: number;
};

export type DepartmentRef = { id: string; name: string; code: string };
export type OwnerRef = { membershipId: string; name: string } | null;

export type MeasureNode = {
  id: string;
  objectiveId: string;
  code: string;
  name: string;
  unit: string;
  direction: MeasureDirection;
  baseline: string | null;
  target: string | null;
  reportingFrequency: ReportingFrequency;
  latest: { period: string; periodLabel: string; value: string } | null;
  stale: boolean;
  staleReason: string;
  links: PracticeLink[];
  canEdit: boolean;
};

export type ObjectiveNode = {
  id: string;
  planId: string;
  goalId: string;
  code: string;
  title: string;
  description: string;
  status: ObjectiveStatus;
  department: DepartmentRef;
  owner: OwnerRef;
  dueDate: string | null;
  /** Past its due date and not done. */
  overdue: boolean;
  reportingFrequency: ReportingFrequency;
  lastUpdateAsOf: string | null;
  stale: boolean;
  staleReason: string;
  links: PracticeLink[];
  canEdit: boolean;
  measures: MeasureNode[];
};

export type GoalNode = {
  id: string;
  title: string;
  description: string;
  /** The goal's number in the plan (1, 2, 3…). */
  position: number;
  links: PracticeLink[];
  /** All the goal's objectives, whatever the filters, by status; stale items of an adopted plan. */
  objectiveCount: number;
  statusCounts: StatusCounts;
  staleObjectiveCount: number;
  staleMeasureCount: number;
  /** The goal's objectives that match the filters (all without filters), and the page shown. */
  shownCount: number;
  page: PageInfo;
  /** One page of the objectives that match the filters. */
  objectives: ObjectiveNode[];
};

export type PlanTree = {
  plan: PlanSummary & {
    /** Admin: may edit the plan and its goals, adopt, archive, delete. */
    canManage: boolean;
    /** May add objectives (admins; department heads for their department), plan not archived. */
    canAddObjective: boolean;
  };
  statusCounts: StatusCounts;
  objectiveCount: number;
  measureCount: number;
  staleObjectiveCount: number;
  staleMeasureCount: number;
  filters: Required<PlanTreeFilters>;
  filtersActive: boolean;
  shownObjectiveCount: number;
  /** Filter choices: the departments that own objectives in this plan, and the linked practices. */
  departmentOptions: DepartmentRef[];
  practiceOptions: { number: number; name: string }[];
  goals: GoalNode[];
  /** The objective named by `options.objectiveId` (the one just added), wherever its page is. */
  objective: { id: string; code: string; title: string } | null;
};

/** Objectives per page of a goal on the plan page: the page's size no longer grows with the plan. */
export const GOAL_PAGE_SIZE = 10;

export type MeasurementPoint = { id: string; period: string; periodLabel: string; value: string; note: string };

export type MeasureDetail = MeasureNode & {
  /** Oldest first: the chart's series and its table. */
  measurements: MeasurementPoint[];
  /** The periods a new value may be recorded for (newest first), for a select. */
  periodOptions: { value: string; label: string }[];
};

export type StatusUpdateItem = {
  id: string;
  status: ObjectiveStatus;
  narrative: string;
  asOf: string;
  authorName: string | null;
  createdAt: Date;
};

export type ObjectiveDetail = Omit<ObjectiveNode, "measures"> & {
  plan: { id: string; title: string; status: PlanStatus; periodLabel: string };
  goal: { id: string; title: string; position: number };
  measures: MeasureDetail[];
  /** Newest first (by as-of date, then entry time). */
  updates: StatusUpdateItem[];
  fiscalYearStartMonth: number;
};

// ---------------------------------------------------------------------------------------------
// Helpers

const emptyCounts = (): StatusCounts => Object.fromEntries(OBJECTIVE_STATUSES.map((s) => [s, 0])) as StatusCounts;

function summary(p: PlanRow): PlanSummary {
  return {
    id: p.id,
    title: p.title,
    startFiscalYear: p.startFiscalYear,
    endFiscalYear: p.endFiscalYear,
    periodLabel: `FY${p.startFiscalYear}–FY${p.endFiscalYear}`,
    status: p.status,
    vision: p.vision,
    mission: p.mission,
    values: p.values,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

function validate<S extends z.ZodTypeAny>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const flat = parsed.error.flatten();
    const errors = { ...(flat.fieldErrors as Record<string, string[]>) };
    if (flat.formErrors.length) errors.form = flat.formErrors;
    throw new FieldErrors(errors);
  }
  return parsed.data;
}

const UNIQUE_CODES: Record<string, [string, string]> = {
  objectives_org_plan_code_key: ["code", "Another objective of this plan already uses this code. Choose a different code."],
  measures_org_plan_code_key: ["code", "Another measure of this plan already uses this code. Choose a different code."],
};

async function audit(
  tx: Transaction,
  ctx: TenantContext,
  action: string,
  entityType: string,
  entityId: string,
  before: unknown,
  after: unknown,
): Promise<void> {
  await recordAudit(tx, { orgId: ctx.orgId, actorUserId: ctx.userId, action, entityType, entityId, before, after });
}

const planSnapshot = (p: Pick<PlanRow, "title" | "startFiscalYear" | "endFiscalYear" | "status" | "vision" | "mission" | "values">) => ({
  title: p.title,
  startFiscalYear: p.startFiscalYear,
  endFiscalYear: p.endFiscalYear,
  status: p.status,
  vision: p.vision,
  mission: p.mission,
  values: p.values,
});

const objectiveSnapshot = (o: Pick<ObjectiveRow, "code" | "title" | "description" | "goalId" | "ownerDepartmentId" | "ownerMembershipId" | "dueDate" | "reportingFrequency" | "status">) => ({
  code: o.code,
  title: o.title,
  description: o.description,
  goalId: o.goalId,
  ownerDepartmentId: o.ownerDepartmentId,
  ownerMembershipId: o.ownerMembershipId,
  dueDate: o.dueDate,
  reportingFrequency: o.reportingFrequency,
  status: o.status,
});

const measureSnapshot = (m: {
  code: string;
  name: string;
  unit: string;
  direction: MeasureDirection;
  baseline: string | null;
  target: string | null;
  reportingFrequency: ReportingFrequency;
}) => ({
  code: m.code,
  name: m.name,
  unit: m.unit,
  direction: m.direction,
  baseline: canonicalDecimal(m.baseline),
  target: canonicalDecimal(m.target),
  reportingFrequency: m.reportingFrequency,
});

/** The first of `base.1`, `base.2`… not used by an item of the plan (codes compare case-insensitively). */
function nextCode(base: string, used: string[]): string {
  const taken = new Set(used.map((c) => c.toLowerCase()));
  for (let i = 1; ; i++) {
    const candidate = `${base}.${i}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

async function codesInPlan(tx: Transaction, orgId: string, planId: string, kind: "objective" | "measure"): Promise<{ id: string; code: string }[]> {
  if (kind === "objective") {
    return tx
      .select({ id: objectives.id, code: objectives.code })
      .from(objectives)
      .where(and(eq(objectives.orgId, orgId), eq(objectives.planId, planId)));
  }
  return tx
    .select({ id: measures.id, code: measures.code })
    .from(measures)
    .where(and(eq(measures.orgId, orgId), eq(measures.planId, planId)));
}

function assertCodeFree(rows: { id: string; code: string }[], code: string, selfId: string | null, what: "objective" | "measure") {
  const clash = rows.find((r) => r.id !== selfId && r.code.toLowerCase() === code.toLowerCase());
  if (clash) throw FieldErrors.of("code", `Another ${what} of this plan already uses the code “${clash.code}”. Choose a different code.`);
}

/** The owner department must be one of this organization's, and within a department head's
 * departments; a new objective's department must also be active. */
async function checkOwnerDepartment(
  tx: Transaction,
  ctx: TenantContext,
  scope: EditScope,
  departmentId: string,
  options: { allowArchived?: boolean } = {},
): Promise<void> {
  const [dept] = isUuid(departmentId)
    ? await tx
        .select({ id: departments.id, archivedAt: departments.archivedAt })
        .from(departments)
        .where(and(eq(departments.orgId, ctx.orgId), eq(departments.id, departmentId)))
    : [];
  if (!dept) throw FieldErrors.of("ownerDepartmentId", "Choose a department from the list.");
  if (dept.archivedAt && !options.allowArchived) {
    throw FieldErrors.of("ownerDepartmentId", "This department is archived. Choose an active department.");
  }
  if (!inScope(scope, departmentId)) {
    throw FieldErrors.of("ownerDepartmentId", "You can only assign objectives to your own department. Choose your department.");
  }
}

async function checkOwnerMember(tx: Transaction, ctx: TenantContext, membershipId: string | null): Promise<void> {
  if (!membershipId) return;
  const [m] = isUuid(membershipId)
    ? await tx
        .select({ id: memberships.id })
        .from(memberships)
        .where(and(eq(memberships.orgId, ctx.orgId), eq(memberships.id, membershipId)))
    : [];
  if (!m) throw FieldErrors.of("ownerMembershipId", "Choose the owner from the list of members, or leave it empty.");
}

/** Goals are numbered 1, 2, 3… without gaps, in their current order. */
async function renumberGoals(tx: Transaction, orgId: string, planId: string): Promise<void> {
  await tx.execute(sql`
    update ${goals} g set position = r.n
      from (select id, row_number() over (order by position, created_at, id) as n
              from ${goals} where org_id = ${orgId} and plan_id = ${planId}) r
     where g.org_id = ${orgId} and g.id = r.id and g.position <> r.n`);
}

// ---------------------------------------------------------------------------------------------
// Loading objectives with their measures, for the tree, the department page and the stale list

type NodeContext = { today: string; fyStart: number; scope: EditScope };

async function loadObjectiveNodes(
  tx: Transaction,
  ctx: TenantContext,
  where: SQL,
  nc: NodeContext,
): Promise<(ObjectiveNode & { planStatus: PlanStatus; planTitle: string; goalTitle: string; goalPosition: number; position: number })[]> {
  const rows = await tx
    .select({
      o: objectives,
      planStatus: plans.status,
      planTitle: plans.title,
      goalTitle: goals.title,
      goalPosition: goals.position,
      deptName: departments.name,
      deptCode: departments.code,
      ownerName: users.displayName,
    })
    .from(objectives)
    .innerJoin(plans, and(eq(plans.orgId, objectives.orgId), eq(plans.id, objectives.planId)))
    .innerJoin(goals, and(eq(goals.orgId, objectives.orgId), eq(goals.id, objectives.goalId)))
    .innerJoin(departments, and(eq(departments.orgId, objectives.orgId), eq(departments.id, objectives.ownerDepartmentId)))
    .leftJoin(memberships, and(eq(memberships.orgId, objectives.orgId), eq(memberships.id, objectives.ownerMembershipId)))
    .leftJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(objectives.orgId, ctx.orgId), inArray(plans.status, visibleStatuses(ctx)), where))
    .orderBy(asc(plans.title), asc(goals.position), asc(objectives.position), asc(objectives.code));
  const objectiveIds = rows.map((r) => r.o.id);
  const measureRows = objectiveIds.length
    ? await tx
        .select()
        .from(measures)
        .where(and(eq(measures.orgId, ctx.orgId), inArray(measures.objectiveId, objectiveIds)))
        .orderBy(asc(measures.position), asc(measures.code))
    : [];
  const latest = await latestMeasurements(
    tx,
    ctx.orgId,
    measureRows.map((m) => m.id),
  );
  const objectiveLinks = await loadLinks(tx, ctx.orgId, "objective", objectiveIds);
  const measureLinks = await loadLinks(
    tx,
    ctx.orgId,
    "measure",
    measureRows.map((m) => m.id),
  );
  const measuresByObjective = new Map<string, MeasureNode[]>();
  const byId = new Map(rows.map((r) => [r.o.id, r]));
  for (const m of measureRows) {
    const parent = byId.get(m.objectiveId)!;
    const last = latest.get(m.id) ?? null;
    const tracked = parent.planStatus === "adopted";
    const fresh = measureFreshness(
      {
        frequency: m.reportingFrequency,
        latestPeriod: last?.period ?? null,
        createdOn: organizationDateOf(ctx, m.createdAt),
        done: parent.o.status === "done",
      },
      nc.today,
      nc.fyStart,
    );
    const node: MeasureNode = {
      id: m.id,
      objectiveId: m.objectiveId,
      code: m.code,
      name: m.name,
      unit: m.unit,
      direction: m.direction,
      baseline: canonicalDecimal(m.baseline),
      target: canonicalDecimal(m.target),
      reportingFrequency: m.reportingFrequency,
      latest: last
        ? { period: last.period, periodLabel: periodLabel(last.period, m.reportingFrequency, nc.fyStart), value: canonicalDecimal(last.value) }
        : null,
      stale: tracked && fresh.stale,
      staleReason: tracked ? describeMeasureFreshness(fresh, m.reportingFrequency, nc.fyStart) : "Not tracked: the plan is not adopted.",
      links: measureLinks.get(m.id) ?? [],
      canEdit: parent.planStatus !== "archived" && inScope(nc.scope, parent.o.ownerDepartmentId),
    };
    measuresByObjective.set(m.objectiveId, [...(measuresByObjective.get(m.objectiveId) ?? []), node]);
  }
  return rows.map((r) => {
    const o = r.o;
    const tracked = r.planStatus === "adopted";
    const fresh = objectiveFreshness(
      {
        frequency: o.reportingFrequency,
        lastUpdateAsOf: o.lastUpdateAsOf,
        createdOn: organizationDateOf(ctx, o.createdAt),
        done: o.status === "done",
      },
      nc.today,
    );
    return {
      id: o.id,
      planId: o.planId,
      goalId: o.goalId,
      code: o.code,
      title: o.title,
      description: o.description,
      status: o.status,
      department: { id: o.ownerDepartmentId, name: r.deptName, code: r.deptCode },
      owner: o.ownerMembershipId ? { membershipId: o.ownerMembershipId, name: r.ownerName ?? "Former member" } : null,
      dueDate: o.dueDate,
      overdue: o.dueDate !== null && o.dueDate < nc.today && o.status !== "done",
      reportingFrequency: o.reportingFrequency,
      lastUpdateAsOf: o.lastUpdateAsOf,
      stale: tracked && fresh.stale,
      staleReason: !tracked
        ? "Not tracked: the plan is not adopted."
        : o.status === "done"
          ? "Done: no more updates are expected."
          : describeObjectiveFreshness(fresh, o.lastUpdateAsOf !== null, o.reportingFrequency),
      links: objectiveLinks.get(o.id) ?? [],
      canEdit: r.planStatus !== "archived" && inScope(nc.scope, o.ownerDepartmentId),
      measures: measuresByObjective.get(o.id) ?? [],
      planStatus: r.planStatus,
      planTitle: r.planTitle,
      goalTitle: r.goalTitle,
      goalPosition: r.goalPosition,
      position: o.position,
    };
  });
}

async function nodeContext(tx: Transaction, ctx: TenantContext, today: string): Promise<NodeContext> {
  return { today, fyStart: await fiscalYearStartMonth(tx, ctx), scope: await editScope(tx, ctx) };
}

function countStatuses(list: { status: ObjectiveStatus }[]): StatusCounts {
  const counts = emptyCounts();
  for (const o of list) counts[o.status] += 1;
  return counts;
}

// ---------------------------------------------------------------------------------------------
// Plans

/** The plans the caller may see (staff and elected officials: adopted only), adopted first, then
 * drafts, then archived; newest period first. Counts come from grouped queries (plan-counts.server.ts). */
export async function listPlans(ctx: TenantContext, options: { today?: string } = {}): Promise<PlanListItem[]> {
  requirePermission(ctx, "plans.read");
  const today = options.today ?? organizationToday(ctx);
  return withTenant(ctx, async (tx) => {
    const rows = await tx
      .select()
      .from(plans)
      .where(and(eq(plans.orgId, ctx.orgId), inArray(plans.status, visibleStatuses(ctx))));
    if (rows.length === 0) return [];
    const planIds = rows.map((p) => p.id);
    const goalCounts = await tx
      .select({ planId: goals.planId, n: count() })
      .from(goals)
      .where(and(eq(goals.orgId, ctx.orgId), inArray(goals.planId, planIds)))
      .groupBy(goals.planId);
    const rule = staleRule(ctx, today, await fiscalYearStartMonth(tx, ctx));
    const inPlans = inArray(objectives.planId, planIds);
    const objectiveCounts = await objectiveTallies(tx, ctx.orgId, rule, "plan", inPlans);
    const measureCounts = await measureTallies(tx, ctx.orgId, rule, "plan", inPlans);
    const order: Record<PlanStatus, number> = { adopted: 0, draft: 1, archived: 2 };
    return rows
      .sort((a, b) => order[a.status] - order[b.status] || b.startFiscalYear - a.startFiscalYear || a.title.localeCompare(b.title))
      .map((p) => {
        const o = objectiveCounts.get(p.id);
        const m = measureCounts.get(p.id);
        return {
          ...summary(p),
          goalCount: Number(goalCounts.find((g) => g.planId === p.id)?.n ?? 0),
          objectiveCount: o?.objectiveCount ?? 0,
          measureCount: m?.measureCount ?? 0,
          statusCounts: o?.statusCounts ?? emptyStatusCounts(),
          staleCount: (o?.staleObjectiveCount ?? 0) + (m?.staleMeasureCount ?? 0),
        };
      });
  });
}

/** One plan's header (no tree). 404 if the caller may not see it. */
export async function getPlan(ctx: TenantContext, planId: string): Promise<PlanSummary & { canManage: boolean }> {
  return withTenant(ctx, async (tx) => ({ ...summary(await loadVisiblePlan(tx, ctx, planId)), canManage: canManagePlans(ctx) }));
}

/** The objectives of the plan that match the filters, as SQL over `objectives` and `plans`. */
function treeFilter(f: Required<PlanTreeFilters>, rule: StaleRule, planStatus: PlanStatus): SQL | undefined {
  const parts: SQL[] = [];
  if (f.departmentId) parts.push(isUuid(f.departmentId) ? eq(objectives.ownerDepartmentId, f.departmentId) : sql`false`);
  if (f.status) parts.push(eq(objectives.status, f.status));
  if (f.practiceNumber) parts.push(linkedToPractice(f.practiceNumber));
  // Only an adopted plan's items are tracked, so "stale only" matches nothing in another plan.
  if (f.staleOnly) parts.push(planStatus === "adopted" ? sql`(${rule.objectiveIsStale} or ${hasStaleMeasure(rule)})` : sql`false`);
  return parts.length ? and(...parts) : undefined;
}

/**
 * The plan's tree: goals (in order) with their counts → one page of objectives per goal → their
 * measures, with links, latest values, stale flags and what the caller may edit. Filters narrow
 * the objectives shown (department that owns it, current status, practice linked to the
 * objective or one of its measures, stale objective or stale measure); with any filter, goals
 * without a matching objective are left out unless the goal itself is linked to the filtered
 * practice. The counts are over the whole plan, computed by the database. Each goal shows the
 * first page of its matching objectives (GOAL_PAGE_SIZE), except `options.page.goalId`, which
 * shows page `options.page.page` (kept within its pages).
 */
export async function getPlanTree(
  ctx: TenantContext,
  planId: string,
  filters: PlanTreeFilters = {},
  options: { today?: string; page?: { goalId: string | null; page: number }; pageSize?: number; objectiveId?: string | null } = {},
): Promise<PlanTree> {
  const today = options.today ?? organizationToday(ctx);
  const pageSize = options.pageSize ?? GOAL_PAGE_SIZE;
  return withTenant(ctx, async (tx) => {
    const plan = await loadVisiblePlan(tx, ctx, planId);
    const nc = await nodeContext(tx, ctx, today);
    const rule = staleRule(ctx, today, nc.fyStart);
    const goalRows = await tx
      .select()
      .from(goals)
      .where(and(eq(goals.orgId, ctx.orgId), eq(goals.planId, plan.id)))
      .orderBy(asc(goals.position), asc(goals.createdAt));
    const goalLinks = await loadLinks(
      tx,
      ctx.orgId,
      "goal",
      goalRows.map((g) => g.id),
    );
    const f: Required<PlanTreeFilters> = {
      departmentId: filters.departmentId || null,
      status: filters.status ?? null,
      practiceNumber: filters.practiceNumber ?? null,
      staleOnly: filters.staleOnly ?? false,
    };
    const filtersActive = Boolean(f.departmentId || f.status || f.practiceNumber || f.staleOnly);
    const inPlan = eq(objectives.planId, plan.id);
    const matching = treeFilter(f, rule, plan.status);
    const objectiveCounts = await objectiveTallies(tx, ctx.orgId, rule, "goal", inPlan, matching);
    const measureCounts = await measureTallies(tx, ctx.orgId, rule, "goal", inPlan);

    // Which page of each goal: the asked one for the asked goal, the first for the others.
    const pages = new Map(
      goalRows.map((g) => {
        const shown = objectiveCounts.get(g.id)?.shownCount ?? 0;
        return [g.id, pageOf(shown, options.page?.goalId === g.id ? options.page.page : 1, pageSize)];
      }),
    );
    const ranked = tx
      .select({
        id: objectives.id,
        goalId: objectives.goalId,
        n: sql<number>`row_number() over (partition by ${objectives.goalId} order by ${objectives.position}, ${objectives.code})`.as("n"),
      })
      .from(objectives)
      .innerJoin(plans, and(eq(plans.orgId, objectives.orgId), eq(plans.id, objectives.planId)))
      .where(and(eq(objectives.orgId, ctx.orgId), inPlan, matching))
      .as("ranked");
    const asked = options.page?.goalId && pages.has(options.page.goalId) ? options.page.goalId : null;
    const askedPage = asked ? pages.get(asked)! : null;
    const pageIds = (
      await tx
        .select({ id: ranked.id })
        .from(ranked)
        .where(
          asked && askedPage
            ? sql`(${ranked.goalId} = ${asked} and ${ranked.n} between ${askedPage.first} and ${askedPage.last})
                  or (${ranked.goalId} <> ${asked} and ${ranked.n} <= ${pageSize})`
            : sql`${ranked.n} <= ${pageSize}`,
        )
    ).map((r) => r.id);
    const nodes = pageIds.length ? await loadObjectiveNodes(tx, ctx, inArray(objectives.id, pageIds), nc) : [];
    const strip = ({ planStatus: _a, planTitle: _b, goalTitle: _c, goalPosition: _d, position: _e, ...node }: (typeof nodes)[number]): ObjectiveNode =>
      node;
    const goalNodes: GoalNode[] = goalRows
      .map((g) => {
        const o = objectiveCounts.get(g.id);
        const m = measureCounts.get(g.id);
        return {
          id: g.id,
          title: g.title,
          description: g.description,
          position: g.position,
          links: goalLinks.get(g.id) ?? [],
          objectiveCount: o?.objectiveCount ?? 0,
          statusCounts: o?.statusCounts ?? emptyStatusCounts(),
          staleObjectiveCount: o?.staleObjectiveCount ?? 0,
          staleMeasureCount: m?.staleMeasureCount ?? 0,
          shownCount: o?.shownCount ?? 0,
          page: pages.get(g.id)!,
          objectives: nodes.filter((n) => n.goalId === g.id).map(strip),
        };
      })
      .filter(
        (g) =>
          !filtersActive ||
          g.shownCount > 0 ||
          (f.practiceNumber !== null && !f.departmentId && !f.status && !f.staleOnly && g.links.some((l) => l.practiceNumber === f.practiceNumber)),
      );
    const total = sumTallies(objectiveCounts.values(), measureCounts.values());

    const departmentOptions = await tx
      .selectDistinct({ id: departments.id, name: departments.name, code: departments.code })
      .from(objectives)
      .innerJoin(departments, and(eq(departments.orgId, objectives.orgId), eq(departments.id, objectives.ownerDepartmentId)))
      .where(and(eq(objectives.orgId, ctx.orgId), inPlan))
      .orderBy(asc(departments.name));
    const practiceOptions = await planPracticeOptions(tx, ctx.orgId, plan.id);
    const [added] =
      options.objectiveId && isUuid(options.objectiveId)
        ? await tx
            .select({ id: objectives.id, code: objectives.code, title: objectives.title })
            .from(objectives)
            .where(and(eq(objectives.orgId, ctx.orgId), inPlan, eq(objectives.id, options.objectiveId)))
        : [];
    const manage = canManagePlans(ctx);
    return {
      plan: {
        ...summary(plan),
        canManage: manage,
        canAddObjective: plan.status !== "archived" && (nc.scope.all || nc.scope.departmentIds.size > 0),
      },
      statusCounts: total.statusCounts,
      objectiveCount: total.objectiveCount,
      measureCount: total.measureCount,
      staleObjectiveCount: total.staleObjectiveCount,
      staleMeasureCount: total.staleMeasureCount,
      filters: f,
      filtersActive,
      shownObjectiveCount: total.shownCount,
      departmentOptions,
      practiceOptions,
      goals: goalNodes,
      objective: added ?? null,
    };
  });
}

/** The practices linked to the plan's goals, objectives or measures, by number (the filter's choices). */
async function planPracticeOptions(tx: Transaction, orgId: string, planId: string): Promise<{ number: number; name: string }[]> {
  return tx
    .select({ number: practices.number, name: practices.name })
    .from(practices)
    .where(
      and(
        eq(practices.frameworkCode, PLAN_FRAMEWORK),
        sql`${practices.number} in (
          select gp.practice_number from ${goalPractices} gp join ${goals} g on g.org_id = gp.org_id and g.id = gp.goal_id
           where gp.org_id = ${orgId} and g.plan_id = ${planId}
          union
          select op.practice_number from ${objectivePractices} op join ${objectives} o on o.org_id = op.org_id and o.id = op.objective_id
           where op.org_id = ${orgId} and o.plan_id = ${planId}
          union
          select mp.practice_number from ${measurePractices} mp join ${measures} m on m.org_id = mp.org_id and m.id = mp.measure_id
           where mp.org_id = ${orgId} and m.plan_id = ${planId})`,
      ),
    )
    .orderBy(asc(practices.number));
}

/** A goal of a plan, for its page: the goal with its practice links and how many objectives it
 * has. 404 if it is not a goal of that plan, or the caller may not see the plan. */
export async function getGoal(
  ctx: TenantContext,
  planId: string,
  goalId: string,
): Promise<{ plan: { id: string; title: string; status: PlanStatus }; goal: Omit<GoalNode, "objectives" | "page" | "shownCount" | "statusCounts" | "staleObjectiveCount" | "staleMeasureCount">; }> {
  return withTenant(ctx, async (tx) => {
    const plan = await loadVisiblePlan(tx, ctx, planId);
    requireUuid(goalId, NOT_FOUND.goal);
    const [goal] = await tx
      .select()
      .from(goals)
      .where(and(eq(goals.orgId, ctx.orgId), eq(goals.planId, plan.id), eq(goals.id, goalId)));
    if (!goal) notFound("We couldn't find that goal in this plan.");
    const [n] = await tx.select({ n: count() }).from(objectives).where(and(eq(objectives.orgId, ctx.orgId), eq(objectives.goalId, goal.id)));
    const links = await loadLinks(tx, ctx.orgId, "goal", [goal.id]);
    return {
      plan: { id: plan.id, title: plan.title, status: plan.status },
      goal: {
        id: goal.id,
        title: goal.title,
        description: goal.description,
        position: goal.position,
        links: links.get(goal.id) ?? [],
        objectiveCount: Number(n?.n ?? 0),
      },
    };
  });
}

export async function createPlan(ctx: TenantContext, input: PlanInput): Promise<{ id: string }> {
  requirePermission(ctx, "plans.manage");
  const value = validate(planSchema, input);
  return withTenant(ctx, async (tx) => {
    const [created] = await tx
      .insert(plans)
      .values({ orgId: ctx.orgId, ...value })
      .returning();
    await audit(tx, ctx, "plan.create", "plan", created!.id, null, planSnapshot(created!));
    return { id: created!.id };
  });
}

/** Edits the plan's header, status included (setting an archived plan back to draft or adopted
 * is how it becomes editable again). */
export async function updatePlan(ctx: TenantContext, planId: string, input: PlanInput): Promise<void> {
  requirePermission(ctx, "plans.manage");
  const value = validate(planSchema, input);
  await withTenant(ctx, async (tx) => {
    const current = await loadVisiblePlan(tx, ctx, planId);
    const before = planSnapshot(current);
    const after = planSnapshot({ ...current, ...value });
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    await tx
      .update(plans)
      .set({ ...value, updatedAt: new Date() })
      .where(and(eq(plans.orgId, ctx.orgId), eq(plans.id, current.id)));
    await audit(tx, ctx, "plan.update", "plan", current.id, before, after);
  });
}

/** Adopt, archive, or set back to draft (the plan page's buttons). */
export async function setPlanStatus(ctx: TenantContext, planId: string, status: PlanStatus): Promise<void> {
  requirePermission(ctx, "plans.manage");
  const value = validate(planStatusSchema, { status });
  await withTenant(ctx, async (tx) => {
    const current = await loadVisiblePlan(tx, ctx, planId);
    if (current.status === value.status) return;
    await tx
      .update(plans)
      .set({ status: value.status, updatedAt: new Date() })
      .where(and(eq(plans.orgId, ctx.orgId), eq(plans.id, current.id)));
    const action = value.status === "adopted" ? "plan.adopt" : value.status === "archived" ? "plan.archive" : "plan.set_draft";
    await audit(tx, ctx, action, "plan", current.id, { status: current.status }, { status: value.status });
  });
}

/** Deletes the plan with everything in it (goals, objectives, measures, values, updates, links).
 * The audit event keeps the plan's header and how much was deleted. */
export async function deletePlan(ctx: TenantContext, planId: string): Promise<void> {
  requirePermission(ctx, "plans.manage");
  await withTenant(ctx, async (tx) => {
    const current = await loadVisiblePlan(tx, ctx, planId);
    const [o] = await tx.select({ n: count() }).from(objectives).where(and(eq(objectives.orgId, ctx.orgId), eq(objectives.planId, current.id)));
    const [m] = await tx.select({ n: count() }).from(measures).where(and(eq(measures.orgId, ctx.orgId), eq(measures.planId, current.id)));
    const [g] = await tx.select({ n: count() }).from(goals).where(and(eq(goals.orgId, ctx.orgId), eq(goals.planId, current.id)));
    await tx.delete(plans).where(and(eq(plans.orgId, ctx.orgId), eq(plans.id, current.id)));
    await audit(tx, ctx, "plan.delete", "plan", current.id, {
      ...planSnapshot(current),
      goals: Number(g?.n ?? 0),
      objectives: Number(o?.n ?? 0),
      measures: Number(m?.n ?? 0),
    }, null);
  });
}

// ---------------------------------------------------------------------------------------------
// Goals

export async function createGoal(ctx: TenantContext, planId: string, input: GoalInput): Promise<{ id: string }> {
  requirePermission(ctx, "plans.manage");
  const value = validate(goalSchema, input);
  return withTenant(ctx, async (tx) => {
    const plan = await loadVisiblePlan(tx, ctx, planId);
    assertNotArchived(plan);
    const [last] = await tx
      .select({ n: max(goals.position) })
      .from(goals)
      .where(and(eq(goals.orgId, ctx.orgId), eq(goals.planId, plan.id)));
    const position = Number(last?.n ?? 0) + 1;
    const [created] = await tx
      .insert(goals)
      .values({ orgId: ctx.orgId, planId: plan.id, title: value.title, description: value.description, position })
      .returning({ id: goals.id });
    await audit(tx, ctx, "goal.create", "goal", created!.id, null, { planId: plan.id, ...value, position });
    return { id: created!.id };
  });
}

export async function updateGoal(ctx: TenantContext, goalId: string, input: GoalInput): Promise<void> {
  requirePermission(ctx, "plans.manage");
  const value = validate(goalSchema, input);
  await withTenant(ctx, async (tx) => {
    const { goal, plan } = await loadVisibleGoal(tx, ctx, goalId);
    assertNotArchived(plan);
    if (goal.title === value.title && goal.description === value.description) return;
    await tx
      .update(goals)
      .set(value)
      .where(and(eq(goals.orgId, ctx.orgId), eq(goals.id, goal.id)));
    await audit(tx, ctx, "goal.update", "goal", goal.id, { title: goal.title, description: goal.description }, value);
  });
}

/** Swaps the goal with the one above or below it (goal numbers follow). */
export async function moveGoal(ctx: TenantContext, goalId: string, direction: "up" | "down"): Promise<void> {
  requirePermission(ctx, "plans.manage");
  const { direction: dir } = validate(moveSchema, { direction });
  await withTenant(ctx, async (tx) => {
    const { goal, plan } = await loadVisibleGoal(tx, ctx, goalId);
    assertNotArchived(plan);
    await renumberGoals(tx, ctx.orgId, plan.id);
    const siblings = await tx
      .select({ id: goals.id, position: goals.position })
      .from(goals)
      .where(and(eq(goals.orgId, ctx.orgId), eq(goals.planId, plan.id)))
      .orderBy(asc(goals.position));
    const i = siblings.findIndex((s) => s.id === goal.id);
    const j = dir === "up" ? i - 1 : i + 1;
    const other = siblings[j];
    const self = siblings[i];
    if (!other || !self) return;
    await tx.update(goals).set({ position: other.position }).where(and(eq(goals.orgId, ctx.orgId), eq(goals.id, self.id)));
    await tx.update(goals).set({ position: self.position }).where(and(eq(goals.orgId, ctx.orgId), eq(goals.id, other.id)));
    await audit(tx, ctx, "goal.move", "goal", goal.id, { position: self.position }, { position: other.position });
  });
}

/** Deletes the goal with its objectives (and their measures, values, updates and links). */
export async function deleteGoal(ctx: TenantContext, goalId: string): Promise<void> {
  requirePermission(ctx, "plans.manage");
  await withTenant(ctx, async (tx) => {
    const { goal, plan } = await loadVisibleGoal(tx, ctx, goalId);
    assertNotArchived(plan);
    const [o] = await tx.select({ n: count() }).from(objectives).where(and(eq(objectives.orgId, ctx.orgId), eq(objectives.goalId, goal.id)));
    await tx.delete(goals).where(and(eq(goals.orgId, ctx.orgId), eq(goals.id, goal.id)));
    await renumberGoals(tx, ctx.orgId, plan.id);
    await audit(tx, ctx, "goal.delete", "goal", goal.id, {
      planId: plan.id,
      title: goal.title,
      description: goal.description,
      position: goal.position,
      objectives: Number(o?.n ?? 0),
    }, null);
  });
}

// ---------------------------------------------------------------------------------------------
// Objectives

export type ObjectiveFormOptions = {
  goals: { id: string; position: number; title: string }[];
  /** Departments the caller may assign (department heads: theirs and their sub-departments). */
  departments: DepartmentRef[];
  members: { membershipId: string; name: string; departmentId: string | null }[];
  canAddObjective: boolean;
};

/** Choices for the objective form of a plan: its goals, the departments the caller may assign,
 * and the organization's members (possible owners). */
export async function getObjectiveFormOptions(ctx: TenantContext, planId: string): Promise<ObjectiveFormOptions> {
  requirePermission(ctx, "objectives.edit");
  return withTenant(ctx, async (tx) => {
    const plan = await loadVisiblePlan(tx, ctx, planId);
    const scope = await editScope(tx, ctx);
    const goalRows = await tx
      .select({ id: goals.id, position: goals.position, title: goals.title })
      .from(goals)
      .where(and(eq(goals.orgId, ctx.orgId), eq(goals.planId, plan.id)))
      .orderBy(asc(goals.position));
    const deptRows = await tx
      .select({ id: departments.id, name: departments.name, code: departments.code, archivedAt: departments.archivedAt })
      .from(departments)
      .where(eq(departments.orgId, ctx.orgId))
      .orderBy(asc(departments.name));
    const memberRows = await tx
      .select({ membershipId: memberships.id, name: users.displayName, departmentId: memberships.departmentId })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.orgId, ctx.orgId))
      .orderBy(asc(users.displayName));
    const depts = deptRows.filter((d) => d.archivedAt === null && inScope(scope, d.id)).map(({ id, name, code }) => ({ id, name, code }));
    return {
      goals: goalRows,
      departments: depts,
      members: memberRows,
      canAddObjective: plan.status !== "archived" && depts.length > 0,
    };
  });
}

/** Adds an objective under a goal. Department heads may only give it to their department. The
 * code defaults to "<goal number>.<next number>". */
export async function createObjective(ctx: TenantContext, goalId: string, input: ObjectiveInput): Promise<{ id: string; code: string }> {
  requirePermission(ctx, "objectives.edit");
  const value = validate(objectiveSchema, input);
  try {
    return await withTenant(ctx, async (tx) => {
      const { goal, plan } = await loadVisibleGoal(tx, ctx, goalId);
      assertNotArchived(plan);
      const scope = await editScope(tx, ctx);
      await checkOwnerDepartment(tx, ctx, scope, value.ownerDepartmentId);
      await checkOwnerMember(tx, ctx, value.ownerMembershipId);
      const used = await codesInPlan(tx, ctx.orgId, plan.id, "objective");
      const code = value.code ?? nextCode(String(goal.position), used.map((u) => u.code));
      assertCodeFree(used, code, null, "objective");
      const [last] = await tx
        .select({ n: max(objectives.position) })
        .from(objectives)
        .where(and(eq(objectives.orgId, ctx.orgId), eq(objectives.goalId, goal.id)));
      const [created] = await tx
        .insert(objectives)
        .values({
          orgId: ctx.orgId,
          planId: plan.id,
          goalId: goal.id,
          code,
          title: value.title,
          description: value.description,
          ownerDepartmentId: value.ownerDepartmentId,
          ownerMembershipId: value.ownerMembershipId,
          dueDate: value.dueDate,
          reportingFrequency: value.reportingFrequency,
          position: Number(last?.n ?? 0) + 1,
        })
        .returning();
      await audit(tx, ctx, "objective.create", "objective", created!.id, null, objectiveSnapshot(created!));
      return { id: created!.id, code };
    });
  } catch (error) {
    mapUniqueViolation(error, UNIQUE_CODES);
  }
}

/** Edits an objective (and may move it under another goal of the same plan). Its status changes
 * only through status updates. */
export async function updateObjective(ctx: TenantContext, objectiveId: string, input: ObjectiveInput): Promise<void> {
  requirePermission(ctx, "objectives.edit");
  const value = validate(objectiveSchema, input);
  try {
    await withTenant(ctx, async (tx) => {
      const { objective, plan, scope } = await loadEditableObjective(tx, ctx, objectiveId);
      if (value.ownerDepartmentId !== objective.ownerDepartmentId) {
        await checkOwnerDepartment(tx, ctx, scope, value.ownerDepartmentId);
      }
      if (value.ownerMembershipId !== objective.ownerMembershipId) await checkOwnerMember(tx, ctx, value.ownerMembershipId);
      let goalId = objective.goalId;
      if (value.goalId && value.goalId !== objective.goalId) {
        const [g] = isUuid(value.goalId)
          ? await tx
              .select({ id: goals.id })
              .from(goals)
              .where(and(eq(goals.orgId, ctx.orgId), eq(goals.planId, plan.id), eq(goals.id, value.goalId)))
          : [];
        if (!g) throw FieldErrors.of("goalId", "Choose one of this plan's goals.");
        goalId = g.id;
      }
      const code = value.code ?? objective.code;
      if (code !== objective.code) assertCodeFree(await codesInPlan(tx, ctx.orgId, plan.id, "objective"), code, objective.id, "objective");
      const next = {
        code,
        title: value.title,
        description: value.description,
        goalId,
        ownerDepartmentId: value.ownerDepartmentId,
        ownerMembershipId: value.ownerMembershipId,
        dueDate: value.dueDate,
        reportingFrequency: value.reportingFrequency,
      };
      const before = objectiveSnapshot(objective);
      const after = objectiveSnapshot({ ...objective, ...next });
      if (JSON.stringify(before) === JSON.stringify(after)) return;
      await tx
        .update(objectives)
        .set({ ...next, updatedAt: new Date() })
        .where(and(eq(objectives.orgId, ctx.orgId), eq(objectives.id, objective.id)));
      await audit(tx, ctx, "objective.update", "objective", objective.id, before, after);
    });
  } catch (error) {
    mapUniqueViolation(error, UNIQUE_CODES);
  }
}

/** Deletes the objective with its measures, values, updates and links. */
export async function deleteObjective(ctx: TenantContext, objectiveId: string): Promise<void> {
  requirePermission(ctx, "objectives.edit");
  await withTenant(ctx, async (tx) => {
    const { objective } = await loadEditableObjective(tx, ctx, objectiveId);
    const [m] = await tx.select({ n: count() }).from(measures).where(and(eq(measures.orgId, ctx.orgId), eq(measures.objectiveId, objective.id)));
    const [u] = await tx
      .select({ n: count() })
      .from(objectiveUpdates)
      .where(and(eq(objectiveUpdates.orgId, ctx.orgId), eq(objectiveUpdates.objectiveId, objective.id)));
    await tx.delete(objectives).where(and(eq(objectives.orgId, ctx.orgId), eq(objectives.id, objective.id)));
    await audit(tx, ctx, "objective.delete", "objective", objective.id, {
      ...objectiveSnapshot(objective),
      planId: objective.planId,
      measures: Number(m?.n ?? 0),
      updates: Number(u?.n ?? 0),
    }, null);
  });
}

/** One objective with its measures (each with its whole series of values, oldest first), its
 * status history (newest first) and its practice links. 404 if the caller may not see it. */
export async function getObjective(ctx: TenantContext, objectiveId: string, options: { today?: string } = {}): Promise<ObjectiveDetail> {
  const today = options.today ?? organizationToday(ctx);
  return withTenant(ctx, async (tx) => {
    const { objective, plan } = await loadVisibleObjective(tx, ctx, objectiveId);
    const nc = await nodeContext(tx, ctx, today);
    const [node] = await loadObjectiveNodes(tx, ctx, eq(objectives.id, objective.id), nc);
    if (!node) notFound(NOT_FOUND.objective);
    const series = await measurementSeries(tx, ctx.orgId, node.measures, nc.fyStart);
    const updates = await tx
      .select({
        id: objectiveUpdates.id,
        status: objectiveUpdates.status,
        narrative: objectiveUpdates.narrative,
        asOf: objectiveUpdates.asOf,
        authorName: users.displayName,
        createdAt: objectiveUpdates.createdAt,
      })
      .from(objectiveUpdates)
      .leftJoin(users, eq(users.id, objectiveUpdates.authorUserId))
      .where(and(eq(objectiveUpdates.orgId, ctx.orgId), eq(objectiveUpdates.objectiveId, objective.id)))
      .orderBy(desc(objectiveUpdates.asOf), desc(objectiveUpdates.createdAt), desc(objectiveUpdates.id));
    const { planStatus: _s, planTitle: _t, goalTitle, goalPosition, position: _p, measures: measureNodes, ...rest } = node;
    return {
      ...rest,
      plan: { id: plan.id, title: plan.title, status: plan.status, periodLabel: `FY${plan.startFiscalYear}–FY${plan.endFiscalYear}` },
      goal: { id: objective.goalId, title: goalTitle, position: goalPosition },
      measures: measureNodes.map((m) => ({
        ...m,
        measurements: series.get(m.id) ?? [],
        periodOptions: recentPeriods(today, m.reportingFrequency, nc.fyStart),
      })),
      updates,
      fiscalYearStartMonth: nc.fyStart,
    };
  });
}

async function measurementSeries(
  tx: Transaction,
  orgId: string,
  nodes: MeasureNode[],
  fyStart: number,
): Promise<Map<string, MeasurementPoint[]>> {
  const out = new Map<string, MeasurementPoint[]>();
  if (nodes.length === 0) return out;
  const frequency = new Map(nodes.map((m) => [m.id, m.reportingFrequency]));
  const rows = await tx
    .select({ id: measurements.id, measureId: measurements.measureId, period: measurements.period, value: measurements.value, note: measurements.note })
    .from(measurements)
    .where(and(eq(measurements.orgId, orgId), inArray(measurements.measureId, [...frequency.keys()])))
    .orderBy(asc(measurements.period));
  for (const r of rows) {
    const point = {
      id: r.id,
      period: r.period,
      periodLabel: periodLabel(r.period, frequency.get(r.measureId)!, fyStart),
      value: canonicalDecimal(r.value),
      note: r.note,
    };
    out.set(r.measureId, [...(out.get(r.measureId) ?? []), point]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Status updates

/**
 * Records a dated status update on an objective. The update with the latest as-of date (the
 * most recently entered one among equals) sets the objective's current status, so backfilling an
 * older update keeps the history without changing the status. The as-of date can't be in the
 * future.
 */
export async function addStatusUpdate(
  ctx: TenantContext,
  objectiveId: string,
  input: StatusUpdateInput,
  options: { today?: string } = {},
): Promise<{ id: string; status: ObjectiveStatus }> {
  requirePermission(ctx, "objectives.edit");
  const value = validate(statusUpdateSchema, input);
  const today = options.today ?? organizationToday(ctx);
  const dateProblem = statusUpdateDateProblem(value.asOf, today);
  if (dateProblem) throw FieldErrors.of("asOf", dateProblem);
  return withTenant(ctx, async (tx) => {
    const { objective } = await loadEditableObjective(tx, ctx, objectiveId, { lock: true });
    const [created] = await tx
      .insert(objectiveUpdates)
      .values({
        orgId: ctx.orgId,
        objectiveId: objective.id,
        status: value.status,
        narrative: value.narrative,
        asOf: value.asOf,
        authorUserId: ctx.userId,
      })
      .returning({ id: objectiveUpdates.id });
    const [latest] = await tx
      .select({ status: objectiveUpdates.status, asOf: objectiveUpdates.asOf })
      .from(objectiveUpdates)
      .where(and(eq(objectiveUpdates.orgId, ctx.orgId), eq(objectiveUpdates.objectiveId, objective.id)))
      .orderBy(desc(objectiveUpdates.asOf), desc(objectiveUpdates.createdAt), desc(sql`${objectiveUpdates.id} = ${created!.id}`))
      .limit(1);
    await tx
      .update(objectives)
      .set({ status: latest!.status, lastUpdateAsOf: latest!.asOf, updatedAt: new Date() })
      .where(and(eq(objectives.orgId, ctx.orgId), eq(objectives.id, objective.id)));
    await audit(
      tx,
      ctx,
      "objective.status_update",
      "objective",
      objective.id,
      { status: objective.status, lastUpdateAsOf: objective.lastUpdateAsOf },
      { status: latest!.status, lastUpdateAsOf: latest!.asOf, update: { id: created!.id, ...value } },
    );
    return { id: created!.id, status: latest!.status };
  });
}

// ---------------------------------------------------------------------------------------------
// Measures and measurements

/** Adds a measure (KPI) to an objective. The code defaults to "<objective code>.<next number>". */
export async function createMeasure(ctx: TenantContext, objectiveId: string, input: MeasureInput): Promise<{ id: string; code: string }> {
  requirePermission(ctx, "objectives.edit");
  const value = validate(measureSchema, input);
  try {
    return await withTenant(ctx, async (tx) => {
      const { objective, plan } = await loadEditableObjective(tx, ctx, objectiveId);
      const used = await codesInPlan(tx, ctx.orgId, plan.id, "measure");
      const code = value.code ?? nextCode(objective.code, used.map((u) => u.code));
      assertCodeFree(used, code, null, "measure");
      const [last] = await tx
        .select({ n: max(measures.position) })
        .from(measures)
        .where(and(eq(measures.orgId, ctx.orgId), eq(measures.objectiveId, objective.id)));
      const [created] = await tx
        .insert(measures)
        .values({
          orgId: ctx.orgId,
          planId: plan.id,
          objectiveId: objective.id,
          code,
          name: value.name,
          unit: value.unit,
          direction: value.direction,
          baseline: value.baseline,
          target: value.target,
          reportingFrequency: value.reportingFrequency,
          position: Number(last?.n ?? 0) + 1,
        })
        .returning();
      await audit(tx, ctx, "measure.create", "measure", created!.id, null, { objectiveId: objective.id, ...measureSnapshot(created!) });
      return { id: created!.id, code };
    });
  } catch (error) {
    mapUniqueViolation(error, UNIQUE_CODES);
  }
}

/** Edits a measure. Its reporting frequency can change only if every recorded value still falls
 * on the first day of a period of the new frequency. */
export async function updateMeasure(ctx: TenantContext, measureId: string, input: MeasureInput): Promise<void> {
  requirePermission(ctx, "objectives.edit");
  const value = validate(measureSchema, input);
  try {
    await withTenant(ctx, async (tx) => {
      const { measure, plan } = await loadEditableMeasure(tx, ctx, measureId);
      const code = value.code ?? measure.code;
      if (code !== measure.code) assertCodeFree(await codesInPlan(tx, ctx.orgId, plan.id, "measure"), code, measure.id, "measure");
      if (value.reportingFrequency !== measure.reportingFrequency) {
        const fyStart = await fiscalYearStartMonth(tx, ctx);
        const periods = await tx
          .select({ period: measurements.period })
          .from(measurements)
          .where(and(eq(measurements.orgId, ctx.orgId), eq(measurements.measureId, measure.id)));
        const misfit = periods.find((p) => !isPeriodStart(p.period, value.reportingFrequency, fyStart));
        if (misfit) {
          throw FieldErrors.of(
            "reportingFrequency",
            `This measure has a value for ${misfit.period}, which is not the start of a ${value.reportingFrequency} period. Keep the frequency, or remove those values first.`,
          );
        }
      }
      const next = { ...value, code };
      const before = measureSnapshot(measure);
      const after = measureSnapshot(next);
      if (JSON.stringify(before) === JSON.stringify(after)) return;
      await tx
        .update(measures)
        .set({ ...next, updatedAt: new Date() })
        .where(and(eq(measures.orgId, ctx.orgId), eq(measures.id, measure.id)));
      await audit(tx, ctx, "measure.update", "measure", measure.id, before, after);
    });
  } catch (error) {
    mapUniqueViolation(error, UNIQUE_CODES);
  }
}

export async function deleteMeasure(ctx: TenantContext, measureId: string): Promise<void> {
  requirePermission(ctx, "objectives.edit");
  await withTenant(ctx, async (tx) => {
    const { measure } = await loadEditableMeasure(tx, ctx, measureId);
    const [n] = await tx
      .select({ n: count() })
      .from(measurements)
      .where(and(eq(measurements.orgId, ctx.orgId), eq(measurements.measureId, measure.id)));
    await tx.delete(measures).where(and(eq(measures.orgId, ctx.orgId), eq(measures.id, measure.id)));
    await audit(tx, ctx, "measure.delete", "measure", measure.id, {
      objectiveId: measure.objectiveId,
      ...measureSnapshot(measure),
      measurements: Number(n?.n ?? 0),
    }, null);
  });
}

/** One measure with its objective, its whole series and its links (the measure's own page or
 * edit form). */
export async function getMeasure(
  ctx: TenantContext,
  measureId: string,
  options: { today?: string } = {},
): Promise<MeasureDetail & { objective: { id: string; code: string; title: string; planId: string; planTitle: string }; fiscalYearStartMonth: number }> {
  const today = options.today ?? organizationToday(ctx);
  return withTenant(ctx, async (tx) => {
    const { measure, objective, plan } = await loadVisibleMeasure(tx, ctx, measureId);
    const nc = await nodeContext(tx, ctx, today);
    const [node] = await loadObjectiveNodes(tx, ctx, eq(objectives.id, objective.id), nc);
    const m = node?.measures.find((x) => x.id === measure.id);
    if (!m) notFound(NOT_FOUND.measure);
    const series = await measurementSeries(tx, ctx.orgId, [m], nc.fyStart);
    return {
      ...m,
      measurements: series.get(m.id) ?? [],
      periodOptions: recentPeriods(today, m.reportingFrequency, nc.fyStart),
      objective: { id: objective.id, code: objective.code, title: objective.title, planId: plan.id, planTitle: plan.title },
      fiscalYearStartMonth: nc.fyStart,
    };
  });
}

/** The reason a period is refused for a measure, or null. */
export function periodProblem(period: string, frequency: ReportingFrequency, fyStart: number, today: string): string | null {
  if (!isPeriodStart(period, frequency, fyStart)) {
    const example = periodStart(today, frequency, fyStart);
    const what =
      frequency === "monthly"
        ? "the first day of a month"
        : frequency === "quarterly"
          ? "the first day of a fiscal quarter"
          : "the first day of the fiscal year";
    return `This measure reports ${REPORTING_FREQUENCY_LABELS[frequency].toLowerCase()}: the period is ${what}, like ${example}.`;
  }
  if (period > today) return "This period hasn't started yet. Record values for the current or past periods.";
  return null;
}

/** Records the value of a measure for one period (the first day of a month, fiscal quarter or
 * fiscal year, by the measure's frequency). A second value for the same period replaces the first. */
export async function recordMeasurement(
  ctx: TenantContext,
  measureId: string,
  input: MeasurementInput,
  options: { today?: string } = {},
): Promise<{ id: string; created: boolean; changed: boolean }> {
  requirePermission(ctx, "objectives.edit");
  const value = validate(measurementSchema, input);
  const today = options.today ?? organizationToday(ctx);
  return withTenant(ctx, async (tx) => {
    const { measure } = await loadEditableMeasure(tx, ctx, measureId);
    const fyStart = await fiscalYearStartMonth(tx, ctx);
    const problem = periodProblem(value.period, measure.reportingFrequency, fyStart, addDays(today, 1));
    if (problem) throw FieldErrors.of("period", problem);
    const [existing] = await tx
      .select()
      .from(measurements)
      .where(and(eq(measurements.orgId, ctx.orgId), eq(measurements.measureId, measure.id), eq(measurements.period, value.period)))
      .for("update");
    if (existing) {
      const before = { period: existing.period, value: canonicalDecimal(existing.value), note: existing.note };
      const after = { period: value.period, value: value.value, note: value.note };
      if (before.value === after.value && before.note === after.note) return { id: existing.id, created: false, changed: false };
      await tx
        .update(measurements)
        .set({ value: value.value, note: value.note, recordedBy: ctx.userId, updatedAt: new Date() })
        .where(and(eq(measurements.orgId, ctx.orgId), eq(measurements.id, existing.id)));
      await audit(tx, ctx, "measurement.update", "measure", measure.id, before, after);
      return { id: existing.id, created: false, changed: true };
    }
    const [created] = await tx
      .insert(measurements)
      .values({ orgId: ctx.orgId, measureId: measure.id, period: value.period, value: value.value, note: value.note, recordedBy: ctx.userId })
      .returning({ id: measurements.id });
    await audit(tx, ctx, "measurement.create", "measure", measure.id, null, { period: value.period, value: value.value, note: value.note });
    return { id: created!.id, created: true, changed: true };
  });
}

export async function deleteMeasurement(ctx: TenantContext, measurementId: string): Promise<void> {
  requirePermission(ctx, "objectives.edit");
  requireUuid(measurementId, NOT_FOUND.measurement);
  await withTenant(ctx, async (tx) => {
    const [row] = await tx
      .select({ id: measurements.id, measureId: measurements.measureId, period: measurements.period, value: measurements.value, note: measurements.note })
      .from(measurements)
      .where(and(eq(measurements.orgId, ctx.orgId), eq(measurements.id, measurementId)));
    if (!row) notFound(NOT_FOUND.measurement);
    // 404 as well when the measure is out of the caller's reach.
    await loadEditableMeasure(tx, ctx, row.measureId).catch((error: unknown) => {
      if (error instanceof Response && error.status === 404) notFound(NOT_FOUND.measurement);
      throw error;
    });
    await tx.delete(measurements).where(and(eq(measurements.orgId, ctx.orgId), eq(measurements.id, row.id)));
    await audit(tx, ctx, "measurement.delete", "measure", row.measureId, { period: row.period, value: canonicalDecimal(row.value), note: row.note }, null);
  });
}

// ---------------------------------------------------------------------------------------------
// Staleness and the department's view

export type StaleObjective = {
  id: string;
  code: string;
  title: string;
  planId: string;
  planTitle: string;
  department: DepartmentRef;
  reportingFrequency: ReportingFrequency;
  lastUpdateAsOf: string | null;
  staleReason: string;
  canEdit: boolean;
};

export type StaleMeasure = {
  id: string;
  code: string;
  name: string;
  objectiveId: string;
  objectiveCode: string;
  objectiveTitle: string;
  planId: string;
  planTitle: string;
  department: DepartmentRef;
  reportingFrequency: ReportingFrequency;
  latestPeriod: string | null;
  staleReason: string;
  canEdit: boolean;
};

/** Rows per page of each table of the stale items page. */
export const STALE_PAGE_SIZE = 25;

export type StaleFilters = { departmentId?: string | null; planId?: string | null };

type StaleQuery = { ctx: TenantContext; rule: StaleRule; nc: NodeContext; where: SQL };

/** The adopted plans' items, narrowed to a department (its sub-departments included) and a plan. */
async function staleQuery(tx: Transaction, ctx: TenantContext, today: string, filters: StaleFilters): Promise<StaleQuery> {
  const nc = await nodeContext(tx, ctx, today);
  const departmentIds = filters.departmentId ? await departmentAndBelow(tx, ctx, filters.departmentId) : null;
  const where = and(
    eq(objectives.orgId, ctx.orgId),
    eq(plans.status, "adopted"),
    departmentIds ? inArray(objectives.ownerDepartmentId, [...departmentIds]) : undefined,
    filters.planId ? (isUuid(filters.planId) ? eq(objectives.planId, filters.planId) : sql`false`) : undefined,
  )!;
  return { ctx, rule: staleRule(ctx, today, nc.fyStart), nc, where };
}

async function staleObjectiveRows(tx: Transaction, q: StaleQuery, page: { limit: number; offset: number } | null): Promise<StaleObjective[]> {
  const query = tx
    .select({
      o: objectives,
      planTitle: plans.title,
      deptName: departments.name,
      deptCode: departments.code,
    })
    .from(objectives)
    .innerJoin(plans, and(eq(plans.orgId, objectives.orgId), eq(plans.id, objectives.planId)))
    .innerJoin(goals, and(eq(goals.orgId, objectives.orgId), eq(goals.id, objectives.goalId)))
    .innerJoin(departments, and(eq(departments.orgId, objectives.orgId), eq(departments.id, objectives.ownerDepartmentId)))
    .where(and(q.where, q.rule.objectiveIsStale))
    .orderBy(asc(plans.title), asc(goals.position), asc(objectives.position), asc(objectives.code));
  const rows = page ? await query.limit(page.limit).offset(page.offset) : await query;
  return rows.map(({ o, planTitle, deptName, deptCode }) => {
    const fresh = objectiveFreshness(
      { frequency: o.reportingFrequency, lastUpdateAsOf: o.lastUpdateAsOf, createdOn: organizationDateOf(q.ctx, o.createdAt), done: o.status === "done" },
      q.nc.today,
    );
    return {
      id: o.id,
      code: o.code,
      title: o.title,
      planId: o.planId,
      planTitle,
      department: { id: o.ownerDepartmentId, name: deptName, code: deptCode },
      reportingFrequency: o.reportingFrequency,
      lastUpdateAsOf: o.lastUpdateAsOf,
      staleReason: describeObjectiveFreshness(fresh, o.lastUpdateAsOf !== null, o.reportingFrequency),
      canEdit: inScope(q.nc.scope, o.ownerDepartmentId),
    };
  });
}

async function staleMeasureRows(tx: Transaction, q: StaleQuery, page: { limit: number; offset: number } | null): Promise<StaleMeasure[]> {
  const query = tx
    .select({
      m: measures,
      objectiveCode: objectives.code,
      objectiveTitle: objectives.title,
      objectiveStatus: objectives.status,
      ownerDepartmentId: objectives.ownerDepartmentId,
      latestPeriod: sql<string | null>`(select max(ms.period)::text from measurements ms where ms.org_id = ${measures.orgId} and ms.measure_id = ${measures.id})`,
      planTitle: plans.title,
      deptName: departments.name,
      deptCode: departments.code,
    })
    .from(measures)
    .innerJoin(objectives, and(eq(objectives.orgId, measures.orgId), eq(objectives.id, measures.objectiveId)))
    .innerJoin(plans, and(eq(plans.orgId, objectives.orgId), eq(plans.id, objectives.planId)))
    .innerJoin(goals, and(eq(goals.orgId, objectives.orgId), eq(goals.id, objectives.goalId)))
    .innerJoin(departments, and(eq(departments.orgId, objectives.orgId), eq(departments.id, objectives.ownerDepartmentId)))
    .where(and(q.where, q.rule.measureIsStale))
    .orderBy(asc(plans.title), asc(goals.position), asc(objectives.position), asc(objectives.code), asc(measures.position), asc(measures.code));
  const rows = page ? await query.limit(page.limit).offset(page.offset) : await query;
  return rows.map((r) => {
    const m = r.m;
    const fresh = measureFreshness(
      { frequency: m.reportingFrequency, latestPeriod: r.latestPeriod, createdOn: organizationDateOf(q.ctx, m.createdAt), done: r.objectiveStatus === "done" },
      q.nc.today,
      q.nc.fyStart,
    );
    return {
      id: m.id,
      code: m.code,
      name: m.name,
      objectiveId: m.objectiveId,
      objectiveCode: r.objectiveCode,
      objectiveTitle: r.objectiveTitle,
      planId: m.planId,
      planTitle: r.planTitle,
      department: { id: r.ownerDepartmentId, name: r.deptName, code: r.deptCode },
      reportingFrequency: m.reportingFrequency,
      latestPeriod: r.latestPeriod,
      staleReason: describeMeasureFreshness(fresh, m.reportingFrequency, q.nc.fyStart),
      canEdit: inScope(q.nc.scope, r.ownerDepartmentId),
    };
  });
}

/**
 * The stale objectives and measures of the adopted plans (see staleness.ts for the exact rule),
 * optionally of one department (its sub-departments included) and one plan: every one of them,
 * for a CSV file. Pages use getStaleItemsPage. `today` is an ISO date.
 */
export async function listStaleItems(
  ctx: TenantContext,
  today: string = organizationToday(ctx),
  options: StaleFilters = {},
): Promise<{ objectives: StaleObjective[]; measures: StaleMeasure[] }> {
  requirePermission(ctx, "plans.read");
  return withTenant(ctx, async (tx) => {
    const q = await staleQuery(tx, ctx, today, options);
    return { objectives: await staleObjectiveRows(tx, q, null), measures: await staleMeasureRows(tx, q, null) };
  });
}

export type StaleItemsPage = {
  objectives: StaleObjective[];
  measures: StaleMeasure[];
  /** How many stale objectives and measures match the filters, and which page of each is shown. */
  objectivePage: PageInfo;
  measurePage: PageInfo;
  /** The filters' choices: the plans and departments that have stale items. */
  planOptions: { id: string; title: string }[];
  departmentOptions: DepartmentRef[];
};

/** One page of each table of the stale items page, with the counts and the filters' choices. */
export async function getStaleItemsPage(
  ctx: TenantContext,
  options: StaleFilters & { today?: string; objectivePage?: number; measurePage?: number; pageSize?: number } = {},
): Promise<StaleItemsPage> {
  requirePermission(ctx, "plans.read");
  const today = options.today ?? organizationToday(ctx);
  const pageSize = options.pageSize ?? STALE_PAGE_SIZE;
  return withTenant(ctx, async (tx) => {
    const q = await staleQuery(tx, ctx, today, options);
    const countOf = async (table: typeof objectives | typeof measures, stale: SQL) => {
      const base = tx.select({ n: sql<number>`count(*)::int` }).from(table);
      const [row] =
        table === measures
          ? await base
              .innerJoin(objectives, and(eq(objectives.orgId, measures.orgId), eq(objectives.id, measures.objectiveId)))
              .innerJoin(plans, and(eq(plans.orgId, objectives.orgId), eq(plans.id, objectives.planId)))
              .where(and(q.where, stale))
          : await base.innerJoin(plans, and(eq(plans.orgId, objectives.orgId), eq(plans.id, objectives.planId))).where(and(q.where, stale));
      return Number(row?.n ?? 0);
    };
    const objectivePage = pageOf(await countOf(objectives, q.rule.objectiveIsStale), options.objectivePage, pageSize);
    const measurePage = pageOf(await countOf(measures, q.rule.measureIsStale), options.measurePage, pageSize);
    const at = (p: PageInfo) => ({ limit: pageSize, offset: p.offset });
    // The choices: every plan and department with a stale item, whatever the filters.
    const choices = await tx
      .selectDistinct({ planId: plans.id, planTitle: plans.title, id: departments.id, name: departments.name, code: departments.code })
      .from(objectives)
      .innerJoin(plans, and(eq(plans.orgId, objectives.orgId), eq(plans.id, objectives.planId)))
      .innerJoin(departments, and(eq(departments.orgId, objectives.orgId), eq(departments.id, objectives.ownerDepartmentId)))
      .where(and(eq(objectives.orgId, ctx.orgId), eq(plans.status, "adopted"), sql`(${q.rule.objectiveIsStale} or ${hasStaleMeasure(q.rule)})`));
    return {
      objectives: objectivePage.total ? await staleObjectiveRows(tx, q, at(objectivePage)) : [],
      measures: measurePage.total ? await staleMeasureRows(tx, q, at(measurePage)) : [],
      objectivePage,
      measurePage,
      planOptions: [...new Map(choices.map((c) => [c.planId, { id: c.planId, title: c.planTitle }])).values()].sort((a, b) =>
        a.title.localeCompare(b.title),
      ),
      departmentOptions: [...new Map(choices.map((c) => [c.id, { id: c.id, name: c.name, code: c.code }])).values()].sort((a, b) =>
        a.name.localeCompare(b.name),
      ),
    };
  });
}

/**
 * Stale objectives and measures of adopted plans counted by owner department, for the overview:
 * in the given plans, and departments when given. Departments without a stale item are left out.
 */
export async function staleCountsByDepartment(
  tx: Transaction,
  ctx: TenantContext,
  options: { planIds: string[]; departmentIds: string[] | null; today: string; fiscalYearStartMonth: number },
): Promise<{ departmentId: string; staleObjectiveCount: number; staleMeasureCount: number }[]> {
  if (options.planIds.length === 0) return [];
  const rule = staleRule(ctx, options.today, options.fiscalYearStartMonth);
  const where = and(
    inArray(objectives.planId, options.planIds),
    eq(plans.status, "adopted"),
    options.departmentIds ? inArray(objectives.ownerDepartmentId, options.departmentIds) : undefined,
  );
  const o = await objectiveTallies(tx, ctx.orgId, rule, "department", where);
  const m = await measureTallies(tx, ctx.orgId, rule, "department", where);
  return [...new Set([...o.keys(), ...m.keys()])]
    .map((departmentId) => ({
      departmentId,
      staleObjectiveCount: o.get(departmentId)?.staleObjectiveCount ?? 0,
      staleMeasureCount: m.get(departmentId)?.staleMeasureCount ?? 0,
    }))
    .filter((d) => d.staleObjectiveCount + d.staleMeasureCount > 0);
}

async function departmentAndBelow(tx: Transaction, ctx: TenantContext, departmentId: string): Promise<Set<string>> {
  const rows = await tx.select({ id: departments.id, parentId: departments.parentId }).from(departments).where(eq(departments.orgId, ctx.orgId));
  const ids = new Set<string>();
  const stack = rows.some((r) => r.id === departmentId) ? [departmentId] : [];
  while (stack.length) {
    const id = stack.pop()!;
    if (ids.has(id)) continue;
    ids.add(id);
    for (const r of rows) if (r.parentId === id) stack.push(r.id);
  }
  return ids;
}

export type DepartmentPlanGroup = {
  plan: { id: string; title: string; status: PlanStatus; periodLabel: string };
  objectives: (ObjectiveNode & { goalTitle: string; goalPosition: number })[];
};

/**
 * The "my department" page: the objectives (with measures) owned by a department and its
 * sub-departments, in the plans the caller may see that are not archived, grouped by plan.
 * Without a departmentId, the caller's own department (department heads and staff); none for a
 * member without one. 404 for a department id that is not this organization's.
 */
export async function listDepartmentObjectives(
  ctx: TenantContext,
  options: { departmentId?: string | null; today?: string } = {},
): Promise<{ department: DepartmentRef | null; plans: DepartmentPlanGroup[]; staleCount: number; statusCounts: StatusCounts }> {
  requirePermission(ctx, "plans.read");
  const today = options.today ?? organizationToday(ctx);
  const departmentId = options.departmentId || ctx.departmentId;
  return withTenant(ctx, async (tx) => {
    if (!departmentId) return { department: null, plans: [], staleCount: 0, statusCounts: emptyCounts() };
    requireUuid(departmentId, "We couldn't find that department in this organization.");
    const [dept] = await tx
      .select({ id: departments.id, name: departments.name, code: departments.code })
      .from(departments)
      .where(and(eq(departments.orgId, ctx.orgId), eq(departments.id, departmentId)));
    if (!dept) notFound("We couldn't find that department in this organization.");
    const ids = await departmentAndBelow(tx, ctx, dept.id);
    const nc = await nodeContext(tx, ctx, today);
    const nodes = await loadObjectiveNodes(
      tx,
      ctx,
      and(inArray(objectives.ownerDepartmentId, [...ids]), inArray(plans.status, ["draft", "adopted"]))!,
      nc,
    );
    const planIds = [...new Set(nodes.map((o) => o.planId))];
    const planRows = planIds.length
      ? await tx.select().from(plans).where(and(eq(plans.orgId, ctx.orgId), inArray(plans.id, planIds)))
      : [];
    const order: Record<PlanStatus, number> = { adopted: 0, draft: 1, archived: 2 };
    planRows.sort((a, b) => order[a.status] - order[b.status] || b.startFiscalYear - a.startFiscalYear);
    return {
      department: dept,
      plans: planRows.map((p) => ({
        plan: { id: p.id, title: p.title, status: p.status, periodLabel: `FY${p.startFiscalYear}–FY${p.endFiscalYear}` },
        objectives: nodes
          .filter((o) => o.planId === p.id)
          .map(({ planStatus: _s, planTitle: _t, position: _p, ...o }) => o),
      })),
      staleCount: nodes.reduce((n, o) => n + Number(o.stale) + o.measures.filter((m) => m.stale).length, 0),
      statusCounts: countStatuses(nodes),
    };
  });
}

