// The published report as a PDF, printed on the server (docs/decisions/009-summary-reports-and-pdf.md).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { PdfUnavailable, readBuiltStylesheets, renderReportPdf } from "~/modules/reports/pdf.server";
import { getPublishedReport } from "~/modules/reports/reports.server";
import appStyles from "~/styles/app.css";
import reportStyles from "~/styles/reports.css";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "reports.read");
  const published = await getPublishedReport(ctx, params.reportId ?? "");
  try {
    const pdf = await renderReportPdf(
      published.report,
      { kind: "published", version: published.version, publishedAt: published.publishedAt },
      readBuiltStylesheets([appStyles, reportStyles]),
    );
    const name = `${ctx.orgSlug}-summary-report-${published.periodKey}-v${published.version}.pdf`;
    return new Response(pdf.buffer.slice(pdf.byteOffset, pdf.byteOffset + pdf.byteLength) as ArrayBuffer, {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="${name}"`,
        "Cache-Control": "private, no-store",
      },
    });
  } catch (e) {
    if (e instanceof PdfUnavailable) {
      return new Response(e.message, { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": e.reason === "busy" ? "30" : "3600" } });
    }
    throw e;
  }
}
