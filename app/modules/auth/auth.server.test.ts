import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { organizations, sessions, users } from "#db/schema";
import { cookieFrom, createTestOrg, createUser, fakeRequest, TEST_PASSWORD, uniqueSuffix } from "#db/test/factories";
import { FieldErrors } from "~/utils/http.server";
import { signInSchema, signUpSchema, slugify } from "./auth.schema";
import { changePassword, signIn, SignInThrottled, signOut, signUp } from "./auth.server";
import { weakPasswordReason } from "./password.server";
import { hashToken, readSession } from "./session.server";
import { requireTenant } from "./tenant.server";
import { THROTTLE } from "./throttle.server";

const STRONG = "maple lantern orbit 42";

function signUpInput(over: Partial<Record<string, string>> = {}) {
  const s = uniqueSuffix();
  return signUpSchema.parse({
    displayName: "Dana Whitfield",
    email: `dana-${s}@example.test`,
    password: STRONG,
    orgName: "Town of Testville",
    orgSlug: `testville-${s}`,
    orgKind: "town",
    orgState: "VT",
    ...over,
  });
}

async function expectFieldError(p: Promise<unknown>, field: string): Promise<string> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FieldErrors);
  const messages = (error as FieldErrors).errors[field];
  expect(messages?.length).toBeGreaterThan(0);
  return messages![0]!;
}

function ip(): string {
  return `test-ip-${uniqueSuffix()}`;
}

describe("sign-up", () => {
  it("creates the user, the organization and an admin membership, and signs in", async () => {
    const input = signUpInput();
    const { cookie, orgSlug } = await signUp(input, fakeRequest("/sign-up", { method: "POST" }));
    expect(orgSlug).toBe(input.orgSlug);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const session = await readSession(fakeRequest("/", { cookie: cookieFrom(cookie) }));
    expect(session?.user.email).toBe(input.email);
    const ctx = await requireTenant(fakeRequest("/", { cookie: cookieFrom(cookie) }), { org: orgSlug });
    expect(ctx.role).toBe("admin");
    expect(ctx.orgName).toBe(input.orgName);
  });

  it("stores the password as argon2id with the OWASP parameters (m=19456 KiB, t=2, p=1)", async () => {
    const input = signUpInput();
    await signUp(input, fakeRequest());
    const [row] = await getDb().select({ hash: users.passwordHash }).from(users).where(eq(users.email, input.email));
    expect(row!.hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row!.hash).not.toContain(STRONG);
  });

  it("refuses a taken web address and creates nothing", async () => {
    const first = signUpInput();
    await signUp(first, fakeRequest());
    const second = signUpInput({ orgSlug: first.orgSlug });
    const message = await expectFieldError(signUp(second, fakeRequest()), "orgSlug");
    expect(message).toMatch(/taken/);
    const left = await getDb().select().from(users).where(eq(users.email, second.email));
    expect(left).toHaveLength(0);
  });

  it("refuses an email that already has an account, and creates no organization", async () => {
    const first = signUpInput();
    await signUp(first, fakeRequest());
    const second = signUpInput({ email: first.email.toUpperCase() });
    await expectFieldError(signUp(second, fakeRequest()), "email");
    const [row] = await getDb().execute(sql`select count(*)::int as n from organizations where slug = ${second.orgSlug}`).then((r) =>
      Array.isArray(r) ? r : (r as unknown as { rows: { n: number }[] }).rows,
    );
    expect((row as { n: number }).n).toBe(0);
  });

  it("refuses common and personal passwords", async () => {
    await expectFieldError(signUp(signUpInput({ password: "password1234" }), fakeRequest()), "password");
    await expectFieldError(signUp(signUpInput({ password: "qwertyuiop123!" }), fakeRequest()), "password");
    await expectFieldError(signUp(signUpInput({ password: "dana whitfield 1" }), fakeRequest()), "password");
    expect(weakPasswordReason("aaaaaaaaaaaaaaaa")).not.toBeNull();
    expect(weakPasswordReason(STRONG)).toBeNull();
  });

  it("validates the form: missing fields, bad slugs, short passwords, bad email", () => {
    const bad = signUpSchema.safeParse({ email: "not-an-email", password: "short", orgSlug: "Bad Slug!", orgName: "" });
    expect(bad.success).toBe(false);
    const fields = bad.success ? {} : bad.error.flatten().fieldErrors;
    expect(Object.keys(fields).sort()).toEqual(["displayName", "email", "orgKind", "orgName", "orgSlug", "orgState", "password"]);
    expect(signUpSchema.shape.orgSlug.safeParse("admin").success).toBe(false);
    expect(signUpSchema.shape.orgSlug.safeParse("a--b").success).toBe(false);
    expect(signUpSchema.shape.orgSlug.safeParse("-abc").success).toBe(false);
    expect(signUpSchema.shape.orgSlug.safeParse("city-of-springfield").success).toBe(true);
    expect(signUpSchema.shape.password.safeParse("x".repeat(129)).success).toBe(false);
    expect(slugify("City of Saint-Étienne, Pop. 170")).toBe("city-of-saint-etienne-pop-170");
    expect(signInSchema.safeParse({ email: "", password: "" }).success).toBe(false);
  });
});

