// Workforce (HR) goals: a department's or the whole organization's goal on turnover, vacancies,
// time to hire, training, ethics training or representation, with measurements by period, dated
// status updates and practice links. A goal's value behaves exactly like a plan measure and its
// progress like an objective, so the rules are the plan's own code: periods and staleness
// (staleness.ts), exact decimals (decimal.ts), the period check (periodProblem), the status
// update rule (the latest as-of date sets the status) and practice links (replacePracticeLinks).
//
// Who may do what:
// - workforce.read (admins, department heads) reads every goal of the organization;
// - admins (workforce.manage) change every goal, including organization-wide ones;
// - department heads (workforce.edit) change the goals of their department and its
//   sub-departments; any other goal answers 404 to a change, and nothing is written.
import { and, asc, desc, eq, isNull, max, sql } from "drizzle-orm";
import type { Transaction } from "#db/client.server";
import { departments, users, workforceGoals, workforceGoalUpdates, workforceMeasurements } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import type { z } from "zod";
import { recordAudit } from "~/modules/audit/audit.server";
import { can } from "~/modules/auth/permissions";
import { requirePermission, type TenantContext } from "~/modules/auth/tenant.server";
import { loadLinks, replacePracticeLinks, type PracticeLink } from "~/modules/plans/alignment.server";
import { canonicalDecimal } from "~/modules/core/decimal";
import {
  measurementSchema,
  statusUpdateSchema,
  type AlignmentInput,
  type MeasureDirection,
  type MeasurementInput,
  type ObjectiveStatus,
  type ReportingFrequency,
  type StatusUpdateInput,
} from "~/modules/plans/plans.schema";
import { periodProblem, type MeasurementPoint, type StatusUpdateItem } from "~/modules/plans/plans.server";
import { type EditScope } from "~/modules/plans/scope.server";
import { departmentTree } from "~/modules/core/departments.server";
import { fiscalYearStartMonth } from "~/modules/core/organization.server";
import { requireUuid } from "~/modules/core/ids.server";
import { addDays } from "~/modules/core/dates";
import { organizationDateOf, organizationToday } from "~/modules/core/today";
import { isPeriodStart, periodLabel, recentPeriods } from "~/modules/core/periods";
import { measureFreshness, objectiveFreshness, statusUpdateDateProblem } from "~/modules/plans/staleness";
import { FieldErrors, notFound } from "~/utils/http.server";
import {
  WORKFORCE_METRIC_LABELS,
  workforceGoalSchema,
  type DemographicField,
  type WorkforceGoalInput,
  type WorkforceGoalValue,
  type WorkforceMetric,
} from "./workforce.schema";

export const WORKFORCE_NOT_FOUND = "We couldn't find that workforce goal in this organization.";

export type WorkforceGoalSummary = {
  id: string;
  name: string;
  metric: WorkforceMetric;
  metricLabel: string;
  /** Null: an organization-wide goal. */
  department: { id: string; name: string; code: string } | null;
  unit: string;
  direction: MeasureDirection;
  baseline: string | null;
  target: string | null;
  dueDate: string | null;
  overdue: boolean;
  reportingFrequency: ReportingFrequency;
  status: ObjectiveStatus;
  lastUpdateAsOf: string | null;
  latest: { period: string; periodLabel: string; value: string } | null;
  stale: boolean;
  /** "Up to date." or why the goal is stale (a missing value, an overdue status update, or both). */
  staleReason: string;
  links: PracticeLink[];
  canEdit: boolean;
};

export type WorkforceGoalDetail = WorkforceGoalSummary & {
  description: string;
  demographicField: DemographicField | null;
  demographicGroup: string | null;
  /** Oldest first: the chart's series and its table. */
  measurements: MeasurementPoint[];
  /** The periods a value may be recorded for, newest first. */
  periodOptions: { value: string; label: string }[];
  /** Newest first. */
  updates: StatusUpdateItem[];
  fiscalYearStartMonth: number;
};

export type DepartmentChoice = { id: string; name: string; code: string };

