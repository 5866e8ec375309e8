// Single sign-on with OpenID Connect, one directory per organization (Microsoft Entra ID, Okta,
// Google Workspace…): the authorization code flow with PKCE, state and nonce, and the ID token
// checked (signature, issuer, audience, expiry, nonce) by openid-client, a maintained certified
// client. Praxis then accepts only a verified email in one of the organization's verified
// domains, finds or creates the person, makes them a member (staff, or the role the organization
// maps from a claim) and starts a session that the organization's two-factor policy trusts.
import { randomBytes } from "node:crypto";
import { and, eq, lt, sql } from "drizzle-orm";
import * as oidc from "openid-client";
import { getDb } from "#db/client.server";
import { memberships, organizations, orgSsoConfigs, ssoIdentities, ssoLoginStates, users } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { verifiedDomains, domainOf } from "~/modules/orgs/domains.server";
import { notFound } from "~/utils/http.server";
import { readTokenCookie, serializeCookie } from "./cookies.server";
import { knownDeviceOf, rememberDevice } from "./devices.server";
import { hashPassword } from "./password.server";
import { isRole, type Role } from "./permissions";
import type { SsoRefusal } from "./sso-refusal";
import { endSession, hashToken, readSession, startSession } from "./session.server";

export const SSO_COOKIE = "praxis_sso";
const ATTEMPT_MINUTES = 10;

export class SsoRefused extends Error {
  constructor(
    public readonly reason: SsoRefusal,
    message: string,
    /** What the audit log may keep besides the reason (never a token). */
    public readonly detail: Record<string, string> = {},
  ) {
    super(message);
  }
}

type OrgSso = { orgId: string; orgName: string; slug: string; issuer: string; clientId: string; clientSecret: string; roleClaim: string | null; roleMap: Record<string, string> };

async function findOrgSso(slug: string): Promise<OrgSso | undefined> {
  const [row] = await withTenant({ orgId: null, userId: null, ssoSlug: slug }, (tx) =>
    tx
      .select({
        orgId: organizations.id,
        orgName: organizations.name,
        slug: organizations.slug,
        issuer: orgSsoConfigs.issuer,
        clientId: orgSsoConfigs.clientId,
        clientSecret: orgSsoConfigs.clientSecret,
        roleClaim: orgSsoConfigs.roleClaim,
        roleMap: orgSsoConfigs.roleMap,
      })
      .from(orgSsoConfigs)
      .innerJoin(organizations, eq(organizations.id, orgSsoConfigs.orgId))
      .where(and(eq(organizations.slug, slug), eq(orgSsoConfigs.enabled, true))),
  );
  return row;
}

async function orgSso(slug: string): Promise<OrgSso> {
  const row = await findOrgSso(slug);
  if (!row) notFound("This organization does not sign in through single sign-on.");
  return row;
}

/** The organization at this address when it signs in through its directory (the sign-in page's
 * button), else null. */
export async function ssoEntry(slug: string): Promise<{ slug: string; name: string } | null> {
  if (!/^[a-z0-9-]{1,64}$/.test(slug)) return null;
  const row = await findOrgSso(slug);
  return row ? { slug: row.slug, name: row.orgName } : null;
}

/** Plain http is allowed only for a directory on this machine (the tests' own provider). */
function isLoopback(issuer: string): boolean {
  const host = new URL(issuer).hostname;
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]";
}

const configurations = new Map<string, Promise<oidc.Configuration>>();
function configurationOf(sso: OrgSso): Promise<oidc.Configuration> {
  const key = `${sso.issuer}\n${sso.clientId}\n${hashToken(sso.clientSecret)}`;
  let found = configurations.get(key);
  if (!found) {
    found = oidc.discovery(new URL(sso.issuer), sso.clientId, sso.clientSecret, undefined, isLoopback(sso.issuer) ? { execute: [oidc.allowInsecureRequests] } : undefined);
    found.catch(() => configurations.delete(key));
    configurations.set(key, found);
  }
  return found;
}

/**
 * Reads the directory's discovery document now (Settings → Single sign-on, before saving), with a
 * short timeout. Returns null when it answers as an OpenID provider for this issuer, else what went
 * wrong, in words an IT person can act on. Nothing of the answer is shown back (the address may be
 * anything an administrator typed).
 */
