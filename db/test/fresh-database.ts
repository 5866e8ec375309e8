// A database of its own for a test that needs one beside the shared test database: a new
// in-memory PGlite, or, with TEST_DATABASE_URL, a new database on the same PostgreSQL server
// (created here, dropped by drop()), or an embedded one in a folder. `use` runs code with it as the process's database (getDb,
// withTenant and every service), then puts the shared one back; test files run one at a time in
// one process (vitest.config.ts), so nothing else runs meanwhile.
import { randomBytes } from "node:crypto";
import { closeDb, rawQuery } from "../client.server";

const KEY = "__praxisDatabase";
type Holder = Record<string, unknown>;

export type FreshDatabase = {
  /** The PostgreSQL URL, or null for PGlite. */
  url: string | null;
  name: string | null;
  use<T>(fn: () => Promise<T>): Promise<T>;
  drop(): Promise<void>;
};

/** `pgliteDir`: an embedded database in that folder, whatever the test database is. */
export async function freshDatabase(label: string, options: { pgliteDir?: string } = {}): Promise<FreshDatabase> {
  const server = options.pgliteDir ? undefined : process.env.TEST_DATABASE_URL;
  let url: string | null = null;
  let name: string | null = null;
  if (server) {
    name = `praxis_${label}_${randomBytes(4).toString("hex")}`.replace(/[^a-z0-9_]/g, "_");
    await rawQuery(`create database "${name}"`);
    const u = new URL(server);
    u.pathname = `/${name}`;
    url = u.toString();
  }
  let connection: unknown;
  const g = globalThis as unknown as Holder;
  const use = async <T,>(fn: () => Promise<T>): Promise<T> => {
    const shared = g[KEY];
    const env = { DATABASE_URL: process.env.DATABASE_URL, PGLITE_DIR: process.env.PGLITE_DIR };
    g[KEY] = connection;
    if (url) process.env.DATABASE_URL = url;
    else {
      delete process.env.DATABASE_URL;
      process.env.PGLITE_DIR = options.pgliteDir ?? "memory://";
    }
    try {
      return await fn();
    } finally {
      connection = g[KEY];
      g[KEY] = shared;
      for (const [k, v] of Object.entries(env)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  };
  return {
    url,
    name,
    use,
    drop: async () => {
      await use(() => closeDb());
      if (name) await rawQuery(`drop database if exists "${name}" with (force)`);
    },
  };
}