type GoalRow = typeof workforceGoals.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Scope

/** The departments whose goals the caller may change: all for admins; a department head's
 * department and its sub-departments; none for anyone else. */
async function goalScope(tx: Transaction, ctx: TenantContext): Promise<EditScope> {
  if (can(ctx.role, "workforce.manage")) return { all: true };
  if (!can(ctx.role, "workforce.edit") || !ctx.departmentId) return { all: false, departmentIds: new Set() };
  return { all: false, departmentIds: await departmentTree(tx, ctx.orgId, ctx.departmentId) };
}

/** Organization-wide goals (no department) are the administrators' alone. */
function mayEdit(scope: EditScope, departmentId: string | null): boolean {
  return scope.all || (departmentId !== null && scope.departmentIds.has(departmentId));
}

async function loadVisibleGoal(tx: Transaction, ctx: TenantContext, goalId: unknown, options: { lock?: boolean } = {}): Promise<GoalRow> {
  requirePermission(ctx, "workforce.read");
  requireUuid(goalId, WORKFORCE_NOT_FOUND);
  const query = tx.select().from(workforceGoals).where(and(eq(workforceGoals.orgId, ctx.orgId), eq(workforceGoals.id, goalId)));
  const [goal] = options.lock ? await query.for("update") : await query;
  if (!goal) notFound(WORKFORCE_NOT_FOUND);
  return goal;
}

/** A goal the caller may change, else 404 (another department's goal reveals nothing more). */
async function loadEditableGoal(
  tx: Transaction,
  ctx: TenantContext,
  goalId: unknown,
  options: { lock?: boolean } = {},
): Promise<{ goal: GoalRow; scope: EditScope }> {
  requirePermission(ctx, "workforce.edit");
  const goal = await loadVisibleGoal(tx, ctx, goalId, options);
  const scope = await goalScope(tx, ctx);
  if (!mayEdit(scope, goal.departmentId)) notFound(WORKFORCE_NOT_FOUND);
  return { goal, scope };
}

/** Checks the department a goal is (re)assigned to: one the caller may edit, current, of this
 * organization; null (organization-wide) for administrators only. */
async function checkDepartment(tx: Transaction, ctx: TenantContext, scope: EditScope, departmentId: string | null): Promise<void> {
  if (departmentId === null) {
    if (!scope.all) throw FieldErrors.of("departmentId", "Only administrators can set organization-wide goals. Choose your department.");
    return;
  }
  const [d] = /^[0-9a-f-]{36}$/i.test(departmentId)
    ? await tx
        .select({ id: departments.id, archivedAt: departments.archivedAt })
        .from(departments)
        .where(and(eq(departments.orgId, ctx.orgId), eq(departments.id, departmentId)))
    : [];
  if (!d || !mayEdit(scope, d.id)) throw FieldErrors.of("departmentId", "Choose one of the departments in the list.");
  if (d.archivedAt) throw FieldErrors.of("departmentId", "This department is archived. Choose a current department.");
}

// ---------------------------------------------------------------------------------------------
// Helpers

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

const snapshot = (g: Pick<GoalRow, "name" | "description" | "departmentId" | "metric" | "unit" | "direction" | "baseline" | "target" | "dueDate" | "reportingFrequency" | "demographicField" | "demographicGroup">) => ({
  name: g.name,
  description: g.description,
  departmentId: g.departmentId,
  metric: g.metric,
  unit: g.unit,
  direction: g.direction,
  baseline: canonicalDecimal(g.baseline),
  target: canonicalDecimal(g.target),
  dueDate: g.dueDate,
  reportingFrequency: g.reportingFrequency,
  demographicField: g.demographicField,
  demographicGroup: g.demographicGroup,
});

async function audit(tx: Transaction, ctx: TenantContext, action: string, goalId: string, before: unknown, after: unknown): Promise<void> {
  await recordAudit(tx, { orgId: ctx.orgId, actorUserId: ctx.userId, action, entityType: "workforce_goal", entityId: goalId, before, after });
}

