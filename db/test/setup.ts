import { afterAll, beforeAll } from "vitest";
import { migrateDatabase } from "../migrate.server";

// Tests use a real database: PostgreSQL when TEST_DATABASE_URL is set (migrated once by the
// global setup), otherwise one in-memory PGlite shared by every test file of the run (see
// vitest.config.ts). The connection lives on globalThis and closes when the worker exits.
if (process.env.TEST_DATABASE_URL) {
  process.env.DATABASE_URL = process.env.TEST_DATABASE_URL;
} else {
  delete process.env.DATABASE_URL;
  process.env.PGLITE_DIR = "memory://";
}

let migrated: Promise<void> | undefined;
beforeAll(async () => {
  if (process.env.TEST_DATABASE_URL) return;
  const g = globalThis as { __praxisTestMigrated?: Promise<void> };
  g.__praxisTestMigrated ??= migrateDatabase();
  migrated = g.__praxisTestMigrated;
  await migrated;
});

// All test files share one process (vitest.config.ts): a file that lets Praxis send mail
// (MAIL_FILE_DIR, assessments.test-helpers.ts) must not leave it on for the next file, whose
// queued emails would then be delivered (and their text replaced) behind its back.
afterAll(() => {
  delete process.env.MAIL_FILE_DIR;
});
