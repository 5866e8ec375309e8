import { eq, sql } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { signInThrottle } from "#db/schema";

// Sign-in failures are counted per email and per client address in the database, so the limit
// holds across app servers and restarts.
export const THROTTLE = {
  windowMinutes: 15,
  lockMinutes: 15,
  maxPerEmail: 5,
  maxPerIp: 30,
} as const;

export type ThrottleKeys = { email: string; ip: string };

function keys({ email, ip }: ThrottleKeys) {
  return [
    { key: `email:${email.trim().toLowerCase()}`, max: THROTTLE.maxPerEmail },
    { key: `ip:${ip}`, max: THROTTLE.maxPerIp },
  ];
}

/** Minutes until sign-in is allowed again, or 0. */
export async function lockedMinutes(k: ThrottleKeys): Promise<number> {
  const db = getDb();
  let longest = 0;
  for (const { key } of keys(k)) {
    const [row] = await db.select().from(signInThrottle).where(eq(signInThrottle.key, key));
    if (row?.lockedUntil && row.lockedUntil.getTime() > Date.now()) {
      longest = Math.max(longest, Math.ceil((row.lockedUntil.getTime() - Date.now()) / 60_000));
    }
  }
  return longest;
}

export async function recordFailure(k: ThrottleKeys): Promise<void> {
  const db = getDb();
  for (const { key, max } of keys(k)) {
    // One statement: a window older than windowMinutes starts over; reaching max locks the key.
    await db
      .insert(signInThrottle)
      .values({ key, failures: 1, windowStartedAt: sql`now()` })
      .onConflictDoUpdate({
        target: signInThrottle.key,
        set: {
          failures: sql`case when ${signInThrottle.windowStartedAt} < now() - make_interval(mins => ${THROTTLE.windowMinutes}) then 1 else ${signInThrottle.failures} + 1 end`,
          windowStartedAt: sql`case when ${signInThrottle.windowStartedAt} < now() - make_interval(mins => ${THROTTLE.windowMinutes}) then now() else ${signInThrottle.windowStartedAt} end`,
          lockedUntil: sql`case when ${signInThrottle.windowStartedAt} >= now() - make_interval(mins => ${THROTTLE.windowMinutes}) and ${signInThrottle.failures} + 1 >= ${max} then now() + make_interval(mins => ${THROTTLE.lockMinutes}) else ${signInThrottle.lockedUntil} end`,
        },
      });
  }
}

export async function clearEmailFailures(email: string): Promise<void> {
  await getDb()
    .delete(signInThrottle)
    .where(eq(signInThrottle.key, `email:${email.trim().toLowerCase()}`));
}
