import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auditEvents, memberships, organizations, recoveryCodes, userTotp } from "#db/schema";
import { cookieFrom, createTestOrg, fakeRequest, TEST_PASSWORD, uniqueSuffix } from "#db/test/factories";
import { FieldErrors } from "~/utils/http.server";
import { completeTwoFactorSignIn, getOptionalSession, requireSession, SecondFactorExhausted, signIn } from "./auth.server";
import { readSession } from "./session.server";
import { requireTenant } from "./tenant.server";
import {
  beginEnrolment,
  confirmEnrolment,
  disableTwoFactor,
  hasTwoFactor,
  MAX_CODE_FAILURES,
  RECOVERY_CODE_COUNT,
  regenerateRecoveryCodes,
  resetTwoFactorFor,
  TOTP_PERIOD_SECONDS,
} from "./two-factor.server";
import { issueMemberResetLink, resetMemberTwoFactor } from "~/modules/orgs/member-access.server";
import { withTenant } from "#db/tenant.server";

const ip = () => `tf-ip-${uniqueSuffix()}`;

/** What the person's authenticator app shows at `offsetSteps` time steps from now. */
async function appCode(userId: string, offsetSteps = 0): Promise<string> {
  const [row] = await getDb().select({ secret: userTotp.secret }).from(userTotp).where(eq(userTotp.userId, userId));
  const step = Math.floor(Date.now() / 1000 / TOTP_PERIOD_SECONDS) + offsetSteps;
  return generateHOTP(decodeBase32IgnorePadding(row!.secret), BigInt(step), 6);
}

async function signedIn(email: string, request = fakeRequest()) {
  const result = await signIn({ email, password: TEST_PASSWORD, ip: ip() }, request);
  const cookie = cookieFrom(result.cookies[0]!);
  return { cookie, result, session: (await readSession(fakeRequest("/", { cookie })))! };
}

/** A member of a fresh organization with two-factor turned on; returns the recovery codes. */
async function enrolled(role: "admin" | "staff" = "admin") {
  const org = await createTestOrg("tf");
  const ctx = org.ctx[role];
  const { session, cookie } = await signedIn(ctx.user.email);
  await beginEnrolment(session);
  const codes = await confirmEnrolment(session, await appCode(ctx.userId));
  return { org, ctx, codes, cookie };
}

async function auditActions(orgId: string, userId: string): Promise<string[]> {
  const rows = await withTenant({ orgId, userId: null }, (tx) =>
    tx.select({ action: auditEvents.action, after: auditEvents.after }).from(auditEvents).where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.entityId, userId))),
  );
  return rows.map((r) => r.action);
}

describe("two-factor enrolment", () => {
  it("shows a secret as QR code and text, turns on only with a right code, and gives ten single-use recovery codes", async () => {
    const org = await createTestOrg("tf-enrol");
    const ctx = org.ctx.admin;
    const { session, cookie } = await signedIn(ctx.user.email);
    const other = await signedIn(ctx.user.email);
    const enrolment = await beginEnrolment(session);
    expect(enrolment.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(enrolment.uri).toMatch(/^otpauth:\/\/totp\/Praxis:.*\?.*secret=/);
    expect(enrolment.secret.replace(/ /g, "")).toMatch(/^[A-Z2-7]{32}$/);
    // Shown again, the same secret (a reload does not invalidate what was scanned).
    expect((await beginEnrolment(session)).secret).toBe(enrolment.secret);
    const wrong = await confirmEnrolment(session, "000000").catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(FieldErrors);
    expect(await hasTwoFactor(ctx.userId)).toBe(false);

    const codes = await confirmEnrolment(session, await appCode(ctx.userId));
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const c of codes) expect(c).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/);
    expect(await hasTwoFactor(ctx.userId)).toBe(true);
    // Only hashes are kept.
    const stored = await getDb().select().from(recoveryCodes).where(eq(recoveryCodes.userId, ctx.userId));
    expect(stored.map((r) => r.codeHash).join(" ")).not.toContain(codes[0]!.slice(0, 5));
    // This session proved it; every other session ended.
    expect((await readSession(fakeRequest("/", { cookie })))?.secondFactorAt).toBeInstanceOf(Date);
    expect(await readSession(fakeRequest("/", { cookie: other.cookie }))).toBeNull();
    expect(await auditActions(org.orgId, ctx.userId)).toContain("auth.two_factor_enable");
    // Nothing secret in the audit log.
    const audit = JSON.stringify(await withTenant({ orgId: org.orgId, userId: null }, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.orgId, org.orgId))));
    expect(audit).not.toContain(enrolment.secret.replace(/ /g, ""));
    for (const c of codes) expect(audit).not.toContain(c);
  });
});

