// Known browsers (OWASP's device cookies): a browser that signed in successfully gets a long-lived
// cookie with a random token; the database keeps its SHA-256 and whose it is. At the next sign-in
// for the same account, that browser is judged by its own failures only (throttle.server.ts), so
// an attacker guessing the account's password from elsewhere can never lock its owner out of it.
import { and, eq, lt } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { signInDevices } from "#db/schema";
import { readTokenCookie, serializeCookie } from "./cookies.server";
import { hashToken, newToken } from "./session.server";

export const DEVICE_COOKIE = "praxis_device";
export const DEVICE_LIFETIME_DAYS = 180;
const LIFETIME_MS = DEVICE_LIFETIME_DAYS * 86_400_000;

/** The id of this browser's device record if it is a known browser of `userId`, else null. */
export async function knownDeviceOf(request: Request, userId: string | null): Promise<string | null> {
  const token = readTokenCookie(request, DEVICE_COOKIE);
  if (!token || !userId) return null;
  const id = hashToken(token);
  const [row] = await getDb()
    .select({ id: signInDevices.id, lastUsedAt: signInDevices.lastUsedAt })
    .from(signInDevices)
    .where(and(eq(signInDevices.id, id), eq(signInDevices.userId, userId)));
  if (!row || Date.now() - row.lastUsedAt.getTime() > LIFETIME_MS) return null;
  return row.id;
}

/**
 * After a successful sign-in: keeps this browser's device record fresh, or makes one (one browser
 * holds one device cookie: the person who signed in on it last). Returns the Set-Cookie header.
 */
export async function rememberDevice(request: Request, userId: string, knownId: string | null): Promise<string> {
  const db = getDb();
  if (knownId) {
    await db.update(signInDevices).set({ lastUsedAt: new Date() }).where(eq(signInDevices.id, knownId));
    return serializeCookie(DEVICE_COOKIE, readTokenCookie(request, DEVICE_COOKIE)!, LIFETIME_MS / 1000, request);
  }
  const token = newToken();
  await db.insert(signInDevices).values({ id: hashToken(token), userId });
  // Old records of browsers not seen for the cookie's lifetime are of no use to anyone.
  await db.delete(signInDevices).where(and(eq(signInDevices.userId, userId), lt(signInDevices.lastUsedAt, new Date(Date.now() - LIFETIME_MS))));
  return serializeCookie(DEVICE_COOKIE, token, LIFETIME_MS / 1000, request);
}

/** Forgets every known browser of a person (their password was reset: whoever held one of those
 * browsers is no longer trusted). */
export async function forgetDevices(userId: string): Promise<void> {
  await getDb().delete(signInDevices).where(eq(signInDevices.userId, userId));
}
