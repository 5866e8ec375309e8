import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { csvDownload } from "~/modules/exports/csv.server";
import { practiceLinkedItemsCsv } from "~/modules/exports/pages.server";

/** The goals, objectives and measures linked to a practice (current plans the caller may see) as a CSV file. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "plans.read");
  return csvDownload(await practiceLinkedItemsCsv(ctx, params.number ?? ""));
}