describe("signing in with two-factor", () => {
  it("the password alone gives a session that reaches nothing but the code page", async () => {
    const { ctx, org } = await enrolled();
    const { result, cookie } = await signedIn(ctx.user.email);
    expect(result.needsSecondFactor).toBe(true);
    // No device cookie yet: the browser is not fully signed in.
    expect(result.cookies.some((c) => c.startsWith("praxis_device="))).toBe(false);
    const request = fakeRequest(`/o/${org.slug}/members`, { cookie });
    expect(await getOptionalSession(request)).toBeNull();
    const thrown = await requireSession(request).catch((e: unknown) => e);
    expect((thrown as Response).headers.get("Location")).toBe(`/sign-in/two-factor?redirectTo=${encodeURIComponent(`/o/${org.slug}/members`)}`);
    const tenant = await requireTenant(request, { org: org.slug }).catch((e: unknown) => e);
    expect((tenant as Response).status).toBe(302);
    expect((tenant as Response).headers.get("Location")).toMatch(/^\/sign-in\/two-factor/);
  });

  it("a right code completes the sign-in once; the same code cannot be used again", async () => {
    const { ctx, org } = await enrolled();
    // The enrolment used the current step; the next step's code (within the drift allowed) is new.
    const code = await appCode(ctx.userId, 1);
    const first = await signedIn(ctx.user.email);
    const done = await completeTwoFactorSignIn(first.session, code, fakeRequest("/sign-in/two-factor", { cookie: first.cookie }));
    expect(done.cookies[0]).toMatch(/^praxis_device=/);
    const full = await readSession(fakeRequest("/", { cookie: first.cookie }));
    expect(full?.needsSecondFactor).toBe(false);
    expect((await requireTenant(fakeRequest("/", { cookie: first.cookie }), { org: org.slug })).orgId).toBe(org.orgId);
    const second = await signedIn(ctx.user.email);
    const replay = await completeTwoFactorSignIn(second.session, code, fakeRequest()).catch((e: unknown) => e);
    expect(replay).toBeInstanceOf(FieldErrors);
  });

  it("a recovery code works once, and is recorded", async () => {
    const { ctx, org, codes } = await enrolled();
    const first = await signedIn(ctx.user.email);
    const done = await completeTwoFactorSignIn(first.session, codes[3]!.toLowerCase(), fakeRequest());
    expect(done).toMatchObject({ usedRecoveryCode: true, recoveryCodesLeft: RECOVERY_CODE_COUNT - 1 });
    const again = await signedIn(ctx.user.email);
    expect(await completeTwoFactorSignIn(again.session, codes[3]!, fakeRequest()).catch((e: unknown) => e)).toBeInstanceOf(FieldErrors);
    expect(await auditActions(org.orgId, ctx.userId)).toContain("auth.recovery_code_use");
  });

  it(`ends the pending session after ${MAX_CODE_FAILURES} wrong codes`, async () => {
    const { ctx } = await enrolled();
    const pending = await signedIn(ctx.user.email);
    for (let i = 0; i < MAX_CODE_FAILURES - 1; i++) {
      expect(await completeTwoFactorSignIn(pending.session, "123456", fakeRequest()).catch((e: unknown) => e)).toBeInstanceOf(FieldErrors);
    }
    expect(await completeTwoFactorSignIn(pending.session, "123456", fakeRequest()).catch((e: unknown) => e)).toBeInstanceOf(SecondFactorExhausted);
    expect(await readSession(fakeRequest("/", { cookie: pending.cookie }))).toBeNull();
  });

  it("new recovery codes replace the old; turning it off needs a current code", async () => {
    const { ctx, codes } = await enrolled();
    const pending = await signedIn(ctx.user.email);
    await completeTwoFactorSignIn(pending.session, codes[0]!, fakeRequest());
    const session = (await readSession(fakeRequest("/", { cookie: pending.cookie })))!;
    const fresh = await regenerateRecoveryCodes(session, await appCode(ctx.userId, 1));
    expect(fresh).toHaveLength(RECOVERY_CODE_COUNT);
    const next = await signedIn(ctx.user.email);
    expect(await completeTwoFactorSignIn(next.session, codes[1]!, fakeRequest()).catch((e: unknown) => e)).toBeInstanceOf(FieldErrors);
    expect(await disableTwoFactor(session, "000000").catch((e: unknown) => e)).toBeInstanceOf(FieldErrors);
    expect(await hasTwoFactor(ctx.userId)).toBe(true);
    // A code counts once per 30-second step, and the last two steps are used up: as a minute later.
    await getDb().update(userTotp).set({ lastUsedStep: Math.floor(Date.now() / 1000 / TOTP_PERIOD_SECONDS) - 2 }).where(eq(userTotp.userId, ctx.userId));
    await disableTwoFactor(session, await appCode(ctx.userId));
    expect(await hasTwoFactor(ctx.userId)).toBe(false);
  });
});

