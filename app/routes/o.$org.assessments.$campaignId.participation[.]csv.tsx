import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { csvDownload } from "~/modules/exports/csv.server";
import { participationCsv } from "~/modules/exports/pages.server";

/** A campaign's participation by department (suppressed as on screen) as a CSV file. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "assessments.read");
  return csvDownload(await participationCsv(ctx, params.campaignId ?? ""));
}
