import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The same drizzle API over either driver. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type DatabaseMode = "embedded" | "server";

type Connection = {
  db: Database;
  mode: DatabaseMode;
  close: () => Promise<void>;
  /** Runs fn while holding a session-level advisory lock on one connection of its own (a pool
   * would take and release the lock on different connections). A no-op lock on PGlite, which
   * only one process can open. */
  withLock: <T>(key: number, fn: () => Promise<T>) => Promise<T>;
  /** Runs raw SQL and returns its rows, whatever the driver. */
  query: <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;
};

/** Sees every statement drizzle sends (SQL with $n placeholders, and its parameters). Used by the
 * query-plan test (db/query-plans.server.test.ts) to EXPLAIN what each dashboard really runs; no
 * observer is registered in production, so it costs one array check per query. */
export type QueryObserver = (query: string, params: unknown[]) => void;
const observers = new Set<QueryObserver>();
export function observeQueries(observer: QueryObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}
const logger = {
  logQuery(query: string, params: unknown[]) {
    if (observers.size) for (const o of observers) o(query, params);
  },
};

// One connection (pool) per process, kept on globalThis so a dev-server rebuild reuses it: a
// PGlite data folder may only be opened by one instance at a time.
const globalKey = "__praxisDatabase" as const;
type GlobalWithDb = typeof globalThis & { [globalKey]?: Connection };

function open(): Connection {
  const url = process.env.DATABASE_URL;
  if (url) {
    const client = postgres(url, {
      max: Number(process.env.DATABASE_POOL_MAX ?? 10),
      // After the database was unreachable (a restart, a failover), postgres.js waits up to 20 s
      // between reconnection attempts (3^n/100 s), which would keep the app down long after the
      // database is back: at most 2 s here (npm run faults measures the recovery). A connection
      // that cannot be made in 10 s fails the request instead of holding it for 30.
      backoff: (attempt: number) => Math.min(0.25 * 2 ** attempt, 2) * (0.5 + Math.random() / 2),
      connect_timeout: 10,
      onnotice: () => {},
      connection: { application_name: "praxis" },
    });
    const db = drizzlePostgres({ client, schema, casing: "snake_case", logger }) as unknown as Database;
    return {
      db,
      mode: "server",
      close: () => client.end({ timeout: 5 }),
      withLock: async <T,>(key: number, fn: () => Promise<T>) => {
        const reserved = await client.reserve();
        try {
          await reserved`select pg_advisory_lock(${key})`;
          try {
            return await fn();
          } finally {
            await reserved`select pg_advisory_unlock(${key})`;
          }
        } finally {
          reserved.release();
        }
      },
      query: async <T,>(text: string, params: unknown[] = []) =>
        (await client.unsafe(text, params as never[])) as unknown as T[],
    };
  }
  const dir = process.env.PGLITE_DIR ?? "./data/pglite";
  if (!dir.startsWith("memory://")) fs.mkdirSync(path.dirname(path.resolve(dir)), { recursive: true });
  const client = new PGlite(dir.startsWith("memory://") ? dir : path.resolve(dir));
  const db = drizzlePglite({ client, schema, casing: "snake_case", logger }) as unknown as Database;
  return {
    db,
    mode: "embedded",
    close: () => client.close(),
    withLock: <T,>(_key: number, fn: () => Promise<T>) => fn(),
    query: async <T,>(text: string, params: unknown[] = []) => (await client.query<T>(text, params)).rows,
  };
}

function connection(): Connection {
  const g = globalThis as GlobalWithDb;
  g[globalKey] ??= open();
  return g[globalKey];
}

/** The owner connection. Only the auth module, the migrator and the seeders use it directly;
 * tenant data goes through withTenant (db/tenant.server.ts). */
export function getDb(): Database {
  return connection().db;
}

export function databaseMode(): DatabaseMode {
  return connection().mode;
}

export function rawQuery<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]> {
  return connection().query<T>(text, params);
}

/** Runs fn under a database-wide advisory lock (several app servers starting at once). */
export function withAdvisoryLock<T>(key: number, fn: () => Promise<T>): Promise<T> {
  return connection().withLock(key, fn);
}

export async function closeDb(): Promise<void> {
  const g = globalThis as GlobalWithDb;
  const current = g[globalKey];
  g[globalKey] = undefined;
  if (current) await current.close();
}

/** drizzle 0.45 wraps driver errors; the Postgres error (code, constraint) is in `cause`. */
export function pgErrorOf(error: unknown): { code?: string; constraint?: string; message?: string } | null {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e && typeof e === "object"; depth++) {
    const candidate = e as { code?: unknown; constraint?: string; constraint_name?: string; message?: string };
    if (typeof candidate.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      return {
        code: candidate.code,
        constraint: candidate.constraint ?? candidate.constraint_name,
        message: candidate.message,
      };
    }
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}
