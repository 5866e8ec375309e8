import path from "node:path";
import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { databaseMode, getDb, withAdvisoryLock, type Database } from "./client.server";
import { frameworks, practiceDimensions, practiceGroups, practices } from "./schema";
import catalog from "./catalog/icma-2017.json";

export type CatalogFile = typeof catalog;

function migrationsFolder(): string {
  return process.env.PRAXIS_MIGRATIONS_DIR ?? path.resolve(process.cwd(), "drizzle");
}

/** Applies pending migrations, then makes the practices catalog match the reviewed data file. */
export async function migrateDatabase(): Promise<void> {
  const db = getDb();
  const config = { migrationsFolder: migrationsFolder() };
  if (databaseMode() === "embedded") {
    await migratePglite(db as unknown as PgliteDatabase<Record<string, never>>, config);
  } else {
    // Several app servers may start at once: one migrates, the others wait on the lock.
    // The lock is held on one reserved connection: taken and released through the pool, the two
    // could land on different connections and leave the lock held for ever.
    await withAdvisoryLock(727274, () => migratePostgres(db as unknown as PostgresJsDatabase<Record<string, never>>, config));
  }
  await syncCatalog(db, catalog);
}

/** Idempotent: inserts or updates every group, practice and dimension of the file. */
export async function syncCatalog(db: Database, file: CatalogFile): Promise<void> {
  const code = file.framework.code;
  const groupOf = new Map<number, number>();
  for (const group of file.groups) for (const n of group.practices) groupOf.set(n, group.position);
  const practiceRows = file.practices.map((p) => {
    const groupPosition = groupOf.get(p.number);
    if (groupPosition === undefined) throw new Error(`Practice ${p.number} is in no group`);
    return { frameworkCode: code, number: p.number, name: p.name, definition: p.definition, groupPosition };
  });
  const dimensionRows = file.practices.flatMap((p) => [
    ...p.leadership.map((d, i) => ({ kind: "leadership" as const, ...d, position: i + 1, practiceNumber: p.number })),
    ...p.management.map((d, i) => ({ kind: "management" as const, ...d, position: i + 1, practiceNumber: p.number })),
  ]);
  await db.transaction(async (tx) => {
    await tx
      .insert(frameworks)
      .values(file.framework)
      .onConflictDoUpdate({ target: frameworks.code, set: { name: file.framework.name, approved: file.framework.approved } });
    await tx
      .insert(practiceGroups)
      .values(file.groups.map((g) => ({ frameworkCode: code, position: g.position, phrase: g.phrase })))
      .onConflictDoUpdate({
        target: [practiceGroups.frameworkCode, practiceGroups.position],
        set: { phrase: sql`excluded.phrase` },
      });
    await tx
      .insert(practices)
      .values(practiceRows)
      .onConflictDoUpdate({
        target: [practices.frameworkCode, practices.number],
        set: { name: sql`excluded.name`, definition: sql`excluded.definition`, groupPosition: sql`excluded.group_position` },
      });
    await tx
      .insert(practiceDimensions)
      .values(dimensionRows.map((d) => ({ frameworkCode: code, ...d })))
      .onConflictDoUpdate({
        target: [
          practiceDimensions.frameworkCode,
          practiceDimensions.practiceNumber,
          practiceDimensions.kind,
          practiceDimensions.letter,
        ],
        set: { text: sql`excluded.text`, position: sql`excluded.position` },
      });
  });
}
