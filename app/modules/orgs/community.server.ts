// The community's demographics (organization settings, administrators): the shares that the
// equity dashboard compares the workforce with. Every change is audited; each category's shares
// may add up to 100% at most, which is checked against the rows already saved.
import { and, asc, eq, ne, sql } from "drizzle-orm";
import type { Transaction } from "#db/client.server";
import { communityDemographics } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { requirePermission, type TenantContext } from "~/modules/auth/tenant.server";
import { DEMOGRAPHIC_FIELD_LABELS, DEMOGRAPHIC_FIELDS, type DemographicField } from "~/modules/workforce/workforce.schema";
import { FieldErrors, notFound } from "~/utils/http.server";
import { basisPointsToText, communityShareSchema, type CommunityShareInput } from "./community.schema";

export type CommunityShare = {
  id: string;
  category: DemographicField;
  groupLabel: string;
  shareBasisPoints: number;
  /** "12.35" */
  sharePercent: string;
  source: string;
  year: number;
};

export type CommunityCategory = {
  category: DemographicField;
  label: string;
  rows: CommunityShare[];
  totalBasisPoints: number;
  totalPercent: string;
};

const COLUMNS = {
  id: communityDemographics.id,
  category: communityDemographics.category,
  groupLabel: communityDemographics.groupLabel,
  shareBasisPoints: communityDemographics.shareBasisPoints,
  source: communityDemographics.source,
  year: communityDemographics.year,
};

const withPercent = (r: Omit<CommunityShare, "sharePercent">): CommunityShare => ({ ...r, sharePercent: basisPointsToText(r.shareBasisPoints) });

/** The community's shares of one category, largest first (for the services that compare with them). */
export async function communitySharesOf(tx: Transaction, orgId: string, category: DemographicField): Promise<CommunityShare[]> {
  const rows = await tx
    .select(COLUMNS)
    .from(communityDemographics)
    .where(and(eq(communityDemographics.orgId, orgId), eq(communityDemographics.category, category)))
    .orderBy(sql`${communityDemographics.shareBasisPoints} desc`, asc(communityDemographics.groupLabel));
  return rows.map(withPercent);
}

/** Every category, in the roster's order, each with its rows (largest share first) and total. */
export async function listCommunityDemographics(ctx: TenantContext): Promise<CommunityCategory[]> {
  requirePermission(ctx, "org.settings.manage");
  return withTenant(ctx, async (tx) => {
    const rows = await tx
      .select(COLUMNS)
      .from(communityDemographics)
      .where(eq(communityDemographics.orgId, ctx.orgId))
      .orderBy(sql`${communityDemographics.shareBasisPoints} desc`, asc(communityDemographics.groupLabel));
    return DEMOGRAPHIC_FIELDS.map((category) => {
      const mine = rows.filter((r) => r.category === category).map(withPercent);
      const total = mine.reduce((n, r) => n + r.shareBasisPoints, 0);
      return { category, label: DEMOGRAPHIC_FIELD_LABELS[category], rows: mine, totalBasisPoints: total, totalPercent: basisPointsToText(total) };
    });
  });
}

async function loadOne(tx: Transaction, orgId: string, id: string): Promise<CommunityShare> {
  const [row] = await tx
    .select(COLUMNS)
    .from(communityDemographics)
    .where(and(eq(communityDemographics.orgId, orgId), eq(communityDemographics.id, id)));
  if (!row) notFound("That community figure no longer exists; it may have been removed.");
  return withPercent(row);
}

/** Adds a group's share (no id) or changes one (id). */
export async function saveCommunityShare(ctx: TenantContext, input: CommunityShareInput): Promise<CommunityShare> {
  requirePermission(ctx, "org.settings.manage");
  const parsed = communityShareSchema.safeParse(input);
  if (!parsed.success) throw new FieldErrors(parsed.error.flatten().fieldErrors as Record<string, string[]>);
  const { id, ...value } = parsed.data;
  return withTenant(ctx, async (tx) => {
    const before = id ? await loadOne(tx, ctx.orgId, id) : null;
    const others = await tx
      .select({ id: communityDemographics.id, groupLabel: communityDemographics.groupLabel, shareBasisPoints: communityDemographics.shareBasisPoints })
      .from(communityDemographics)
      .where(and(eq(communityDemographics.orgId, ctx.orgId), eq(communityDemographics.category, value.category), id ? ne(communityDemographics.id, id) : undefined));
    const label = DEMOGRAPHIC_FIELD_LABELS[value.category];
    const same = others.find((o) => o.groupLabel.trim().toLowerCase() === value.groupLabel.toLowerCase());
    if (same) {
      throw new FieldErrors({ groupLabel: [`${label} already has a figure for “${same.groupLabel}”: change that one instead.`] });
    }
    const taken = others.reduce((n, o) => n + o.shareBasisPoints, 0);
    if (taken + value.share > 10_000) {
      throw new FieldErrors({
        share: [
          `${label}'s shares would add up to ${basisPointsToText(taken + value.share)}%, more than 100%. The other groups already hold ${basisPointsToText(taken)}%, so at most ${basisPointsToText(10_000 - taken)}% is left for this one.`,
        ],
      });
    }
    const row = { category: value.category, groupLabel: value.groupLabel, shareBasisPoints: value.share, source: value.source, year: value.year };
    let savedId: string;
    if (before) {
      await tx
        .update(communityDemographics)
        .set({ ...row, updatedAt: new Date() })
        .where(and(eq(communityDemographics.orgId, ctx.orgId), eq(communityDemographics.id, before.id)));
      savedId = before.id;
    } else {
      const [created] = await tx.insert(communityDemographics).values({ orgId: ctx.orgId, ...row }).returning({ id: communityDemographics.id });
      savedId = created!.id;
    }
    const saved = withPercent({ id: savedId, ...row });
    await recordAudit(tx, {
      orgId: ctx.orgId,
      actorUserId: ctx.userId,
      action: before ? "community_demographics.update" : "community_demographics.create",
      entityType: "community_demographics",
      entityId: savedId,
      before,
      after: saved,
    });
    return saved;
  });
}

export async function removeCommunityShare(ctx: TenantContext, id: string): Promise<void> {
  requirePermission(ctx, "org.settings.manage");
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound("That community figure no longer exists; it may have been removed.");
  await withTenant(ctx, async (tx) => {
    const before = await loadOne(tx, ctx.orgId, id);
    await tx.delete(communityDemographics).where(and(eq(communityDemographics.orgId, ctx.orgId), eq(communityDemographics.id, id)));
    await recordAudit(tx, {
      orgId: ctx.orgId,
      actorUserId: ctx.userId,
      action: "community_demographics.delete",
      entityType: "community_demographics",
      entityId: id,
      before,
    });
  });
}
