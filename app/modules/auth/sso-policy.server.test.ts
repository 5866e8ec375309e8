// Organizations that require single sign-on: who may still use a password, and where the others
// are sent. Each test gives its organization a domain of its own (test users share example.test,
// which no test may make SSO-only).
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "#db/client.server";
import { orgEmailDomains, orgSsoConfigs, passwordResetTokens, users } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { startSmtpServer } from "#db/test/smtp-server";
import { cookieFrom, createTestOrg, fakeRequest, TEST_PASSWORD, uniqueSuffix, type TestOrg } from "#db/test/factories";
import { issueMemberResetLink } from "~/modules/orgs/member-access.server";
import { type FieldErrors } from "~/utils/http.server";
import { signIn, SsoRequired } from "./auth.server";
import { issueResetLinkFor, requestPasswordReset, resetPassword } from "./password-reset.server";
import { directoriesForEmail, passwordRefusedFor } from "./sso-policy.server";
import { startSession } from "./session.server";
import { requireTenant } from "./tenant.server";

afterEach(() => {
  vi.unstubAllEnvs();
});
const ip = () => `sso-only-${uniqueSuffix()}`;

/** An organization whose admin and staff have addresses in its own verified domain, with SSO
 * configured (not required until a test says so). */
async function cityWithDirectory(): Promise<TestOrg & { domain: string; admin: string; staff: string }> {
  const org = await createTestOrg("ssoonly");
  const domain = `${org.slug}.gov`;
  const admin = `admin@${domain}`;
  const staff = `staff@${domain}`;
  await getDb().update(users).set({ email: admin }).where(eq(users.id, org.ctx.admin.userId));
  await getDb().update(users).set({ email: staff }).where(eq(users.id, org.ctx.staff.userId));
  await withTenant({ orgId: org.orgId, userId: null }, async (tx) => {
    await tx.insert(orgEmailDomains).values({ orgId: org.orgId, domain, verificationToken: "t", verifiedAt: new Date() });
    await tx.insert(orgSsoConfigs).values({ orgId: org.orgId, issuer: "https://login.example.test", clientId: "praxis", clientSecret: "s", enabled: true });
  });
  return { ...org, domain, admin, staff };
}

const requireSso = (org: TestOrg, ssoOnly: boolean) =>
  withTenant({ orgId: org.orgId, userId: null }, (tx) => tx.update(orgSsoConfigs).set({ ssoOnly }).where(eq(orgSsoConfigs.orgId, org.orgId)));

const passwordSignIn = (email: string, password = TEST_PASSWORD) => signIn({ email, password, ip: ip() }, fakeRequest()).catch((e: unknown) => e);

async function redirectOf(promise: Promise<unknown>): Promise<string | null> {
  const outcome = await promise.catch((e: unknown) => e);
  return outcome instanceof Response ? outcome.headers.get("Location") : null;
}

