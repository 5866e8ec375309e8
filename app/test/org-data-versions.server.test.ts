// The organizations' data versions (migration 0016, docs/decisions/014-view-cache.md): the view
// cache serves a page again only while its organization's counter has not moved, so every change
// of a tenant row must move it — whoever writes, however many rows — and nothing else may.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { departments, organizations } from "#db/schema";
import { getDb, pgErrorOf, rawQuery } from "#db/client.server";
import { enterTenant, withTenant } from "#db/tenant.server";
import { createTestOrg, tenantTables, type TestOrg } from "#db/test/factories";
import { addRoster, openWithInvitations } from "~/modules/assessments/assessments.test-helpers";
import { openSurvey, submitSurvey } from "~/modules/assessments/respond.server";

/** Tables whose rows are a function of other rows (ADR 012), the counters themselves, and the
 * anonymous tables, on which ADR 007 allows no trigger (a submission raises the counter through
 * its invitation rows, tested below). */
const UNTRACKED = new Set([
  "org_data_versions",
  "assessment_result_rollups",
  "assessment_result_tallies",
  "assessment_responses",
  "assessment_answers",
  "assessment_comments",
]);

async function versionOf(orgId: string): Promise<number> {
  const [row] = await rawQuery<{ v: string | null }>(`select version::text as v from org_data_versions where org_id = $1`, [orgId]);
  return Number(row?.v ?? 0);
}

let a: TestOrg;
let b: TestOrg;

beforeAll(async () => {
  [a, b] = await Promise.all([createTestOrg("versions-a"), createTestOrg("versions-b")]);
});

