// Tenant isolation, proven over every tenant table the Postgres catalog knows of (not a list kept
// by hand): a table added later is covered the day it is created, and fails this test until its
// rows are isolated.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, pgErrorOf, rawQuery } from "./client.server";
import { reports } from "./schema/reports";
import { APP_ROLE, enterTenant } from "./tenant.server";
import { createTestOrg, tenantTables, type TestOrg } from "./test/factories";
import { fillEveryTenantTable } from "./test/fill-tenant-tables";

type Row = Record<string, unknown>;

/** Tables that are global on purpose. Any other table without org_id fails the test below. */
const GLOBAL_TABLES = new Set([
  "users",
  "sessions",
  "sign_in_throttle",
  // A person's sign-in, not an organization's: known browsers, reset links, authenticator and
  // recovery codes (owner connection only; the app role has no grant on any of them).
  "sign_in_devices",
  "password_reset_tokens",
  "user_totp",
  "recovery_codes",
  "sso_login_states", // single sign-on attempts in flight, before anyone is signed in
  "frameworks",
  "practice_groups",
  "practices",
  "practice_dimensions",
  "development_resources",
  "organizations", // the tenant registry itself: its id is the org_id, tested on its own below
]);

type Exec = (q: string, p?: unknown[]) => Promise<Row[]>;
/** Runs a statement in a savepoint that is always rolled back; reports its rows or its error code. */
type Try = (q: string, p?: unknown[]) => Promise<{ code: string | null; rows: Row[] }>;

class Rollback extends Error {
  constructor(public readonly rows: Row[]) {
    super("rollback");
  }
}

function rowsOf(res: unknown): Row[] {
  return (Array.isArray(res) ? res : (res as { rows: Row[] }).rows) as Row[];
}

async function asApp<T>(orgId: string | null, fn: (exec: Exec, tryIt: Try) => Promise<T>): Promise<T> {
  return getDb().transaction(async (tx) => {
    await enterTenant(tx, { orgId, userId: null });
    const exec: Exec = async (q, p = []) => rowsOf(await tx.execute(sql.raw(bind(q, p))));
    // A nested drizzle transaction is a savepoint on both drivers (postgres.js needs its own
    // savepoint API to survive an error inside a transaction).
    const tryIt: Try = async (q, p = []) => {
      try {
        await tx.transaction(async (sp) => {
          throw new Rollback(rowsOf(await sp.execute(sql.raw(bind(q, p)))));
        });
        throw new Error("unreachable");
      } catch (error) {
        if (error instanceof Rollback) return { code: null, rows: error.rows };
        return { code: pgErrorOf(error)?.code ?? "unknown", rows: [] };
      }
    };
    return fn(exec, tryIt);
  });
}

// drizzle's sql.raw takes no parameters; the values here are uuids and JSON made by the test.
function bind(q: string, params: unknown[]): string {
  return q.replace(/\$(\d+)/g, (_, i) => {
    const v = params[Number(i) - 1];
    return v === null || v === undefined ? "null" : `'${String(v).replace(/'/g, "''")}'`;
  });
}

async function fingerprint(table: string, orgId: string): Promise<string> {
  const [row] = await rawQuery<{ n: number; h: string | null }>(
    `select count(*)::int as n, md5(string_agg(t::text, '|' order by t::text)) as h from "${table}" t where org_id = $1`,
    [orgId],
  );
  return `${row!.n}:${row!.h}`;
}

let a: TestOrg;
let b: TestOrg;

beforeAll(async () => {
  [a, b] = await Promise.all([createTestOrg("rls-a"), createTestOrg("rls-b")]);
  for (const org of [a, b]) {
    await fillEveryTenantTable(org);
    // A published (frozen) report too: its trigger and delete policy must hold across organizations.
    await getDb().transaction(async (tx) => {
      await enterTenant(tx, { orgId: org.orgId, userId: org.ctx.admin.userId });
      await tx
        .insert(reports)
        .values({ orgId: org.orgId, periodKey: "FY2026", periodLabel: "FY2026", status: "published", version: 1, snapshot: { format: 1 }, publishedAt: new Date() });
    });
  }
});

