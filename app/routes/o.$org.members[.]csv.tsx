import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { csvDownload } from "~/modules/exports/csv.server";
import { membersCsv } from "~/modules/exports/lists.server";

/** The members list as a CSV file. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "members.read");
  return csvDownload(await membersCsv(ctx));
}
