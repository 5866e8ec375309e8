// What the Express server (server.mjs) calls around the Remix build: start-up (migrations, the
// demo city), readiness, shutdown.
import { sql } from "drizzle-orm";
import { closeDb, databaseMode, getDb } from "#db/client.server";
import { migrateDatabase } from "#db/migrate.server";
import { DEMO_SIGN_INS, seedDemoIfEmpty } from "~/seed/demo.server";

export async function startServer(options: { seedDemo: boolean }): Promise<void> {
  await migrateDatabase();
  if (options.seedDemo) {
    const seeded = await seedDemoIfEmpty();
    console.log(seeded ? "Seeded the demo city." : "The database already has data: the demo city was not seeded again.");
  }
}

export async function stopServer(): Promise<void> {
  await closeDb();
}

/** Readiness: one real round trip to the database within `timeoutMs`. Unreachable, refusing,
 * starting up or too slow all read as not ready, and quickly: a load balancer polling /readyz must
 * not wait for a connection timeout (30 s) to hear it. Never throws. */
export async function databaseReady(timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([getDb().execute(sql`select 1`).then(() => true, () => false), late]);
  } finally {
    clearTimeout(timer);
  }
}

const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
]);

/** Whether an error says the database cannot be reached right now (down, starting, restarting,
 * unreachable), rather than that something is wrong with the app or its data. drizzle wraps the
 * driver's error in `cause`. */
export function databaseUnavailable(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; depth < 5 && e && typeof e === "object"; depth++) {
    const code = (e as { code?: unknown }).code;
    // SQLSTATE class 08 (connection exception), 57P01-57P03 (shutting down, cannot connect now).
    if (typeof code === "string" && (UNREACHABLE.has(code) || /^(08...|57P0[1-3])$/.test(code))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

export function databaseDescription(): string {
  if (databaseMode() === "server") return "PostgreSQL (DATABASE_URL)";
  return `embedded PGlite (${process.env.PGLITE_DIR ?? "./data/pglite"})`;
}

export function printDemoSignIns(baseUrl: string): void {
  const lines = [
    "",
    `Praxis is running at ${baseUrl}`,
    "",
    "Demo sign-ins (all share one password):",
    ...DEMO_SIGN_INS.accounts.map((a) => `  ${a.roleLabel.padEnd(18)} ${a.email}`),
    `  password           ${DEMO_SIGN_INS.password}`,
    "",
    `The demo organization is at ${baseUrl}/o/${DEMO_SIGN_INS.orgSlug}`,
    "Stop the server with Ctrl+C.",
    "",
  ];
  console.log(lines.join("\n"));
}
