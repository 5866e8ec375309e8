import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { csvDownload } from "~/modules/exports/csv.server";
import { departmentsCsv } from "~/modules/exports/lists.server";

/** The departments as a CSV file (archived ones too with ?archived=1, as on the page). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "departments.read");
  const includeArchived = new URL(request.url).searchParams.get("archived") === "1";
  return csvDownload(await departmentsCsv(ctx, { includeArchived }));
}