export async function checkDirectory(issuer: string, clientId: string, clientSecret: string): Promise<string | null> {
  const where = `${issuer}/.well-known/openid-configuration`;
  try {
    await oidc.discovery(new URL(issuer), clientId, clientSecret, undefined, { timeout: 5, ...(isLoopback(issuer) ? { execute: [oidc.allowInsecureRequests] } : {}) });
    return null;
  } catch (error) {
    const text = error instanceof Error ? `${error.name} ${error.message} ${String((error as { code?: unknown }).code ?? "")}` : "";
    if (/issuer/i.test(text) && /mismatch|comparison|unexpected/i.test(text)) {
      return `${where} answered, but for another issuer. Enter the issuer exactly as the directory's discovery document names it.`;
    }
    if (/status code|JSON|not conform|response/i.test(text) && !/fetch failed|ECONN|ENOTFOUND|timeout|abort/i.test(text)) {
      return `${where} did not answer with an OpenID Connect discovery document. Check the issuer address.`;
    }
    return `No answer from ${where} (the address is unknown, refuses connections, or took more than 5 seconds). Check the issuer address, and that this server may reach it.`;
  }
}

function base(request: Request): string {
  return (process.env.PRAXIS_ORIGIN || new URL(request.url).origin).replace(/\/+$/, "");
}
export const callbackUrl = (request: Request, slug: string) => `${base(request)}/sso/${slug}/callback`;

/** Leaves for the directory: returns where to send the browser and the cookie that binds the
 * attempt to it. */
export async function startSsoSignIn(slug: string, request: Request, returnTo: string): Promise<{ url: string; cookie: string }> {
  const sso = await orgSso(slug);
  const configuration = await configurationOf(sso).catch(() => {
    throw new SsoRefused("directory_unreachable", `${sso.orgName}'s directory could not be reached. Try again in a few minutes, or ask your IT department.`);
  });
  // Attempts nobody finished are of no use to anyone.
  await getDb().delete(ssoLoginStates).where(lt(ssoLoginStates.expiresAt, new Date()));
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  await getDb()
    .insert(ssoLoginStates)
    .values({ id: hashToken(state), orgSlug: slug, codeVerifier, nonce, returnTo, expiresAt: new Date(Date.now() + ATTEMPT_MINUTES * 60_000) });
  const url = oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: callbackUrl(request, slug),
    scope: "openid email profile",
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
  });
  return { url: url.href, cookie: serializeCookie(SSO_COOKIE, state, ATTEMPT_MINUTES * 60, request) };
}

function roleFrom(claims: Record<string, unknown>, sso: OrgSso): Role {
  if (!sso.roleClaim) return "staff";
  const value = claims[sso.roleClaim];
  for (const v of Array.isArray(value) ? value : [value]) {
    const mapped = typeof v === "string" ? sso.roleMap[v] : undefined;
    if (mapped && isRole(mapped)) return mapped;
  }
  return "staff";
}

/**
 * Comes back from the directory. Refuses (SsoRefused) a state this browser did not start, one
 * used or expired, any ID token openid-client does not accept (wrong audience, expired, wrong
 * nonce or issuer, bad signature), an unverified email, and an email outside the organization's
 * verified domains. Returns the cookies of the new session.
 */
export async function finishSsoSignIn(slug: string, request: Request): Promise<{ cookies: string[]; returnTo: string }> {
  const incoming = new URL(request.url);
  const current = new URL(`${base(request)}${incoming.pathname}${incoming.search}`);
  const state = current.searchParams.get("state") ?? "";
  if (!state || readTokenCookie(request, SSO_COOKIE) !== state) {
    throw new SsoRefused("not_started_here", "This sign-in did not start in this browser. Start again from the sign-in page.");
  }
  // Single use: whoever deletes the row owns the attempt; a replayed state finds nothing.
  const [attempt] = await getDb()
    .delete(ssoLoginStates)
    .where(and(eq(ssoLoginStates.id, hashToken(state)), eq(ssoLoginStates.orgSlug, slug)))
    .returning();
  if (!attempt || attempt.expiresAt.getTime() < Date.now()) throw new SsoRefused("expired_or_used", "This sign-in has expired or was already used. Start again.");
  const sso = await orgSso(slug);
  try {
    return await finishAttempt(sso, attempt, current, state, request);
  } catch (error) {
    // A refusal of an attempt this browser really started is kept in the organization's audit log
    // (refusals before this point are anyone's requests, and record nothing).
    if (error instanceof SsoRefused) {
      await withTenant({ orgId: sso.orgId, userId: null }, (tx) =>
        recordAudit(tx, { orgId: sso.orgId, actorUserId: null, action: "auth.sso_refused", entityType: "organization", entityId: sso.orgId, after: { reason: error.reason, issuer: sso.issuer, ...error.detail } }),
      );
    }
    throw error;
  }
}

