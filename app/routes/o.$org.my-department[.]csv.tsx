import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { csvDownload } from "~/modules/exports/csv.server";
import { myDepartmentCsv } from "~/modules/exports/pages.server";

/** "My department": the caller's department's objectives in every plan, as a CSV file. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "plans.read");
  return csvDownload(await myDepartmentCsv(ctx));
}
