import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { exportObjectivesCsv } from "~/modules/plans/plan-export.server";
import { csvResponse } from "~/modules/plans/csv-response.server";

/** The plan's objectives as a CSV file: anyone who may see the plan may download it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "plans.read");
  return csvResponse(await exportObjectivesCsv(ctx, params.planId ?? ""));
}
