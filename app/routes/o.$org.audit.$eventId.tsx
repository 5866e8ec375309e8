import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { getAuditEvent } from "~/modules/audit/audit-log.server";
import { humanize } from "~/modules/audit/audit.schema";
import { cachedJson } from "~/modules/cache/view-cache.server";
import { requireTenantPermission } from "~/modules/auth/tenant.server";

export const meta: MetaFunction = () => [{ title: "Audit event — Praxis" }];

/** Served from the view cache while nothing of the organization changes (ADR 014). */
export const handle = { viewCache: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "audit.read");
  // What the page shows, computed once per organization data version (app/modules/cache).
  return cachedJson(ctx, request, async () => {
    return { orgSlug: ctx.orgSlug, event: await getAuditEvent(ctx, params.eventId ?? "") };
  });
}

const utc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;

export default function AuditEvent() {
  const { orgSlug, event } = useLoaderData<typeof loader>();
  // Back to the list as it was filtered (the filters travel in the address).
  const { search } = useLocation();
  const changed = event.changes.filter((c) => c.changed).length;
  return (
    <>
      <p>
        <Link to={`/o/${orgSlug}/audit${search}`}>Back to the audit log</Link>
      </p>
      <h1>
        {humanize(event.action)}: {humanize(event.entityType)}
      </h1>
      <dl className="card details">
        <dt>Time</dt>
        <dd>{utc(event.createdAt)}</dd>
        <dt>Person</dt>
        <dd>{event.actorName ? `${event.actorName} (${event.actorEmail})` : event.actorUserId ? `Unknown account (${event.actorUserId})` : "No one signed in"}</dd>
        <dt>Action</dt>
        <dd>
          <code>{event.action}</code>
        </dd>
        <dt>Kind of record</dt>
        <dd>
          <code>{event.entityType}</code>
        </dd>
        <dt>Record</dt>
        <dd>{event.entityId ? <code>{event.entityId}</code> : <span className="muted">None</span>}</dd>
        <dt>Event id</dt>
        <dd>
          <code>{event.id}</code>
        </dd>
      </dl>
      <section aria-labelledby="changes-title">
        <h2 id="changes-title">Before and after</h2>
        {event.changes.length === 0 || (event.before === null && event.after === null) ? (
          <p className="muted">This event recorded no values.</p>
        ) : (
          <div className="table-wrap card">
            <table>
              <caption>
                {changed} of {event.changes.length} field{event.changes.length === 1 ? "" : "s"} changed
              </caption>
              <thead>
                <tr>
                  <th scope="col">Field</th>
                  <th scope="col">Before</th>
                  <th scope="col">After</th>
                  <th scope="col">Changed</th>
                </tr>
              </thead>
              <tbody>
                {event.changes.map((c) => (
                  <tr key={c.field} className={c.changed ? "changed" : undefined}>
                    <th scope="row">
                      <code>{c.field}</code>
                    </th>
                    <td>{c.before === "" ? <span className="muted">(none)</span> : c.before}</td>
                    <td>{c.after === "" ? <span className="muted">(none)</span> : c.after}</td>
                    <td>{c.changed ? <strong>Changed</strong> : <span className="muted">Unchanged</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
