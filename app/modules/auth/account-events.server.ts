// Events of a person's account (password reset, two-factor enrolment and reset) belong to no one
// organization: each is written to the audit log of every organization the person belongs to, so
// each of their administrators can see it. Never a password, token, secret or recovery code.
import { eq } from "drizzle-orm";
import { memberships } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { recordAudit } from "~/modules/audit/audit.server";

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
