import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { assessmentTableCsv } from "~/modules/dashboards/assessment-csv.server";
import { getDepartmentScores } from "~/modules/dashboards/assessments.server";
import { csvDownload } from "~/modules/exports/csv.server";
import { getDepartment } from "~/modules/orgs/departments.server";

/** A department page's staff-assessment scores by practice (its table, with the page's
 * ?campaign=) as a CSV file, from the same call as the page; hidden rows stay hidden with their note. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "assessments.results");
  const department = await getDepartment(ctx, params.departmentId ?? "");
  const panels = await getDepartmentScores(ctx, department, new URL(request.url).searchParams.get("campaign") || null);
  return csvDownload(assessmentTableCsv([ctx.orgSlug, "department", department.code], panels, "assessments-heatmap"));
}
