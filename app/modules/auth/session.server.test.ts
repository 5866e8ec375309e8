// OWASP ASVS 4.0.3 level 2, chapter V3 (session management), for the session module and the
// services around it: each test names the requirement it proves. The same points over real HTTP
// against the production build are in e2e/sessions-headers.spec.ts.
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "#db/client.server";
import { memberships, sessions } from "#db/schema";
import { enterTenant } from "#db/tenant.server";
import { cookieFrom, createTestOrg, createUser, fakeRequest, TEST_PASSWORD, uniqueSuffix } from "#db/test/factories";
import { removeMember } from "~/modules/orgs/members.server";
import { changePassword, requireSession, signIn } from "./auth.server";
import {
  ABSOLUTE_LIFETIME_DAYS,
  hashToken,
  IDLE_TIMEOUT_HOURS,
  newToken,
  readSession,
  SECURE_SESSION_COOKIE,
  SESSION_COOKIE,
  SESSION_TOKEN_BYTES,
} from "./session.server";
import { listMyOrganizations, requireTenant } from "./tenant.server";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function ip(): string {
  return `test-ip-${uniqueSuffix()}`;
}

function httpsRequest(path = "/", cookie?: string): Request {
  const headers = new Headers({ Origin: "https://praxis.example" });
  if (cookie) headers.set("Cookie", cookie);
  return new Request(`https://praxis.example${path}`, { headers });
}

async function signedIn(email: string, request = fakeRequest()): Promise<string> {
  return cookieFrom((await signIn({ email, password: TEST_PASSWORD, ip: ip() }, request)).cookies[0]!);
}

function tokenOf(cookie: string): string {
  return cookie.slice(cookie.indexOf("=") + 1);
}

async function sessionRow(cookie: string) {
  const [row] = await getDb().select().from(sessions).where(eq(sessions.id, hashToken(tokenOf(cookie))));
  return row;
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe("session tokens (V3.2.2, V3.2.3)", () => {
  it(`are ${SESSION_TOKEN_BYTES * 8} bits from the CSPRNG, never repeat, and only their hash is stored`, async () => {
    expect(SESSION_TOKEN_BYTES * 8).toBeGreaterThanOrEqual(128);
    const many = Array.from({ length: 2000 }, () => newToken());
    expect(new Set(many).size).toBe(many.length);
    for (const t of many.slice(0, 50)) expect(Buffer.from(t, "base64url")).toHaveLength(SESSION_TOKEN_BYTES);
    const user = await createUser("entropy");
    const cookie = await signedIn(user.email);
    expect(Buffer.from(tokenOf(cookie), "base64url")).toHaveLength(SESSION_TOKEN_BYTES);
    const row = await sessionRow(cookie);
    expect(row?.userId).toBe(user.id);
    expect(row?.id).not.toContain(tokenOf(cookie));
  });
});

describe("rotation (V3.2.1, V3.3.3)", () => {
  it("never adopts a cookie the browser brought to sign-in: a planted token stays worthless", async () => {
    const user = await createUser("fixation");
    const planted = `${SESSION_COOKIE}=${newToken()}`;
    const cookie = await signedIn(user.email, fakeRequest("/sign-in", { cookie: planted, method: "POST" }));
    expect(tokenOf(cookie)).not.toBe(tokenOf(planted));
    expect(await readSession(fakeRequest("/", { cookie: planted }))).toBeNull();
    expect((await readSession(fakeRequest("/", { cookie })))?.user.id).toBe(user.id);
  });

  it("signing in over someone else's live session ends that session and gives a new id", async () => {
    const [attacker, victim] = await Promise.all([createUser("attacker"), createUser("victim")]);
    const attackers = await signedIn(attacker.email);
    const victims = await signedIn(victim.email, fakeRequest("/sign-in", { cookie: attackers, method: "POST" }));
    expect(tokenOf(victims)).not.toBe(tokenOf(attackers));
    expect(await readSession(fakeRequest("/", { cookie: attackers }))).toBeNull();
    expect((await readSession(fakeRequest("/", { cookie: victims })))?.user.id).toBe(victim.id);
  });

  it("a password change re-issues this browser's session with a new id and ends every other one (V3.3.3)", async () => {
    const user = await createUser("rotate");
    const laptop = await signedIn(user.email);
    const phone = await signedIn(user.email);
    const current = (await readSession(fakeRequest("/", { cookie: laptop })))!;
    const fresh = cookieFrom(
      await changePassword(
        current,
        { currentPassword: TEST_PASSWORD, newPassword: "quiet harbor lantern 7" },
        fakeRequest("/account", { cookie: laptop, method: "POST" }),
      ),
    );
    expect(tokenOf(fresh)).not.toBe(tokenOf(laptop));
    expect(await readSession(fakeRequest("/", { cookie: laptop }))).toBeNull();
    expect(await readSession(fakeRequest("/", { cookie: phone }))).toBeNull();
    expect((await readSession(fakeRequest("/", { cookie: fresh })))?.user.id).toBe(user.id);
    const left = await getDb().select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, user.id));
    expect(left.map((r) => r.id)).toEqual([hashToken(tokenOf(fresh))]);
  });
});

