// Shared by the plans module's tests: how a refused call was refused, and a small plan built
// through the services exactly as the pages would build it.
import { and, asc, eq } from "drizzle-orm";
import { auditEvents } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import type { TestOrg } from "#db/test/factories";
import type { TenantContext } from "~/modules/auth/tenant.server";
import { FieldErrors } from "~/utils/http.server";
import type { PlanStatus } from "./plans.schema";
import { createGoal, createMeasure, createObjective, createPlan } from "./plans.server";

/** The HTTP status a service call was refused with (thrown Response), or "resolved". */
export async function statusOf(promise: Promise<unknown>): Promise<number | string> {
  try {
    await promise;
    return "resolved";
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
}

export async function fieldErrorsOf(promise: Promise<unknown>): Promise<Record<string, string[]>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FieldErrors) return error.errors;
    throw error;
  }
  throw new Error("expected FieldErrors, but the call succeeded");
}

export function auditOf(ctx: TenantContext, entityId: string) {
  return withTenant(ctx, (tx) =>
    tx
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, ctx.orgId), eq(auditEvents.entityId, entityId)))
      .orderBy(asc(auditEvents.createdAt)),
  );
}

export type SmallPlan = {
  planId: string;
  goalId: string;
  /** Owned by departmentIds[0] (Public Works, the department head's department). */
  ownObjectiveId: string;
  ownMeasureId: string;
  /** Owned by departmentIds[1] (Finance). */
  otherObjectiveId: string;
  otherMeasureId: string;
};

/** A plan with one goal, one objective (with one monthly measure) per test department. */
export async function buildSmallPlan(
  org: TestOrg,
  options: { status?: PlanStatus; title?: string; frequency?: "monthly" | "quarterly" | "yearly" } = {},
): Promise<SmallPlan> {
  const admin = org.ctx.admin;
  const { id: planId } = await createPlan(admin, {
    title: options.title ?? "Strategic Plan",
    startFiscalYear: 2026,
    endFiscalYear: 2030,
    status: options.status ?? "adopted",
  });
  const { id: goalId } = await createGoal(admin, planId, { title: "Safe streets", description: "Fewer crashes." });
  const frequency = options.frequency ?? "monthly";
  const { id: ownObjectiveId } = await createObjective(admin, goalId, {
    title: "Repave arterials",
    ownerDepartmentId: org.departmentIds[0]!,
    reportingFrequency: frequency,
  });
  const { id: otherObjectiveId } = await createObjective(admin, goalId, {
    title: "Balance the budget",
    ownerDepartmentId: org.departmentIds[1]!,
    reportingFrequency: frequency,
  });
  const { id: ownMeasureId } = await createMeasure(admin, ownObjectiveId, {
    name: "Pavement condition index",
    unit: "PCI",
    direction: "higher_is_better",
    baseline: "61",
    target: "70",
    reportingFrequency: frequency,
  });
  const { id: otherMeasureId } = await createMeasure(admin, otherObjectiveId, {
    name: "General fund reserve",
    unit: "%",
    direction: "higher_is_better",
    baseline: "12.5",
    target: "17",
    reportingFrequency: frequency,
  });
  return { planId, goalId, ownObjectiveId, ownMeasureId, otherObjectiveId, otherMeasureId };
}
