import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "#db/client.server";
import { auditEvents, passwordResetTokens, signInDevices } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { cookieFrom, createTestOrg, createUser, fakeRequest, TEST_PASSWORD, uniqueSuffix } from "#db/test/factories";
import { startSmtpServer, type SmtpServer } from "#db/test/smtp-server";
import { issueMemberResetLink } from "~/modules/orgs/member-access.server";
import { FieldErrors } from "~/utils/http.server";
import { signIn } from "./auth.server";
import { lookUpResetLink, requestPasswordReset, RESET_LIMITS, resetPassword, ResetThrottled } from "./password-reset.server";
import { hashToken, readSession } from "./session.server";

const NEW_PASSWORD = "quiet harbor lantern 77";
const ip = () => `reset-ip-${uniqueSuffix()}`;
let smtp: SmtpServer | null = null;

afterEach(async () => {
  vi.unstubAllEnvs();
  await smtp?.close();
  smtp = null;
});

async function withMail(): Promise<SmtpServer> {
  smtp = await startSmtpServer();
  vi.stubEnv("SMTP_URL", smtp.url);
  return smtp;
}

async function waitForMail(server: SmtpServer, count: number): Promise<void> {
  for (let i = 0; i < 100 && server.messages.length < count; i++) await new Promise((r) => setTimeout(r, 20));
}

function tokenIn(message: string): string {
  const match = /\/reset-password\/([A-Za-z0-9_-]{43})/.exec(message.replace(/=\r?\n/g, ""));
  expect(match).not.toBeNull();
  return match![1]!;
}

describe("password reset by email", () => {
  it("emails a single-use link; the new password works, the old one and every session end", async () => {
    const server = await withMail();
    const user = await createUser("reset");
    const laptop = cookieFrom((await signIn({ email: user.email, password: TEST_PASSWORD, ip: ip() }, fakeRequest())).cookies[0]!);
    await requestPasswordReset({ email: user.email.toUpperCase(), ip: ip(), baseUrl: "https://praxis.example" });
    await waitForMail(server, 1);
    expect(server.messages).toHaveLength(1);
    const token = tokenIn(server.messages[0]!);
    expect(server.messages[0]).toContain("https://praxis.example/reset-password/");
    // Only the hash is stored.
    const [row] = await getDb().select().from(passwordResetTokens).where(eq(passwordResetTokens.tokenHash, hashToken(token)));
    expect(row?.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 30 * 60_000);
    expect(JSON.stringify(await getDb().select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, user.id)))).not.toContain(token);

    expect(await lookUpResetLink(token)).toMatchObject({ email: user.email });
    const weak = await resetPassword(token, "password1234").catch((e: unknown) => e);
    expect(weak).toBeInstanceOf(FieldErrors);
    await resetPassword(token, NEW_PASSWORD);
    expect(await readSession(fakeRequest("/", { cookie: laptop }))).toBeNull();
    await expect(signIn({ email: user.email, password: TEST_PASSWORD, ip: ip() }, fakeRequest())).rejects.toBeInstanceOf(FieldErrors);
    expect((await signIn({ email: user.email, password: NEW_PASSWORD, ip: ip() }, fakeRequest())).cookies[0]).toMatch(/^praxis_session=/);
    // Single use.
    expect(await lookUpResetLink(token)).toBeNull();
    expect(((await resetPassword(token, "another fine passphrase 9").catch((e: unknown) => e)) as FieldErrors).errors.form?.[0]).toMatch(/expired or has already been used/);
  });

  it("answers the same for an address without an account, and sends nothing", async () => {
    const server = await withMail();
    await expect(requestPasswordReset({ email: `nobody-${uniqueSuffix()}@example.test`, ip: ip(), baseUrl: "http://x" })).resolves.toBeUndefined();
    await new Promise((r) => setTimeout(r, 100));
    expect(server.messages).toHaveLength(0);
  });

  it("refuses an expired link, and a second link ends the first when either is used", async () => {
    const server = await withMail();
    const user = await createUser("reset-exp");
    await requestPasswordReset({ email: user.email, ip: ip(), baseUrl: "http://x" });
    await requestPasswordReset({ email: user.email, ip: ip(), baseUrl: "http://x" });
    await waitForMail(server, 2);
    const [first, second] = server.messages.map(tokenIn);
    await getDb().update(passwordResetTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(passwordResetTokens.tokenHash, hashToken(first!)));
    expect(await lookUpResetLink(first!)).toBeNull();
    await resetPassword(second!, NEW_PASSWORD);
    expect(await lookUpResetLink(second!)).toBeNull();
  });

  it(`sends at most ${RESET_LIMITS.perEmailPerHour} emails an hour to one address, and throttles a client address`, async () => {
    const server = await withMail();
    const user = await createUser("reset-limit");
    for (let i = 0; i < RESET_LIMITS.perEmailPerHour + 2; i++) await requestPasswordReset({ email: user.email, ip: ip(), baseUrl: "http://x" });
    await waitForMail(server, RESET_LIMITS.perEmailPerHour);
    await new Promise((r) => setTimeout(r, 100));
    expect(server.messages).toHaveLength(RESET_LIMITS.perEmailPerHour);
    const address = ip();
    for (let i = 0; i < RESET_LIMITS.perIpPer15Minutes; i++) await requestPasswordReset({ email: `x${i}-${uniqueSuffix()}@example.test`, ip: address, baseUrl: "http://x" });
    await expect(requestPasswordReset({ email: user.email, ip: address, baseUrl: "http://x" })).rejects.toBeInstanceOf(ResetThrottled);
  });

  it("without SMTP_URL, sends nothing and keeps no link (the page says to ask an administrator)", async () => {
    vi.stubEnv("SMTP_URL", "");
    const user = await createUser("reset-nomail");
    await requestPasswordReset({ email: user.email, ip: ip(), baseUrl: "http://x" });
    expect(await getDb().select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, user.id))).toHaveLength(0);
  });
});

