import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { focusTableCsv } from "~/modules/dashboards/focus-csv.server";
import { getPracticeDashboard } from "~/modules/dashboards/focus.server";
import { csvDownload } from "~/modules/exports/csv.server";
import { notFound } from "~/utils/http.server";

/** One table of a practice page's "Progress, budget and workforce" (?table=…, with the page's ?fy=)
 * as a CSV file, from the same view as the page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "catalog.read");
  const number = params.number ?? "";
  if (!/^[1-9]\d{0,1}$/.test(number)) notFound("There is no practice with that number.");
  const url = new URL(request.url);
  const view = await getPracticeDashboard(ctx, Number(number), { fy: url.searchParams.get("fy") }, { all: true });
  return csvDownload(focusTableCsv([ctx.orgSlug, "practice", number, `fy${view.filters.fiscalYear}`], view.focus, url.searchParams.get("table")));
}
