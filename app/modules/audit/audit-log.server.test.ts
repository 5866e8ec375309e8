import { sql } from "drizzle-orm";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { pgErrorOf, rawQuery } from "#db/client.server";
import { withTenant } from "#db/tenant.server";
import { createTestOrg, type TestOrg } from "#db/test/factories";
import { diffAudit, exportAuditEventsCsv, getAuditEvent, listAuditEvents } from "./audit-log.server";
import { AUDIT_PAGE_SIZE, parseAuditFilters, type AuditFilters } from "./audit.schema";

const NONE: AuditFilters = { actor: null, entityType: null, action: null, from: null, to: null, page: 1 };

async function insertEvent(org: TestOrg, e: { actor: string | null; action: string; entityType: string; entityId?: string; before?: unknown; after?: unknown; at: string }): Promise<string> {
  const [row] = await rawQuery<{ id: string }>(
    `insert into audit_events (org_id, actor_user_id, action, entity_type, entity_id, before, after, created_at)
     values ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8) returning id`,
    [org.orgId, e.actor, e.action, e.entityType, e.entityId ?? null, e.before === undefined ? null : JSON.stringify(e.before), e.after === undefined ? null : JSON.stringify(e.after), e.at],
  );
  return row!.id;
}

async function statusOf(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (e) {
    if (e instanceof Response) return e.status;
    throw e;
  }
}

let a: TestOrg;
let b: TestOrg;
let updateId: string;
let otherOrgEventId: string;
const BULK = 60;

beforeAll(async () => {
  [a, b] = await Promise.all([createTestOrg("audit-a"), createTestOrg("audit-b")]);
  const admin = a.ctx.admin.userId;
  await insertEvent(a, { actor: admin, action: "department.create", entityType: "department", entityId: "d1", after: { name: "Parks", code: "PARKS" }, at: "2026-01-10T09:00:00Z" });
  updateId = await insertEvent(a, {
    actor: admin,
    action: "department.update",
    entityType: "department",
    entityId: "d1",
    before: { name: "Parks", code: "PARKS", parentId: null },
    after: { name: "=Parks and Recreation", code: "PARKS", parentId: null },
    at: "2026-02-15T23:30:00Z",
  });
  await insertEvent(a, { actor: a.ctx.department_head.userId, action: "plan.update", entityType: "plan", at: "2026-03-01T12:00:00Z" });
  for (let i = 0; i < BULK; i++) {
    await insertEvent(a, { actor: null, action: "roster.import", entityType: "roster", after: { n: i }, at: new Date(Date.UTC(2026, 3, 1, 0, i)).toISOString() });
  }
  otherOrgEventId = await insertEvent(b, { actor: b.ctx.admin.userId, action: "department.create", entityType: "department", at: "2026-02-15T10:00:00Z" });
});

