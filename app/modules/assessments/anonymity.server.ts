// What a respondent is told about their anonymity before answering (issue 14, item 2): the
// campaign's threshold, how many people were invited in their own group, and who can see what.
// Read with the respondent's own key (their link or their bound account), like the survey itself,
// and whatever the campaign's status: the page stays readable after answering.
import { and, eq, sql } from "drizzle-orm";
import { assessmentCampaigns, assessmentInvitations, departments, organizations } from "#db/schema";
import { commentsThreshold, DEMOGRAPHIC_FIELD_LABELS, type CampaignKind } from "./assessments.schema";
import { withSelfRespondent, type RespondentKey } from "./respond.server";

export type AnonymityFacts = {
  orgName: string;
  title: string;
  kind: CampaignKind;
  threshold: number;
  commentsEnabled: boolean;
  commentsThreshold: number;
  /** The respondent's group for reporting: the department they were invited in. */
  groupName: string;
  invitedInGroup: number;
  invitedTotal: number;
  /** The questions about the respondent this campaign asks (all optional). */
  demographicLabels: string[];
};

export type AnonymityLookup = { status: "ready"; facts: AnonymityFacts } | { status: "not_found" };

export function getAnonymityFacts(key: RespondentKey): Promise<AnonymityLookup> {
  return withSelfRespondent(key, async (tx, found) => {
    if (!found) return { status: "not_found" as const };
    const { orgId, invitationId, campaignId } = found;
    const [campaign] = await tx
      .select()
      .from(assessmentCampaigns)
      .where(and(eq(assessmentCampaigns.orgId, orgId), eq(assessmentCampaigns.id, campaignId)));
    const [invitation] = await tx
      .select({ departmentId: assessmentInvitations.departmentId })
      .from(assessmentInvitations)
      .where(and(eq(assessmentInvitations.orgId, orgId), eq(assessmentInvitations.id, invitationId)));
    const [org] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, orgId));
    const departmentId = invitation!.departmentId;
    const [department] = departmentId
      ? await tx.select({ name: departments.name }).from(departments).where(and(eq(departments.orgId, orgId), eq(departments.id, departmentId)))
      : [];
    const [counts] = await tx
      .select({
        total: sql<number>`count(*)::int`,
        group: departmentId
          ? sql<number>`count(*) filter (where ${assessmentInvitations.departmentId} = ${departmentId})::int`
          : sql<number>`count(*) filter (where ${assessmentInvitations.departmentId} is null)::int`,
      })
      .from(assessmentInvitations)
      .where(and(eq(assessmentInvitations.orgId, orgId), eq(assessmentInvitations.campaignId, campaignId)));
    const c = campaign!;
    return {
      status: "ready" as const,
      facts: {
        orgName: org!.name,
        title: c.title,
        kind: c.kind,
        threshold: c.anonymityThreshold,
        commentsEnabled: c.commentsEnabled,
        commentsThreshold: commentsThreshold(c.anonymityThreshold),
        groupName: department?.name ?? "People without a department",
        invitedInGroup: counts?.group ?? 0,
        invitedTotal: counts?.total ?? 0,
        demographicLabels: c.demographicCategories.map((k) => DEMOGRAPHIC_FIELD_LABELS[k as keyof typeof DEMOGRAPHIC_FIELD_LABELS] ?? k),
      },
    };
  });
}
