import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { CsvLink } from "~/components/csv-link";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { displayDifference, displayFigure, type FigureDifference } from "~/modules/reports/report-model";
import { longDate } from "~/modules/reports/components/report-document";
import { ReportError } from "~/modules/reports/components/report-error";
import { compareReports } from "~/modules/reports/reports.server";
import reportStyles from "~/styles/reports.css";
import { notFound } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Compare reports — Praxis" }];
export const links = () => [{ rel: "stylesheet", href: reportStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "reports.read");
  const url = new URL(request.url);
  const a = url.searchParams.get("a");
  const b = url.searchParams.get("b");
  if (!a || !b) notFound("Choose two published reports to compare.");
  const c = await compareReports(ctx, a, b);
  const side = (p: typeof c.earlier) => ({ id: p.id, label: p.report.period.label, version: p.version, publishedAt: p.publishedAt, narrative: p.report.narrative });
  return json({ orgSlug: ctx.orgSlug, earlier: side(c.earlier), later: side(c.later), figures: c.figures, same: c.earlier.id === c.later.id });
}

function value(f: FigureDifference, v: string | null): string {
  return v === null ? "Not reported" : displayFigure({ kind: f.kind, value: v });
}

export default function CompareReportsPage() {
  const { orgSlug, earlier, later, figures, same } = useLoaderData<typeof loader>();
  const base = `/o/${orgSlug}/reports`;
  const name = (s: typeof earlier) => `${s.label}, version ${s.version}`;
  return (
    <>
      <p>
        <Link to={base}>Reports</Link>
      </p>
      <h1>Compare reports</h1>
      <p>
        Key figures of <Link to={`${base}/${earlier.id}`}>{name(earlier)}</Link> (published on {longDate(earlier.publishedAt)}) and{" "}
        <Link to={`${base}/${later.id}`}>{name(later)}</Link> (published on {longDate(later.publishedAt)}), and the change from the first to the second.
      </p>
      {same ? <p className="notice">You chose the same report twice: there is no change to show.</p> : null}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrollable region must be reachable by keyboard */}
      <div className="table-wrap" role="region" aria-label="Key figures compared" tabIndex={0}>
        <table>
          <caption>Key figures compared</caption>
          <thead>
            <tr>
              <th scope="col">Figure</th>
              <th scope="col" className="num">
                {name(earlier)}
              </th>
              <th scope="col" className="num">
                {name(later)}
              </th>
              <th scope="col" className="num">
                Change
              </th>
            </tr>
          </thead>
          <tbody>
            {figures.map((f) => (
              <tr key={f.key}>
                <th scope="row">{f.label}</th>
                <td className="num">{value(f, f.earlier)}</td>
                <td className="num">{value(f, f.later)}</td>
                <td className="num">{displayDifference(f)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <CsvLink href={`${base}/compare.csv?a=${earlier.id}&b=${later.id}`} label="Download the key figures compared (CSV)" />
      <div className="top-bottom">
        {/* The same report on both sides: one brief (two regions of the same name would tell a
            screen-reader user nothing about which is which). */}
        {(same ? [earlier] : [earlier, later]).map((s, i) => (
          <section key={i} aria-labelledby={`brief-${i}`}>
            <h2 id={`brief-${i}`}>In brief: {name(s)}</h2>
            <ul className="report-narrative">
              {s.narrative.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ReportError />;
}
