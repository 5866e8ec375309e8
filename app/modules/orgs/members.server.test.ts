import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auditEvents, departments, invitations, memberships, outboxEmails, users } from "#db/schema";
import { cookieFrom, createTestOrg, createUser, fakeRequest, uniqueSuffix } from "#db/test/factories";
import { hashToken, readSession, startSession } from "~/modules/auth/session.server";
import { requireTenant, type TenantContext } from "~/modules/auth/tenant.server";
import { FieldErrors } from "~/utils/http.server";
import {
  acceptInvitation,
  changeRole,
  createInvitation,
  getInvitationByToken,
  getMembersPage,
  invitationBaseUrl,
  InvitationUnavailable,
  listInvitations,
  listMembers,
  removeMember,
  resendInvitation,
  revokeInvitation,
} from "./members.server";

const BASE = "http://praxis.test";
const STRONG = "lantern orchard 4 velvet kettle";

/** The HTTP status a service threw as a Response, or 0 if it did not throw one. */
async function thrownStatus(run: Promise<unknown>): Promise<number> {
  try {
    await run;
    return 0;
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
}

async function fieldErrors(run: Promise<unknown>): Promise<Record<string, string[]>> {
  try {
    await run;
  } catch (error) {
    if (error instanceof FieldErrors) return error.errors;
    throw error;
  }
  throw new Error("expected FieldErrors");
}

function tokenOf(link: string): string {
  return link.slice(link.lastIndexOf("/") + 1);
}

function newEmail(label = "invitee"): string {
  return `${label}-${uniqueSuffix()}@example.test`;
}

async function invitationRow(orgId: string, id: string) {
  const [row] = await getDb()
    .select()
    .from(invitations)
    .where(and(eq(invitations.orgId, orgId), eq(invitations.id, id)));
  return row!;
}

async function membershipsOf(orgId: string, userId: string) {
  return getDb()
    .select()
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
}

async function auditActions(orgId: string): Promise<string[]> {
  const rows = await getDb().select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.orgId, orgId));
  return rows.map((r) => r.action);
}