describe("expiry enforced on the server, with the clock moved (V3.3.2)", () => {
  it(`ends a session left idle for more than ${IDLE_TIMEOUT_HOURS} hours, and deletes it`, async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date() });
    const user = await createUser("idle-clock");
    const cookie = await signedIn(user.email);
    vi.setSystemTime(Date.now() + (IDLE_TIMEOUT_HOURS - 1) * HOUR);
    expect(await readSession(fakeRequest("/", { cookie }))).not.toBeNull();
    // Used just now: the idle window starts again from here.
    vi.setSystemTime(Date.now() + (IDLE_TIMEOUT_HOURS - 1) * HOUR);
    expect(await readSession(fakeRequest("/", { cookie }))).not.toBeNull();
    vi.setSystemTime(Date.now() + (IDLE_TIMEOUT_HOURS + 1) * HOUR);
    expect(await readSession(fakeRequest("/", { cookie }))).toBeNull();
    expect(await sessionRow(cookie)).toBeUndefined();
  });

  it(`ends a session ${ABSOLUTE_LIFETIME_DAYS} days after sign-in even when it is used every few hours`, async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date() });
    const start = Date.now();
    const user = await createUser("abs-clock");
    const cookie = await signedIn(user.email);
    let last: Awaited<ReturnType<typeof readSession>> = null;
    for (let t = 8 * HOUR; t < ABSOLUTE_LIFETIME_DAYS * DAY; t += 8 * HOUR) {
      vi.setSystemTime(start + t);
      last = await readSession(fakeRequest("/", { cookie }));
      expect(last, `still signed in ${t / HOUR} h after sign-in`).not.toBeNull();
    }
    vi.setSystemTime(start + ABSOLUTE_LIFETIME_DAYS * DAY + HOUR);
    expect(await readSession(fakeRequest("/", { cookie }))).toBeNull();
    expect(await sessionRow(cookie)).toBeUndefined();
  });

  it("refuses a session whose expiry or creation time in the database says it is over", async () => {
    const user = await createUser("db-times");
    const idle = await signedIn(user.email);
    const old = await signedIn(user.email);
    await getDb().update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.id, hashToken(tokenOf(idle))));
    await getDb()
      .update(sessions)
      .set({ createdAt: new Date(Date.now() - ABSOLUTE_LIFETIME_DAYS * DAY - 1000) })
      .where(eq(sessions.id, hashToken(tokenOf(old))));
    expect(await readSession(fakeRequest("/", { cookie: idle }))).toBeNull();
    expect(await readSession(fakeRequest("/", { cookie: old }))).toBeNull();
    const thrown = await requireSession(fakeRequest("/o/x/plans", { cookie: old })).catch((e: unknown) => e);
    expect((thrown as Response).status).toBe(302);
  });
});

