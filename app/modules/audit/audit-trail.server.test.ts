// The audit trail keeps who did what (issue 15): a removed member's earlier events still name them,
// on the log's page and in its CSV; sign-ins, failed sign-ins, lockouts and ended sessions are in
// the log of each organization of the account, and an unknown email is in no log at all.
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { rawQuery } from "#db/client.server";
import { createTestOrg, fakeRequest, TEST_PASSWORD, uniqueSuffix, type TestOrg } from "#db/test/factories";
import { changePassword, signIn, SignInThrottled } from "~/modules/auth/auth.server";
import { readSession } from "~/modules/auth/session.server";
import { THROTTLE } from "~/modules/auth/throttle.server";
import { listMembers, removeMember } from "~/modules/orgs/members.server";
import { FieldErrors } from "~/utils/http.server";
import { exportAuditEventsCsv, listAuditEvents } from "./audit-log.server";
import type { AuditFilters } from "./audit.schema";

const ALL: AuditFilters = { actor: null, entityType: null, action: null, from: null, to: null, page: 1 };

async function eventsOf(org: TestOrg, action: string) {
  return (await listAuditEvents(org.ctx.admin, { ...ALL, action })).events;
}

function address(): string {
  return `audit-ip-${uniqueSuffix()}`;
}

async function refusal(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => null,
    (e: unknown) => e,
  );
}