describe("organization data versions", () => {
  it("every tenant table but the rollups and the counters, and organizations, carry the deferred version trigger", async () => {
    const tables = (await tenantTables()).filter((t) => !UNTRACKED.has(t));
    expect(tables.length).toBeGreaterThan(20);
    const rows = await rawQuery<{ table_name: string; deferred: boolean; events: number }>(
      `select c.relname as table_name, t.tginitdeferred as deferred, t.tgtype::int as events
         from pg_trigger t join pg_class c on c.oid = t.tgrelid
        where t.tgname = 'praxis_org_version' and c.relnamespace = 'public'::regnamespace`,
    );
    const byTable = new Map(rows.map((r) => [r.table_name, r]));
    for (const t of [...tables, "organizations"]) {
      const trig = byTable.get(t);
      // tgtype bits: 1 row, 4 insert, 8 delete, 16 update.
      expect({ table: t, deferred: trig?.deferred, rowLevelInsertUpdateDelete: trig ? (trig.events & 29) === 29 : false }).toEqual({
        table: t,
        deferred: true,
        rowLevelInsertUpdateDelete: true,
      });
    }
    for (const t of UNTRACKED) expect({ table: t, trigger: byTable.has(t) }).toEqual({ table: t, trigger: false });
  });

  it("a committed transaction raises its organization's version once, however many rows and statements; the other organization's stays", async () => {
    const [a0, b0] = [await versionOf(a.orgId), await versionOf(b.orgId)];
    await withTenant({ orgId: a.orgId, userId: a.ctx.admin.userId }, async (tx) => {
      await tx.insert(departments).values([
        { orgId: a.orgId, id: randomUUID(), name: "Parks", code: `P${randomUUID().slice(0, 6)}` },
        { orgId: a.orgId, id: randomUUID(), name: "Library", code: `L${randomUUID().slice(0, 6)}` },
      ]);
      await tx.update(departments).set({ name: sql`${departments.name}` }).where(sql`${departments.orgId} = ${a.orgId}`);
    });
    expect([await versionOf(a.orgId), await versionOf(b.orgId)]).toEqual([a0 + 1, b0]);
  });

  it("updates, deletes and changes of the organization's own row raise it too", async () => {
    const v0 = await versionOf(a.orgId);
    const id = randomUUID();
    await withTenant({ orgId: a.orgId, userId: null }, (tx) => tx.insert(departments).values({ orgId: a.orgId, id, name: "Temporary", code: `T${id.slice(0, 6)}` }));
    await withTenant({ orgId: a.orgId, userId: null }, (tx) => tx.update(departments).set({ name: "Temporary 2" }).where(sql`${departments.id} = ${id}`));
    await withTenant({ orgId: a.orgId, userId: null }, (tx) => tx.delete(departments).where(sql`${departments.id} = ${id}`));
    await withTenant({ orgId: a.orgId, userId: null }, (tx) => tx.update(organizations).set({ name: `${a.name} (renamed)` }).where(sql`${organizations.id} = ${a.orgId}`));
    expect(await versionOf(a.orgId)).toBe(v0 + 4);
  });

  it("a survey submission raises it once (through its invitation rows: the anonymous tables have no trigger)", async () => {
    await addRoster(a, [{ department: "PW" }, { department: "PW" }]);
    const { tokens } = await openWithInvitations(a, { title: "Versions survey" });
    const token = tokens[0]!.token;
    const lookup = await openSurvey({ token });
    if (lookup.status !== "ready") throw new Error(`survey not ready: ${lookup.status}`);
    const answers: Record<string, number | null> = {};
    for (const step of lookup.survey.steps) for (const item of step.items) answers[item.id] = 4;
    const v0 = await versionOf(a.orgId);
    expect(await submitSurvey({ token }, { answers })).toMatchObject({ status: "submitted" });
    expect(await versionOf(a.orgId)).toBe(v0 + 1);
  });

  it("a rolled-back transaction, or a statement that changes no row, leaves it alone", async () => {
    const v0 = await versionOf(a.orgId);
    await expect(
      withTenant({ orgId: a.orgId, userId: null }, async (tx) => {
        await tx.insert(departments).values({ orgId: a.orgId, id: randomUUID(), name: "Never", code: "NEVER" });
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    await withTenant({ orgId: a.orgId, userId: null }, (tx) => tx.update(departments).set({ name: "x" }).where(sql`${departments.id} = ${randomUUID()}`));
    expect(await versionOf(a.orgId)).toBe(v0);
  });

  it("writes made outside the app (the owner connection, no organization set) raise it", async () => {
    const v0 = await versionOf(b.orgId);
    const id = randomUUID();
    await rawQuery(`insert into departments (org_id, id, name, code) values ($1, $2, 'By hand', $3)`, [b.orgId, id, `H${id.slice(0, 6)}`]);
    expect(await versionOf(b.orgId)).toBe(v0 + 1);
  });

  it("the app role reads its own organization's counter, and a member's, never another's, and cannot write it", async () => {
    const read = (orgId: string | null, userId: string | null) =>
      withTenant({ orgId, userId }, (tx) => tx.execute(sql`select org_id from org_data_versions where org_id in (${a.orgId}, ${b.orgId}) order by org_id`)).then((r) =>
        (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows).map((x) => (x as { org_id: string }).org_id),
      );
    expect(await read(a.orgId, null)).toEqual([a.orgId]);
    expect(await read(null, a.ctx.staff.userId)).toEqual([a.orgId]);
    expect(await read(null, null)).toEqual([]);
    const write = getDb().transaction(async (tx) => {
      await enterTenant(tx, { orgId: a.orgId, userId: null });
      await tx.execute(sql`update org_data_versions set version = 0 where org_id = ${a.orgId}`);
    });
    const refused = await write.then(
      () => null,
      (e: unknown) => pgErrorOf(e)?.code,
    );
    expect(refused).toBe("42501");
  });
});

// Two connections at once exist only on PostgreSQL (PGlite runs one transaction at a time): this
// suite is defined only when the database suite runs against a server (TEST_DATABASE_URL, as in
// .ci/run), like the pg_dump suite of app/test/backup.server.test.ts.
if (process.env.TEST_DATABASE_URL)
describe("organization data versions under concurrent writers (PostgreSQL)", () => {
  it("two writers of one organization crossing each other's rows both commit (the counter is taken at commit, not at the first write)", async () => {
    const [x, y] = [randomUUID(), randomUUID()];
    await rawQuery(`insert into departments (org_id, id, name, code) values ($1, $2, 'X', $3), ($1, $4, 'Y', $5)`, [a.orgId, x, `X${x.slice(0, 6)}`, y, `Y${y.slice(0, 6)}`]);
    const v0 = await versionOf(a.orgId);
    let release!: () => void;
    const secondHasY = new Promise<void>((r) => (release = r));
    let firstHasX!: () => void;
    const xTaken = new Promise<void>((r) => (firstHasX = r));
    const rename = (id: string, name: string) => (tx: Parameters<Parameters<typeof withTenant>[1]>[0]) =>
      tx.update(departments).set({ name }).where(sql`${departments.id} = ${id}`);
    const first = withTenant({ orgId: a.orgId, userId: null }, async (tx) => {
      await rename(x, "X by first")(tx);
      firstHasX();
      await secondHasY;
      await rename(y, "Y by first")(tx); // waits for the second writer's commit
    });
    const second = withTenant({ orgId: a.orgId, userId: null }, async (tx) => {
      await xTaken;
      await rename(y, "Y by second")(tx);
      release();
    });
    await Promise.all([first, second]);
    expect(await versionOf(a.orgId)).toBe(v0 + 2);
    const names = await rawQuery<{ name: string }>(`select name from departments where id = any($1) order by name`, [[x, y]]);
    expect(names.map((n) => n.name)).toEqual(["X by first", "Y by first"]);
  });
});