const FREQUENCY_WORD: Record<ReportingFrequency, string> = { monthly: "monthly", quarterly: "quarterly", yearly: "yearly" };

/**
 * A goal is stale when its value for a past period is overdue (the measure rule) or its status
 * update is (the objective rule); done goals never are. The reason names each overdue part.
 */
export function workforceGoalFreshness(
  goal: { reportingFrequency: ReportingFrequency; lastUpdateAsOf: string | null; createdOn: string; status: ObjectiveStatus; latestPeriod: string | null },
  today: string,
  fyStart: number,
): { stale: boolean; reason: string } {
  const done = goal.status === "done";
  const f = goal.reportingFrequency;
  const value = measureFreshness({ frequency: f, latestPeriod: goal.latestPeriod, createdOn: goal.createdOn, done }, today, fyStart);
  const update = objectiveFreshness({ frequency: f, lastUpdateAsOf: goal.lastUpdateAsOf, createdOn: goal.createdOn, done }, today);
  const parts: string[] = [];
  if (value.stale && value.missingPeriod) {
    parts.push(`no value for ${periodLabel(value.missingPeriod, f, fyStart)} yet (it was due by ${value.missingSince})`);
  }
  if (update.stale) {
    parts.push(
      goal.lastUpdateAsOf
        ? `the last status update is as of ${update.lastUpdate}, and this goal reports ${FREQUENCY_WORD[f]}`
        : `no status update since the goal was created on ${update.lastUpdate}, and it reports ${FREQUENCY_WORD[f]}`,
    );
  }
  if (parts.length === 0) return { stale: false, reason: `Up to date (next status update due by ${update.freshUntil}).` };
  return { stale: true, reason: `Stale: ${parts.join("; ")}.` };
}

async function latestValues(tx: Transaction, orgId: string, goalIds: string[]): Promise<Map<string, { period: string; value: string }>> {
  if (goalIds.length === 0) return new Map();
  // One step down the (org_id, goal_id, period) index per goal (as latestMeasurements does for
  // measures), never every value of every goal sorted: only the latest shows.
  const wanted = sql.join(
    goalIds.map((id) => sql`(${id}::uuid)`),
    sql`, `,
  );
  const latest = tx
    .select({ period: workforceMeasurements.period, value: workforceMeasurements.value })
    .from(workforceMeasurements)
    .where(and(eq(workforceMeasurements.orgId, orgId), eq(workforceMeasurements.goalId, sql`g.id`)))
    .orderBy(desc(workforceMeasurements.period))
    .limit(1)
    .as("latest");
  const rows = await tx
    .select({ goalId: sql<string>`g.id`, period: latest.period, value: latest.value })
    .from(sql`(values ${wanted}) as g(id)`)
    .innerJoinLateral(latest, sql`true`);
  return new Map(rows.map((r) => [r.goalId, { period: r.period, value: r.value }]));
}

async function summaries(tx: Transaction, ctx: TenantContext, rows: GoalRow[], today: string): Promise<WorkforceGoalSummary[]> {
  const fyStart = await fiscalYearStartMonth(tx, ctx);
  const scope = await goalScope(tx, ctx);
  const ids = rows.map((r) => r.id);
  const [latest, links, depts] = [
    await latestValues(tx, ctx.orgId, ids),
    await loadLinks(tx, ctx.orgId, "workforce_goal", ids),
    await tx.select({ id: departments.id, name: departments.name, code: departments.code }).from(departments).where(eq(departments.orgId, ctx.orgId)),
  ];
  const deptById = new Map(depts.map((d) => [d.id, d]));
  return rows.map((g) => {
    const last = latest.get(g.id) ?? null;
    const fresh = workforceGoalFreshness(
      { reportingFrequency: g.reportingFrequency, lastUpdateAsOf: g.lastUpdateAsOf, createdOn: organizationDateOf(ctx, g.createdAt), status: g.status, latestPeriod: last?.period ?? null },
      today,
      fyStart,
    );
    return {
      id: g.id,
      name: g.name,
      metric: g.metric,
      metricLabel: WORKFORCE_METRIC_LABELS[g.metric],
      department: g.departmentId ? (deptById.get(g.departmentId) ?? null) : null,
      unit: g.unit,
      direction: g.direction,
      baseline: canonicalDecimal(g.baseline),
      target: canonicalDecimal(g.target),
      dueDate: g.dueDate,
      overdue: g.dueDate !== null && g.dueDate < today && g.status !== "done",
      reportingFrequency: g.reportingFrequency,
      status: g.status,
      lastUpdateAsOf: g.lastUpdateAsOf,
      latest: last ? { period: last.period, periodLabel: periodLabel(last.period, g.reportingFrequency, fyStart), value: canonicalDecimal(last.value) } : null,
      stale: fresh.stale,
      staleReason: fresh.reason,
      links: links.get(g.id) ?? [],
      canEdit: mayEdit(scope, g.departmentId),
    };
  });
}

