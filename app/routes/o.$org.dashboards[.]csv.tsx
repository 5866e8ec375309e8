import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { focusDashboardCsv, overviewCsv } from "~/modules/dashboards/csv.server";
import { dashboardQueryFrom } from "~/modules/dashboards/filters";
import { csvDownload } from "~/modules/exports/csv.server";

/** One table of the organization overview (?table=…), or of another dashboard (?page=…&table=…),
 * with that page's filters, as a CSV file. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "dashboards.read");
  const url = new URL(request.url);
  const page = url.searchParams.get("page");
  const table = url.searchParams.get("table");
  const query = dashboardQueryFrom(url.searchParams);
  return csvDownload(page ? await focusDashboardCsv(ctx, page, table, query) : await overviewCsv(ctx, table, query));
}
