import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { csvDownload } from "~/modules/exports/csv.server";
import { reportPeriodsCsv } from "~/modules/exports/pages.server";

/** The periods an administrator may report on, with their drafts and versions, as a CSV file. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "reports.manage");
  return csvDownload(await reportPeriodsCsv(ctx));
}
