// The objectives a budget line can be set to fund: those of the plans the caller may see that are
// not archived (the same rule setBudgetLineObjectives enforces), for the line page's chooser.
import { and, eq, inArray } from "drizzle-orm";
import { departments, objectives, plans } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { requirePermission, type TenantContext } from "~/modules/auth/tenant.server";
import { visibleStatuses } from "~/modules/plans/scope.server";

export type FundableObjective = { id: string; code: string; title: string; planTitle: string; departmentName: string };

/** At most this many are offered; a city's current plans hold far fewer objectives. */
const MAX_OPTIONS = 2000;

export async function listFundableObjectives(ctx: TenantContext): Promise<FundableObjective[]> {
  requirePermission(ctx, "budget.link");
  const statuses = visibleStatuses(ctx).filter((s) => s !== "archived");
  const rows = await withTenant(ctx, (tx) =>
    tx
      .select({ id: objectives.id, code: objectives.code, title: objectives.title, planTitle: plans.title, departmentName: departments.name })
      .from(objectives)
      .innerJoin(plans, and(eq(plans.orgId, objectives.orgId), eq(plans.id, objectives.planId)))
      .innerJoin(departments, and(eq(departments.orgId, objectives.orgId), eq(departments.id, objectives.ownerDepartmentId)))
      .where(and(eq(objectives.orgId, ctx.orgId), inArray(plans.status, statuses)))
      .limit(MAX_OPTIONS),
  );
  // Codes sort as numbers ("1.2" before "1.10").
  const collator = new Intl.Collator("en-US", { numeric: true });
  return rows.sort((a, b) => collator.compare(a.planTitle, b.planTitle) || collator.compare(a.code, b.code));
}
