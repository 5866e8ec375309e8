import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { listAuditEvents } from "~/modules/audit/audit-log.server";
import { auditFilterQuery, humanize, parseAuditFilters } from "~/modules/audit/audit.schema";
import { can } from "~/modules/auth/permissions";
import { cachedJson } from "~/modules/cache/view-cache.server";
import { requireTenantPermission } from "~/modules/auth/tenant.server";

export const meta: MetaFunction = () => [{ title: "Audit log — Praxis" }];

/** Served from the view cache while nothing of the organization changes (ADR 014). */
export const handle = { viewCache: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "audit.read");
  // What the page shows, computed once per organization data version (app/modules/cache).
  return cachedJson(ctx, request, async () => {
    const filters = parseAuditFilters(new URL(request.url).searchParams);
    return { orgSlug: ctx.orgSlug, canExport: can(ctx.role, "org.export"), log: await listAuditEvents(ctx, filters) };
  });
}

/** "2026-11-24T17:51:24.000Z" → "2026-11-24 17:51:24 UTC" (the log is kept in UTC). */
function utc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

export default function AuditLog() {
  const { orgSlug, canExport, log } = useLoaderData<typeof loader>();
  const base = `/o/${orgSlug}/audit`;
  const f = log.filters;
  const filtered = Boolean(f.actor || f.entityType || f.action || f.from || f.to);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Audit log</h1>
          <p className="muted">
            Every change made in this organization: who made it, when, and what the record was before and after. The log can be read and
            exported, never changed or deleted. Times are in UTC.
          </p>
        </div>
        <p>
          <a href={`/o/${orgSlug}/audit.csv${auditFilterQuery(f)}`} className="button secondary" download>
            Download CSV{filtered ? " of these events" : ""}
          </a>
        </p>
        {canExport ? (
          <p>
            <Link to={`/o/${orgSlug}/export`}>Export the whole organization</Link>
          </p>
        ) : null}
      </div>

      <Form method="get" className="row card filters" aria-label="Filter the audit log">
        <div className="field">
          <label htmlFor="audit-actor">Person</label>
          <select id="audit-actor" name="actor" defaultValue={f.actor ?? ""}>
            <option value="">Anyone</option>
            {log.options.actors.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-entity">Kind of record</label>
          <select id="audit-entity" name="entity" defaultValue={f.entityType ?? ""}>
            <option value="">Any</option>
            {log.options.entityTypes.map((e) => (
              <option key={e} value={e}>
                {humanize(e)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-action">Action</label>
          <select id="audit-action" name="action" defaultValue={f.action ?? ""}>
            <option value="">Any</option>
            {log.options.actions.map((a) => (
              <option key={a} value={a}>
                {humanize(a)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-from">From (date)</label>
          <input id="audit-from" type="date" name="from" defaultValue={f.from ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">To (date)</label>
          <input id="audit-to" type="date" name="to" defaultValue={f.to ?? ""} />
        </div>
        <div className="actions">
          <button type="submit" className="secondary">
            Filter
          </button>
          {filtered ? <Link to={base}>Clear filters</Link> : null}
        </div>
      </Form>

      {log.events.length === 0 ? (
        <div className="card empty">
          <p>
            <strong>{filtered ? "No events match these filters." : "Nothing has been recorded yet."}</strong>
          </p>
        </div>
      ) : (
        <div className="table-wrap card">
          <table>
            <caption>
              Events, newest first: {log.total.toLocaleString("en-US")}
              {log.pageCount > 1 ? ` (page ${f.page} of ${log.pageCount})` : ""}
            </caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Person</th>
                <th scope="col">Action</th>
                <th scope="col">Record</th>
              </tr>
            </thead>
            <tbody>
              {log.events.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap">{utc(e.createdAt)}</td>
                  <td>
                    {e.actorName ? (
                      <>
                        {e.actorName}
                        <span className="muted small"> {e.actorEmail}</span>
                      </>
                    ) : (
                      <span className="muted">{e.actorUserId ? "Unknown account" : "No one signed in"}</span>
                    )}
                  </td>
                  <th scope="row">
                    <Link to={`${base}/${e.id}${auditFilterQuery(f, { page: f.page })}`}>{humanize(e.action)}</Link>
                  </th>
                  <td>
                    {humanize(e.entityType)}
                    {e.entityId ? <span className="muted small"> {e.entityId}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {log.pageCount > 1 ? (
        <nav aria-label="Pages of the audit log" className="row">
          {f.page > 1 ? <Link to={`${base}${auditFilterQuery(f, { page: f.page - 1 })}`}>Newer events</Link> : null}
          <span>
            Page {f.page} of {log.pageCount}
          </span>
          {f.page < log.pageCount ? <Link to={`${base}${auditFilterQuery(f, { page: f.page + 1 })}`}>Older events</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
