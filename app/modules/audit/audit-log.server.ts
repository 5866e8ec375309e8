// Reading the audit log: filtered lists, one event with its changes, and the CSV of a filtered
// list. Nothing here (or anywhere in the app) updates or deletes an event: the app role has only
// SELECT and INSERT on audit_events (drizzle/0004), so not even a bug could.
import { and, count, desc, eq, gte, isNotNull, lt, type SQL } from "drizzle-orm";
import { auditEvents } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { requirePermission, type TenantContext } from "~/modules/auth/tenant.server";
import { csvFile, fileDate, type CsvFile, type CsvTable } from "~/modules/exports/csv.server";
import { notFound } from "~/utils/http.server";
import { AUDIT_PAGE_SIZE, type AuditFilters } from "./audit.schema";
import { isUuid } from "~/modules/core/ids";
import { pageOf } from "~/modules/core/pagination";

export type AuditEventSummary = {
  id: string;
  createdAt: Date;
  actorUserId: string | null;
  /** As they were when the event was written; null when there was no actor (a system change, a
   * failed sign-in). */
  actorName: string | null;
  actorEmail: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
};

export type AuditChange = { field: string; before: string; after: string; changed: boolean };

export type AuditEventDetail = AuditEventSummary & { before: unknown; after: unknown; changes: AuditChange[] };

export type AuditLogPage = {
  events: AuditEventSummary[];
  filters: AuditFilters;
  total: number;
  pageCount: number;
  options: { actors: { id: string; name: string }[]; entityTypes: string[]; actions: string[] };
};

/** Events can be exported up to this many at a time (narrow the dates for more). */
export const AUDIT_CSV_LIMIT = 50_000;

const DAY_MS = 86_400_000;

function where(ctx: TenantContext, f: AuditFilters): SQL | undefined {
  return and(
    eq(auditEvents.orgId, ctx.orgId),
    f.actor ? eq(auditEvents.actorUserId, f.actor) : undefined,
    f.entityType ? eq(auditEvents.entityType, f.entityType) : undefined,
    f.action ? eq(auditEvents.action, f.action) : undefined,
    f.from ? gte(auditEvents.createdAt, new Date(`${f.from}T00:00:00Z`)) : undefined,
    f.to ? lt(auditEvents.createdAt, new Date(new Date(`${f.to}T00:00:00Z`).getTime() + DAY_MS)) : undefined,
  );
}

const SUMMARY = {
  id: auditEvents.id,
  createdAt: auditEvents.createdAt,
  actorUserId: auditEvents.actorUserId,
  // Kept on the event itself (drizzle/0025): a former member's events still name them.
  actorName: auditEvents.actorName,
  actorEmail: auditEvents.actorEmail,
  action: auditEvents.action,
  entityType: auditEvents.entityType,
  entityId: auditEvents.entityId,
};

/** One page of events, newest first, with the choices of the filter form. */
export async function listAuditEvents(ctx: TenantContext, filters: AuditFilters): Promise<AuditLogPage> {
  requirePermission(ctx, "audit.read");
  return withTenant(ctx, async (tx) => {
    const condition = where(ctx, filters);
    const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(auditEvents).where(condition);
    const { page, pageCount, offset } = pageOf(n, filters.page, AUDIT_PAGE_SIZE);
    const events = await tx
      .select(SUMMARY)
      .from(auditEvents)
      .where(condition)
      .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
      .limit(AUDIT_PAGE_SIZE)
      .offset(offset);
    // Each actor once, under the name and email of their latest event.
    const actorRows = await tx
      .selectDistinctOn([auditEvents.actorUserId], { id: auditEvents.actorUserId, name: auditEvents.actorName, email: auditEvents.actorEmail })
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, ctx.orgId), isNotNull(auditEvents.actorUserId)))
      .orderBy(auditEvents.actorUserId, desc(auditEvents.createdAt));
    const entityRows = await tx.selectDistinct({ v: auditEvents.entityType }).from(auditEvents).where(eq(auditEvents.orgId, ctx.orgId));
    const actionRows = await tx.selectDistinct({ v: auditEvents.action }).from(auditEvents).where(eq(auditEvents.orgId, ctx.orgId));
    return {
      events,
      filters: { ...filters, page },
      total: n,
      pageCount,
      options: {
        actors: actorRows
          .filter((a): a is { id: string; name: string | null; email: string | null } => a.id !== null)
          .map((a) => ({ id: a.id, name: a.name ? `${a.name} (${a.email})` : `Unknown account (${a.id.slice(0, 8)})` }))
          .sort((a, b) => a.name.localeCompare(b.name)),
        entityTypes: entityRows.map((r) => r.v).sort(),
        actions: actionRows.map((r) => r.v).sort(),
      },
    };
  });
}

