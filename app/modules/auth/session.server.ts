// The only module that knows about lucia (v3 is no longer developed; replacing it means
// rewriting this file alone). Cookies carry a random token; the database keeps its SHA-256 as
// the session id, so a leaked sessions table cannot be replayed.
import { createHash, randomBytes } from "node:crypto";
import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { eq } from "drizzle-orm";
import { Lucia, TimeSpan } from "lucia";
import { getDb } from "#db/client.server";
import { sessions, users } from "#db/schema";
import { cookieNameFor, readTokenCookie, serializeCookie as serialize } from "./cookies.server";

export const SESSION_COOKIE = "praxis_session";
/** Over HTTPS the cookie is named with the `__Host-` prefix: browsers then accept it only with
 * Secure, Path=/ and no Domain, so neither a sibling subdomain nor a plain-HTTP page can plant
 * or overwrite it. Browsers refuse `__Host-` cookies without Secure, so plain HTTP (local use,
 * tests) keeps the bare name. */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;
/** Bytes of randomness in a session token (256 bits; ASVS 3.2.2 asks for at least 64). */
export const SESSION_TOKEN_BYTES = 32;
export const IDLE_TIMEOUT_HOURS = 12;
export const ABSOLUTE_LIFETIME_DAYS = 7;
const ABSOLUTE_LIFETIME_MS = ABSOLUTE_LIFETIME_DAYS * 24 * 3600 * 1000;

type SessionAttributes = { createdAt: Date; needsSecondFactor: boolean; secondFactorAt: Date | null; ssoOrgId: string | null };
type UserAttributes = { email: string; displayName: string; passwordChangedAt: Date };

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    DatabaseSessionAttributes: {
      created_at?: Date;
      createdAt?: Date;
      needs_second_factor?: boolean;
      needsSecondFactor?: boolean;
      second_factor_at?: Date | null;
      secondFactorAt?: Date | null;
      sso_org_id?: string | null;
      ssoOrgId?: string | null;
    };
    DatabaseUserAttributes: { email: string; displayName?: string; display_name?: string; passwordChangedAt?: Date; password_changed_at?: Date };
  }
}

function createLucia() {
  return new Lucia(new DrizzlePostgreSQLAdapter(getDb(), sessions, users), {
    // Sliding: lucia extends a session used in the second half of its window.
    sessionExpiresIn: new TimeSpan(IDLE_TIMEOUT_HOURS, "h"),
    getSessionAttributes: (a): SessionAttributes => {
      const secondFactorAt = a.secondFactorAt ?? a.second_factor_at ?? null;
      return {
        createdAt: new Date((a.createdAt ?? a.created_at)!),
        needsSecondFactor: Boolean(a.needsSecondFactor ?? a.needs_second_factor),
        secondFactorAt: secondFactorAt ? new Date(secondFactorAt) : null,
        ssoOrgId: a.ssoOrgId ?? a.sso_org_id ?? null,
      };
    },
    getUserAttributes: (a): UserAttributes => ({
      email: a.email,
      displayName: (a.displayName ?? a.display_name)!,
      passwordChangedAt: new Date((a.passwordChangedAt ?? a.password_changed_at)!),
    }),
  });
}

let instance: ReturnType<typeof createLucia> | undefined;
function lucia() {
  instance ??= createLucia();
  return instance;
}

export type SessionUser = { id: string; email: string; displayName: string };
export type CurrentSession = {
  user: SessionUser;
  sessionId: string;
  createdAt: Date;
  /** The password was right but the authenticator code is still owed: such a session reaches only
   * the page that asks for it (requireSession sends it there). */
  needsSecondFactor: boolean;
  /** When this session proved a second factor (code, recovery code, or enrolment); null if never. */
  secondFactorAt: Date | null;
  /** The organization whose single sign-on started this session, if any. */
  ssoOrgId: string | null;
};

/** How a session began: the password alone (then maybe a code is owed), or an organization's
 * single sign-on. */
export type SessionStart = { needsSecondFactor?: boolean; secondFactorAt?: Date | null; ssoOrgId?: string | null };

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function newToken(): string {
  return randomBytes(SESSION_TOKEN_BYTES).toString("base64url");
}

/** Creates a session and returns the Set-Cookie header that carries it. */
export async function startSession(userId: string, request: Request, start: SessionStart = {}): Promise<string> {
  const token = newToken();
  const attributes = {
    createdAt: new Date(),
    needsSecondFactor: start.needsSecondFactor ?? false,
    secondFactorAt: start.secondFactorAt ?? null,
    ssoOrgId: start.ssoOrgId ?? null,
  };
  await lucia().createSession(userId, attributes as never, { sessionId: hashToken(token) });
  return serializeCookie(token, ABSOLUTE_LIFETIME_MS / 1000, request);
}

/** The second factor was proved in this session: it is no longer owed, and the time is kept
 * (an organization that requires two-factor checks it). */
export async function markSecondFactor(sessionId: string): Promise<void> {
  await getDb().update(sessions).set({ needsSecondFactor: false, secondFactorAt: new Date() }).where(eq(sessions.id, sessionId));
}

/** Ends every session of the user except the one given (enabling two-factor signs out
 * elsewhere); returns how many ended. Audited through account-events.server.ts endSessionsOf. */
export async function endOtherSessions(userId: string, keepSessionId: string): Promise<number> {
  const others = (await lucia().getUserSessions(userId)).filter((s) => s.id !== keepSessionId);
  for (const s of others) await lucia().invalidateSession(s.id);
  return others.length;
}

export async function readSession(request: Request): Promise<CurrentSession | null> {
  const token = readTokenCookie(request, SESSION_COOKIE);
  if (!token) return null;
  const id = hashToken(token);
  const { session, user } = await lucia().validateSession(id);
  if (!session || !user) return null;
  const createdAt = session.createdAt;
  const now = Date.now();
  // Lucia v3 has no absolute lifetime, and knows nothing of password changes: both end here.
  if (now - createdAt.getTime() > ABSOLUTE_LIFETIME_MS || createdAt < user.passwordChangedAt) {
    await lucia().invalidateSession(id);
    return null;
  }
  return {
    user: { id: user.id, email: user.email, displayName: user.displayName },
    sessionId: id,
    createdAt,
    needsSecondFactor: session.needsSecondFactor,
    secondFactorAt: session.secondFactorAt,
    ssoOrgId: session.ssoOrgId,
  };
}

export async function endSession(sessionId: string): Promise<void> {
  await lucia().invalidateSession(sessionId);
}

/** Ends every session of the user; returns how many there were. */
export async function endAllSessions(userId: string): Promise<number> {
  const n = (await lucia().getUserSessions(userId)).length;
  await lucia().invalidateUserSessions(userId);
  return n;
}

export function clearedSessionCookie(request: Request): string {
  return serializeCookie("", 0, request);
}

/** The session cookie's name for this request: see SECURE_SESSION_COOKIE. */
export function cookieName(request: Request): string {
  return cookieNameFor(SESSION_COOKIE, request);
}

function serializeCookie(value: string, maxAgeSeconds: number, request: Request): string {
  return serialize(SESSION_COOKIE, value, maxAgeSeconds, request);
}