describe("removal from an organization (V3.3.4-style revocation, checked per request)", () => {
  it("ends access to that organization at the next request; the session stays, and so does any other organization", async () => {
    const [a, b] = await Promise.all([createTestOrg("removal-a"), createTestOrg("removal-b")]);
    const staff = a.ctx.staff.user;
    const cookie = await signedIn(staff.email);
    expect((await requireTenant(fakeRequest("/", { cookie }), { org: a.slug })).role).toBe("staff");
    await removeMember(a.ctx.admin, a.ctx.staff.membershipId);
    const thrown = await requireTenant(fakeRequest("/", { cookie }), { org: a.slug }).catch((e: unknown) => e);
    expect((thrown as Response).status).toBe(404);
    // Signed in still, with no organization: "/" sends them to /orgs, which says to ask for an invitation.
    expect((await readSession(fakeRequest("/", { cookie })))?.user.id).toBe(staff.id);
    expect(await listMyOrganizations(staff.id)).toEqual([]);

    // B's elected official is also a member of A; removed from A, they keep B, in the same session.
    const official = b.ctx.elected_official.user;
    await getDb().transaction(async (tx) => {
      await enterTenant(tx, { orgId: a.orgId, userId: a.ctx.admin.userId });
      await tx.insert(memberships).values({ orgId: a.orgId, userId: official.id, role: "elected_official" });
    });
    const both = await signedIn(official.email);
    const inA = await requireTenant(fakeRequest("/", { cookie: both }), { org: a.slug });
    await removeMember(a.ctx.admin, inA.membershipId);
    const refused = await requireTenant(fakeRequest("/", { cookie: both }), { org: a.slug }).catch((e: unknown) => e);
    expect((refused as Response).status).toBe(404);
    expect((await requireTenant(fakeRequest("/", { cookie: both }), { org: b.slug })).role).toBe("elected_official");
    expect((await listMyOrganizations(official.id)).map((o) => o.slug)).toEqual([b.slug]);
  });
});

describe("cookie attributes (V3.4)", () => {
  it("over HTTP: HttpOnly, SameSite=Lax, Path=/, no Domain, no Secure (a browser would drop it)", async () => {
    const user = await createUser("cookie-http");
    const header = (await signIn({ email: user.email, password: TEST_PASSWORD, ip: ip() }, fakeRequest())).cookies[0]!;
    const attrs = header.split("; ");
    expect(attrs[0]).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43}$`));
    expect(attrs).toEqual(expect.arrayContaining(["HttpOnly", "SameSite=Lax", "Path=/"]));
    expect(attrs).not.toContain("Secure");
    expect(header).not.toMatch(/Domain=/i);
  });

  it("over HTTPS: the __Host- prefix with Secure; the bare name is not accepted there", async () => {
    const user = await createUser("cookie-https");
    const header = (await signIn({ email: user.email, password: TEST_PASSWORD, ip: ip() }, httpsRequest("/sign-in"))).cookies[0]!;
    const attrs = header.split("; ");
    expect(attrs[0]!.startsWith(`${SECURE_SESSION_COOKIE}=`)).toBe(true);
    expect(attrs).toEqual(expect.arrayContaining(["Secure", "HttpOnly", "SameSite=Lax", "Path=/"]));
    expect(header).not.toMatch(/Domain=/i);
    const token = tokenOf(cookieFrom(header));
    expect((await readSession(httpsRequest("/", `${SECURE_SESSION_COOKIE}=${token}`)))?.user.id).toBe(user.id);
    // A cookie without the prefix (which a sibling subdomain or a plain-HTTP page could set) is ignored.
    expect(await readSession(httpsRequest("/", `${SESSION_COOKIE}=${token}`))).toBeNull();
  });

  it("PRAXIS_ORIGIN=https://… makes the cookie Secure even when the proxy's scheme is not trusted", async () => {
    vi.stubEnv("PRAXIS_ORIGIN", "https://praxis.example");
    const user = await createUser("cookie-origin");
    const header = (await signIn({ email: user.email, password: TEST_PASSWORD, ip: ip() }, fakeRequest())).cookies[0]!;
    expect(header.startsWith(`${SECURE_SESSION_COOKIE}=`)).toBe(true);
    expect(header.split("; ")).toContain("Secure");
  });
});
