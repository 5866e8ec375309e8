// Whole-database backups as docs/operations.md describes them, restored and checked.
// - PostgreSQL (only with TEST_DATABASE_URL and pg_dump/pg_restore on PATH): `pg_dump -Fc` of the
//   test database, `pg_restore --no-owner --exit-on-error` into a new database; the app role's
//   grants, row level security (enabled and forced) and every policy survive, migrations have
//   nothing left to apply, and an organization's overview is the same.
// - The embedded database: a copy of the PGlite folder taken while it is closed opens, migrates
//   with nothing to apply and shows the same overview.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { getOrganizationOverview } from "~/modules/dashboards/overview.server";
import { organizationToday } from "~/modules/core/today";
import { rawQuery } from "#db/client.server";
import { migrateDatabase } from "#db/migrate.server";
import { departments } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { createTestOrg, TEST_TIME_ZONE, type TestOrg } from "#db/test/factories";
import { fillEveryTenantTable } from "#db/test/fill-tenant-tables";
import { freshDatabase, type FreshDatabase } from "#db/test/fresh-database";

const today = organizationToday({ timeZone: TEST_TIME_ZONE });
const server = process.env.TEST_DATABASE_URL;
const pgTools = ["pg_dump", "pg_restore"].every((cmd) => spawnSync(cmd, ["--version"]).status === 0);

async function richOrg(label: string): Promise<TestOrg> {
  const org = await createTestOrg(label);
  await fillEveryTenantTable(org);
  return org;
}

const overview = (org: TestOrg) => getOrganizationOverview(org.ctx.admin, {}, { today });
const json = (v: unknown) => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? `${x}n` : x))) as unknown;

/** What keeps tenants apart and the app role in its place, as the catalog has it. */
async function securityState() {
  return {
    tables: await rawQuery(
      `select relname, relrowsecurity, relforcerowsecurity from pg_class
        where relnamespace = 'public'::regnamespace and relkind in ('r', 'p') order by relname`,
    ),
    policies: await rawQuery(`select tablename, policyname, permissive, roles::text, cmd, qual, with_check from pg_policies order by 1, 2`),
    grants: await rawQuery(
      `select table_name, privilege_type from information_schema.role_table_grants where grantee = 'praxis_app' order by 1, 2`,
    ),
    columnGrants: await rawQuery(
      `select table_name, column_name, privilege_type from information_schema.column_privileges
        where grantee = 'praxis_app' and table_name = 'users' order by 1, 2, 3`,
    ),
    migrations: await rawQuery(`select hash, created_at::text from drizzle.__drizzle_migrations order by id`),
  };
}

async function migrationCount(): Promise<number> {
  const [row] = await rawQuery<{ n: number }>(`select count(*)::int as n from drizzle.__drizzle_migrations`);
  return row!.n;
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

// A pg_dump backup only exists for the PostgreSQL server: this suite is defined when the database
// suite runs against one (TEST_DATABASE_URL, as in .ci/run), where pg_dump and pg_restore must be
// installed (it fails, not skips, without them). On PGlite the folder-copy test below covers backups.
if (server)
describe("a pg_dump backup of the PostgreSQL database", () => {
  it("has pg_dump and pg_restore to work with", () => {
    expect(pgTools, "pg_dump and pg_restore on PATH (Debian: postgresql-client)").toBe(true);
  });
  it("restores with pg_restore --no-owner into a new database with its roles' grants, RLS and policies, nothing to migrate, and the same overview", async () => {
    const org = await richOrg("backup-pg");
    // Another organization in the same dump, so that RLS in the copy has rows to hide.
    await richOrg("backup-pg-other");
    const before = json(await overview(org));
    const state = await securityState();
    expect(state.tables.length).toBeGreaterThan(30);
    expect(state.policies.length).toBeGreaterThan(30);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "praxis-backup-"));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, "praxis.dump");
    const dump = spawnSync("pg_dump", ["--format=custom", `--file=${file}`, `--dbname=${server}`], { encoding: "utf8" });
    expect(dump.stderr).toBe("");
    expect(dump.status).toBe(0);
    // The file is a valid archive: pg_restore can list it (how docs/operations.md checks a backup).
    const list = spawnSync("pg_restore", ["--list", file], { encoding: "utf8" });
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/POLICY public departments tenant_isolation/);

    const copy: FreshDatabase = await freshDatabase("backup_restore");
    cleanups.push(() => copy.drop());
    const restore = spawnSync("pg_restore", ["--no-owner", "--exit-on-error", `--dbname=${copy.url}`, file], { encoding: "utf8" });
    expect(restore.stderr).toBe("");
    expect(restore.status).toBe(0);

    await copy.use(async () => {
      expect(await securityState()).toEqual(state);
      const applied = await migrationCount();
      await migrateDatabase();
      expect(await migrationCount()).toBe(applied);
      expect(json(await overview(org))).toEqual(before);
      // RLS binds in the copy: the app role with this organization set sees its rows only.
      const seen = await withTenant(org.ctx.admin, (tx) => tx.select({ orgId: departments.orgId }).from(departments));
      const [direct] = await rawQuery<{ n: number }>(`select count(*)::int as n from departments where org_id = $1`, [org.orgId]);
      expect(seen.length).toBe(direct!.n);
      expect(seen.every((d) => d.orgId === org.orgId)).toBe(true);
      const [all] = await rawQuery<{ n: number }>(`select count(*)::int as n from departments`);
      expect(all!.n).toBeGreaterThan(direct!.n);
    });
  }, 300_000);
});

describe("a copy of the embedded database's folder", () => {
  it("taken while the database is closed, opens with nothing to migrate and the same overview", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "praxis-pglite-backup-"));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    const live = await freshDatabase("pglite_live", { pgliteDir: path.join(dir, "live") });
    const { org, before, applied } = await live.use(async () => {
      await migrateDatabase();
      const org = await richOrg("backup-pglite");
      return { org, before: json(await overview(org)), applied: await migrationCount() };
    });
    expect(applied).toBeGreaterThan(10);
    // "Server stopped": the database is closed before its folder is copied.
    await live.drop();
    fs.cpSync(path.join(dir, "live"), path.join(dir, "copy"), { recursive: true });

    const copy = await freshDatabase("pglite_copy", { pgliteDir: path.join(dir, "copy") });
    cleanups.push(() => copy.drop());
    await copy.use(async () => {
      expect(await migrationCount()).toBe(applied);
      await migrateDatabase();
      expect(await migrationCount()).toBe(applied);
      expect(json(await overview(org))).toEqual(before);
    });
  }, 300_000);
});
