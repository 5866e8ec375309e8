import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { csvDownload } from "~/modules/exports/csv.server";
import { invitationsCsv } from "~/modules/exports/lists.server";

/** Every invitation (without its link) as a CSV file, for administrators. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "members.manage");
  return csvDownload(await invitationsCsv(ctx));
}