/** A value as one readable cell: text as is, anything else as JSON; absent as empty. */
function show(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Field by field, before beside after: changed fields first, then the unchanged ones (kept,
 * since they say what the record was), each by name (jsonb keeps no order of its own). */
export function diffAudit(before: unknown, after: unknown): AuditChange[] {
  if ((before === null || isRecord(before)) && (after === null || isRecord(after))) {
    const b = before ?? {};
    const a = after ?? {};
    const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
    return fields
      .map((field) => ({ field, before: show(b[field]), after: show(a[field]), changed: JSON.stringify(b[field] ?? null) !== JSON.stringify(a[field] ?? null) }))
      .sort((x, y) => Number(y.changed) - Number(x.changed) || x.field.localeCompare(y.field));
  }
  return [{ field: "(value)", before: show(before), after: show(after), changed: JSON.stringify(before) !== JSON.stringify(after) }];
}


export async function getAuditEvent(ctx: TenantContext, id: string): Promise<AuditEventDetail> {
  requirePermission(ctx, "audit.read");
  if (!isUuid(id)) notFound("We couldn't find that audit event in this organization.");
  const [row] = await withTenant(ctx, (tx) =>
    tx
      .select({ ...SUMMARY, before: auditEvents.before, after: auditEvents.after })
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, ctx.orgId), eq(auditEvents.id, id))),
  );
  if (!row) notFound("We couldn't find that audit event in this organization.");
  return { ...row, changes: diffAudit(row.before, row.after) };
}

type CsvRow = AuditEventSummary & { before: unknown; after: unknown };

const AUDIT_CSV: CsvTable<CsvRow> = [
  { header: "time_utc", value: (r) => r.createdAt },
  { header: "actor_user_id", value: (r) => r.actorUserId },
  { header: "actor_name", value: (r) => r.actorName },
  { header: "actor_email", value: (r) => r.actorEmail },
  { header: "action", value: (r) => r.action },
  { header: "entity_type", value: (r) => r.entityType },
  { header: "entity_id", value: (r) => r.entityId },
  { header: "before", value: (r) => (r.before === null ? null : (r.before as Record<string, unknown>)) },
  { header: "after", value: (r) => (r.after === null ? null : (r.after as Record<string, unknown>)) },
  { header: "event_id", value: (r) => r.id },
];

/** Every event matching the filters (all pages), newest first, with before and after as JSON. */
export async function exportAuditEventsCsv(ctx: TenantContext, filters: AuditFilters): Promise<CsvFile> {
  requirePermission(ctx, "audit.read");
  const rows = await withTenant(ctx, (tx) =>
    tx
      .select({ ...SUMMARY, before: auditEvents.before, after: auditEvents.after })
      .from(auditEvents)
      .where(where(ctx, filters))
      .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
      .limit(AUDIT_CSV_LIMIT),
  );
  return csvFile([ctx.orgSlug, "audit-log", filters.from, filters.to, fileDate()], AUDIT_CSV, rows);
}
