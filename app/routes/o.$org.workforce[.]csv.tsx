import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { csvDownload } from "~/modules/exports/csv.server";
import { workforceGoalsCsv } from "~/modules/exports/lists.server";

/** The workforce goals, with the page's filters, as a CSV file. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "workforce.read");
  const url = new URL(request.url);
  return csvDownload(await workforceGoalsCsv(ctx, { departmentId: url.searchParams.get("department") || null, staleOnly: url.searchParams.get("stale") === "1" }));
}
