import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { csvDownload } from "~/modules/exports/csv.server";
import { objectiveHistoryCsv } from "~/modules/exports/lists.server";

/** One objective's status updates and measure values as a CSV file. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "plans.read");
  return csvDownload(await objectiveHistoryCsv(ctx, params.objectiveId ?? ""));
}
