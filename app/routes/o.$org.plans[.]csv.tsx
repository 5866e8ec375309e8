import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { csvDownload } from "~/modules/exports/csv.server";
import { plansCsv } from "~/modules/exports/lists.server";

/** The plans the caller may see, with their counts, as a CSV file. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "plans.read");
  return csvDownload(await plansCsv(ctx));
}
