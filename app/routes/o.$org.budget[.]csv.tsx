import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { budgetTotalsCsv } from "~/modules/budget/budget-csv";
import { getBudgetTotals } from "~/modules/budget/budget.server";
import { isBudgetView } from "~/modules/budget/components/budget-ui";
import { getCurrentFiscalYear } from "~/modules/budget/fiscal-years.server";
import { csvResponse } from "~/modules/plans/csv-response.server";
import { notFound } from "~/utils/http.server";

/** One budget view as a CSV file (the same numbers as the page's table and chart). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "budget.read");
  const url = new URL(request.url);
  const fy = url.searchParams.get("fy");
  if (fy !== null && !/^\d{4}$/.test(fy)) notFound("There is no such fiscal year.");
  const by = url.searchParams.get("by");
  const view = isBudgetView(by) ? by : "department";
  const fiscalYear = fy ? Number(fy) : (await getCurrentFiscalYear(ctx)).fiscalYear;
  const totals = await getBudgetTotals(ctx, { fiscalYear, by: view });
  return csvResponse({ csv: budgetTotalsCsv(totals), fileName: `budget-fy${fiscalYear}-by-${view.replace("_", "-")}.csv`, rowCount: totals.rows.length });
}
