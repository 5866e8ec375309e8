import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { downloadHeaders } from "~/modules/exports/csv.server";
import { exportOrganization } from "~/modules/exports/org-export.server";
import { readForm } from "~/utils/http.server";

// The zip itself. A resource route, because a page's action answers a document POST by rendering
// the page, not with a file. A POST (never a GET): each export is written to the audit log.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "org.export");
  return redirect(`/o/${ctx.orgSlug}/export`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "org.export");
  const form = await readForm(request);
  if (form.get("confirm") !== "yes") return redirect(`/o/${ctx.orgSlug}/export?confirm=missing`);
  const file = await exportOrganization(ctx);
  return new Response(file.zip, { headers: downloadHeaders(file.fileName, "application/zip") });
}
