import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { representationCsv } from "~/modules/dashboards/representation-csv.server";
import { csvDownload } from "~/modules/exports/csv.server";

/** The equity dashboard's workforce representation (?category=…), every level, as a CSV file. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "dashboards.read");
  return csvDownload(await representationCsv(ctx, new URL(request.url).searchParams.get("category")));
}
