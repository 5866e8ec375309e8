// The migration lock (several app servers starting at once): taken and released on one connection,
// so that after a migration another server can take it. Through a pool, the unlock could land on
// another connection and leave the lock held for ever.
import { describe, expect, it } from "vitest";
import { databaseMode, rawQuery, withAdvisoryLock } from "./client.server";

const KEY = 727_999;
const tryLock = async () => (await rawQuery<{ ok: boolean }>(`select pg_try_advisory_lock($1) as ok`, [KEY]))[0]!.ok;
const unlock = () => rawQuery(`select pg_advisory_unlock($1)`, [KEY]);

describe("withAdvisoryLock", () => {
  it("holds the lock while the work runs and releases it after, also when the work fails", async () => {
    const inside: boolean[] = [];
    const value = await withAdvisoryLock(KEY, async () => {
      if (databaseMode() === "server") inside.push(await tryLock());
      return 42;
    });
    expect(value).toBe(42);
    await expect(withAdvisoryLock(KEY, async () => Promise.reject(new Error("migration failed")))).rejects.toThrow("migration failed");
    if (databaseMode() === "server") {
      // Another connection could not take it while held…
      expect(inside).toEqual([false]);
      // …and can once the work is done, even after a failure.
      expect(await tryLock()).toBe(true);
      await unlock();
    } else {
      // PGlite: one process per data folder, nothing to lock against.
      expect(inside).toEqual([]);
    }
  });
});
