import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { csvDownload } from "~/modules/exports/csv.server";
import { publishedReportsCsv } from "~/modules/exports/pages.server";

/** The published reports as a CSV file. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "reports.read");
  return csvDownload(await publishedReportsCsv(ctx));
}
