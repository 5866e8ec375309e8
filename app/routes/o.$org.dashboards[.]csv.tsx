import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { overviewCsv } from "~/modules/dashboards/csv.server";
import { dashboardQueryFrom } from "~/modules/dashboards/filters";
import { csvDownload } from "~/modules/exports/csv.server";

/** One table of the organization overview (?table=…), with the overview's filters, as a CSV file. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "dashboards.read");
  const url = new URL(request.url);
  return csvDownload(await overviewCsv(ctx, url.searchParams.get("table"), dashboardQueryFrom(url.searchParams)));
}
