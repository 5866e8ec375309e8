import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { csvDownload } from "~/modules/exports/csv.server";
import { staleItemsCsv } from "~/modules/exports/lists.server";

/** The stale objectives and measures, with the page's filters, as a CSV file. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "plans.read");
  const url = new URL(request.url);
  return csvDownload(await staleItemsCsv(ctx, { departmentId: url.searchParams.get("department") || null, planId: url.searchParams.get("plan") || null }));
}
