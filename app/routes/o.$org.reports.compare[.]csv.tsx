import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { csvDownload } from "~/modules/exports/csv.server";
import { reportComparisonCsv } from "~/modules/exports/pages.server";
import { notFound } from "~/utils/http.server";

/** Two published reports' key figures compared (?a=…&b=…, as on the compare page) as a CSV file. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "reports.read");
  const url = new URL(request.url);
  const a = url.searchParams.get("a");
  const b = url.searchParams.get("b");
  if (!a || !b) notFound("Choose two published reports to compare.");
  return csvDownload(await reportComparisonCsv(ctx, a, b));
}