describe("an organization that requires two-factor", () => {
  async function requirePolicy(orgId: string, policy: "admins" | "everyone") {
    await withTenant({ orgId, userId: null }, (tx) => tx.update(organizations).set({ twoFactorPolicy: policy }).where(eq(organizations.id, orgId)));
  }

  it("sends an administrator without a second factor to enrol before any of its pages; staff pass under 'admins'", async () => {
    const org = await createTestOrg("tf-policy");
    const admin = await signedIn(org.ctx.admin.user.email);
    const staff = await signedIn(org.ctx.staff.user.email);
    // Allowed before the policy…
    expect((await requireTenant(fakeRequest("/", { cookie: admin.cookie }), { org: org.slug })).role).toBe("admin");
    await requirePolicy(org.orgId, "admins");
    // …refused after it, whatever the page.
    for (const path of [`/o/${org.slug}`, `/o/${org.slug}/settings`, `/o/${org.slug}/members?_data=routes%2Fo.%24org.members`]) {
      const thrown = await requireTenant(fakeRequest(path, { cookie: admin.cookie }), { org: org.slug }).catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(Response);
      expect((thrown as Response).headers.get("Location")).toMatch(new RegExp(`^/account/two-factor\\?required=${org.slug}&redirectTo=`));
      expect((thrown as Response).headers.get("Location")).not.toContain("_data");
    }
    expect((await requireTenant(fakeRequest("/", { cookie: staff.cookie }), { org: org.slug })).role).toBe("staff");
    // Enrolling proves the factor in this session: the pages open.
    await beginEnrolment(admin.session);
    await confirmEnrolment(admin.session, await appCode(org.ctx.admin.userId));
    expect((await requireTenant(fakeRequest("/", { cookie: admin.cookie }), { org: org.slug })).role).toBe("admin");
    await requirePolicy(org.orgId, "everyone");
    expect(await requireTenant(fakeRequest("/", { cookie: staff.cookie }), { org: org.slug }).catch((e: unknown) => (e as Response).status)).toBe(302);
  });
});

describe("an administrator helps a member", () => {
  it("resets a member's two-factor (sessions end, audited) but not that of someone in another organization too", async () => {
    const { org, ctx } = await enrolled("staff");
    const admin = org.ctx.admin;
    const member = await signedIn(ctx.user.email);
    expect(await resetMemberTwoFactor(org.ctx.department_head, ctx.membershipId).catch((e: unknown) => (e as Response).status)).toBe(403);
    const done = await resetMemberTwoFactor(admin, ctx.membershipId);
    expect(done.hadTwoFactor).toBe(true);
    expect(await hasTwoFactor(ctx.userId)).toBe(false);
    expect(await readSession(fakeRequest("/", { cookie: member.cookie }))).toBeNull();
    expect(await auditActions(org.orgId, ctx.userId)).toContain("auth.two_factor_reset");

    const other = await createTestOrg("tf-other");
    await withTenant({ orgId: other.orgId, userId: null }, (tx) => tx.insert(memberships).values({ orgId: other.orgId, userId: ctx.userId, role: "elected_official" }));
    expect(await resetMemberTwoFactor(admin, ctx.membershipId).catch((e: unknown) => e)).toBeInstanceOf(FieldErrors);
    expect(await issueMemberResetLink(admin, ctx.membershipId, "http://localhost").catch((e: unknown) => e)).toBeInstanceOf(FieldErrors);
    // Another organization's member is not found at all.
    expect(await resetMemberTwoFactor(other.ctx.admin, ctx.membershipId).catch((e: unknown) => (e as Response).status)).toBe(404);
  });

  it("resetTwoFactorFor removes the authenticator and the codes", async () => {
    const { ctx, org } = await enrolled("staff");
    await resetTwoFactorFor(ctx.userId, org.ctx.admin.userId);
    expect(await getDb().select().from(recoveryCodes).where(eq(recoveryCodes.userId, ctx.userId))).toHaveLength(0);
    expect(await getDb().select().from(userTotp).where(eq(userTotp.userId, ctx.userId))).toHaveLength(0);
  });
});
