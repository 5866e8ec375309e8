import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { csvDownload } from "~/modules/exports/csv.server";
import { campaignsCsv } from "~/modules/exports/pages.server";

/** The assessment campaigns, with participation as the list shows it to the caller, as a CSV file. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "assessments.read");
  return csvDownload(await campaignsCsv(ctx));
}
