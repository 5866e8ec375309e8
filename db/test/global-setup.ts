// With TEST_DATABASE_URL the whole run shares one PostgreSQL database: migrate it once, before
// any test file starts. Without it every test file migrates its own in-memory PGlite.
export default async function globalSetup() {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  process.env.DATABASE_URL = url;
  const { migrateDatabase } = await import("../migrate.server");
  const { closeDb } = await import("../client.server");
  await migrateDatabase();
  await closeDb();
}