/** The departments the caller may give a goal to (current ones), by name. */
async function editableDepartments(tx: Transaction, ctx: TenantContext, scope: EditScope): Promise<DepartmentChoice[]> {
  const rows = await tx
    .select({ id: departments.id, name: departments.name, code: departments.code })
    .from(departments)
    .where(and(eq(departments.orgId, ctx.orgId), isNull(departments.archivedAt)))
    .orderBy(asc(departments.name));
  return rows.filter((d) => mayEdit(scope, d.id));
}

// ---------------------------------------------------------------------------------------------
// Reading

export type WorkforceGoalList = {
  goals: WorkforceGoalSummary[];
  /** The filter's choices: the departments that have goals. */
  departmentOptions: DepartmentChoice[];
  filters: { departmentId: string | null; staleOnly: boolean };
  staleCount: number;
  /** The create form: whether the caller may add goals, where, and whether organization-wide. */
  canCreate: boolean;
  createDepartments: DepartmentChoice[];
  canCreateOrgWide: boolean;
};

/** The organization's workforce goals (organization-wide first, then by department), with the
 * latest value, status and staleness of each. `departmentId` "org" lists organization-wide goals. */
export async function listWorkforceGoals(
  ctx: TenantContext,
  options: { departmentId?: string | null; staleOnly?: boolean; today?: string } = {},
): Promise<WorkforceGoalList> {
  requirePermission(ctx, "workforce.read");
  const today = options.today ?? organizationToday(ctx);
  return withTenant(ctx, async (tx) => {
    const rows = await tx
      .select({ goal: workforceGoals })
      .from(workforceGoals)
      .leftJoin(departments, and(eq(departments.orgId, workforceGoals.orgId), eq(departments.id, workforceGoals.departmentId)))
      .where(eq(workforceGoals.orgId, ctx.orgId))
      .orderBy(sql`${departments.name} asc nulls first`, asc(workforceGoals.position), asc(workforceGoals.name));
    const all = await summaries(tx, ctx, rows.map((r) => r.goal), today);
    const scope = await goalScope(tx, ctx);
    const createDepartments = can(ctx.role, "workforce.edit") ? await editableDepartments(tx, ctx, scope) : [];
    const departmentOptions = [...new Map(all.flatMap((g) => (g.department ? [[g.department.id, g.department] as const] : []))).values()].sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    const departmentId = options.departmentId || null;
    const goals = all.filter(
      (g) =>
        (departmentId === null || (departmentId === "org" ? g.department === null : g.department?.id === departmentId)) &&
        (!options.staleOnly || g.stale),
    );
    return {
      goals,
      departmentOptions,
      filters: { departmentId, staleOnly: Boolean(options.staleOnly) },
      staleCount: all.filter((g) => g.stale).length,
      canCreate: createDepartments.length > 0 || scope.all,
      createDepartments,
      canCreateOrgWide: scope.all,
    };
  });
}