describe("sessions", () => {
  it("starts a new session id at every sign-in and ends the one the browser carried", async () => {
    const user = await createUser("sess");
    const first = cookieFrom(await signIn({ email: user.email, password: TEST_PASSWORD, ip: ip() }, fakeRequest()));
    const second = cookieFrom(await signIn({ email: user.email, password: TEST_PASSWORD, ip: ip() }, fakeRequest("/", { cookie: first })));
    expect(second).not.toBe(first);
    expect(await readSession(fakeRequest("/", { cookie: first }))).toBeNull();
    expect((await readSession(fakeRequest("/", { cookie: second })))?.user.id).toBe(user.id);
  });

  it("stores only a hash of the session token", async () => {
    const user = await createUser("hash");
    const cookie = cookieFrom(await signIn({ email: user.email, password: TEST_PASSWORD, ip: ip() }, fakeRequest()));
    const token = cookie.split("=")[1]!;
    const rows = await getDb().select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, user.id));
    expect(rows.map((r) => r.id)).toEqual([hashToken(token)]);
  });

  it("sign-out ends the session", async () => {
    const user = await createUser("out");
    const cookie = cookieFrom(await signIn({ email: user.email, password: TEST_PASSWORD, ip: ip() }, fakeRequest()));
    const cleared = await signOut(fakeRequest("/", { cookie }));
    expect(cleared).toMatch(/Max-Age=0/);
    expect(await readSession(fakeRequest("/", { cookie }))).toBeNull();
  });

  it("a password change ends every session of the user and starts a new one", async () => {
    const user = await createUser("pw");
    const laptop = cookieFrom(await signIn({ email: user.email, password: TEST_PASSWORD, ip: ip() }, fakeRequest()));
    const phone = cookieFrom(await signIn({ email: user.email, password: TEST_PASSWORD, ip: ip() }, fakeRequest()));
    const session = (await readSession(fakeRequest("/", { cookie: laptop })))!;
    await expect(
      changePassword(session, { currentPassword: "wrong password here", newPassword: STRONG }, fakeRequest()),
    ).rejects.toBeInstanceOf(FieldErrors);
    const fresh = cookieFrom(
      await changePassword(session, { currentPassword: TEST_PASSWORD, newPassword: STRONG }, fakeRequest("/", { cookie: laptop })),
    );
    expect(await readSession(fakeRequest("/", { cookie: laptop }))).toBeNull();
    expect(await readSession(fakeRequest("/", { cookie: phone }))).toBeNull();
    expect((await readSession(fakeRequest("/", { cookie: fresh })))?.user.id).toBe(user.id);
    await expect(signIn({ email: user.email, password: TEST_PASSWORD, ip: ip() }, fakeRequest())).rejects.toBeInstanceOf(FieldErrors);
    expect(await signIn({ email: user.email, password: STRONG, ip: ip() }, fakeRequest())).toMatch(/praxis_session=/);
  });

  it("holds the absolute lifetime (7 days) even for a session in daily use", async () => {
    const user = await createUser("abs");
    const cookie = cookieFrom(await signIn({ email: user.email, password: TEST_PASSWORD, ip: ip() }, fakeRequest()));
    const id = hashToken(cookie.split("=")[1]!);
    // Still within the idle window (used an hour ago), but created eight days ago.
    await getDb()
      .update(sessions)
      .set({ createdAt: new Date(Date.now() - 8 * 86_400_000), expiresAt: new Date(Date.now() + 11 * 3_600_000) })
      .where(eq(sessions.id, id));
    expect(await readSession(fakeRequest("/", { cookie }))).toBeNull();
    expect(await getDb().select().from(sessions).where(eq(sessions.id, id))).toHaveLength(0);
  });

  it("expires an idle session", async () => {
    const user = await createUser("idle");
    const cookie = cookieFrom(await signIn({ email: user.email, password: TEST_PASSWORD, ip: ip() }, fakeRequest()));
    await getDb()
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.id, hashToken(cookie.split("=")[1]!)));
    expect(await readSession(fakeRequest("/", { cookie }))).toBeNull();
  });

  it("ignores malformed and forged cookies", async () => {
    expect(await readSession(fakeRequest("/", { cookie: "praxis_session=../../etc" }))).toBeNull();
    expect(await readSession(fakeRequest("/", { cookie: `praxis_session=${"A".repeat(43)}` }))).toBeNull();
  });
});

