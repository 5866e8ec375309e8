import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportAuditEventsCsv } from "~/modules/audit/audit-log.server";
import { parseAuditFilters } from "~/modules/audit/audit.schema";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { csvDownload } from "~/modules/exports/csv.server";

/** The audit events matching the page's filters (every page of them) as a CSV file. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "audit.read");
  return csvDownload(await exportAuditEventsCsv(ctx, parseAuditFilters(new URL(request.url).searchParams)));
}
