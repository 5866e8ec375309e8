// Workforce representation against the community's demographics, for the equity dashboard (and
// its CSV). Built only from counts by level and group — no person ever leaves the query — and
// shown with the organization's anonymity threshold (representation.ts). Organization-wide only,
// like the roster's summary: a department cut would be one more table to difference.
// Administrators only (the roster's organization-wide demographic counts are theirs alone).
import { and, count, eq, sql } from "drizzle-orm";
import { communityDemographics, organizations, staffMembers } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { requirePermission, type TenantContext } from "~/modules/auth/tenant.server";
import { communitySharesOf } from "~/modules/orgs/community.server";
import { notFound } from "~/utils/http.server";
import { buildRepresentation, type RepresentationTable } from "./representation";
import { DEMOGRAPHIC_FIELD_LABELS, DEMOGRAPHIC_FIELDS, type DemographicField } from "./workforce.schema";

export type WorkforceRepresentation = {
  category: DemographicField;
  categoryLabel: string;
  categories: { value: DemographicField; label: string; hasCommunityData: boolean }[];
  /** "US Census Bureau, ACS 5-year (2023)" for each distinct source and year entered. */
  sources: string[];
  table: RepresentationTable;
};

/** The category asked for in the address; the first one with community figures when none is. */
export async function getWorkforceRepresentation(ctx: TenantContext, requested: string | null | undefined): Promise<WorkforceRepresentation> {
  requirePermission(ctx, "dashboards.read");
  requirePermission(ctx, "roster.manage");
  if (requested && !(DEMOGRAPHIC_FIELDS as readonly string[]).includes(requested)) notFound("There is no such demographic field on the roster.");
  return withTenant(ctx, async (tx) => {
    const [org] = await tx.select({ threshold: organizations.anonymityThreshold }).from(organizations).where(eq(organizations.id, ctx.orgId));
    const withData = await tx
      .selectDistinct({ category: communityDemographics.category })
      .from(communityDemographics)
      .where(eq(communityDemographics.orgId, ctx.orgId));
    const filled = new Set(withData.map((r) => r.category));
    const category = (requested as DemographicField | null | undefined) ?? DEMOGRAPHIC_FIELDS.find((f) => filled.has(f)) ?? DEMOGRAPHIC_FIELDS[0];
    const column = staffMembers[category];
    const group = sql<string | null>`nullif(btrim(${column}), '')`;
    const rows = await tx
      .select({ level: staffMembers.supervisoryLevel, group, n: count() })
      .from(staffMembers)
      .where(and(eq(staffMembers.orgId, ctx.orgId), eq(staffMembers.isActive, true)))
      .groupBy(staffMembers.supervisoryLevel, group);
    const community = await communitySharesOf(tx, ctx.orgId, category);
    const table = buildRepresentation(
      rows.map((r) => ({ level: r.level, group: r.group, count: Number(r.n) })),
      community,
      org?.threshold ?? 5,
    );
    return {
      category,
      categoryLabel: DEMOGRAPHIC_FIELD_LABELS[category],
      categories: DEMOGRAPHIC_FIELDS.map((f) => ({ value: f, label: DEMOGRAPHIC_FIELD_LABELS[f], hasCommunityData: filled.has(f) })),
      sources: [...new Set(community.map((c) => `${c.source} (${c.year})`))],
      table,
    };
  });
}
