import { sql } from "drizzle-orm";
import { getDb, type Transaction } from "./client.server";

export const APP_ROLE = "praxis_app";

/** Who a tenant transaction acts for. `orgId` null means "no organization" (RLS then shows no
 * tenant row), which is what resolving a URL or an invitation needs before the organization is
 * known. */
export type TenantScope = {
  orgId: string | null;
  userId: string | null;
  /** Lets the app role read the one invitation whose token it holds. */
  invitationTokenHash?: string | null;
  /** Lets the app role read the one assessment invitation whose token a respondent holds. */
  assessmentTokenHash?: string | null;
};

/**
 * Turns an open transaction into a tenant transaction: the app role (which RLS binds, even on
 * PGlite where the connection is a superuser) and the organization, both local to the
 * transaction so nothing leaks to the next user of a pooled connection.
 */
export async function enterTenant(tx: Transaction, scope: TenantScope): Promise<void> {
  await tx.execute(sql`select
    set_config('role', ${APP_ROLE}, true),
    set_config('app.org_id', ${scope.orgId ?? ""}, true),
    set_config('app.user_id', ${scope.userId ?? ""}, true),
    set_config('app.invitation_token_hash', ${scope.invitationTokenHash ?? ""}, true),
    set_config('app.assessment_token_hash', ${scope.assessmentTokenHash ?? ""}, true)`);
}

/** The one door to tenant data: a transaction as the app role with the organization set. */
export function withTenant<T>(scope: TenantScope, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  return getDb().transaction(async (tx) => {
    await enterTenant(tx, scope);
    return fn(tx);
  });
}