/** One goal with its whole series (oldest first), status history (newest first) and links. */
export async function getWorkforceGoal(ctx: TenantContext, goalId: string, options: { today?: string } = {}): Promise<WorkforceGoalDetail> {
  const today = options.today ?? organizationToday(ctx);
  return withTenant(ctx, async (tx) => {
    const goal = await loadVisibleGoal(tx, ctx, goalId);
    const [summary] = await summaries(tx, ctx, [goal], today);
    const fyStart = await fiscalYearStartMonth(tx, ctx);
    const points = await tx
      .select({ id: workforceMeasurements.id, period: workforceMeasurements.period, value: workforceMeasurements.value, note: workforceMeasurements.note })
      .from(workforceMeasurements)
      .where(and(eq(workforceMeasurements.orgId, ctx.orgId), eq(workforceMeasurements.goalId, goal.id)))
      .orderBy(asc(workforceMeasurements.period));
    const updates = await tx
      .select({
        id: workforceGoalUpdates.id,
        status: workforceGoalUpdates.status,
        narrative: workforceGoalUpdates.narrative,
        asOf: workforceGoalUpdates.asOf,
        authorName: users.displayName,
        createdAt: workforceGoalUpdates.createdAt,
      })
      .from(workforceGoalUpdates)
      .leftJoin(users, eq(users.id, workforceGoalUpdates.authorUserId))
      .where(and(eq(workforceGoalUpdates.orgId, ctx.orgId), eq(workforceGoalUpdates.goalId, goal.id)))
      .orderBy(desc(workforceGoalUpdates.asOf), desc(workforceGoalUpdates.createdAt), desc(workforceGoalUpdates.id));
    return {
      ...summary!,
      description: goal.description,
      demographicField: (goal.demographicField as DemographicField | null) ?? null,
      demographicGroup: goal.demographicGroup,
      measurements: points.map((p) => ({
        id: p.id,
        period: p.period,
        periodLabel: periodLabel(p.period, goal.reportingFrequency, fyStart),
        value: canonicalDecimal(p.value),
        note: p.note,
      })),
      periodOptions: recentPeriods(today, goal.reportingFrequency, fyStart),
      updates,
      fiscalYearStartMonth: fyStart,
    };
  });
}

/** The departments the caller may assign a goal to, and whether organization-wide is allowed. */
export async function getWorkforceGoalFormOptions(ctx: TenantContext): Promise<{ departments: DepartmentChoice[]; canCreateOrgWide: boolean }> {
  requirePermission(ctx, "workforce.edit");
  return withTenant(ctx, async (tx) => {
    const scope = await goalScope(tx, ctx);
    return { departments: await editableDepartments(tx, ctx, scope), canCreateOrgWide: scope.all };
  });
}

// ---------------------------------------------------------------------------------------------
// Changing goals

const columnsOf = (v: WorkforceGoalValue) => ({
  name: v.name,
  description: v.description,
  departmentId: v.departmentId,
  metric: v.metric,
  unit: v.unit,
  direction: v.direction,
  baseline: v.baseline,
  target: v.target,
  dueDate: v.dueDate,
  reportingFrequency: v.reportingFrequency,
  demographicField: v.demographicField,
  demographicGroup: v.demographicGroup,
});

export async function createWorkforceGoal(ctx: TenantContext, input: WorkforceGoalInput): Promise<{ id: string }> {
  requirePermission(ctx, "workforce.edit");
  const value = validate(workforceGoalSchema, input);
  return withTenant(ctx, async (tx) => {
    const scope = await goalScope(tx, ctx);
    await checkDepartment(tx, ctx, scope, value.departmentId);
    const [last] = await tx.select({ n: max(workforceGoals.position) }).from(workforceGoals).where(eq(workforceGoals.orgId, ctx.orgId));
    const [created] = await tx
      .insert(workforceGoals)
      .values({ orgId: ctx.orgId, ...columnsOf(value), position: Number(last?.n ?? 0) + 1, createdBy: ctx.userId })
      .returning();
    await audit(tx, ctx, "workforce_goal.create", created!.id, null, snapshot(created!));
    return { id: created!.id };
  });
}

