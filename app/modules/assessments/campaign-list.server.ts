// The assessments page's campaign list, with each campaign's participation as the results service
// gives it to the caller (live to administrators, after closing to others): one call shared by the
// page and its CSV, so both show the same numbers.
import type { TenantContext } from "~/modules/auth/tenant.server";
import { can } from "~/modules/auth/permissions";
import { listCampaigns, type CampaignSummary } from "./campaigns.server";
import { getParticipation } from "./results.server";

export type CampaignListRow = CampaignSummary & { participation: { responded: number | null; ratePct: number | null; note: string | null } | null };

export async function listCampaignsWithParticipation(ctx: TenantContext): Promise<CampaignListRow[]> {
  const campaigns = await listCampaigns(ctx);
  const canManage = can(ctx.role, "assessments.manage");
  const rows: CampaignListRow[] = [];
  for (const c of campaigns) {
    let participation: CampaignListRow["participation"] = null;
    if (c.effectiveStatus !== "draft" && c.invited > 0 && (c.effectiveStatus === "closed" || canManage)) {
      const p = await getParticipation(ctx, c.id);
      participation = { responded: p.total.responded, ratePct: p.total.ratePct, note: p.total.note };
    }
    rows.push({ ...c, participation });
  }
  return rows;
}
