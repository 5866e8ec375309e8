// The organization's calendar settings, read inside the caller's tenant transaction.
import { eq } from "drizzle-orm";
import type { Transaction } from "#db/client.server";
import { organizations } from "#db/schema";
import type { TenantContext } from "~/modules/auth/tenant.server";
import { organizationToday } from "./today";

export async function fiscalYearStartMonth(tx: Transaction, ctx: TenantContext): Promise<number> {
  const [org] = await tx
    .select({ m: organizations.fiscalYearStartMonth })
    .from(organizations)
    .where(eq(organizations.id, ctx.orgId));
  return org?.m ?? 7;
}

/** The organization's today, for code that holds an organization id but no request context
 * (seeds, command-line tools); services use organizationToday(ctx). */
export async function organizationTodayOf(tx: Transaction, orgId: string): Promise<string> {
  const [org] = await tx.select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, orgId));
  if (!org) throw new Error(`No organization ${orgId}`);
  return organizationToday(org);
}
