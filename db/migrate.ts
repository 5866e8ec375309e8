// `npm run db:migrate`: applies migrations to DATABASE_URL (or the embedded database) and exits.
import { closeDb } from "./client.server";
import { migrateDatabase } from "./migrate.server";

await migrateDatabase();
await closeDb();
console.log("Database migrated.");
