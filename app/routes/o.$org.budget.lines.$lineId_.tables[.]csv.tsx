import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { csvDownload } from "~/modules/exports/csv.server";
import { budgetLineTableCsv } from "~/modules/exports/pages.server";

/** A budget line's linked practices or funded objectives (?table=practices|objectives) as a CSV file. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "budget.read");
  return csvDownload(await budgetLineTableCsv(ctx, params.lineId ?? "", new URL(request.url).searchParams.get("table")));
}
