import { eq, sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { getDb } from "#db/client.server";
import { organizations, sessions, users } from "#db/schema";
import { cookieFrom, createTestOrg, createUser, fakeRequest, TEST_PASSWORD, uniqueSuffix } from "#db/test/factories";
import { FieldErrors } from "~/utils/http.server";
import { signInSchema, signUpSchema, slugify } from "./auth.schema";
import { changePassword, signIn, SignInThrottled, signOut, signUp } from "./auth.server";
import { weakPasswordReason } from "./password.server";
import { hashToken, readSession } from "./session.server";
import { requireTenant } from "./tenant.server";
import { knownDeviceOf } from "./devices.server";
import { checkAttempt, emailDelayMs, THROTTLE } from "./throttle.server";

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
    const first = cookieFrom((await signIn({ email: user.email, password: TEST_PASSWORD, ip: ip() }, fakeRequest())).cookies[0]!);
    const second = cookieFrom((await signIn({ email: user.email, password: TEST_PASSWORD, ip: ip() }, fakeRequest("/", { cookie: first }))).cookies[0]!);
    expect(second).not.toBe(first);
    expect(await readSession(fakeRequest("/", { cookie: first }))).toBeNull();
    expect((await readSession(fakeRequest("/", { cookie: second })))?.user.id).toBe(user.id);
  });

  it("stores only a hash of the session token", async () => {
    const user = await createUser("hash");
    const cookie = cookieFrom((await signIn({ email: user.email, password: TEST_PASSWORD, ip: ip() }, fakeRequest())).cookies[0]!);
    const token = cookie.split("=")[1]!;
    const rows = await getDb().select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, user.id));
    expect(rows.map((r) => r.id)).toEqual([hashToken(token)]);
  });

  it("sign-out ends the session", async () => {
    const user = await createUser("out");
    const cookie = cookieFrom((await signIn({ email: user.email, password: TEST_PASSWORD, ip: ip() }, fakeRequest())).cookies[0]!);
    const cleared = await signOut(fakeRequest("/", { cookie }));
    expect(cleared).toMatch(/Max-Age=0/);
    expect(await readSession(fakeRequest("/", { cookie }))).toBeNull();
  });

  it("a password change ends every session of the user and starts a new one", async () => {
    const user = await createUser("pw");
    const laptop = cookieFrom((await signIn({ email: user.email, password: TEST_PASSWORD, ip: ip() }, fakeRequest())).cookies[0]!);
    const phone = cookieFrom((await signIn({ email: user.email, password: TEST_PASSWORD, ip: ip() }, fakeRequest())).cookies[0]!);
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
    expect((await signIn({ email: user.email, password: STRONG, ip: ip() }, fakeRequest())).cookies[0]!).toMatch(/praxis_session=/);
  });

  it("holds the absolute lifetime (7 days) even for a session in daily use", async () => {
    const user = await createUser("abs");
    const cookie = cookieFrom((await signIn({ email: user.email, password: TEST_PASSWORD, ip: ip() }, fakeRequest())).cookies[0]!);
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
    const cookie = cookieFrom((await signIn({ email: user.email, password: TEST_PASSWORD, ip: ip() }, fakeRequest())).cookies[0]!);
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

describe("sign-in throttling: protects without locking anyone out", () => {
  const attempt = (email: string, password: string, address: string, request = fakeRequest()) =>
    signIn({ email, password, ip: address }, request).catch((e: unknown) => e);

  it(`locks one (email, address) pair after ${THROTTLE.maxPerEmailIp} failures; the owner's right password from another address still gets in`, async () => {
    const user = await createUser("pair");
    const attacker = ip();
    for (let i = 0; i < THROTTLE.maxPerEmailIp - 1; i++) {
      expect(await attempt(user.email, "not the password!", attacker)).toBeInstanceOf(FieldErrors);
    }
    const last = await attempt(user.email, "not the password!", attacker);
    expect(last).toBeInstanceOf(SignInThrottled);
    expect((last as Error).message).toMatch(/Too many failed sign-in attempts\. Wait \d+ minutes? and try again\./);
    // The attacker's address is now refused even with the right password…
    expect(await attempt(user.email, TEST_PASSWORD, attacker)).toBeInstanceOf(SignInThrottled);
    // …and the owner, elsewhere, is not.
    const owner = await attempt(user.email, TEST_PASSWORD, ip());
    expect(owner).toMatchObject({ needsSecondFactor: false });
    expect((owner as { cookies: string[] }).cookies[0]).toMatch(/^praxis_session=/);
  });

  it("per email, failures from many addresses slow further attempts down instead of refusing them", async () => {
    const user = await createUser("slow");
    const failures = THROTTLE.emailSlowAfter + 2;
    for (let i = 0; i < failures; i++) {
      expect(await attempt(user.email, "not the password!", ip())).toBeInstanceOf(FieldErrors);
    }
    vi.stubEnv("SIGN_IN_SLOWDOWN_MAX_MS", "8000");
    expect(emailDelayMs(failures)).toBe(THROTTLE.emailDelayBaseMs * 4);
    const started = Date.now();
    const owner = await attempt(user.email, TEST_PASSWORD, ip());
    expect(Date.now() - started).toBeGreaterThanOrEqual(emailDelayMs(failures) - 20);
    expect(owner).toMatchObject({ needsSecondFactor: false });
    expect(emailDelayMs(100)).toBe(8000);
    expect(emailDelayMs(THROTTLE.emailSlowAfter - 1)).toBe(0);
    vi.unstubAllEnvs();
  });

  it(`locks a client address after ${THROTTLE.maxPerIp} failures across different emails`, async () => {
    const address = ip();
    for (let i = 0; i < THROTTLE.maxPerIp; i++) {
      await attempt(`nobody-${uniqueSuffix()}@example.test`, "whatever it is", address);
    }
    const user = await createUser("ipthrottle");
    expect(await attempt(user.email, TEST_PASSWORD, address)).toBeInstanceOf(SignInThrottled);
    expect(await attempt(user.email, TEST_PASSWORD, ip())).toMatchObject({ needsSecondFactor: false });
  });

  it("a browser that signed in before is never blocked by failures from elsewhere, even from its own address", async () => {
    const user = await createUser("device");
    const office = ip();
    const first = (await attempt(user.email, TEST_PASSWORD, office)) as { cookies: string[] };
    const deviceCookie = first.cookies.find((c) => c.startsWith("praxis_device="));
    expect(deviceCookie).toMatch(/HttpOnly/);
    expect(deviceCookie).toMatch(/Max-Age=15552000/);
    // An attacker behind the same address (the city hall's one public address) and everywhere else.
    for (let i = 0; i < THROTTLE.maxPerIp; i++) await attempt(`guess-${uniqueSuffix()}@example.test`, "not the password!", office);
    for (let i = 0; i < THROTTLE.emailSlowAfter + 1; i++) await attempt(user.email, "not the password!", ip());
    // Without the device cookie, the office address is locked…
    expect(await attempt(user.email, TEST_PASSWORD, office)).toBeInstanceOf(SignInThrottled);
    // …with it, the owner gets in at once: no lock and no slow-down, where a browser the email's
    // owner never used is both locked at the office and slowed down elsewhere. (The verdicts are
    // compared, not wall-clock times: a loaded machine makes any timing threshold flaky.)
    const withDevice = fakeRequest("/sign-in", { cookie: cookieFrom(deviceCookie!) });
    const deviceId = await knownDeviceOf(withDevice, user.id);
    expect(deviceId).toBeTruthy();
    expect(await checkAttempt({ email: user.email, ip: ip(), deviceId: null })).toMatchObject({ lockedMinutes: 0, delayMs: emailDelayMs(THROTTLE.emailSlowAfter + 1) });
    expect(await checkAttempt({ email: user.email, ip: office, deviceId })).toEqual({ lockedMinutes: 0, delayMs: 0 });
    const known = await attempt(user.email, TEST_PASSWORD, office, withDevice);
    expect(known).toMatchObject({ needsSecondFactor: false });
  });

  it(`a known browser is locked by ${THROTTLE.maxPerDevice} of its own failures, and only it; another account's device cookie counts for nothing`, async () => {
    const [user, other] = await Promise.all([createUser("devlock"), createUser("devother")]);
    const cookieOf = async (email: string) =>
      cookieFrom(((await attempt(email, TEST_PASSWORD, ip())) as { cookies: string[] }).cookies.find((c) => c.startsWith("praxis_device="))!);
    const laptop = await cookieOf(user.email);
    const phone = await cookieOf(user.email);
    const foreign = await cookieOf(other.email);
    for (let i = 0; i < THROTTLE.maxPerDevice; i++) {
      await attempt(user.email, "not the password!", ip(), fakeRequest("/sign-in", { cookie: laptop }));
    }
    expect(await attempt(user.email, TEST_PASSWORD, ip(), fakeRequest("/sign-in", { cookie: laptop }))).toBeInstanceOf(SignInThrottled);
    expect(await attempt(user.email, TEST_PASSWORD, ip(), fakeRequest("/sign-in", { cookie: phone }))).toMatchObject({ needsSecondFactor: false });
    // Another person's device cookie does not make this browser known for this account: the
    // attempts count under the address and the pair as usual.
    const address = ip();
    for (let i = 0; i < THROTTLE.maxPerEmailIp; i++) {
      await attempt(user.email, "not the password!", address, fakeRequest("/sign-in", { cookie: foreign }));
    }
    expect(await attempt(user.email, TEST_PASSWORD, address, fakeRequest("/sign-in", { cookie: foreign }))).toBeInstanceOf(SignInThrottled);
  });

  it("treats an unknown email like a known one (same answer, counted the same way)", async () => {
    const address = ip();
    const ghost = `ghost-${uniqueSuffix()}@example.test`;
    for (let i = 0; i < THROTTLE.maxPerEmailIp - 1; i++) {
      const e = await attempt(ghost, "whatever it is", address);
      expect((e as FieldErrors).errors).toEqual({ form: ["The email or password is incorrect."] });
    }
    expect(await attempt(ghost, "whatever it is", address)).toBeInstanceOf(SignInThrottled);
  });
});

describe("tenant context", () => {
  it("answers 404 for an organization the user is not a member of, and for one that does not exist", async () => {
    const [a, b] = await Promise.all([createTestOrg("ctx-a"), createTestOrg("ctx-b")]);
    const cookie = cookieFrom((await signIn({ email: a.ctx.admin.user.email, password: TEST_PASSWORD, ip: ip() }, fakeRequest())).cookies[0]!);
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