describe("an organization that requires single sign-on", () => {
  it("refuses the password of its members in its domains, with the same answer for a wrong password and for no account, and keeps the administrator's break-glass password", async () => {
    const org = await cityWithDirectory();
    // Before the rule, the staff member's password works.
    expect(await passwordSignIn(org.staff)).toMatchObject({ needsSecondFactor: false });
    await requireSso(org, true);
    for (const [email, password] of [
      [org.staff, TEST_PASSWORD],
      [org.staff, "not the password 123"],
      [`nobody-${uniqueSuffix()}@${org.domain}`, TEST_PASSWORD],
      [org.admin, "not the password 123"],
    ] as const) {
      const refused = await passwordSignIn(email, password);
      expect(refused, email).toBeInstanceOf(SsoRequired);
      expect((refused as SsoRequired).directory).toEqual({ slug: org.slug, name: org.name, ssoOnly: true });
      expect((refused as SsoRequired).message).toContain(`Sign in with ${org.name}'s directory`);
    }
    // The administrator's right password still works (two-factor then guards the pages).
    expect(await passwordSignIn(org.admin)).toMatchObject({ needsSecondFactor: false });
    // Outside its domains, the organization has no say: another member keeps the password.
    expect(await passwordSignIn(org.ctx.elected_official.user.email)).toMatchObject({ needsSecondFactor: false });
    // Turned off again, the staff member's password works again.
    await requireSso(org, false);
    expect(await passwordSignIn(org.staff)).toMatchObject({ needsSecondFactor: false });
  });

  it("sends a password session of a member to the directory, and an administrator's to the second factor, before any page of the organization", async () => {
    const org = await cityWithDirectory();
    const staffCookie = cookieFrom(await startSession(org.ctx.staff.userId, fakeRequest()));
    const adminCookie = cookieFrom(await startSession(org.ctx.admin.userId, fakeRequest()));
    const ssoCookie = cookieFrom(await startSession(org.ctx.staff.userId, fakeRequest(), { ssoOrgId: org.orgId }));
    const page = (cookie: string) => requireTenant(fakeRequest(`/o/${org.slug}/plans`, { cookie }), { org: org.slug });
    // Before the rule every session reaches the page.
    expect((await page(staffCookie)).role).toBe("staff");
    expect((await page(adminCookie)).role).toBe("admin");
    await requireSso(org, true);
    expect(await redirectOf(page(staffCookie))).toBe(`/sso/${org.slug}?redirectTo=${encodeURIComponent(`/o/${org.slug}/plans`)}`);
    expect(await redirectOf(page(adminCookie))).toMatch(new RegExp(`^/account/two-factor\\?required=${org.slug}&`));
    // The session its own directory started is the way in.
    expect((await page(ssoCookie)).role).toBe("staff");
    // A member outside its domains keeps the password session.
    const elected = cookieFrom(await startSession(org.ctx.elected_official.userId, fakeRequest()));
    expect((await page(elected)).role).toBe("elected_official");
  });

  it("sends no reset email, makes no administrator's link, and takes no earlier link for its members", async () => {
    const org = await cityWithDirectory();
    const earlier = await issueResetLinkFor(org.ctx.staff.userId, org.ctx.admin.userId, "https://praxis.example");
    await requireSso(org, true);
    const refused = await issueMemberResetLink(org.ctx.admin, org.ctx.staff.membershipId, "https://praxis.example").catch((e: unknown) => e);
    expect((refused as FieldErrors).errors.form?.[0]).toContain("requires single sign-on");
    const used = await resetPassword(earlier.url.split("/").pop()!, "quiet harbor lantern 77").catch((e: unknown) => e);
    expect((used as FieldErrors).errors.form?.[0]).toContain("requires single sign-on");
    expect(await passwordRefusedFor(org.staff, org.ctx.staff.userId)).toMatchObject({ slug: org.slug });
    // "Forgot password?" answers as ever, and mails only the member outside the domains.
    const smtp = await startSmtpServer();
    try {
      vi.stubEnv("SMTP_URL", smtp.url);
      await requestPasswordReset({ email: org.staff, ip: ip(), baseUrl: "https://praxis.example" });
      await requestPasswordReset({ email: org.ctx.elected_official.user.email, ip: ip(), baseUrl: "https://praxis.example" });
      for (let i = 0; i < 200 && smtp.messages.length < 1; i++) await new Promise((r) => setTimeout(r, 25));
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0]).toContain(org.ctx.elected_official.user.email);
    } finally {
      await smtp.close();
    }
    // The earlier link is still unused: nothing changed.
    const [token] = await getDb().select({ usedAt: passwordResetTokens.usedAt }).from(passwordResetTokens).where(eq(passwordResetTokens.userId, org.ctx.staff.userId));
    expect(token?.usedAt).toBeNull();
  });

  it("is found from an email's verified domain, only where single sign-on is on", async () => {
    const org = await cityWithDirectory();
    expect(await directoriesForEmail(`someone@${org.domain.toUpperCase()}`)).toEqual([{ slug: org.slug, name: org.name, ssoOnly: false }]);
    expect(await directoriesForEmail(`someone@sub.${org.domain}`)).toEqual([]);
    expect(await directoriesForEmail("no-at-sign")).toEqual([]);
    await withTenant({ orgId: org.orgId, userId: null }, (tx) => tx.update(orgEmailDomains).set({ verifiedAt: null }).where(eq(orgEmailDomains.orgId, org.orgId)));
    expect(await directoriesForEmail(`someone@${org.domain}`)).toEqual([]);
    await withTenant({ orgId: org.orgId, userId: null }, async (tx) => {
      await tx.update(orgEmailDomains).set({ verifiedAt: new Date() }).where(eq(orgEmailDomains.orgId, org.orgId));
      await tx.update(orgSsoConfigs).set({ enabled: false }).where(eq(orgSsoConfigs.orgId, org.orgId));
    });
    expect(await directoriesForEmail(`someone@${org.domain}`)).toEqual([]);
  });
});
