import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { exportMeasurementsCsv } from "~/modules/plans/plan-export.server";
import { csvResponse } from "~/modules/plans/csv-response.server";

/** Every value of every measure of the plan as a CSV file. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "plans.read");
  return csvResponse(await exportMeasurementsCsv(ctx, params.planId ?? ""));
}