async function finishAttempt(
  sso: OrgSso,
  attempt: typeof ssoLoginStates.$inferSelect,
  current: URL,
  state: string,
  request: Request,
): Promise<{ cookies: string[]; returnTo: string }> {
  const declined = current.searchParams.get("error");
  if (declined) {
    const code = declined.replace(/[^a-z_]/g, "").slice(0, 40) || "error";
    throw new SsoRefused("directory_declined", `${sso.orgName}'s directory did not sign you in (it answered “${code}”). Try again, or ask your IT department.`);
  }
  let claims: Record<string, unknown>;
  try {
    const tokens = await oidc.authorizationCodeGrant(await configurationOf(sso), current, {
      pkceCodeVerifier: attempt.codeVerifier,
      expectedState: state,
      expectedNonce: attempt.nonce,
      idTokenExpected: true,
    });
    claims = (tokens.claims() ?? {}) as Record<string, unknown>;
  } catch {
    throw new SsoRefused("not_verified", `${sso.orgName}'s directory answered, but its answer could not be verified. Try again, or ask your IT department.`);
  }
  const email = typeof claims.email === "string" ? claims.email.trim().toLowerCase() : "";
  if (!email || claims.email_verified === false) throw new SsoRefused("no_verified_email", "Your directory did not give a verified email address.");
  const domains = await verifiedDomains({ orgId: sso.orgId, userId: null });
  if (!domains.includes(domainOf(email))) {
    throw new SsoRefused("foreign_domain", `${email} is not in one of ${sso.orgName}'s verified email domains, so it cannot sign in here.`, { email });
  }
  const subject = String(claims.sub);
  const userId = await personFor(sso, subject, email, typeof claims.name === "string" ? claims.name : email.split("@")[0]!);
  await withTenant({ orgId: sso.orgId, userId }, async (tx) => {
    const [member] = await tx.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.orgId, sso.orgId), eq(memberships.userId, userId)));
    if (!member) {
      const role = roleFrom(claims, sso);
      const [created] = await tx.insert(memberships).values({ orgId: sso.orgId, userId, role }).returning({ id: memberships.id });
      await recordAudit(tx, { orgId: sso.orgId, actorUserId: userId, action: "member.join_sso", entityType: "membership", entityId: created!.id, after: { email, role } });
    }
    await recordAudit(tx, { orgId: sso.orgId, actorUserId: userId, action: "auth.sso_sign_in", entityType: "user", entityId: userId, after: { issuer: sso.issuer } });
  });
  const deviceId = await knownDeviceOf(request, userId);
  // A fresh session; any session the browser already carried (perhaps someone else's) ends.
  const previous = await readSession(request);
  if (previous) await endSession(previous.sessionId);
  return {
    cookies: [await startSession(userId, request, { ssoOrgId: sso.orgId }), await rememberDevice(request, userId, deviceId), serializeCookie(SSO_COOKIE, "", 0, request)],
    returnTo: attempt.returnTo,
  };
}

/** The person the directory vouches for: by (issuer, subject), else by email (linked from then
 * on), else a new account with no usable password. */
async function personFor(sso: OrgSso, subject: string, email: string, name: string): Promise<string> {
  const linked = await withTenant({ orgId: sso.orgId, userId: null }, (tx) =>
    tx
      .select({ userId: ssoIdentities.userId })
      .from(ssoIdentities)
      .where(and(eq(ssoIdentities.orgId, sso.orgId), eq(ssoIdentities.issuer, sso.issuer), eq(ssoIdentities.subject, subject))),
  );
  if (linked[0]) return linked[0].userId;
  let [user] = await getDb().select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, email));
  if (!user) {
    // Nobody knows this password: the person signs in through the directory (or resets it).
    const passwordHash = await hashPassword(randomBytes(32).toString("base64url"));
    [user] = await getDb()
      .insert(users)
      .values({ email, displayName: name.slice(0, 120) || email, passwordHash, passwordChangedAt: new Date() })
      .onConflictDoNothing()
      .returning({ id: users.id });
    user ??= (await getDb().select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, email)))[0];
  }
  await withTenant({ orgId: sso.orgId, userId: user!.id }, (tx) =>
    tx.insert(ssoIdentities).values({ orgId: sso.orgId, issuer: sso.issuer, subject, userId: user!.id }).onConflictDoNothing(),
  );
  return user!.id;
}
