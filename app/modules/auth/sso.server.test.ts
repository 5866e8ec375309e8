// Single sign-on against a real OpenID provider (oidc-provider, the certified Node implementation)
// started on localhost by the test; the browser's part of the flow is driven over HTTP.
import { createSign, generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import Provider from "oidc-provider";
import { afterAll, describe, expect, it } from "vitest";
import { auditEvents, memberships, orgEmailDomains, orgSsoConfigs } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { createTestOrg, uniqueSuffix, type TestOrg } from "#db/test/factories";
import { finishSsoSignIn, SsoRefused, startSsoSignIn } from "./sso.server";
import { readSession } from "./session.server";

const APP = "http://localhost";
const SECRET = "a-client-secret-that-is-long-enough-0123456789";
let server: Server;
// The provider signs with a key the test holds, so that a test can hand Praxis an ID token the
// provider really issued and signed but changed in one claim (its audience, its expiry).
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const SIGNING_KEY = { ...privateKey.export({ format: "jwk" }), kid: "test-signing-key", use: "sig", alg: "RS256" };
/** Changes the claims of the ID token the token endpoint answers with, then signs it again with
 * the provider's own key; null leaves the answer alone. */
let changeIdToken: ((claims: Record<string, unknown>) => Record<string, unknown>) | null = null;
function resign(idToken: string, change: (claims: Record<string, unknown>) => Record<string, unknown>): string {
  const [header, payload] = idToken.split(".");
  const claims = change(JSON.parse(Buffer.from(payload!, "base64url").toString("utf8")) as Record<string, unknown>);
  const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`;
  return `${input}.${createSign("RSA-SHA256").update(input).sign(privateKey).toString("base64url")}`;
}
const accounts = new Map<string, { email: string; email_verified: boolean; name: string; groups?: string[] }>();

/** The provider knows its clients' redirect addresses from the start: one per test organization.
 * Each provider listens on a port of its own (chosen by the system), so a connection kept alive
 * to the previous one is never reused for the next (that reuse failed a CI run with "other side
 * closed"). Returns the provider's issuer. */
async function startProvider(redirectUris: string[]): Promise<string> {
  if (server) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: ["praxis", "intruder"].map((client_id) => ({ client_id, client_secret: SECRET, redirect_uris: redirectUris })),
    findAccount: async (_ctx: unknown, sub: string) => ({ accountId: sub, claims: async () => ({ sub, ...accounts.get(sub) }) }),
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "groups"] },
    pkce: { required: () => true },
    // As Entra ID, Okta and Google do: the email in the ID token itself.
    conformIdTokenClaims: false,
    jwks: { keys: [SIGNING_KEY] },
  });
  provider.use(async (ctx: { path: string; body: unknown }, next: () => Promise<void>) => {
    await next();
    const body = ctx.body as { id_token?: string } | undefined;
    if (ctx.path === "/token" && changeIdToken && typeof body?.id_token === "string") body.id_token = resign(body.id_token, changeIdToken);
  });
  server.on("request", provider.callback());
  return issuer;
}
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

async function ssoOrg(): Promise<TestOrg & { domain: string }> {
  const org = await createTestOrg("sso");
  const domain = `${org.slug}.gov`;
  const issuer = await startProvider([`${APP}/sso/${org.slug}/callback`]);
  await withTenant({ orgId: org.orgId, userId: null }, async (tx) => {
    await tx.insert(orgEmailDomains).values({ orgId: org.orgId, domain, verificationToken: "t", verifiedAt: new Date() });
    await tx.insert(orgSsoConfigs).values({ orgId: org.orgId, issuer, clientId: "praxis", clientSecret: SECRET, enabled: true, roleClaim: "groups", roleMap: { "praxis-admins": "admin" } });
  });
  return { ...org, domain };
}

/** A browser at the provider: follows redirects by hand, keeps the provider's cookies, signs in
 * as `sub` on the development login page and consents; returns the URL it is sent back to. */
async function throughProvider(authorizationUrl: string, sub: string): Promise<string> {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const [k, ...v] = pair!.split("=");
      jar.set(k!, v.join("="));
    }
  };
  let url = authorizationUrl;
  for (let hop = 0; hop < 20; hop++) {
    if (url.startsWith(APP)) return url;
    let res = await fetch(url, { redirect: "manual", headers: { cookie: cookie() } });
    keep(res);
    if (res.status === 200 && url.includes("/interaction/")) {
      const html = await res.text();
      const form: Record<string, string> = html.includes('name="login"') ? { prompt: "login", login: sub, password: "any" } : { prompt: "consent" };
      res = await fetch(url, { method: "POST", redirect: "manual", headers: { cookie: cookie(), "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form) });
      keep(res);
    }
    const next = res.headers.get("location");
    if (!next) throw new Error(`The provider stopped at ${url} with ${res.status}`);
    url = new URL(next, url).href;
  }
  throw new Error("Too many redirects at the provider");
}

function callbackRequest(url: string, state: string): Request {
  return new Request(url, { headers: { Cookie: `praxis_sso=${state}` } });
}
const stateOf = (cookie: string) => cookie.split(";")[0]!.split("=")[1]!;

describe("single sign-on through the organization's directory", () => {
  it("signs a person in end to end: a new member as staff, a mapped group as admin, with a session the policy trusts", async () => {
    const org = await ssoOrg();
    const sub = `sub-${uniqueSuffix()}`;
    accounts.set(sub, { email: `pat@${org.domain}`, email_verified: true, name: "Pat Lee" });
    const start = await startSsoSignIn(org.slug, new Request(`${APP}/sso/${org.slug}`), `/o/${org.slug}`);
    expect(start.url).toContain("code_challenge_method=S256");
    const back = await throughProvider(start.url, sub);
    const done = await finishSsoSignIn(org.slug, callbackRequest(back, stateOf(start.cookie)));
    expect(done.returnTo).toBe(`/o/${org.slug}`);
    const session = await readSession(new Request(APP, { headers: { Cookie: done.cookies[0]!.split(";")[0]! } }));
    expect(session).toMatchObject({ ssoOrgId: org.orgId, user: { email: `pat@${org.domain}` } });
    const [member] = await withTenant({ orgId: org.orgId, userId: null }, (tx) =>
      tx.select({ role: memberships.role }).from(memberships).where(and(eq(memberships.orgId, org.orgId), eq(memberships.userId, session!.user.id))),
    );
    expect(member?.role).toBe("staff");

    const adminSub = `sub-${uniqueSuffix()}`;
    accounts.set(adminSub, { email: `chief@${org.domain}`, email_verified: true, name: "Chief", groups: ["praxis-admins"] });
    const s2 = await startSsoSignIn(org.slug, new Request(`${APP}/sso/${org.slug}`), "/");
    const d2 = await finishSsoSignIn(org.slug, callbackRequest(await throughProvider(s2.url, adminSub), stateOf(s2.cookie)));
    const admin = await readSession(new Request(APP, { headers: { Cookie: d2.cookies[0]!.split(";")[0]! } }));
    const [adminMember] = await withTenant({ orgId: org.orgId, userId: null }, (tx) =>
      tx.select({ role: memberships.role }).from(memberships).where(and(eq(memberships.orgId, org.orgId), eq(memberships.userId, admin!.user.id))),
    );
    expect(adminMember?.role).toBe("admin");
  });

  it("refuses a replayed state, a state from another browser, a foreign email domain, and a code issued to another client (wrong audience)", async () => {
    const org = await ssoOrg();
    const sub = `sub-${uniqueSuffix()}`;
    accounts.set(sub, { email: `ok@${org.domain}`, email_verified: true, name: "Ok" });
    const start = await startSsoSignIn(org.slug, new Request(`${APP}/sso/${org.slug}`), "/");
    const back = await throughProvider(start.url, sub);
    // Another browser (no cookie, or another attempt's) cannot finish it.
    await expect(finishSsoSignIn(org.slug, new Request(back))).rejects.toBeInstanceOf(SsoRefused);
    await finishSsoSignIn(org.slug, callbackRequest(back, stateOf(start.cookie)));
    // Replayed: the state was used.
    await expect(finishSsoSignIn(org.slug, callbackRequest(back, stateOf(start.cookie)))).rejects.toThrow(/expired or was already used/);

    const foreign = `sub-${uniqueSuffix()}`;
    accounts.set(foreign, { email: `someone@elsewhere-${uniqueSuffix()}.gov`, email_verified: true, name: "Someone" });
    const s2 = await startSsoSignIn(org.slug, new Request(`${APP}/sso/${org.slug}`), "/");
    await expect(finishSsoSignIn(org.slug, callbackRequest(await throughProvider(s2.url, foreign), stateOf(s2.cookie)))).rejects.toThrow(/not in one of/);

    // The same flow for the "intruder" client: its code (and ID token audience) is not ours.
    const s3 = await startSsoSignIn(org.slug, new Request(`${APP}/sso/${org.slug}`), "/");
    const intruderUrl = s3.url.replace("client_id=praxis", "client_id=intruder");
    await expect(finishSsoSignIn(org.slug, callbackRequest(await throughProvider(intruderUrl, sub), stateOf(s3.cookie)))).rejects.toThrow(/could not be verified/);
  });
});

describe("ID tokens the provider signed but Praxis must not accept", () => {
  async function attempt(org: TestOrg, change: (claims: Record<string, unknown>) => Record<string, unknown>) {
    const sub = `sub-${uniqueSuffix()}`;
    accounts.set(sub, { email: `kim-${sub}@${(org as TestOrg & { domain: string }).domain}`, email_verified: true, name: "Kim" });
    const start = await startSsoSignIn(org.slug, new Request(`${APP}/sso/${org.slug}`), "/");
    const back = await throughProvider(start.url, sub);
    changeIdToken = change;
    try {
      return await finishSsoSignIn(org.slug, callbackRequest(back, stateOf(start.cookie))).catch((e: unknown) => e);
    } finally {
      changeIdToken = null;
    }
  }
  const refusalsOf = (org: TestOrg) =>
    withTenant({ orgId: org.orgId, userId: null }, (tx) =>
      tx.select({ after: auditEvents.after }).from(auditEvents).where(and(eq(auditEvents.orgId, org.orgId), eq(auditEvents.action, "auth.sso_refused"))),
    );

  it("refuses an expired ID token and one for another audience (each audited); the same token signed again unchanged is accepted", async () => {
    const org = await ssoOrg();
    // The re-signing itself is not what is refused: unchanged, the token signs the person in.
    const unchanged = await attempt(org, (claims) => claims);
    expect(unchanged).toMatchObject({ returnTo: "/" });

    const hour = 3600;
    const now = Math.floor(Date.now() / 1000);
    const expired = await attempt(org, (claims) => ({ ...claims, iat: now - 2 * hour, exp: now - hour }));
    expect(expired).toBeInstanceOf(SsoRefused);
    expect((expired as SsoRefused).reason).toBe("not_verified");

    const otherAudience = await attempt(org, (claims) => ({ ...claims, aud: "another-application" }));
    expect(otherAudience).toBeInstanceOf(SsoRefused);
    expect((otherAudience as SsoRefused).reason).toBe("not_verified");

    expect((await refusalsOf(org)).map((r) => (r.after as { reason: string }).reason)).toEqual(["not_verified", "not_verified"]);
  });

  it("explains a directory that declined, and audits it; a callback no browser started records nothing", async () => {
    const org = await ssoOrg();
    const start = await startSsoSignIn(org.slug, new Request(`${APP}/sso/${org.slug}`), "/");
    const state = stateOf(start.cookie);
    const stranger = await finishSsoSignIn(org.slug, new Request(`${APP}/sso/${org.slug}/callback?error=access_denied&state=nope`)).catch((e: unknown) => e);
    expect((stranger as SsoRefused).reason).toBe("not_started_here");
    expect(await refusalsOf(org)).toEqual([]);
    const declined = await finishSsoSignIn(org.slug, callbackRequest(`${APP}/sso/${org.slug}/callback?error=access_denied&state=${state}`, state)).catch((e: unknown) => e);
    expect(declined).toBeInstanceOf(SsoRefused);
    expect((declined as SsoRefused).message).toContain("access_denied");
    expect((await refusalsOf(org)).map((r) => (r.after as { reason: string }).reason)).toEqual(["directory_declined"]);
  });
});
