import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { focusTableCsv } from "~/modules/dashboards/focus-csv.server";
import { getDepartmentDashboard } from "~/modules/dashboards/focus.server";
import { csvDownload } from "~/modules/exports/csv.server";
import { getDepartment } from "~/modules/orgs/departments.server";

/** One table of a department page's "Plan, budget and workforce" (?table=…, with the page's ?fy=
 * and ?plan=) as a CSV file, from the same view as the page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "departments.read");
  const department = await getDepartment(ctx, params.departmentId ?? "");
  const url = new URL(request.url);
  const view = await getDepartmentDashboard(ctx, department.id, { fy: url.searchParams.get("fy"), plan: url.searchParams.get("plan") }, { all: true });
  return csvDownload(focusTableCsv([ctx.orgSlug, "department", department.code, `fy${view.filters.fiscalYear}`], view.focus, url.searchParams.get("table")));
}
