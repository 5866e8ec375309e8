// The only module that knows about lucia (v3 is no longer developed; replacing it means
// rewriting this file alone). Cookies carry a random token; the database keeps its SHA-256 as
// the session id, so a leaked sessions table cannot be replayed.
import { createHash, randomBytes } from "node:crypto";
import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { Lucia, TimeSpan } from "lucia";
import { getDb } from "#db/client.server";
import { sessions, users } from "#db/schema";

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

type SessionAttributes = { createdAt: Date };
type UserAttributes = { email: string; displayName: string; passwordChangedAt: Date };

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    DatabaseSessionAttributes: { created_at?: Date; createdAt?: Date };
    DatabaseUserAttributes: { email: string; displayName?: string; display_name?: string; passwordChangedAt?: Date; password_changed_at?: Date };
  }
}

function createLucia() {
  return new Lucia(new DrizzlePostgreSQLAdapter(getDb(), sessions, users), {
    // Sliding: lucia extends a session used in the second half of its window.
    sessionExpiresIn: new TimeSpan(IDLE_TIMEOUT_HOURS, "h"),
    getSessionAttributes: (a): SessionAttributes => ({ createdAt: new Date((a.createdAt ?? a.created_at)!) }),
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
export type CurrentSession = { user: SessionUser; sessionId: string; createdAt: Date };

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function newToken(): string {
  return randomBytes(SESSION_TOKEN_BYTES).toString("base64url");
}

/** Creates a session and returns the Set-Cookie header that carries it. */
export async function startSession(userId: string, request: Request): Promise<string> {
  const token = newToken();
  await lucia().createSession(userId, { createdAt: new Date() } as never, { sessionId: hashToken(token) });
  return serializeCookie(token, ABSOLUTE_LIFETIME_MS / 1000, request);
}

export async function readSession(request: Request): Promise<CurrentSession | null> {
  const token = readCookie(request.headers.get("Cookie"), cookieName(request));
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
  return { user: { id: user.id, email: user.email, displayName: user.displayName }, sessionId: id, createdAt };
}

export async function endSession(sessionId: string): Promise<void> {
  await lucia().invalidateSession(sessionId);
}

export async function endAllSessions(userId: string): Promise<void> {
  await lucia().invalidateUserSessions(userId);
}

export function clearedSessionCookie(request: Request): string {
  return serializeCookie("", 0, request);
}

function readCookie(header: string | null, wanted: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === wanted) {
      const value = rest.join("=");
      return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
    }
  }
  return null;
}

// Secure whenever the request came over HTTPS (directly or, with TRUST_PROXY, through a proxy
// that sets X-Forwarded-Proto), or when PRAXIS_ORIGIN says the public address is https.
function isSecure(request: Request): boolean {
  return new URL(request.url).protocol === "https:" || (process.env.PRAXIS_ORIGIN ?? "").startsWith("https:");
}

/** The session cookie's name for this request: see SECURE_SESSION_COOKIE. */
export function cookieName(request: Request): string {
  return isSecure(request) ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

function serializeCookie(value: string, maxAgeSeconds: number, request: Request): string {
  const parts = [`${cookieName(request)}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${Math.floor(maxAgeSeconds)}`];
  if (isSecure(request)) parts.push("Secure");
  return parts.join("; ");
}