/** Edits a goal. Its reporting frequency can change only if every recorded value still falls on
 * the first day of a period of the new frequency. */
export async function updateWorkforceGoal(ctx: TenantContext, goalId: string, input: WorkforceGoalInput): Promise<void> {
  requirePermission(ctx, "workforce.edit");
  const value = validate(workforceGoalSchema, input);
  await withTenant(ctx, async (tx) => {
    const { goal, scope } = await loadEditableGoal(tx, ctx, goalId, { lock: true });
    if (value.departmentId !== goal.departmentId) await checkDepartment(tx, ctx, scope, value.departmentId);
    if (value.reportingFrequency !== goal.reportingFrequency) {
      const fyStart = await fiscalYearStartMonth(tx, ctx);
      const periods = await tx
        .select({ period: workforceMeasurements.period })
        .from(workforceMeasurements)
        .where(and(eq(workforceMeasurements.orgId, ctx.orgId), eq(workforceMeasurements.goalId, goal.id)));
      const misfit = periods.find((p) => !isPeriodStart(p.period, value.reportingFrequency, fyStart));
      if (misfit) {
        throw FieldErrors.of(
          "reportingFrequency",
          `This goal has a value for ${misfit.period}, which is not the start of a ${value.reportingFrequency} period. Keep the frequency, or remove those values first.`,
        );
      }
    }
    const before = snapshot(goal);
    const after = snapshot({ ...goal, ...columnsOf(value) });
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    await tx
      .update(workforceGoals)
      .set({ ...columnsOf(value), updatedAt: new Date() })
      .where(and(eq(workforceGoals.orgId, ctx.orgId), eq(workforceGoals.id, goal.id)));
    await audit(tx, ctx, "workforce_goal.update", goal.id, before, after);
  });
}

/** Deletes a goal with its values, updates and links (the audit log keeps what it was). */
export async function deleteWorkforceGoal(ctx: TenantContext, goalId: string): Promise<void> {
  requirePermission(ctx, "workforce.edit");
  await withTenant(ctx, async (tx) => {
    const { goal } = await loadEditableGoal(tx, ctx, goalId, { lock: true });
    const [m] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(workforceMeasurements)
      .where(and(eq(workforceMeasurements.orgId, ctx.orgId), eq(workforceMeasurements.goalId, goal.id)));
    const [u] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(workforceGoalUpdates)
      .where(and(eq(workforceGoalUpdates.orgId, ctx.orgId), eq(workforceGoalUpdates.goalId, goal.id)));
    await tx.delete(workforceGoals).where(and(eq(workforceGoals.orgId, ctx.orgId), eq(workforceGoals.id, goal.id)));
    await audit(tx, ctx, "workforce_goal.delete", goal.id, { ...snapshot(goal), status: goal.status, measurements: Number(m?.n ?? 0), updates: Number(u?.n ?? 0) }, null);
  });
}

/**
 * Records the goal's value for one period (the first day of a month, fiscal quarter or fiscal
 * year, by its frequency); a second value for the same period replaces the first. The same rules
 * as a plan measure's values.
 */