describe("sign-in throttling", () => {
  it(`locks an email after ${THROTTLE.maxPerEmail} failures, even for the right password, with a clear message`, async () => {
    const user = await createUser("throttle");
    for (let i = 0; i < THROTTLE.maxPerEmail - 1; i++) {
      await expect(signIn({ email: user.email, password: "not the password!", ip: ip() }, fakeRequest())).rejects.toBeInstanceOf(FieldErrors);
    }
    const last = await signIn({ email: user.email, password: "not the password!", ip: ip() }, fakeRequest()).catch((e: unknown) => e);
    expect(last).toBeInstanceOf(SignInThrottled);
    const locked = await signIn({ email: user.email, password: TEST_PASSWORD, ip: ip() }, fakeRequest()).catch((e: unknown) => e);
    expect(locked).toBeInstanceOf(SignInThrottled);
    expect((locked as Error).message).toMatch(/Too many failed sign-in attempts\. Wait \d+ minutes? and try again\./);
  });

  it(`locks a client address after ${THROTTLE.maxPerIp} failures across different emails`, async () => {
    const address = ip();
    for (let i = 0; i < THROTTLE.maxPerIp; i++) {
      await signIn({ email: `nobody-${uniqueSuffix()}@example.test`, password: "whatever it is", ip: address }, fakeRequest()).catch(() => {});
    }
    const user = await createUser("ipthrottle");
    const result = await signIn({ email: user.email, password: TEST_PASSWORD, ip: address }, fakeRequest()).catch((e: unknown) => e);
    expect(result).toBeInstanceOf(SignInThrottled);
  });
});

describe("tenant context", () => {
  it("answers 404 for an organization the user is not a member of, and for one that does not exist", async () => {
    const [a, b] = await Promise.all([createTestOrg("ctx-a"), createTestOrg("ctx-b")]);
    const cookie = cookieFrom(await signIn({ email: a.ctx.admin.user.email, password: TEST_PASSWORD, ip: ip() }, fakeRequest()));
    const ctx = await requireTenant(fakeRequest("/", { cookie }), { org: a.slug });
    expect(ctx.orgId).toBe(a.orgId);
    for (const slug of [b.slug, "no-such-org-anywhere"]) {
      const thrown = await requireTenant(fakeRequest("/", { cookie }), { org: slug }).catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(Response);
      expect((thrown as Response).status).toBe(404);
    }
    const [orgB] = await getDb().select().from(organizations).where(eq(organizations.id, b.orgId));
    expect(orgB?.slug).toBe(b.slug);
  });

  it("redirects to sign-in without a session", async () => {
    const thrown = await requireTenant(fakeRequest("/o/x/members"), { org: "x" }).catch((e: unknown) => e);
    expect((thrown as Response).status).toBe(302);
    expect((thrown as Response).headers.get("Location")).toBe("/sign-in?redirectTo=%2Fo%2Fx%2Fmembers");
  });
});
