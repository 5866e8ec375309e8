// The objectives a budget line can be set to fund: those of the plans the caller may see that are
// not archived (the same rule setBudgetLineObjectives enforces), for the line page's chooser.
// A large city's current plans hold hundreds of objectives: the chooser offers a few at a time,
// found by code, title, plan or department, rather than embedding every one in the page.
import { and, asc, eq, ilike, inArray, notInArray, or, sql } from "drizzle-orm";
import { departments, objectives, plans } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { requirePermission, type TenantContext } from "~/modules/auth/tenant.server";
import { visibleStatuses } from "~/modules/plans/scope.server";
import { isUuid } from "~/modules/core/ids";

export type FundableObjective = { id: string; code: string; title: string; planTitle: string; departmentName: string };

/** The most objectives the line page's chooser offers at once. */
export const FUNDABLE_CHOICES = 20;
/** The most listFundableObjectives returns. */
const MAX_OPTIONS = 2000;

export type FundableSearch = {
  /** Words found in the code, title, plan title or owning department (case-insensitive). */
  search?: string | null;
  /** Objectives not to offer (those the line funds already). */
  excludeIds?: string[];
  limit?: number;
  /** One more objective to look up by id, whatever the search (the one a notice names). */
  namedId?: string | null;
};

export type FundableChoices = {
  /** The first `limit` matches by plan and code ("1.2" before "1.10"). */
  objectives: FundableObjective[];
  /** How many objectives match, in all. */
  matching: number;
  named: FundableObjective | null;
};

export async function findFundableObjectives(ctx: TenantContext, options: FundableSearch = {}): Promise<FundableChoices> {
  requirePermission(ctx, "budget.link");
  const statuses = visibleStatuses(ctx).filter((s) => s !== "archived");
  const words = (options.search ?? "").trim().slice(0, 200);
  const pattern = `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const exclude = (options.excludeIds ?? []).filter((id) => isUuid(id));
  const current = and(eq(objectives.orgId, ctx.orgId), inArray(plans.status, statuses));
  const where = and(
    current,
    exclude.length ? notInArray(objectives.id, exclude) : undefined,
    words ? or(ilike(objectives.code, pattern), ilike(objectives.title, pattern), ilike(plans.title, pattern), ilike(departments.name, pattern)) : undefined,
  );
  const columns = { id: objectives.id, code: objectives.code, title: objectives.title, planTitle: plans.title, departmentName: departments.name };
  return withTenant(ctx, async (tx) => {
    const from = () =>
      tx
        .select(columns)
        .from(objectives)
        .innerJoin(plans, and(eq(plans.orgId, objectives.orgId), eq(plans.id, objectives.planId)))
        .innerJoin(departments, and(eq(departments.orgId, objectives.orgId), eq(departments.id, objectives.ownerDepartmentId)));
    const [count] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(objectives)
      .innerJoin(plans, and(eq(plans.orgId, objectives.orgId), eq(plans.id, objectives.planId)))
      .innerJoin(departments, and(eq(departments.orgId, objectives.orgId), eq(departments.id, objectives.ownerDepartmentId)))
      .where(where);
    // Codes sort as numbers on their first two levels ("1.2" before "1.10"), then as text.
    const rows = await from()
      .where(where)
      .orderBy(
        asc(plans.title),
        sql`nullif(substring(${objectives.code} from '^[0-9]{1,9}'), '')::int nulls last`,
        sql`nullif(substring(${objectives.code} from '^[0-9]{1,9}\\.([0-9]{1,9})'), '')::int nulls last`,
        asc(objectives.code),
        asc(objectives.id),
      )
      .limit(options.limit ?? FUNDABLE_CHOICES);
    const namedId = options.namedId && isUuid(options.namedId) ? options.namedId : null;
    const named = namedId ? ((await from().where(and(current, eq(objectives.id, namedId))))[0] ?? null) : null;
    return { objectives: rows, matching: Number(count?.n ?? 0), named };
  });
}

/** Every objective a line may fund (at most 2,000), by plan and code. */
export async function listFundableObjectives(ctx: TenantContext): Promise<FundableObjective[]> {
  return (await findFundableObjectives(ctx, { limit: MAX_OPTIONS })).objectives;
}
