// Restoring one organization completely from a database backup (issue 15, item 3; ADR 019): the
// backup is opened as a database of its own (a copy of a PGlite folder, or a PostgreSQL database
// that a pg_dump file was restored into), and every row of the organization — every table of the
// public schema with an org_id column, found in the catalog, so a table added later is carried
// without anyone listing it — is copied into the running database in one transaction, with the
// accounts its rows refer to. Survey answers, drafts and demographics go database to database:
// they never pass through a file or a download.
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { sql, type SQL } from "drizzle-orm";
import { getDb, rawQuery, type Transaction } from "#db/client.server";
import { enterTenant } from "#db/tenant.server";
import { recordAudit } from "~/modules/audit/audit.server";

export class BackupRestoreRefused extends Error {}

/** Where the backup is: a PGlite data folder (a copy, not the running server's), or a PostgreSQL
 * URL of a database restored from a pg_dump file (read as a superuser: row level security binds
 * its owner too). */
export type BackupSource = { pgliteDir: string } | { url: string };

type Reader = { query<T>(text: string, params?: unknown[]): Promise<T[]>; close(): Promise<void> };

async function openBackup(source: BackupSource): Promise<Reader> {
  if ("pgliteDir" in source) {
    const db = await PGlite.create(source.pgliteDir);
    return { query: async (text, params) => (await db.query(text, params)).rows as never, close: () => db.close() };
  }
  const client = postgres(source.url, { max: 1, onnotice: () => {} });
  return { query: async (text, params) => (await client.unsafe(text, (params ?? []) as never[])) as never, close: () => client.end() };
}

export type BackupRestoreResult = {
  orgId: string;
  slug: string;
  name: string;
  /** Rows copied per table, every tenant table listed (0 when the organization had none). */
  rows: Record<string, number>;
  /** Accounts its rows refer to: already here (by id or email) or created from the backup. */
  accountsKept: number;
  accountsCreated: number;
  replaced: boolean;
};

const BATCH = 2000;
/** The organizations' data-version counters (drizzle/0016): set, not copied (see below). */
const VERSIONS = "org_data_versions";
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

type Fk = { table: string; columns: string[]; refTable: string };

/** Tenant tables (an org_id column), from the catalog of the running database. */
async function tenantTables(tx: Transaction): Promise<string[]> {
  const rows = await exec<{ t: string }>(tx, sql`
    select c.relname as t from pg_class c join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attname = 'org_id' and not a.attisdropped
    where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`);
  return rows.map((r) => r.t);
}

async function foreignKeys(tx: Transaction): Promise<Fk[]> {
  return exec<Fk>(tx, sql`
    select t.relname as "table", r.relname as "refTable",
      array(select a.attname::text from unnest(c.conkey) k join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k) as columns
    from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_class r on r.oid = c.confrelid
    join pg_namespace n on n.oid = t.relnamespace
    where c.contype = 'f' and n.nspname = 'public'`);
}

