import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { issueLinks } from "~/modules/assessments/distribution-form.server";
import { linksCsv } from "~/modules/assessments/distribution.server";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { csvDownload } from "~/modules/exports/csv.server";
import { FieldErrors } from "~/utils/http.server";

// The personal links as a CSV for a mail merge. A POST (never a GET): issuing links creates
// invitations or replaces the earlier links, and the links exist only in this response.
export async function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/o/${params.org ?? ""}/assessments/${params.campaignId ?? ""}`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "assessments.manage");
  const id = params.campaignId ?? "";
  try {
    const issued = await issueLinks(ctx, id, await request.formData(), request);
    return csvDownload({ csv: linksCsv(issued.links), fileName: `survey-links-${id.slice(0, 8).toLowerCase()}.csv` });
  } catch (error) {
    if (error instanceof FieldErrors) {
      return new Response(`The links could not be issued: ${error.message}`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    }
    throw error;
  }
}
