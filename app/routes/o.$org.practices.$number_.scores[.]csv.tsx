import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { practiceScoresCsv } from "~/modules/dashboards/practice-scores-csv.server";
import { csvDownload } from "~/modules/exports/csv.server";
import { notFound } from "~/utils/http.server";

/** A practice page's staff-assessment scores across campaigns (the table beside its chart) as a
 * CSV file; only for roles that read assessment results. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "assessments.results");
  const number = params.number ?? "";
  if (!/^[1-9]\d{0,1}$/.test(number)) notFound("There is no practice with that number.");
  return csvDownload(await practiceScoresCsv(ctx, Number(number)));
}