describe("row level security", () => {
  it("covers every table: each is a tenant table (org_id) or a known global table", async () => {
    const all = await rawQuery<{ relname: string }>(
      `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p')`,
    );
    const tenant = new Set(await tenantTables());
    const unclassified = all.map((r) => r.relname).filter((t) => !tenant.has(t) && !GLOBAL_TABLES.has(t));
    expect(unclassified).toEqual([]);
    expect(tenant.size).toBeGreaterThanOrEqual(5);
  });

  it("is enabled and forced on every tenant table, with org_id leading the primary key and an index", async () => {
    const tables = await tenantTables();
    const rows = await rawQuery<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      `select relname, relrowsecurity, relforcerowsecurity from pg_class
        where relnamespace = 'public'::regnamespace and relname = any($1)`,
      [tables],
    );
    for (const t of [...tables, "organizations"]) {
      const r = rows.find((x) => x.relname === t) ??
        (await rawQuery<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
          `select relname, relrowsecurity, relforcerowsecurity from pg_class where relnamespace = 'public'::regnamespace and relname = $1`,
          [t],
        ))[0];
      expect({ table: t, enabled: r?.relrowsecurity, forced: r?.relforcerowsecurity }).toEqual({ table: t, enabled: true, forced: true });
    }
    const pks = await rawQuery<{ table_name: string; first_col: string }>(
      `select c.conrelid::regclass::text as table_name, a.attname as first_col
         from pg_constraint c
         join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
        where c.contype = 'p' and c.connamespace = 'public'::regnamespace`,
    );
    for (const t of tables) {
      expect({ table: t, pkStartsWith: pks.find((p) => p.table_name === t)?.first_col }).toEqual({ table: t, pkStartsWith: "org_id" });
    }
  });

  it("binds the app role: not a superuser, not BYPASSRLS, owns no table", async () => {
    const [role] = await rawQuery<{ rolsuper: boolean; rolbypassrls: boolean }>(
      `select rolsuper, rolbypassrls from pg_roles where rolname = $1`,
      [APP_ROLE],
    );
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
    const owned = await rawQuery<{ relname: string }>(
      `select c.relname from pg_class c where pg_get_userbyid(c.relowner) = $1`,
      [APP_ROLE],
    );
    expect(owned).toEqual([]);
  });

  it("every tenant table has rows of both organizations (so the checks below test something)", async () => {
    for (const t of await tenantTables()) {
      for (const org of [a, b]) {
        const [row] = await rawQuery<{ n: number }>(`select count(*)::int as n from "${t}" where org_id = $1`, [org.orgId]);
        expect({ table: t, hasRows: row!.n > 0 }).toEqual({ table: t, hasRows: true });
      }
    }
  });

  it("as organization A, B's rows cannot be selected, updated, deleted or inserted, in any tenant table", async () => {
    for (const t of await tenantTables()) {
      const before = await fingerprint(t, b.orgId);
      const [sample] = await rawQuery<{ j: Row }>(`select row_to_json(t) as j from "${t}" t where org_id = $1 limit 1`, [b.orgId]);
      await asApp(a.orgId, async (exec, tryIt) => {
        const seen = await exec(`select count(*)::int as n from "${t}" where org_id = $1`, [b.orgId]);
        expect({ table: t, visible: seen[0]!.n }).toEqual({ table: t, visible: 0 });
        const upd = await tryIt(`update "${t}" set org_id = org_id where org_id = $1 returning 1`, [b.orgId]);
        expect({ table: t, updated: upd.code === null ? upd.rows.length : upd.code }).toSatisfy(
          (v: { updated: number | string }) => v.updated === 0 || v.updated === "42501",
        );

        const del = await tryIt(`delete from "${t}" where org_id = $1 returning 1`, [b.orgId]);
        expect({ table: t, deleted: del.code === null ? del.rows.length : del.code }).toSatisfy(
          (v: { deleted: number | string }) => v.deleted === 0 || v.deleted === "42501",
        );

        // A copy of one of B's rows (fresh id), inserted while A is set: refused by the policy.
        const copy = { ...sample!.j, ...("id" in sample!.j ? { id: randomUUID() } : {}) };
        const ins = await tryIt(`insert into "${t}" select * from json_populate_record(null::"${t}", $1::json)`, [JSON.stringify(copy)]);
        expect({ table: t, insert: ins.code }).toEqual({ table: t, insert: "42501" });

        // Moving one of A's own rows to B is refused too (WITH CHECK), where updates are allowed.
        const move = await tryIt(`update "${t}" set org_id = $1 where org_id = $2 returning 1`, [b.orgId, a.orgId]);
        expect({ table: t, move: move.code }).toEqual({ table: t, move: "42501" });
      });
      expect({ table: t, unchanged: await fingerprint(t, b.orgId) }).toEqual({ table: t, unchanged: before });
    }
  });

  it("with no organization set, the app role sees no tenant row at all", async () => {
    for (const t of await tenantTables()) {
      const n = await asApp(null, async (exec) => (await exec(`select count(*)::int as n from "${t}"`))[0]!.n);
      expect({ table: t, visible: n }).toEqual({ table: t, visible: 0 });
    }
    const orgs = await asApp(null, async (exec) => (await exec(`select count(*)::int as n from organizations`))[0]!.n);
    expect(orgs).toBe(0);
  });

  it("organizations: A sees only itself and cannot change or create B", async () => {
    await asApp(a.orgId, async (exec, tryIt) => {
      const visible = await exec(`select id from organizations`);
      expect(visible.map((r) => r.id)).toEqual([a.orgId]);
      const upd = await exec(`update organizations set name = 'hijacked' where id = $1 returning 1`, [b.orgId]);
      expect(upd).toHaveLength(0);
      const del = await tryIt(`delete from organizations where id = $1 returning 1`, [b.orgId]);
      expect(del.code).toBe("42501");
      const ins = await tryIt(`insert into organizations (id, slug, name, kind, state) values ($1, $2, 'x', 'city', 'OR')`, [randomUUID(), `x-${randomUUID()}`]);
      expect(ins.code).toBe("42501");
    });
  });

  it("users: the app role sees only members of its organization, and never password hashes", async () => {
    await asApp(a.orgId, async (exec, tryIt) => {
      const ids = (await exec(`select id from users`)).map((r) => r.id);
      expect(new Set(ids)).toEqual(new Set(Object.values(a.ctx).map((c) => c.userId)));
      const hashes = await tryIt(`select password_hash from users`);
      expect(hashes.code).toBe("42501");
      const sessions = await tryIt(`select * from sessions`);
      expect(sessions.code).toBe("42501");
    });
  });

  it("the audit log is append-only for the app role, even after a later migration secures new tables", async () => {
    // Every migration that adds tenant tables calls this function; it must not re-grant the log.
    await rawQuery(`select praxis_secure_tenant_tables()`);
    await asApp(a.orgId, async (_exec, tryIt) => {
      const upd = await tryIt(`update audit_events set action = 'x' where org_id = $1`, [a.orgId]);
      const del = await tryIt(`delete from audit_events where org_id = $1`, [a.orgId]);
      expect([upd.code, del.code]).toEqual(["42501", "42501"]);
    });
  });
});
