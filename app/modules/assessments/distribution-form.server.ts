// The invitation forms of the campaign page (shared with its links CSV download): who to invite
// or issue new links for, read from the posted form.
import { invitationBaseUrl } from "~/modules/orgs/members.server";
import { FieldErrors } from "~/utils/http.server";
import type { TenantContext } from "~/modules/auth/tenant.server";
import { createInvitations, regenerateLinks, type IssuedLinks } from "./distribution.server";

export function audienceFrom(form: FormData): { departmentIds: string[] | null } {
  if (form.get("audience") !== "departments") return { departmentIds: null };
  const ids = form.getAll("departmentIds").map(String).filter(Boolean);
  if (ids.length === 0) throw FieldErrors.of("departmentIds", "Choose at least one department, or invite everyone.");
  return { departmentIds: ids };
}

/** Creates invitations ("invite") or new links for those invited ("regenerate"). */
export function issueLinks(ctx: TenantContext, campaignId: string, form: FormData, request: Request): Promise<IssuedLinks> {
  const audience = audienceFrom(form);
  const base = invitationBaseUrl(request);
  return form.get("intent") === "regenerate" ? regenerateLinks(ctx, campaignId, audience, base) : createInvitations(ctx, campaignId, audience, base);
}
