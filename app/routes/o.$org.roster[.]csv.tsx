import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { csvDownload } from "~/modules/exports/csv.server";
import { rosterCsv } from "~/modules/exports/lists.server";
import { SUPERVISORY_LEVELS, type SupervisoryLevel } from "~/modules/workforce/workforce.schema";

/** The roster with the page's filters (every page), without demographics, as a CSV file. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "roster.read");
  const url = new URL(request.url);
  const level = url.searchParams.get("level");
  return csvDownload(
    await rosterCsv(ctx, {
      departmentId: url.searchParams.get("department") || null,
      level: (SUPERVISORY_LEVELS as readonly string[]).includes(level ?? "") ? (level as SupervisoryLevel) : null,
      status: url.searchParams.get("status") === "left" ? "left" : "active",
    }),
  );
}
