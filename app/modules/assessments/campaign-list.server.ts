// The assessments page's campaign list, with each campaign's participation as the results service
// gives it to the caller (live to administrators, after closing to others): one call shared by the
// page and its CSV, so both show the same numbers.
import type { TenantContext } from "~/modules/auth/tenant.server";
import { can } from "~/modules/auth/permissions";
import { listCampaigns, type CampaignSummary } from "./campaigns.server";
import { getParticipationTotals } from "./results.server";

export type CampaignListRow = CampaignSummary & { participation: { responded: number | null; ratePct: number | null; note: string | null } | null };

export async function listCampaignsWithParticipation(ctx: TenantContext): Promise<CampaignListRow[]> {
  const campaigns = await listCampaigns(ctx);
  const canManage = can(ctx.role, "assessments.manage");
  const shown = campaigns.filter((c) => c.effectiveStatus !== "draft" && c.invited > 0 && (c.effectiveStatus === "closed" || canManage));
  // Every campaign's total in one transaction (getParticipation's own total, not a read per campaign).
  const totals = await getParticipationTotals(
    ctx,
    shown.map((c) => c.id),
  );
  return campaigns.map((c) => {
    const total = totals.get(c.id);
    return { ...c, participation: total ? { responded: total.responded, ratePct: total.ratePct, note: total.note } : null };
  });
}