describe("members", () => {
  it("lists members with their role and department, sorted by name", async () => {
    const org = await createTestOrg("list");
    const members = await listMembers(org.ctx.department_head);
    expect(members).toHaveLength(4);
    const names = members.map((m) => m.displayName.toLowerCase());
    expect(names).toEqual([...names].sort());
    const head = members.find((m) => m.role === "department_head")!;
    expect(head.departmentName).toBe("Public Works");
    expect(head.email).toBe(org.ctx.department_head.user.email);
    expect(members.find((m) => m.role === "admin")!.departmentName).toBeNull();
  });

  it("refuses the member list to staff and elected officials (403)", async () => {
    const org = await createTestOrg("list403");
    expect(await thrownStatus(listMembers(org.ctx.staff))).toBe(403);
    expect(await thrownStatus(listMembers(org.ctx.elected_official))).toBe(403);
  });

  it("shows a department head the members but no invitations", async () => {
    const org = await createTestOrg("page");
    await createInvitation(org.ctx.admin, { email: newEmail(), role: "staff", departmentId: org.departmentIds[1] }, BASE);
    const page = await getMembersPage(org.ctx.department_head);
    expect(page.canManage).toBe(false);
    expect(page.members).toHaveLength(4);
    expect(page.invitations).toEqual([]);
    expect(page.departments).toEqual([]);
    const adminPage = await getMembersPage(org.ctx.admin);
    expect(adminPage.invitations).toHaveLength(1);
    expect(adminPage.departments.map((d) => d.name)).toEqual(["Finance", "Public Works"]);
  });

  it("changes a role and a department, and audits it", async () => {
    const org = await createTestOrg("role");
    const result = await changeRole(org.ctx.admin, org.ctx.staff.membershipId, "department_head", org.departmentIds[1]);
    expect(result).toMatchObject({ changed: true, role: "department_head", departmentName: "Finance" });
    const [row] = await membershipsOf(org.orgId, org.ctx.staff.userId);
    expect(row).toMatchObject({ role: "department_head", departmentId: org.departmentIds[1] });
    // Admins and elected officials have no department, whatever the form sent.
    await changeRole(org.ctx.admin, org.ctx.staff.membershipId, "elected_official", org.departmentIds[1]);
    const [after] = await membershipsOf(org.orgId, org.ctx.staff.userId);
    expect(after).toMatchObject({ role: "elected_official", departmentId: null });
    expect((await auditActions(org.orgId)).filter((a) => a === "member.role_change")).toHaveLength(2);
  });

  it("refuses a department head or staff role without a department, or with an archived or foreign one", async () => {
    const org = await createTestOrg("dept");
    const other = await createTestOrg("dept-other");
    const missing = await fieldErrors(changeRole(org.ctx.admin, org.ctx.elected_official.membershipId, "department_head"));
    expect(missing.departmentId?.[0]).toMatch(/Choose the department/);
    const foreign = await fieldErrors(
      changeRole(org.ctx.admin, org.ctx.elected_official.membershipId, "staff", other.departmentIds[0]),
    );
    expect(foreign.departmentId?.[0]).toMatch(/from the list/);
    await getDb()
      .update(departments)
      .set({ archivedAt: new Date() })
      .where(and(eq(departments.orgId, org.orgId), eq(departments.id, org.departmentIds[1]!)));
    const archived = await fieldErrors(
      changeRole(org.ctx.admin, org.ctx.elected_official.membershipId, "staff", org.departmentIds[1]),
    );
    expect(archived.departmentId?.[0]).toMatch(/Archived/);
    const invite = await fieldErrors(createInvitation(org.ctx.admin, { email: newEmail(), role: "staff" }, BASE));
    expect(invite.departmentId?.[0]).toMatch(/Choose the department/);
    const [row] = await membershipsOf(org.orgId, org.ctx.elected_official.userId);
    expect(row).toMatchObject({ role: "elected_official", departmentId: null });
  });

  it("never demotes or removes the last administrator", async () => {
    const org = await createTestOrg("last");
    const demote = await fieldErrors(changeRole(org.ctx.admin, org.ctx.admin.membershipId, "staff", org.departmentIds[0]));
    expect(demote.role?.[0]).toMatch(/only administrator/);
    const remove = await fieldErrors(removeMember(org.ctx.admin, org.ctx.admin.membershipId));
    expect(remove.form?.[0]).toMatch(/only administrator/);
    const [row] = await membershipsOf(org.orgId, org.ctx.admin.userId);
    expect(row?.role).toBe("admin");

    // With a second administrator, the first may step down.
    await changeRole(org.ctx.admin, org.ctx.elected_official.membershipId, "admin");
    await changeRole(org.ctx.admin, org.ctx.admin.membershipId, "elected_official");
    const [stepped] = await membershipsOf(org.orgId, org.ctx.admin.userId);
    expect(stepped?.role).toBe("elected_official");
  });

  it("removes a member: their other organizations still work, this one answers 404 at once", async () => {
    const org = await createTestOrg("remove");
    const second = await createTestOrg("remove-2");
    const person = org.ctx.staff.user;
    await getDb().insert(memberships).values({ orgId: second.orgId, userId: person.id, role: "elected_official" });
    const cookie = cookieFrom(await startSession(person.id, fakeRequest()));
    expect((await requireTenant(fakeRequest("/", { cookie }), { org: org.slug })).orgId).toBe(org.orgId);

    await removeMember(org.ctx.admin, org.ctx.staff.membershipId);

    expect(await membershipsOf(org.orgId, person.id)).toHaveLength(0);
    expect(await thrownStatus(requireTenant(fakeRequest("/", { cookie }), { org: org.slug }))).toBe(404);
    expect((await requireTenant(fakeRequest("/", { cookie }), { org: second.slug })).orgId).toBe(second.orgId);
    expect(await readSession(fakeRequest("/", { cookie }))).not.toBeNull();
    const [event] = await getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, org.orgId), eq(auditEvents.action, "member.remove")));
    expect(event?.before).toMatchObject({ userId: person.id, role: "staff" });
  });

  it("keeps another organization's admin out of this organization's members (404)", async () => {
    const org = await createTestOrg("iso-m");
    const intruder = await createTestOrg("iso-m-x");
    const members = await listMembers(intruder.ctx.admin);
    expect(members.map((m) => m.membershipId)).not.toContain(org.ctx.staff.membershipId);
    expect(await thrownStatus(changeRole(intruder.ctx.admin, org.ctx.staff.membershipId, "admin"))).toBe(404);
    expect(await thrownStatus(removeMember(intruder.ctx.admin, org.ctx.staff.membershipId))).toBe(404);
    expect(await thrownStatus(removeMember(intruder.ctx.admin, "not-a-uuid"))).toBe(404);
    const [row] = await membershipsOf(org.orgId, org.ctx.staff.userId);
    expect(row?.role).toBe("staff");
  });

  it("lets only administrators change members (403 for department heads)", async () => {
    const org = await createTestOrg("m403");
    expect(await thrownStatus(changeRole(org.ctx.department_head, org.ctx.staff.membershipId, "admin"))).toBe(403);
    expect(await thrownStatus(removeMember(org.ctx.department_head, org.ctx.staff.membershipId))).toBe(403);
    expect(await thrownStatus(listInvitations(org.ctx.department_head))).toBe(403);
  });
});