async function exec<T>(tx: Transaction, query: SQL): Promise<T[]> {
  const result = (await tx.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/** Tables in an order where each comes after those it refers to (self-references and cycles are
 * left to the deferred foreign keys of drizzle/0029). */
function inDependencyOrder(tables: string[], fks: Fk[]): string[] {
  const set = new Set(tables);
  const needs = new Map(tables.map((t) => [t, new Set(fks.filter((f) => f.table === t && f.refTable !== t && set.has(f.refTable)).map((f) => f.refTable))]));
  const order: string[] = [];
  while (needs.size > 0) {
    const ready = [...needs].filter(([, n]) => [...n].every((r) => !needs.has(r))).map(([t]) => t);
    const next = ready.length > 0 ? ready : [[...needs.keys()][0]!];
    for (const t of next.sort()) {
      order.push(t);
      needs.delete(t);
    }
  }
  return order;
}

async function migrationsOf(q: { query<T>(text: string): Promise<T[]> }): Promise<string> {
  const rows = await q.query<{ hash: string }>(`select hash from drizzle.__drizzle_migrations order by created_at, id`);
  return rows.map((r) => r.hash).join(",");
}

/**
 * Copies the organization `slug` of the backup into the running database, all or nothing.
 * Refused when the backup has no such organization, was made by another version of Praxis (its
 * migrations differ: start this version on a copy of it first), or the organization (its id or its
 * address) is here already, unless `replace` is set: then the organization here is deleted first,
 * in the same transaction.
 */
export async function restoreOrganizationFromBackup(source: BackupSource, slug: string, options: { replace?: boolean } = {}): Promise<BackupRestoreResult> {
  const backup = await openBackup(source);
  try {
    const [org] = await backup.query<{ id: string; slug: string; name: string }>(`select id, slug, name from organizations where slug = $1`, [slug]);
    if (!org) throw new BackupRestoreRefused(`The backup has no organization at the address "${slug}".`);
    const here = await migrationsOf({ query: (text) => rawQuery(text) });
    if ((await migrationsOf(backup)) !== here) {
      throw new BackupRestoreRefused("The backup was made by another version of Praxis (its migrations differ). Start this version of Praxis once on a copy of the backup, so that it is migrated, and restore from that copy.");
    }

    return await getDb().transaction(async (tx) => {
      await enterTenant(tx, { orgId: org.id, userId: null });
      // The copy is written by the owner connection (the app role may not write accounts); the
      // organization is set all the same, so row level security still refuses any other one's row.
      await tx.execute(sql`reset role`);
      await tx.execute(sql`set constraints all deferred`);
      const existing = await exec<{ id: string }>(tx, sql`select id::text as id from organizations where id = ${org.id} or slug = ${org.slug}`);
      if (existing.some((e) => e.id !== org.id)) {
        throw new BackupRestoreRefused(`The address "${org.slug}" belongs to another organization here. Restore into another database, or change that organization's address first.`);
      }
      const replacing = existing.length > 0;
      if (replacing && !options.replace) {
        throw new BackupRestoreRefused(`The organization "${org.slug}" is here already. Restore with --replace to replace it with the backup's (everything of it here is deleted), or restore into another database.`);
      }
      const tables = await tenantTables(tx);
      const fks = await foreignKeys(tx);
      const userColumns = new Map<string, string[]>();
      for (const f of fks) if (f.refTable === "users" && f.columns.length === 1) userColumns.set(f.table, [...(userColumns.get(f.table) ?? []), f.columns[0]!]);

      // The accounts the organization's rows refer to: kept when here (same id, or same email:
      // then the rows are pointed at this database's account), else created as in the backup.
      const userIds = new Set<string>();
      for (const [table, cols] of userColumns) {
        if (!tables.includes(table)) continue;
        for (const col of cols) {
          const rows = await backup.query<{ v: string }>(`select distinct ${ident(col)}::text as v from ${ident(table)} where org_id = $1 and ${ident(col)} is not null`, [org.id]);
          for (const r of rows) userIds.add(r.v);
        }
      }
      const accounts = userIds.size ? await backup.query<{ id: string; email: string; r: string }>(`select id::text as id, email, to_jsonb(u)::text as r from users u where id = any($1::uuid[])`, [[...userIds]]) : [];
      const userMap: Record<string, string> = {};
      let accountsCreated = 0;
      for (const a of accounts) {
        const [same] = await exec<{ id: string }>(tx, sql`select id::text as id from users where id = ${a.id}::uuid or lower(email) = lower(${a.email}) order by (id = ${a.id}::uuid) desc limit 1`);
        if (same) {
          if (same.id !== a.id) userMap[a.id] = same.id;
          continue;
        }
        await tx.execute(sql`insert into users select * from jsonb_populate_record(null::users, ${a.r}::jsonb)`);
        accountsCreated += 1;
      }

      const order = inDependencyOrder(tables.filter((t) => t !== VERSIONS), fks);
      const [{ v: versionBefore } = { v: "0" }] = await exec<{ v: string }>(tx, sql`select coalesce(max(version), 0)::text as v from org_data_versions where org_id = ${org.id}`);
      if (replacing) {
        // Its rows go, the organization's own row stays and takes the backup's values below (so
        // its data-version counter lives on, and the view caches never mistake old pages for new).
        for (const table of [...order].reverse()) await tx.execute(sql.raw(`delete from ${ident(table)} where org_id = '${org.id}'`));
      }
      const rows: Record<string, number> = {};
      rows.organizations = await copyTable(tx, backup, "organizations", org.id, [], userMap, replacing);
      for (const table of order) rows[table] = await copyTable(tx, backup, table, org.id, userColumns.get(table) ?? [], userMap, false);
      // The data-version counter is the view caches' key, not data: it only moves forward, past
      // both the backup's and this database's (and past any number a running server may have seen).
      const [{ v: versionInBackup } = { v: "0" }] = await backup.query<{ v: string }>(`select coalesce(max(version), 0)::text as v from ${VERSIONS} where org_id = $1`, [org.id]);
      await tx.execute(sql`insert into org_data_versions (org_id, version)
        values (${org.id}, greatest(${versionBefore}::bigint, ${versionInBackup}::bigint, (extract(epoch from clock_timestamp()) * 1000)::bigint) + 1)
        on conflict (org_id) do update set version = excluded.version`);
      rows[VERSIONS] = 0;
      await recordAudit(tx, {
        orgId: org.id,
        actorUserId: null,
        action: "organization.restore_backup",
        entityType: "organization",
        entityId: org.id,
        after: { slug: org.slug, replaced: replacing, accountsKept: accounts.length - accountsCreated, accountsCreated, tables: Object.keys(rows).length },
      });
      return { orgId: org.id, slug: org.slug, name: org.name, rows, accountsKept: accounts.length - accountsCreated, accountsCreated, replaced: replacing };
    });
  } finally {
    await backup.close();
  }
}

/** Copies one table's rows of the organization, a batch at a time, as JSON that never leaves the
 * two databases (no JavaScript number touches a value). */
async function copyTable(tx: Transaction, backup: Reader, table: string, orgId: string, userCols: string[], userMap: Record<string, string>, update: boolean): Promise<number> {
  const columns = await exec<{ name: string; generated: boolean; identity: string }>(tx, sql`
    select a.attname::text as name, a.attgenerated <> '' as generated, a.attidentity::text as identity
    from pg_attribute a where a.attrelid = ${ident(table)}::regclass and a.attnum > 0 and not a.attisdropped order by a.attnum`);
  const writable = columns.filter((c) => !c.generated);
  const list = writable.map((c) => ident(c.name)).join(", ");
  const values = writable
    .map((c) => (userCols.includes(c.name) ? `coalesce((m.map ->> r.${ident(c.name)}::text)::uuid, r.${ident(c.name)})` : `r.${ident(c.name)}`))
    .join(", ");
  const overriding = columns.some((c) => c.identity === "a") ? " overriding system value" : "";
  const where = table === "organizations" ? "id = $1" : "org_id = $1";
  let after = "(0,0)";
  let total = 0;
  for (;;) {
    const batch = await backup.query<{ c: string; r: string }>(`select ctid::text as c, to_jsonb(t)::text as r from ${ident(table)} t where ${where} and ctid > $2::tid order by ctid limit ${BATCH}`, [orgId, after]);
    if (batch.length === 0) break;
    if (update) {
      // The organization's own row, kept and given the backup's values.
      await tx.execute(
        sql.join([
          sql.raw(`update ${ident(table)} set (${list}) = (select ${values} from jsonb_populate_record(null::${ident(table)}, `),
          sql`${batch[0]!.r}::jsonb`,
          sql.raw(`) r, (select '{}'::jsonb as map) m) where id = `),
          sql`${orgId}::uuid`,
        ]),
      );
      return 1;
    }
    await tx.execute(
      sql.join([
        sql.raw(`insert into ${ident(table)} (${list})${overriding} select ${values} from jsonb_populate_recordset(null::${ident(table)}, `),
        sql`${`[${batch.map((b) => b.r).join(",")}]`}::jsonb`,
        sql.raw(`) r, (select `),
        sql`${JSON.stringify(userMap)}::jsonb`,
        sql.raw(` as map) m`),
      ]),
    );
    total += batch.length;
    after = batch.at(-1)!.c;
    if (batch.length < BATCH) break;
  }
  return total;
}
