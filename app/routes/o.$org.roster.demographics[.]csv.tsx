import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { csvDownload } from "~/modules/exports/csv.server";
import { demographicSummaryCsv } from "~/modules/exports/lists.server";

/** The suppressed demographic counts of the roster page as a CSV file (administrators). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "roster.manage");
  return csvDownload(await demographicSummaryCsv(ctx));
}
