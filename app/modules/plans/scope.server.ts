// Who may see and change which plan items. Every plans service loads the item it acts on through
// these helpers, inside its tenant transaction, so the rules live in one place:
// - a plan (and everything in it) is visible to roles with plans.read, drafts and archived plans
//   only with plans.read_drafts: staff and elected officials never receive a draft, whatever id
//   they send;
// - admins (plans.manage) change everything; department heads (objectives.edit) change the
//   objectives — and their measures, measurements, updates and links — owned by their department
//   or one of its sub-departments;
// - an item that is not visible, or outside a department head's departments, answers 404: the
//   id reveals nothing, and nothing is changed. (A department head can read the whole plan, so
//   the pages should simply not offer edits they cannot make: see `canEdit` in the results.)
// - archived plans are read-only for everyone until an admin sets them back to draft or adopted.
import { and, eq, inArray } from "drizzle-orm";
import type { Transaction } from "#db/client.server";
import { goals, measures, objectives, plans } from "#db/schema";
import { can } from "~/modules/auth/permissions";
import { requirePermission, type TenantContext } from "~/modules/auth/tenant.server";
import { FieldErrors, notFound } from "~/utils/http.server";
import type { PlanStatus } from "./plans.schema";
import { type ReportingFrequency } from "~/modules/core/periods";
import { requireUuid } from "~/modules/core/ids.server";
import { departmentTree } from "~/modules/core/departments.server";


export const NOT_FOUND = {
  plan: "We couldn't find that plan in this organization.",
  goal: "We couldn't find that goal in this organization.",
  objective: "We couldn't find that objective in this organization.",
  measure: "We couldn't find that measure in this organization.",
  measurement: "We couldn't find that measurement in this organization.",
} as const;

export const ARCHIVED_MESSAGE =
  "This plan is archived, so it can't be changed. An administrator can set it back to draft or adopted first.";

export function visibleStatuses(ctx: TenantContext): PlanStatus[] {
  return can(ctx.role, "plans.read_drafts") ? ["draft", "adopted", "archived"] : ["adopted"];
}

export function canManagePlans(ctx: TenantContext): boolean {
  return can(ctx.role, "plans.manage");
}

/** The departments whose objectives the caller may change: all (null) for admins; for a
 * department head their department and its sub-departments; none for anyone else. */
export type EditScope = { all: true } | { all: false; departmentIds: Set<string> };

export async function editScope(tx: Transaction, ctx: TenantContext): Promise<EditScope> {
  if (canManagePlans(ctx)) return { all: true };
  if (!can(ctx.role, "objectives.edit") || !ctx.departmentId) return { all: false, departmentIds: new Set() };
  return { all: false, departmentIds: await departmentTree(tx, ctx.orgId, ctx.departmentId) };
}

export function inScope(scope: EditScope, departmentId: string): boolean {
  return scope.all || scope.departmentIds.has(departmentId);
}

export type PlanRow = typeof plans.$inferSelect;

/** A plan the caller may see, else 404. */
export async function loadVisiblePlan(tx: Transaction, ctx: TenantContext, planId: unknown): Promise<PlanRow> {
  requirePermission(ctx, "plans.read");
  requireUuid(planId, NOT_FOUND.plan);
  const [plan] = await tx
    .select()
    .from(plans)
    .where(and(eq(plans.orgId, ctx.orgId), eq(plans.id, planId), inArray(plans.status, visibleStatuses(ctx))));
  if (!plan) notFound(NOT_FOUND.plan);
  return plan;
}

export function assertNotArchived(plan: { status: PlanStatus }): void {
  if (plan.status === "archived") throw new FieldErrors({ form: [ARCHIVED_MESSAGE] });
}

export type GoalRow = typeof goals.$inferSelect;

export async function loadVisibleGoal(
  tx: Transaction,
  ctx: TenantContext,
  goalId: unknown,
): Promise<{ goal: GoalRow; plan: PlanRow }> {
  requirePermission(ctx, "plans.read");
  requireUuid(goalId, NOT_FOUND.goal);
  const [row] = await tx
    .select({ goal: goals, plan: plans })
    .from(goals)
    .innerJoin(plans, and(eq(plans.orgId, goals.orgId), eq(plans.id, goals.planId)))
    .where(and(eq(goals.orgId, ctx.orgId), eq(goals.id, goalId), inArray(plans.status, visibleStatuses(ctx))));
  if (!row) notFound(NOT_FOUND.goal);
  return row;
}

export type ObjectiveRow = typeof objectives.$inferSelect;

export async function loadVisibleObjective(
  tx: Transaction,
  ctx: TenantContext,
  objectiveId: unknown,
  options: { lock?: boolean } = {},
): Promise<{ objective: ObjectiveRow; plan: PlanRow }> {
  requirePermission(ctx, "plans.read");
  requireUuid(objectiveId, NOT_FOUND.objective);
  const query = tx
    .select({ objective: objectives, plan: plans })
    .from(objectives)
    .innerJoin(plans, and(eq(plans.orgId, objectives.orgId), eq(plans.id, objectives.planId)))
    .where(and(eq(objectives.orgId, ctx.orgId), eq(objectives.id, objectiveId), inArray(plans.status, visibleStatuses(ctx))));
  const [row] = options.lock ? await query.for("update", { of: objectives }) : await query;
  if (!row) notFound(NOT_FOUND.objective);
  return row;
}

/** An objective the caller may change (404 otherwise, including a department head's objective
 * of another department), in a plan that is not archived. */
export async function loadEditableObjective(
  tx: Transaction,
  ctx: TenantContext,
  objectiveId: unknown,
  options: { lock?: boolean } = {},
): Promise<{ objective: ObjectiveRow; plan: PlanRow; scope: EditScope }> {
  requirePermission(ctx, "objectives.edit");
  const found = await loadVisibleObjective(tx, ctx, objectiveId, options);
  const scope = await editScope(tx, ctx);
  if (!inScope(scope, found.objective.ownerDepartmentId)) notFound(NOT_FOUND.objective);
  assertNotArchived(found.plan);
  return { ...found, scope };
}

export type MeasureRow = typeof measures.$inferSelect;

export async function loadVisibleMeasure(
  tx: Transaction,
  ctx: TenantContext,
  measureId: unknown,
): Promise<{ measure: MeasureRow; objective: ObjectiveRow; plan: PlanRow }> {
  requirePermission(ctx, "plans.read");
  requireUuid(measureId, NOT_FOUND.measure);
  const [row] = await tx
    .select({ measure: measures, objective: objectives, plan: plans })
    .from(measures)
    .innerJoin(objectives, and(eq(objectives.orgId, measures.orgId), eq(objectives.id, measures.objectiveId)))
    .innerJoin(plans, and(eq(plans.orgId, measures.orgId), eq(plans.id, measures.planId)))
    .where(and(eq(measures.orgId, ctx.orgId), eq(measures.id, measureId), inArray(plans.status, visibleStatuses(ctx))));
  if (!row) notFound(NOT_FOUND.measure);
  return row;
}

export async function loadEditableMeasure(
  tx: Transaction,
  ctx: TenantContext,
  measureId: unknown,
): Promise<{ measure: MeasureRow; objective: ObjectiveRow; plan: PlanRow; scope: EditScope }> {
  requirePermission(ctx, "objectives.edit");
  const found = await loadVisibleMeasure(tx, ctx, measureId);
  const scope = await editScope(tx, ctx);
  if (!inScope(scope, found.objective.ownerDepartmentId)) notFound(NOT_FOUND.measure);
  assertNotArchived(found.plan);
  return { ...found, scope };
}

export type { ReportingFrequency };
