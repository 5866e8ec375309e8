// What the Express server (server.mjs) calls around the Remix build: start-up (migrations, the
// demo city), readiness, shutdown.
import { sql } from "drizzle-orm";
import { closeDb, databaseMode, getDb } from "#db/client.server";
import { migrateDatabase } from "#db/migrate.server";
import { DEMO_SIGN_INS, seedDemoIfEmpty } from "#db/seed/demo.server";

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

export async function databaseReady(): Promise<boolean> {
  await getDb().execute(sql`select 1`);
  return true;
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
