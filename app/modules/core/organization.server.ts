// The organization's calendar settings, read inside the caller's tenant transaction.
import { eq } from "drizzle-orm";
import type { Transaction } from "#db/client.server";
import { organizations } from "#db/schema";
import type { TenantContext } from "~/modules/auth/tenant.server";

export async function fiscalYearStartMonth(tx: Transaction, ctx: TenantContext): Promise<number> {
  const [org] = await tx
    .select({ m: organizations.fiscalYearStartMonth })
    .from(organizations)
    .where(eq(organizations.id, ctx.orgId));
  return org?.m ?? 7;
}