describe("invitations", () => {
  it("stores only the token's hash; the link is returned once and written in the outbox email", async () => {
    const org = await createTestOrg("hash");
    const email = newEmail();
    const issued = await createInvitation(org.ctx.admin, { email: email.toUpperCase(), role: "elected_official" }, BASE);
    expect(issued.link).toMatch(new RegExp(`^${BASE}/invite/[A-Za-z0-9_-]{43}$`));
    const token = tokenOf(issued.link);
    const row = await invitationRow(org.orgId, issued.invitation.id);
    expect(row.email).toBe(email);
    expect(row.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
    expect(row.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(7 * 24 * 3600 * 1000);

    const mail = await getDb().select().from(outboxEmails).where(eq(outboxEmails.orgId, org.orgId));
    expect(mail).toHaveLength(1);
    expect(mail[0]!.toAddress).toBe(email);
    expect(mail[0]!.bodyText).toContain(issued.link);
    expect(mail[0]!.sentAt).toBeNull();

    const events = await getDb().select().from(auditEvents).where(eq(auditEvents.orgId, org.orgId));
    expect(events.map((e) => e.action)).toContain("invitation.create");
    expect(JSON.stringify(events)).not.toContain(token);
    expect(JSON.stringify(events)).not.toContain(row.tokenHash);
  });

  it("builds links from PRAXIS_ORIGIN when set, else from the request", () => {
    const saved = process.env.PRAXIS_ORIGIN;
    try {
      delete process.env.PRAXIS_ORIGIN;
      expect(invitationBaseUrl(new Request("http://localhost:3000/o/x/members"))).toBe("http://localhost:3000");
      process.env.PRAXIS_ORIGIN = "https://praxis.example.gov/";
      expect(invitationBaseUrl(new Request("http://localhost:3000/o/x/members"))).toBe("https://praxis.example.gov");
    } finally {
      if (saved === undefined) delete process.env.PRAXIS_ORIGIN;
      else process.env.PRAXIS_ORIGIN = saved;
    }
  });

  it("invite, then accept as a new account: user, membership and session; invitation marked accepted", async () => {
    const org = await createTestOrg("accept");
    const email = newEmail();
    const issued = await createInvitation(
      org.ctx.admin,
      { email, role: "department_head", departmentId: org.departmentIds[1] },
      BASE,
    );
    const token = tokenOf(issued.link);
    const lookup = await getInvitationByToken(token);
    expect(lookup).toMatchObject({
      status: "valid",
      orgName: org.name,
      orgSlug: org.slug,
      email,
      role: "department_head",
      departmentName: "Finance",
      accountExists: false,
    });

    const accepted = await acceptInvitation(token, { newAccount: { displayName: "Dana Reyes", password: STRONG } }, fakeRequest());
    expect(accepted.orgSlug).toBe(org.slug);
    expect(accepted.cookie).toMatch(/^praxis_session=/);

    const [user] = await getDb().select().from(users).where(eq(users.email, email));
    expect(user).toMatchObject({ displayName: "Dana Reyes" });
    const rows = await membershipsOf(org.orgId, user!.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ role: "department_head", departmentId: org.departmentIds[1] });
    const inv = await invitationRow(org.orgId, issued.invitation.id);
    expect(inv.acceptedAt).not.toBeNull();
    expect(inv.acceptedBy).toBe(user!.id);

    const cookie = cookieFrom(accepted.cookie!);
    const ctx = await requireTenant(fakeRequest("/", { cookie }), { org: org.slug });
    expect(ctx).toMatchObject({ role: "department_head", userId: user!.id });
    expect(await auditActions(org.orgId)).toContain("invitation.accept");
    expect((await getInvitationByToken(token)).status).toBe("used");
    expect((await listInvitations(org.ctx.admin))[0]?.status).toBe("accepted");
  });

  it("accepts once: a second accept (also a simultaneous double submit) is refused and one membership exists", async () => {
    const org = await createTestOrg("twice");
    const person = await createUser("twice");
    const issued = await createInvitation(org.ctx.admin, { email: person.email, role: "elected_official" }, BASE);
    const token = tokenOf(issued.link);
    const results = await Promise.allSettled([
      acceptInvitation(token, { user: person }, fakeRequest()),
      acceptInvitation(token, { user: person }, fakeRequest()),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused?.reason).toBeInstanceOf(InvitationUnavailable);
    expect(await membershipsOf(org.orgId, person.id)).toHaveLength(1);

    const again = acceptInvitation(token, { user: person }, fakeRequest());
    await expect(again).rejects.toBeInstanceOf(InvitationUnavailable);
    await expect(again).rejects.toMatchObject({ status: "used" });
    const fresh = acceptInvitation(token, { newAccount: { displayName: "Someone Else", password: STRONG } }, fakeRequest());
    await expect(fresh).rejects.toMatchObject({ status: "used" });
    expect(await membershipsOf(org.orgId, person.id)).toHaveLength(1);
  });

  it("refuses an expired invitation", async () => {
    const org = await createTestOrg("expired");
    const email = newEmail();
    const issued = await createInvitation(org.ctx.admin, { email, role: "elected_official" }, BASE);
    await getDb()
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(and(eq(invitations.orgId, org.orgId), eq(invitations.id, issued.invitation.id)));
    const token = tokenOf(issued.link);
    expect(await getInvitationByToken(token)).toMatchObject({ status: "expired", orgName: org.name });
    await expect(
      acceptInvitation(token, { newAccount: { displayName: "Late Comer", password: STRONG } }, fakeRequest()),
    ).rejects.toMatchObject({ status: "expired" });
    expect(await getDb().select().from(users).where(eq(users.email, email))).toHaveLength(0);
    expect((await listInvitations(org.ctx.admin))[0]?.status).toBe("expired");
  });

  it("refuses a revoked invitation and a forged token", async () => {
    const org = await createTestOrg("revoked");
    const person = await createUser("revoked");
    const issued = await createInvitation(org.ctx.admin, { email: person.email, role: "elected_official" }, BASE);
    await revokeInvitation(org.ctx.admin, issued.invitation.id);
    const token = tokenOf(issued.link);
    expect((await getInvitationByToken(token)).status).toBe("revoked");
    await expect(acceptInvitation(token, { user: person }, fakeRequest())).rejects.toMatchObject({ status: "revoked" });
    expect(await membershipsOf(org.orgId, person.id)).toHaveLength(0);
    expect(await auditActions(org.orgId)).toContain("invitation.revoke");

    const forged = "A".repeat(43);
    expect(await getInvitationByToken(forged)).toEqual({ status: "unknown" });
    expect(await getInvitationByToken("../../etc")).toEqual({ status: "unknown" });
    await expect(acceptInvitation(forged, { user: person }, fakeRequest())).rejects.toMatchObject({ status: "unknown" });
  });

  it("refuses a weak password on accept and creates nothing", async () => {
    const org = await createTestOrg("weak");
    const email = newEmail();
    const issued = await createInvitation(org.ctx.admin, { email, role: "elected_official" }, BASE);
    const token = tokenOf(issued.link);
    const errors = await fieldErrors(
      acceptInvitation(token, { newAccount: { displayName: "Weak Password", password: "password1234" } }, fakeRequest()),
    );
    expect(errors.password?.[0]).toMatch(/common/);
    expect(await getDb().select().from(users).where(eq(users.email, email))).toHaveLength(0);
    expect(await invitationRow(org.orgId, issued.invitation.id)).toMatchObject({ acceptedAt: null, revokedAt: null });
    expect((await getInvitationByToken(token)).status).toBe("valid");
  });

  it("asks an existing account to sign in, and only lets the invited email join", async () => {
    const org = await createTestOrg("existing");
    const person = await createUser("existing");
    const stranger = await createUser("stranger");
    const issued = await createInvitation(org.ctx.admin, { email: person.email, role: "elected_official" }, BASE);
    const token = tokenOf(issued.link);
    expect(await getInvitationByToken(token)).toMatchObject({ status: "valid", accountExists: true });

    const wrong = await fieldErrors(acceptInvitation(token, { user: stranger }, fakeRequest()));
    expect(wrong.form?.[0]).toContain(`signed in as ${stranger.email}`);
    // A sign-up with the email of an existing account is refused (and rolls back).
    const dup = await fieldErrors(
      acceptInvitation(token, { newAccount: { displayName: "Copy Cat", password: STRONG } }, fakeRequest()),
    );
    expect(dup.form?.[0]).toMatch(/already exists/);
    expect((await getInvitationByToken(token)).status).toBe("valid");

    const accepted = await acceptInvitation(token, { user: person }, fakeRequest());
    expect(accepted.cookie).toBeNull();
    expect(await membershipsOf(org.orgId, person.id)).toHaveLength(1);
    expect(await membershipsOf(org.orgId, stranger.id)).toHaveLength(0);
  });

  it("refuses to invite someone who is already a member", async () => {
    const org = await createTestOrg("member");
    const errors = await fieldErrors(
      createInvitation(org.ctx.admin, { email: org.ctx.staff.user.email.toUpperCase(), role: "admin" }, BASE),
    );
    expect(errors.email?.[0]).toMatch(/already a member/);
    expect(await listInvitations(org.ctx.admin)).toHaveLength(0);
  });

  it("keeps one open invitation per email: a new one revokes the earlier link", async () => {
    const org = await createTestOrg("one");
    const email = newEmail();
    const first = await createInvitation(org.ctx.admin, { email, role: "elected_official" }, BASE);
    const second = await createInvitation(org.ctx.admin, { email, role: "staff", departmentId: org.departmentIds[0] }, BASE);
    expect((await getInvitationByToken(tokenOf(first.link))).status).toBe("revoked");
    expect((await getInvitationByToken(tokenOf(second.link))).status).toBe("valid");
    const list = await listInvitations(org.ctx.admin);
    expect(list.filter((i) => i.status === "pending").map((i) => i.id)).toEqual([second.invitation.id]);
  });

  it("resends with a new link and a new expiry; the old link stops working", async () => {
    const org = await createTestOrg("resend");
    const issued = await createInvitation(org.ctx.admin, { email: newEmail(), role: "elected_official" }, BASE);
    await getDb()
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(and(eq(invitations.orgId, org.orgId), eq(invitations.id, issued.invitation.id)));
    const again = await resendInvitation(org.ctx.admin, issued.invitation.id, BASE);
    expect(again.link).not.toBe(issued.link);
    expect(again.invitation.id).toBe(issued.invitation.id);
    expect((await getInvitationByToken(tokenOf(issued.link))).status).toBe("unknown");
    expect((await getInvitationByToken(tokenOf(again.link))).status).toBe("valid");
    const mail = await getDb().select().from(outboxEmails).where(eq(outboxEmails.orgId, org.orgId));
    expect(mail.map((m) => m.bodyText.includes(again.link))).toContain(true);
    expect(await auditActions(org.orgId)).toContain("invitation.resend");

    await revokeInvitation(org.ctx.admin, issued.invitation.id);
    const refused = await fieldErrors(resendInvitation(org.ctx.admin, issued.invitation.id, BASE));
    expect(refused.form?.[0]).toMatch(/revoked/);
  });

  it("lets only administrators invite (403 for a department head)", async () => {
    const org = await createTestOrg("inv403");
    const status = await thrownStatus(
      createInvitation(org.ctx.department_head, { email: newEmail(), role: "staff", departmentId: org.departmentIds[0] }, BASE),
    );
    expect(status).toBe(403);
    const [count] = await getDb()
      .select({ n: sql<number>`count(*)::int` })
      .from(invitations)
      .where(eq(invitations.orgId, org.orgId));
    expect(count?.n).toBe(0);
  });

  it("keeps another organization's admin away from this organization's invitations (404)", async () => {
    const org = await createTestOrg("iso-i");
    const intruder = await createTestOrg("iso-i-x");
    const issued = await createInvitation(org.ctx.admin, { email: newEmail(), role: "elected_official" }, BASE);
    const theirs: TenantContext = intruder.ctx.admin;
    expect((await listInvitations(theirs)).map((i) => i.id)).not.toContain(issued.invitation.id);
    expect(await thrownStatus(revokeInvitation(theirs, issued.invitation.id))).toBe(404);
    expect(await thrownStatus(resendInvitation(theirs, issued.invitation.id, BASE))).toBe(404);
    const row = await invitationRow(org.orgId, issued.invitation.id);
    expect(row.revokedAt).toBeNull();
    expect((await getInvitationByToken(tokenOf(issued.link))).status).toBe("valid");
  });
});
