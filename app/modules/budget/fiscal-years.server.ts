// An organization's fiscal years: the stored ones (created by a budget import or the seed) plus
// the current one, which always exists for the pages even before any budget is imported.
import { and, asc, count, eq } from "drizzle-orm";
import type { Transaction } from "#db/client.server";
import { budgetLines, fiscalYears } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { requirePermission, type TenantContext } from "~/modules/auth/tenant.server";
import { fiscalYearStartMonth } from "~/modules/core/organization.server";
import { organizationToday } from "~/modules/core/today";
import { currentFiscalYear, fiscalYearLabel, fiscalYearRange } from "~/modules/core/periods";

export type FiscalYearSummary = {
  fiscalYear: number;
  /** "FY2026 (Jul 2025 – Jun 2026)" */
  label: string;
  startsOn: string;
  endsOn: string;
  isCurrent: boolean;
  lineCount: number;
};

export async function loadFiscalYears(tx: Transaction, ctx: TenantContext, today: string): Promise<FiscalYearSummary[]> {
  const startMonth = await fiscalYearStartMonth(tx, ctx);
  const current = currentFiscalYear(startMonth, today);
  const stored = await tx
    .select({ fiscalYear: fiscalYears.fiscalYear, startsOn: fiscalYears.startsOn, endsOn: fiscalYears.endsOn })
    .from(fiscalYears)
    .where(eq(fiscalYears.orgId, ctx.orgId))
    .orderBy(asc(fiscalYears.fiscalYear));
  const counts = await tx
    .select({ fiscalYear: budgetLines.fiscalYear, n: count() })
    .from(budgetLines)
    .where(eq(budgetLines.orgId, ctx.orgId))
    .groupBy(budgetLines.fiscalYear);
  const lineCount = new Map(counts.map((c) => [c.fiscalYear, Number(c.n)]));
  const years = stored.some((y) => y.fiscalYear === current) ? stored : [...stored, fiscalYearRange(current, startMonth)];
  return years
    .map((y) => ({
      fiscalYear: y.fiscalYear,
      label: fiscalYearLabel(y.fiscalYear, startMonth, y),
      startsOn: y.startsOn,
      endsOn: y.endsOn,
      isCurrent: y.fiscalYear === current,
      lineCount: lineCount.get(y.fiscalYear) ?? 0,
    }))
    .sort((a, b) => b.fiscalYear - a.fiscalYear);
}

/** The organization's fiscal years, newest first; exactly one has isCurrent. */
export async function listFiscalYears(ctx: TenantContext, options: { today?: string } = {}): Promise<FiscalYearSummary[]> {
  requirePermission(ctx, "budget.read");
  return withTenant(ctx, (tx) => loadFiscalYears(tx, ctx, options.today ?? organizationToday(ctx)));
}

/** The fiscal year that contains today. */
export async function getCurrentFiscalYear(ctx: TenantContext, options: { today?: string } = {}): Promise<FiscalYearSummary> {
  const years = await listFiscalYears(ctx, options);
  return years.find((y) => y.isCurrent)!;
}

/** Creates the fiscal year's row if it does not exist yet (its dates from today's start month). */
export async function ensureFiscalYear(tx: Transaction, ctx: TenantContext, fiscalYear: number): Promise<void> {
  const startMonth = await fiscalYearStartMonth(tx, ctx);
  await tx
    .insert(fiscalYears)
    .values({ orgId: ctx.orgId, ...fiscalYearRange(fiscalYear, startMonth) })
    .onConflictDoNothing({ target: [fiscalYears.orgId, fiscalYears.fiscalYear] });
}

/** The label of one fiscal year, from its stored dates when it has them. */
export async function fiscalYearLabelOf(tx: Transaction, ctx: TenantContext, fiscalYear: number): Promise<string> {
  const startMonth = await fiscalYearStartMonth(tx, ctx);
  const [row] = await tx
    .select({ startsOn: fiscalYears.startsOn, endsOn: fiscalYears.endsOn })
    .from(fiscalYears)
    .where(and(eq(fiscalYears.orgId, ctx.orgId), eq(fiscalYears.fiscalYear, fiscalYear)));
  return fiscalYearLabel(fiscalYear, startMonth, row);
}
