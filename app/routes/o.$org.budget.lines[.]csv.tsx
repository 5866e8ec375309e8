import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { BUDGET_CATEGORIES, type BudgetCategory } from "~/modules/budget/budget.schema";
import { csvDownload } from "~/modules/exports/csv.server";
import { budgetLinesCsv } from "~/modules/exports/lists.server";
import { notFound } from "~/utils/http.server";

/** The budget lines with the lines page's filters (every page of them) as a CSV file. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "budget.read");
  const p = new URL(request.url).searchParams;
  const fy = p.get("fy");
  if (fy !== null && fy !== "" && !/^\d{4}$/.test(fy)) notFound("There is no such fiscal year.");
  const category = p.get("category");
  const practice = p.get("practice");
  return csvDownload(
    await budgetLinesCsv(ctx, {
      fiscalYear: fy ? Number(fy) : null,
      department: p.get("department") || null,
      fundCode: p.get("fund") || null,
      category: category && (BUDGET_CATEGORIES as readonly string[]).includes(category) ? (category as BudgetCategory) : null,
      practice: practice === "none" ? "none" : practice && /^\d{1,2}$/.test(practice) ? Number(practice) : null,
      q: (p.get("q") ?? "").trim().slice(0, 200) || null,
    }),
  );
}
