// The dashboards' filters, read from the address (so a view can be bookmarked and shared) and
// resolved inside the page's tenant transaction into the sets of rows every query filters by:
// - fiscal year (?fy=2026): the budget's year; the current fiscal year by default;
// - department (?department=<id>): the department and its sub-departments; all by default;
// - plan (?plan=<id>): one plan the caller may see; by default every adopted plan, so drafts
//   never mix into the figures unless someone chooses a draft plan on purpose (and staff and
//   elected officials never can: their plans are adopted ones only).
// A campaign filter joins these when the assessment results service exists (see assessments.server.ts).
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Transaction } from "#db/client.server";
import { departments, plans } from "#db/schema";
import { loadFiscalYears } from "~/modules/budget/fiscal-years.server";
import type { TenantContext } from "~/modules/auth/tenant.server";
import type { PlanStatus } from "~/modules/plans/plans.schema";
import { visibleStatuses } from "~/modules/plans/scope.server";
import { departmentTree } from "~/modules/core/departments.server";
import { fiscalYearStartMonth } from "~/modules/core/organization.server";
import { isUuid } from "~/modules/core/ids";
import { notFound } from "~/utils/http.server";
import type { DashboardQuery, ResolvedFilters } from "./filters";

/** The rows a dashboard's queries are limited to. */
export type DashboardScope = {
  orgId: string;
  fiscalYear: number;
  /** The chosen department and its sub-departments; null: every department (and none). */
  departmentIds: string[] | null;
  /** The plans whose objectives count: the chosen plan, or every adopted plan. */
  planIds: string[];
  fyStartMonth: number;
};

const NO_DEPARTMENT = "We couldn't find that department in this organization.";
const NO_PLAN = "We couldn't find that plan in this organization.";

export async function resolveDashboardScope(
  tx: Transaction,
  ctx: TenantContext,
  query: DashboardQuery,
  today: string,
): Promise<{ resolved: ResolvedFilters; scope: DashboardScope }> {
  const years = await loadFiscalYears(tx, ctx, today);
  const current = years.find((y) => y.isCurrent)!;
  const fy = query.fy?.trim() || null;
  if (fy !== null && !/^\d{4}$/.test(fy)) notFound("There is no such fiscal year.");
  const fiscalYear = fy ? Number(fy) : current.fiscalYear;
  const year = years.find((y) => y.fiscalYear === fiscalYear);
  if (!year) notFound("There is no such fiscal year.");

  const deptRows = await tx
    .select({ id: departments.id, name: departments.name, archivedAt: departments.archivedAt })
    .from(departments)
    .where(eq(departments.orgId, ctx.orgId))
    .orderBy(asc(departments.name));
  const departmentId = query.department?.trim() || null;
  let departmentName: string | null = null;
  let departmentIds: string[] | null = null;
  if (departmentId) {
    const dept = isUuid(departmentId) ? deptRows.find((d) => d.id === departmentId) : undefined;
    if (!dept) notFound(NO_DEPARTMENT);
    departmentName = dept.name;
    departmentIds = [...(await departmentTree(tx, ctx.orgId, dept.id))];
  }

  const planRows = await tx
    .select({ id: plans.id, title: plans.title, status: plans.status, start: plans.startFiscalYear, end: plans.endFiscalYear })
    .from(plans)
    .where(and(eq(plans.orgId, ctx.orgId), inArray(plans.status, visibleStatuses(ctx))))
    .orderBy(asc(plans.title));
  const order: Record<PlanStatus, number> = { adopted: 0, draft: 1, archived: 2 };
  planRows.sort((a, b) => order[a.status] - order[b.status] || b.start - a.start || a.title.localeCompare(b.title));
  const planId = query.plan?.trim() || null;
  let planTitle: string | null = null;
  let planIds: string[];
  if (planId) {
    const plan = isUuid(planId) ? planRows.find((p) => p.id === planId) : undefined;
    if (!plan) notFound(NO_PLAN);
    planTitle = plan.title;
    planIds = [plan.id];
  } else {
    planIds = planRows.filter((p) => p.status === "adopted").map((p) => p.id);
  }

  const campaignId = query.campaign?.trim() || null;
  if (campaignId !== null && !isUuid(campaignId)) notFound("There is no such assessment campaign in this organization.");
  const startMonth = await fiscalYearStartMonth(tx, ctx);
  return {
    resolved: {
      filters: { fiscalYear, departmentId, planId, campaignId },
      choices: {
        fiscalYears: years.map((y) => ({ value: y.fiscalYear, label: y.label, isCurrent: y.isCurrent })),
        departments: deptRows.map((d) => ({ id: d.id, name: d.name, archived: d.archivedAt !== null })),
        plans: planRows.map((p) => ({ id: p.id, title: p.title, status: p.status, periodLabel: `FY${p.start}–FY${p.end}` })),
      },
      fiscalYearLabel: year.label,
      currentFiscalYear: current.fiscalYear,
      departmentName,
      planTitle,
    },
    scope: { orgId: ctx.orgId, fiscalYear, departmentIds, planIds, fyStartMonth: startMonth },
  };
}

