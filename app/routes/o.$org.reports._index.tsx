import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { CsvLink } from "~/components/csv-link";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { can } from "~/modules/auth/permissions";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { longDate } from "~/modules/reports/components/report-document";
import { ReportError } from "~/modules/reports/components/report-error";
import { listPublishedReports, listReportPeriods } from "~/modules/reports/reports.server";
import reportStyles from "~/styles/reports.css";

export const meta: MetaFunction = () => [{ title: "Reports — Praxis" }];
export const links = () => [{ rel: "stylesheet", href: reportStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "reports.read");
  const canManage = can(ctx.role, "reports.manage");
  return json({
    orgSlug: ctx.orgSlug,
    canManage,
    published: await listPublishedReports(ctx),
    periods: canManage ? await listReportPeriods(ctx) : [],
  });
}

export default function ReportsPage() {
  const { orgSlug, canManage, published, periods } = useLoaderData<typeof loader>();
  const base = `/o/${orgSlug}/reports`;
  return (
    <>
      <h1>Reports</h1>
      <p className="lead">
        Summary reports tell the council and the public, in plain language, how the strategic plan, the budget and the organization&apos;s practices are doing. A published
        report never changes; a newer version can be published.
      </p>

      {canManage ? (
        <section aria-labelledby="periods-title">
          <h2 id="periods-title">Preview and publish</h2>
          <p>Preview a period&apos;s report with today&apos;s figures, add a note, and publish it when it is ready.</p>
          {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrollable region must be reachable by keyboard */}
          <div className="table-wrap" role="region" aria-label="Periods to report on" tabIndex={0}>
            <table className="report-list">
              <caption>Periods to report on</caption>
              <thead>
                <tr>
                  <th scope="col">Period</th>
                  <th scope="col">Draft note</th>
                  <th scope="col" className="num">
                    Published versions
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {periods.map((p) => (
                  <tr key={p.key}>
                    <th scope="row">{p.label}</th>
                    <td>{p.draftNote ? "Note written" : "—"}</td>
                    <td className="num">{p.publishedVersions}</td>
                    <td>
                      <Link to={`${base}/preview?period=${p.key}`} aria-label={`Preview the report for ${p.label}`}>
                        Preview
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <CsvLink href={`${base}/periods.csv`} label="Download the periods to report on (CSV)" />
        </section>
      ) : null}

      <section aria-labelledby="published-title">
        <h2 id="published-title">Published reports</h2>
        {published.length === 0 ? (
          <p>No report has been published yet.</p>
        ) : (
          <>
            <ul className="card-list report-published">
              {published.map((r) => (
                <li key={r.id}>
                  <Link to={`${base}/${r.id}`}>
                    Summary report: {r.periodLabel}
                    {r.version > 1 ? ` (version ${r.version})` : ""}
                  </Link>{" "}
                  <span className="muted">published on {longDate(r.publishedAt)}</span>
                </li>
              ))}
            </ul>
            <CsvLink href={`${base}.csv`} label="Download the list of published reports (CSV)" />
            {published.length >= 2 ? (
              <Form method="get" action={`${base}/compare`} className="compare-pickers">
                <div className="field">
                  <label htmlFor="compare-a">First report</label>
                  <select id="compare-a" name="a" defaultValue={published[1]!.id}>
                    {published.map((r) => (
                      <option key={r.id} value={r.id}>
                        {r.periodLabel}, version {r.version} ({longDate(r.publishedAt)})
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor="compare-b">Second report</label>
                  <select id="compare-b" name="b" defaultValue={published[0]!.id}>
                    {published.map((r) => (
                      <option key={r.id} value={r.id}>
                        {r.periodLabel}, version {r.version} ({longDate(r.publishedAt)})
                      </option>
                    ))}
                  </select>
                </div>
                <button type="submit" className="button secondary">
                  Compare
                </button>
              </Form>
            ) : null}
          </>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <ReportError />;
}
