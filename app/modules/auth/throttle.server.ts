import { inArray, sql } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { signInThrottle } from "#db/schema";

// Sign-in failures are counted in the database (so the limits hold across app servers and
// restarts), under keys chosen so that nobody can lock someone else out (OWASP, "Slow Down Online
// Guessing Attacks with Device Cookies"):
//   ip:<address>            every failure from one client address      → locks that address
//   email-ip:<email>|<ip>   one email from one address                 → locks that pair only
//   email:<email>           one email from anywhere                    → never locks; slows down
//   device:<id>             one browser that signed in before          → locks that browser only
// A browser with a valid device cookie for the email (devices.server.ts) is judged by its own
// failures alone: failures from other browsers or addresses never stop it. Any other attempt is
// refused only for its own address or its own (email, address) pair, and for an email under
// attack from many addresses it waits a little longer each time instead of being refused, so the
// owner, from anywhere, still gets in.
export const THROTTLE = {
  windowMinutes: 15,
  lockMinutes: 15,
  maxPerIp: 30,
  maxPerEmailIp: 5,
  maxPerDevice: 5,
  /** Failures of one email (from anywhere, unknown browsers) before attempts start to wait. */
  emailSlowAfter: 5,
  emailDelayBaseMs: 250,
} as const;

/** The longest an attempt waits (SIGN_IN_SLOWDOWN_MAX_MS, default 8 s): the owner's cost during
 * an attack, and the attacker's per attempt. */
export function emailDelayMaxMs(): number {
  const configured = Number(process.env.SIGN_IN_SLOWDOWN_MAX_MS);
  return Number.isFinite(configured) && configured >= 0 ? configured : 8_000;
}

export type Attempt = {
  email: string;
  ip: string;
  /** The id of a known browser of this very account (a valid device cookie), or null. */
  deviceId: string | null;
};

export type ThrottleVerdict = {
  /** Minutes until this attempt may be made, or 0. */
  lockedMinutes: number;
  /** How long to wait before checking the password (the email is being guessed from elsewhere). */
  delayMs: number;
};

const norm = (email: string) => email.trim().toLowerCase();

function keysOf(a: Attempt): { key: string; max: number | null }[] {
  if (a.deviceId) return [{ key: `device:${a.deviceId}`, max: THROTTLE.maxPerDevice }];
  return [
    { key: `ip:${a.ip}`, max: THROTTLE.maxPerIp },
    { key: `email-ip:${norm(a.email)}|${a.ip}`, max: THROTTLE.maxPerEmailIp },
    { key: `email:${norm(a.email)}`, max: null },
  ];
}

/** The delay for the n-th failure of an email: none up to emailSlowAfter, then doubling. */
export function emailDelayMs(failures: number): number {
  if (failures < THROTTLE.emailSlowAfter) return 0;
  return Math.min(THROTTLE.emailDelayBaseMs * 2 ** (failures - THROTTLE.emailSlowAfter), emailDelayMaxMs());
}

export async function checkAttempt(a: Attempt): Promise<ThrottleVerdict> {
  const keys = keysOf(a);
  const rows = await getDb()
    .select({
      key: signInThrottle.key,
      failures: signInThrottle.failures,
      current: sql<boolean>`${signInThrottle.windowStartedAt} >= now() - make_interval(mins => ${THROTTLE.windowMinutes})`,
      lockedForMs: sql<number>`greatest(0, extract(epoch from (${signInThrottle.lockedUntil} - now())) * 1000)::float8`,
    })
    .from(signInThrottle)
    .where(inArray(signInThrottle.key, keys.map((k) => k.key)));
  let lockedMs = 0;
  let delayMs = 0;
  for (const row of rows) {
    lockedMs = Math.max(lockedMs, Number(row.lockedForMs ?? 0));
    if (row.key.startsWith("email:") && row.current) delayMs = emailDelayMs(row.failures);
  }
  return { lockedMinutes: lockedMs > 0 ? Math.max(1, Math.ceil(lockedMs / 60_000)) : 0, delayMs };
}

/** Counts a failed attempt under each of its keys. Returns the keys this failure locked (for the
 * audit log: a lockout is an event worth recording). */
export async function recordFailure(a: Attempt): Promise<string[]> {
  const db = getDb();
  const locked: string[] = [];
  for (const { key, max } of keysOf(a)) {
    const stale = sql`${signInThrottle.windowStartedAt} < now() - make_interval(mins => ${THROTTLE.windowMinutes})`;
    // One statement: a window older than windowMinutes starts over; reaching max locks the key.
    const [row] = await db
      .insert(signInThrottle)
      .values({ key, failures: 1, windowStartedAt: sql`now()`, lockedUntil: max !== null && max <= 1 ? sql`now() + make_interval(mins => ${THROTTLE.lockMinutes})` : null })
      .onConflictDoUpdate({
        target: signInThrottle.key,
        set: {
          failures: sql`case when ${stale} then 1 else ${signInThrottle.failures} + 1 end`,
          windowStartedAt: sql`case when ${stale} then now() else ${signInThrottle.windowStartedAt} end`,
          lockedUntil:
            max === null
              ? sql`null`
              : sql`case when not ${stale} and ${signInThrottle.failures} + 1 >= ${max} and (${signInThrottle.lockedUntil} is null or ${signInThrottle.lockedUntil} <= now()) then now() + make_interval(mins => ${THROTTLE.lockMinutes}) else ${signInThrottle.lockedUntil} end`,
        },
      })
      .returning({ failures: signInThrottle.failures, lockedUntil: signInThrottle.lockedUntil });
    if (max !== null && row?.failures === max) locked.push(key.split(":")[0]!);
  }
  return locked;
}

/** A successful sign-in forgives its own pair and its own browser. The email's count is kept: an
 * attacker elsewhere must not get a fresh allowance from the owner's success. */
export async function recordSuccess(a: Attempt): Promise<void> {
  const keys = a.deviceId ? [`device:${a.deviceId}`] : [`email-ip:${norm(a.email)}|${a.ip}`];
  await getDb().delete(signInThrottle).where(inArray(signInThrottle.key, keys));
}
