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
  /** Lets the single sign-on flow, before anyone is signed in, read the organization at this
   * address and its SSO configuration. */
  ssoSlug?: string | null;
  /** Lets the single sign-on flow, before anyone is signed in, find the organizations that
   * verified this email domain, their SSO configuration and their names. */
  ssoDomain?: string | null;
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
    set_config('app.assessment_token_hash', ${scope.assessmentTokenHash ?? ""}, true),
    set_config('app.sso_slug', ${scope.ssoSlug ?? ""}, true),
    set_config('app.sso_domain', ${scope.ssoDomain ?? ""}, true)`);
}

/** The one door to tenant data: a transaction as the app role with the organization set. */
export function withTenant<T>(scope: TenantScope, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  return getDb()
    .transaction(async (tx) => {
      await enterTenant(tx, scope);
      return fn(tx);
    })
    .catch(refuseUnstorableText);
}

/** Postgres error codes of text it cannot store: a NUL character (22021; no form sends one, only
 * a hand-made request does) or a character the database encoding lacks (22P05). */
const UNSTORABLE_TEXT = new Set(["22021", "22P05"]);

/**
 * Text Postgres refuses is the sender's mistake, not the server's: answered as a 400 (a thrown
 * Response, as the routes throw theirs), never a 500. The transaction has rolled back, so nothing
 * of the request was written.
 */
export function refuseUnstorableText(error: unknown): never {
  const code = (error as { code?: unknown })?.code ?? (error as { cause?: { code?: unknown } })?.cause?.code;
  if (typeof code === "string" && UNSTORABLE_TEXT.has(code)) {
    throw new Response("The text contains a character that cannot be saved (such as a NUL character). Remove it and try again.", {
      status: 400,
      statusText: "Bad Request",
    });
  }
  throw error;
}