describe("a reset link made by an administrator", () => {
  it("is shown once, valid 24 hours, audited without the token, and forgets the member's known browsers when used", async () => {
    const org = await createTestOrg("reset-admin");
    const member = org.ctx.staff;
    await signIn({ email: member.user.email, password: TEST_PASSWORD, ip: ip() }, fakeRequest());
    expect(await getDb().select().from(signInDevices).where(eq(signInDevices.userId, member.userId))).toHaveLength(1);
    // A department head may not; the administrator may.
    expect(await issueMemberResetLink(org.ctx.department_head, member.membershipId, "http://x").catch((e: unknown) => (e as Response).status)).toBe(403);
    const { url, expiresAt } = await issueMemberResetLink(org.ctx.admin, member.membershipId, "https://praxis.example");
    expect(url).toMatch(/^https:\/\/praxis\.example\/reset-password\/[A-Za-z0-9_-]{43}$/);
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(23 * 3_600_000);
    const token = url.split("/").pop()!;
    const audit = await withTenant({ orgId: org.orgId, userId: null }, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.orgId, org.orgId)));
    expect(audit.find((e) => e.action === "auth.password_reset_link")).toMatchObject({ actorUserId: org.ctx.admin.userId, entityId: member.userId });
    expect(JSON.stringify(audit)).not.toContain(token);
    await resetPassword(token, NEW_PASSWORD);
    expect(await getDb().select().from(signInDevices).where(eq(signInDevices.userId, member.userId))).toHaveLength(0);
    const after = await withTenant({ orgId: org.orgId, userId: null }, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.orgId, org.orgId)));
    expect(after.map((e) => e.action)).toContain("auth.password_reset");
  });

  it("is refused for the administrator themself and for a member of another organization", async () => {
    const [a, b] = await Promise.all([createTestOrg("reset-a"), createTestOrg("reset-b")]);
    expect(await issueMemberResetLink(a.ctx.admin, a.ctx.admin.membershipId, "http://x").catch((e: unknown) => e)).toBeInstanceOf(FieldErrors);
    expect(await issueMemberResetLink(a.ctx.admin, b.ctx.staff.membershipId, "http://x").catch((e: unknown) => (e as Response).status)).toBe(404);
  });
});
