import type { LoaderFunctionArgs } from "@remix-run/node";
import { getResultsCsv, type Dimension } from "~/modules/assessments/results.server";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { csvDownload } from "~/modules/exports/csv.server";

/** The results of one cut as CSV, through the results service (suppressed exactly as on screen). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "assessments.results");
  const id = params.campaignId ?? "";
  const cutParam = new URL(request.url).searchParams.get("cut") ?? "";
  const cut = cutParam.split(",").filter(Boolean).slice(0, 2) as Dimension[];
  const csv = await getResultsCsv(ctx, id, cut);
  const suffix = cut.length ? `-by-${cut.map((d) => d.replace("demographic:", "")).join("-")}` : "";
  return csvDownload({ csv, fileName: `assessment-results-${id.slice(0, 8)}${suffix}`.toLowerCase().replace(/[^a-z0-9-]/g, "-") + ".csv" });
}