describe("the audit log viewer", () => {
  it("lists the organization's events newest first, a page at a time", async () => {
    const first = await listAuditEvents(a.ctx.admin, NONE);
    expect(first.total).toBe(BULK + 3);
    expect(first.pageCount).toBe(Math.ceil((BULK + 3) / AUDIT_PAGE_SIZE));
    expect(first.events).toHaveLength(AUDIT_PAGE_SIZE);
    const times = first.events.map((e) => e.createdAt.getTime());
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    // The list carries no before/after: those are read one event at a time.
    expect(Object.keys(first.events[0]!).sort()).toEqual(["action", "actorEmail", "actorName", "actorUserId", "createdAt", "entityId", "entityType", "id"]);
    const last = await listAuditEvents(a.ctx.admin, { ...NONE, page: 2 });
    expect(last.events.map((e) => e.action).slice(-3)).toEqual(["plan.update", "department.update", "department.create"]);
    // A page past the end shows the last page.
    expect((await listAuditEvents(a.ctx.admin, { ...NONE, page: 99 })).filters.page).toBe(2);
    expect(first.options.entityTypes).toEqual(["department", "plan", "roster"]);
    expect(first.options.actors.map((x) => x.id).sort()).toEqual([a.ctx.admin.userId, a.ctx.department_head.userId].sort());
  });

  it("filters by person, kind of record, action and an inclusive date range", async () => {
    const ids = async (f: Partial<AuditFilters>) => (await listAuditEvents(a.ctx.admin, { ...NONE, ...f })).events.map((e) => e.action);
    expect(await ids({ actor: a.ctx.admin.userId })).toEqual(["department.update", "department.create"]);
    expect(await ids({ entityType: "plan" })).toEqual(["plan.update"]);
    expect(await ids({ action: "department.create" })).toEqual(["department.create"]);
    expect(await ids({ from: "2026-02-01", to: "2026-02-15" })).toEqual(["department.update"]);
    expect(await ids({ from: "2026-02-16", to: "2026-03-01" })).toEqual(["plan.update"]);
    expect(await ids({ actor: a.ctx.department_head.userId, entityType: "department" })).toEqual([]);
  });

  it("reads its filters from the address and ignores malformed ones", () => {
    const f = parseAuditFilters(new URLSearchParams(`actor=${a.ctx.admin.userId}&entity=department&action=department.update&from=2026-02-01&to=2026-02-30&page=x`));
    expect(f).toEqual({ actor: a.ctx.admin.userId, entityType: "department", action: "department.update", from: "2026-02-01", to: null, page: 1 });
    expect(parseAuditFilters(new URLSearchParams("actor=1;drop&entity=A B"))).toEqual(NONE);
  });

  it("opens one event with its before and after, field by field", async () => {
    const e = await getAuditEvent(a.ctx.admin, updateId);
    expect(e.actorName).toBe("Test admin");
    expect(e.changes).toEqual([
      { field: "name", before: "Parks", after: "=Parks and Recreation", changed: true },
      { field: "code", before: "PARKS", after: "PARKS", changed: false },
      { field: "parentId", before: "", after: "", changed: false },
    ]);
    expect(diffAudit(null, { a: [1] })).toEqual([{ field: "a", before: "", after: "[1]", changed: true }]);
    expect(diffAudit("x", "y")).toEqual([{ field: "(value)", before: "x", after: "y", changed: true }]);
  });

  it("answers 404 for another organization's event and 403 for roles without audit.read", async () => {
    expect(await statusOf(getAuditEvent(a.ctx.admin, otherOrgEventId))).toBe(404);
    expect(await statusOf(getAuditEvent(a.ctx.admin, "not-a-uuid"))).toBe(404);
    for (const role of ["department_head", "staff", "elected_official"] as const) {
      expect(await statusOf(listAuditEvents(a.ctx[role], NONE))).toBe(403);
      expect(await statusOf(getAuditEvent(a.ctx[role], updateId))).toBe(403);
      expect(await statusOf(exportAuditEventsCsv(a.ctx[role], NONE))).toBe(403);
    }
  });

  it("exports the filtered events (every page) as CSV, formulas neutralized", async () => {
    const all = await exportAuditEventsCsv(a.ctx.admin, NONE);
    expect(all.rowCount).toBe(BULK + 3);
    const dept = await exportAuditEventsCsv(a.ctx.admin, { ...NONE, entityType: "department" });
    const [header, ...rows] = parse(dept.csv, { bom: true }) as string[][];
    expect(header).toEqual(["time_utc", "actor_user_id", "actor_name", "actor_email", "action", "entity_type", "entity_id", "before", "after", "event_id"]);
    expect(rows.map((r) => r[4])).toEqual(["department.update", "department.create"]);
    expect(JSON.parse(rows[0]![8]!)).toEqual({ name: "=Parks and Recreation", code: "PARKS", parentId: null });
    expect(dept.fileName).toMatch(/^audit-a-.*-audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
    const withName = await exportAuditEventsCsv(a.ctx.admin, { ...NONE, action: "department.create" });
    expect(withName.csv).not.toContain(otherOrgEventId);
  });
});

describe("the audit log is append-only for the app role", () => {
  it("has no UPDATE, DELETE or TRUNCATE privilege on audit_events, only SELECT and INSERT", async () => {
    const [p] = await rawQuery<Record<string, boolean>>(
      `select has_table_privilege('praxis_app', 'audit_events', 'SELECT') as s,
              has_table_privilege('praxis_app', 'audit_events', 'INSERT') as i,
              has_table_privilege('praxis_app', 'audit_events', 'UPDATE') as u,
              has_table_privilege('praxis_app', 'audit_events', 'DELETE') as d,
              has_table_privilege('praxis_app', 'audit_events', 'TRUNCATE') as t`,
    );
    expect(p).toEqual({ s: true, i: true, u: false, d: false, t: false });
  });

  it("refuses an UPDATE, DELETE or TRUNCATE tried inside a tenant transaction, and the rows stay", async () => {
    const count = async () => (await rawQuery<{ n: number }>(`select count(*)::int as n from audit_events where org_id = $1`, [a.orgId]))[0]!.n;
    const before = await count();
    for (const statement of [
      sql`update audit_events set action = 'tampered' where org_id = ${a.orgId}`,
      sql`delete from audit_events where org_id = ${a.orgId}`,
      sql`truncate audit_events`,
    ]) {
      const code = await withTenant({ orgId: a.orgId, userId: a.ctx.admin.userId }, (tx) => tx.execute(statement)).then(
        () => "allowed",
        (e: unknown) => pgErrorOf(e)?.code ?? "unknown",
      );
      expect(code).toBe("42501");
    }
    expect(await count()).toBe(before);
    const [tampered] = await rawQuery<{ n: number }>(`select count(*)::int as n from audit_events where action = 'tampered'`);
    expect(tampered!.n).toBe(0);
  });
});
