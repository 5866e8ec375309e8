// Events of a person's account (sign-ins, failed sign-ins and lockouts, password change and reset,
// two-factor enrolment and reset, sessions ended) belong to no one organization: each is written
// to the audit log of every organization the person belongs to, so each of their administrators
// can see it. An email that has no account belongs to no organization, so a failed sign-in with it
// is in no audit log (docs/security.md). Never a password, token, secret or recovery code.
import { eq } from "drizzle-orm";
import { memberships } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { endAllSessions, endOtherSessions } from "./session.server";

export type AccountEvent = {
  action: string;
  /** Who did it: the person themselves, or the administrator who acted for them. */
  actorUserId: string | null;
  after?: Record<string, unknown>;
};

export async function organizationsOf(userId: string): Promise<string[]> {
  const rows = await withTenant({ orgId: null, userId }, (tx) =>
    tx.select({ orgId: memberships.orgId }).from(memberships).where(eq(memberships.userId, userId)),
  );
  return rows.map((r) => r.orgId);
}

export async function recordAccountEvent(userId: string, event: AccountEvent): Promise<void> {
  for (const orgId of await organizationsOf(userId)) {
    await withTenant({ orgId, userId: event.actorUserId }, (tx) =>
      recordAudit(tx, { orgId, actorUserId: event.actorUserId, action: event.action, entityType: "user", entityId: userId, after: event.after ?? null }),
    );
  }
}

/**
 * Ends a person's sessions (every one, or all but the browser's own) and audits it in each of
 * their organizations as `auth.sessions_revoked`, with why and how many. Returns how many ended.
 */
export async function endSessionsOf(
  userId: string,
  why: { actorUserId: string | null; reason: string; keepSessionId?: string },
): Promise<number> {
  const ended = why.keepSessionId ? await endOtherSessions(userId, why.keepSessionId) : await endAllSessions(userId);
  await recordAccountEvent(userId, {
    action: "auth.sessions_revoked",
    actorUserId: why.actorUserId,
    after: { reason: why.reason, sessionsEnded: ended, keptThisBrowser: Boolean(why.keepSessionId) },
  });
  return ended;
}
