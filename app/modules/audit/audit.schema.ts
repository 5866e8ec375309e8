// The audit log viewer's filters, read from the address (so a filtered view can be shared and
// exported as it is shown). Anything malformed is ignored rather than refused: a filter typed by
// hand into the address should narrow or not, never break the page.
import { isUuid } from "~/modules/core/ids";

export const AUDIT_PAGE_SIZE = 50;

export type AuditFilters = {
  /** The acting user's id. */
  actor: string | null;
  entityType: string | null;
  action: string | null;
  /** ISO dates, inclusive, in UTC. */
  from: string | null;
  to: string | null;
  page: number;
};

const NAME = /^[a-z_][a-z0-9_.]{0,99}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(value: string | null): string | null {
  if (!value || !DATE.test(value)) return null;
  const d = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value ? null : value;
}

export function parseAuditFilters(params: URLSearchParams): AuditFilters {
  const actor = params.get("actor");
  const entityType = params.get("entity");
  const action = params.get("action");
  const page = Number(params.get("page") ?? "1");
  return {
    actor: actor && isUuid(actor) ? actor.toLowerCase() : null,
    entityType: entityType && NAME.test(entityType) ? entityType : null,
    action: action && NAME.test(action) ? action : null,
    from: validDate(params.get("from")),
    to: validDate(params.get("to")),
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
  };
}

/** The filters as a query string (without the page unless asked), for links and the CSV. */
export function auditFilterQuery(filters: AuditFilters, options: { page?: number } = {}): string {
  const q = new URLSearchParams();
  if (filters.actor) q.set("actor", filters.actor);
  if (filters.entityType) q.set("entity", filters.entityType);
  if (filters.action) q.set("action", filters.action);
  if (filters.from) q.set("from", filters.from);
  if (filters.to) q.set("to", filters.to);
  if (options.page && options.page > 1) q.set("page", String(options.page));
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** "invitation.create" → "Invitation create"; "assessment_campaign" → "Assessment campaign". */
export function humanize(name: string): string {
  const s = name.replace(/[._]+/g, " ").trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}