describe("a removed member's events", () => {
  it("still name them, on the page and in the CSV", async () => {
    const org = await createTestOrg("trail-removed");
    const head = org.ctx.department_head.user;
    await signIn({ email: head.email, password: TEST_PASSWORD, ip: address() }, fakeRequest("/sign-in", { method: "POST" }));
    const before = await eventsOf(org, "auth.sign_in");
    expect(before.map((e) => [e.actorUserId, e.actorName, e.actorEmail])).toEqual([[head.id, head.displayName, head.email]]);

    await removeMember(org.ctx.admin, org.ctx.department_head.membershipId);
    expect((await listMembers(org.ctx.admin)).map((m) => m.userId)).not.toContain(head.id);

    const page = await listAuditEvents(org.ctx.admin, { ...ALL, action: "auth.sign_in" });
    expect(page.events.map((e) => [e.actorUserId, e.actorName, e.actorEmail])).toEqual([[head.id, head.displayName, head.email]]);
    // The filter's list of people names them too (not "Unknown account").
    const all = await listAuditEvents(org.ctx.admin, ALL);
    expect(all.options.actors).toContainEqual({ id: head.id, name: `${head.displayName} (${head.email})` });

    const csv = parse((await exportAuditEventsCsv(org.ctx.admin, { ...ALL, action: "auth.sign_in" })).csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(csv.map((r) => [r.actor_user_id, r.actor_name, r.actor_email])).toEqual([[head.id, head.displayName, head.email]]);
  });

  it("keep the name they had then, not a later one", async () => {
    const org = await createTestOrg("trail-renamed");
    const staff = org.ctx.staff.user;
    await signIn({ email: staff.email, password: TEST_PASSWORD, ip: address() }, fakeRequest("/sign-in", { method: "POST" }));
    await rawQuery(`update users set display_name = 'Renamed Later', email = $2 where id = $1`, [staff.id, `renamed-${uniqueSuffix()}@example.test`]);
    const [event] = await eventsOf(org, "auth.sign_in");
    expect([event?.actorName, event?.actorEmail]).toEqual([staff.displayName, staff.email]);
  });
});

describe("sign-ins in the audit log", () => {
  it("a failed sign-in is in the log of every organization of the account, and a sign-in too", async () => {
    const [a, b] = await Promise.all([createTestOrg("trail-fail-a"), createTestOrg("trail-fail-b")]);
    const person = a.ctx.staff.user;
    // The same person is a member of b too.
    await rawQuery(`insert into memberships (org_id, user_id, role) values ($1, $2, 'staff')`, [b.orgId, person.id]);
    const ip = address();
    const wrong = await refusal(signIn({ email: person.email, password: "not the password", ip }, fakeRequest("/sign-in", { method: "POST" })));
    expect(wrong).toBeInstanceOf(FieldErrors);
    for (const org of [a, b]) {
      const failed = await eventsOf(org, "auth.sign_in_failed");
      expect(failed.map((e) => [e.entityType, e.entityId, e.actorUserId])).toEqual([["user", person.id, null]]);
    }
    const [detail] = await rawQuery<{ after: { address: string } }>(`select after from audit_events where org_id = $1 and action = 'auth.sign_in_failed'`, [a.orgId]);
    expect(detail?.after.address).toBe(ip);
    // Nothing about the person leaks into an organization they do not belong to.
    const other = await createTestOrg("trail-fail-other");
    expect(await eventsOf(other, "auth.sign_in_failed")).toEqual([]);

    await signIn({ email: person.email, password: TEST_PASSWORD, ip }, fakeRequest("/sign-in", { method: "POST" }));
    for (const org of [a, b]) expect((await eventsOf(org, "auth.sign_in")).map((e) => e.actorUserId)).toEqual([person.id]);
  });

  it("an email without an account is in no audit log, and answers as a wrong password does", async () => {
    const email = `nobody-${uniqueSuffix()}@example.test`;
    const [{ n: before } = { n: 0 }] = await rawQuery<{ n: number }>(`select count(*)::int as n from audit_events`);
    const error = await refusal(signIn({ email, password: "whatever it is", ip: address() }, fakeRequest("/sign-in", { method: "POST" })));
    expect((error as FieldErrors).errors).toEqual({ form: ["The email or password is incorrect."] });
    const [{ n: after } = { n: 0 }] = await rawQuery<{ n: number }>(`select count(*)::int as n from audit_events`);
    expect(after).toBe(before);
  });

  it("a lockout is audited once, when it begins", async () => {
    const org = await createTestOrg("trail-lock");
    const person = org.ctx.elected_official.user;
    const ip = address();
    let last: unknown = null;
    for (let i = 0; i < THROTTLE.maxPerEmailIp; i++) {
      last = await refusal(signIn({ email: person.email, password: `wrong ${i}`, ip }, fakeRequest("/sign-in", { method: "POST" })));
    }
    expect(last).toBeInstanceOf(SignInThrottled);
    // Refused while locked: not audited again.
    expect(await refusal(signIn({ email: person.email, password: TEST_PASSWORD, ip }, fakeRequest("/sign-in", { method: "POST" })))).toBeInstanceOf(SignInThrottled);
    expect(await eventsOf(org, "auth.sign_in_failed")).toHaveLength(THROTTLE.maxPerEmailIp);
    const locked = await eventsOf(org, "auth.sign_in_locked");
    expect(locked.map((e) => e.entityId)).toEqual([person.id]);
    expect(await eventsOf(org, "auth.sign_in")).toEqual([]);
  });
});

describe("ended sessions in the audit log", () => {
  it("a password change says how many sessions it ended, in the person's name", async () => {
    const org = await createTestOrg("trail-sessions");
    const admin = org.ctx.admin.user;
    const request = fakeRequest("/sign-in", { method: "POST" });
    const first = await signIn({ email: admin.email, password: TEST_PASSWORD, ip: address() }, request);
    await signIn({ email: admin.email, password: TEST_PASSWORD, ip: address() }, request);
    const session = await readSession(fakeRequest("/", { cookie: first.cookies[0]!.split(";")[0]! }));
    expect(session).not.toBeNull();
    await changePassword(session!, { currentPassword: TEST_PASSWORD, newPassword: "quiet harbor lantern 77" }, fakeRequest("/account", { method: "POST" }));
    const [revoked] = await eventsOf(org, "auth.sessions_revoked");
    expect(revoked?.actorName).toBe(admin.displayName);
    const [row] = await rawQuery<{ after: unknown }>(`select after from audit_events where org_id = $1 and action = 'auth.sessions_revoked'`, [org.orgId]);
    expect(row?.after).toEqual({ reason: "password changed", sessionsEnded: 2, keptThisBrowser: false });
    expect(await eventsOf(org, "auth.password_change")).toHaveLength(1);
  });
});

