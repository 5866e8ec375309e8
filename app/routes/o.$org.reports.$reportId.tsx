import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { ReportDocument } from "~/modules/reports/components/report-document";
import { ReportError } from "~/modules/reports/components/report-error";
import { PrintButton } from "~/modules/reports/components/print-button";
import { findChromium, NO_BROWSER_MESSAGE } from "~/modules/reports/pdf.server";
import { getPublishedReport } from "~/modules/reports/reports.server";
import reportStyles from "~/styles/reports.css";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Summary report, ${data.published.report.period.label} — ${data.published.report.orgName}` : "Report — Praxis" },
];
export const links = () => [{ rel: "stylesheet", href: reportStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "reports.read");
  const published = await getPublishedReport(ctx, params.reportId ?? "");
  const pdfAvailable = (await findChromium()) !== null;
  // The message travels as data: a .server module's constants do not exist in the browser.
  return json({ orgSlug: ctx.orgSlug, published, pdfAvailable, pdfMessage: pdfAvailable ? null : NO_BROWSER_MESSAGE, justPublished: new URL(request.url).searchParams.get("published") === "1" });
}

export default function PublishedReportPage() {
  const { orgSlug, published, pdfAvailable, pdfMessage, justPublished } = useLoaderData<typeof loader>();
  const base = `/o/${orgSlug}/reports`;
  return (
    <>
      <div className="report-actions">
        <Link to={base}>All reports</Link>
        {pdfAvailable ? (
          <a href={`${base}/${published.id}/pdf`} className="button secondary">
            Download PDF
          </a>
        ) : null}
        <PrintButton />
      </div>
      {pdfMessage ? <p className="notice no-print">{pdfMessage}</p> : null}
      {justPublished ? (
        <p role="status" className="notice success no-print">
          The report is published. Elected officials can read it now.
        </p>
      ) : null}
      {published.newerVersionId ? (
        <p className="notice no-print">
          A newer version of this report has been published. <Link to={`${base}/${published.newerVersionId}`}>Read the newest version</Link>.
        </p>
      ) : null}
      <ReportDocument report={published.report} status={{ kind: "published", version: published.version, publishedAt: published.publishedAt }} />
    </>
  );
}

export function ErrorBoundary() {
  return <ReportError />;
}
