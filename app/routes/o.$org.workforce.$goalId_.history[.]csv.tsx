import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { csvDownload } from "~/modules/exports/csv.server";
import { workforceGoalHistoryCsv } from "~/modules/exports/lists.server";

/** One workforce goal's values and status updates as a CSV file. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "workforce.read");
  return csvDownload(await workforceGoalHistoryCsv(ctx, params.goalId ?? ""));
}