export async function recordWorkforceMeasurement(
  ctx: TenantContext,
  goalId: string,
  input: MeasurementInput,
  options: { today?: string } = {},
): Promise<{ id: string; created: boolean; changed: boolean }> {
  requirePermission(ctx, "workforce.edit");
  const value = validate(measurementSchema, input);
  const today = options.today ?? organizationToday(ctx);
  return withTenant(ctx, async (tx) => {
    const { goal } = await loadEditableGoal(tx, ctx, goalId);
    const fyStart = await fiscalYearStartMonth(tx, ctx);
    const problem = periodProblem(value.period, goal.reportingFrequency, fyStart, addDays(today, 1));
    if (problem) throw FieldErrors.of("period", problem.replace("This measure", "This goal"));
    const [existing] = await tx
      .select()
      .from(workforceMeasurements)
      .where(and(eq(workforceMeasurements.orgId, ctx.orgId), eq(workforceMeasurements.goalId, goal.id), eq(workforceMeasurements.period, value.period)))
      .for("update");
    if (existing) {
      const before = { period: existing.period, value: canonicalDecimal(existing.value), note: existing.note };
      const after = { period: value.period, value: value.value, note: value.note };
      if (before.value === after.value && before.note === after.note) return { id: existing.id, created: false, changed: false };
      await tx
        .update(workforceMeasurements)
        .set({ value: value.value, note: value.note, recordedBy: ctx.userId, updatedAt: new Date() })
        .where(and(eq(workforceMeasurements.orgId, ctx.orgId), eq(workforceMeasurements.id, existing.id)));
      await audit(tx, ctx, "workforce_measurement.update", goal.id, before, after);
      return { id: existing.id, created: false, changed: true };
    }
    const [created] = await tx
      .insert(workforceMeasurements)
      .values({ orgId: ctx.orgId, goalId: goal.id, period: value.period, value: value.value, note: value.note, recordedBy: ctx.userId })
      .returning({ id: workforceMeasurements.id });
    await audit(tx, ctx, "workforce_measurement.create", goal.id, null, { period: value.period, value: value.value, note: value.note });
    return { id: created!.id, created: true, changed: true };
  });
}

/**
 * Adds a dated status update. The update with the latest as-of date (the most recently entered
 * among equals) sets the goal's status, so a backfilled older update keeps the history without
 * changing the status. Not dated in the future.
 */
export async function addWorkforceGoalUpdate(
  ctx: TenantContext,
  goalId: string,
  input: StatusUpdateInput,
  options: { today?: string } = {},
): Promise<{ id: string; status: ObjectiveStatus }> {
  requirePermission(ctx, "workforce.edit");
  const value = validate(statusUpdateSchema, input);
  const today = options.today ?? organizationToday(ctx);
  const dateProblem = statusUpdateDateProblem(value.asOf, today);
  if (dateProblem) throw FieldErrors.of("asOf", dateProblem);
  return withTenant(ctx, async (tx) => {
    const { goal } = await loadEditableGoal(tx, ctx, goalId, { lock: true });
    const [created] = await tx
      .insert(workforceGoalUpdates)
      .values({ orgId: ctx.orgId, goalId: goal.id, status: value.status, narrative: value.narrative, asOf: value.asOf, authorUserId: ctx.userId })
      .returning({ id: workforceGoalUpdates.id });
    const [latest] = await tx
      .select({ status: workforceGoalUpdates.status, asOf: workforceGoalUpdates.asOf })
      .from(workforceGoalUpdates)
      .where(and(eq(workforceGoalUpdates.orgId, ctx.orgId), eq(workforceGoalUpdates.goalId, goal.id)))
      .orderBy(desc(workforceGoalUpdates.asOf), desc(workforceGoalUpdates.createdAt), desc(sql`${workforceGoalUpdates.id} = ${created!.id}`))
      .limit(1);
    await tx
      .update(workforceGoals)
      .set({ status: latest!.status, lastUpdateAsOf: latest!.asOf, updatedAt: new Date() })
      .where(and(eq(workforceGoals.orgId, ctx.orgId), eq(workforceGoals.id, goal.id)));
    await audit(
      tx,
      ctx,
      "workforce_goal.status_update",
      goal.id,
      { status: goal.status, lastUpdateAsOf: goal.lastUpdateAsOf },
      { status: latest!.status, lastUpdateAsOf: latest!.asOf, update: { id: created!.id, ...value } },
    );
    return { id: created!.id, status: latest!.status };
  });
}

/** Replaces the goal's practice links (with any, exactly one primary), by the plan's own rules. */
export async function setWorkforceGoalAlignment(ctx: TenantContext, goalId: string, input: AlignmentInput): Promise<PracticeLink[]> {
  requirePermission(ctx, "workforce.edit");
  return withTenant(ctx, async (tx) => {
    const { goal } = await loadEditableGoal(tx, ctx, goalId, { lock: true });
    return replacePracticeLinks(tx, ctx, "workforce_goal", goal.id, input);
  });
}
