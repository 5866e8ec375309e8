// The records whose ids the authorization matrix puts into URLs, for the organization under test
// (the demo city) and for another organization (generated beside it by e2e/authz/seed.ts).

export const OTHER_ORG_PASSWORD = "Lakeshore-authz-2026";

/** A member of the demo city seeded to be removed for real (e2e/authz.spec.ts). */
export const LEAVING_MEMBER_EMAIL = "leaving@riverton.example";

/** In the titles of the seeded draft plan, its goal and its objective: no page or file of a staff
 * member or an elected official may contain it. */
export const DRAFT_MARKER = "draft-only 7f3a";

export const RECORD_KINDS = [
  "department",
  "plan",
  "planGoal",
  "objective",
  "measure",
  "budgetLine",
  "workforceGoal",
  "campaign",
  "report",
  "auditEvent",
  "membership",
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export type OrgRecords = { orgId: string } & Record<RecordKind, string>;

/** Records of the demo city only, for the rules that depend on the record and not only on the
 * role (a matrix entry's `variants`): a draft plan and its objective (not for staff or elected officials), the draft report
 * (for no one: a report is read once published), the
 * department head's own department's items (which they may edit), an open campaign. */
export const VARIANT_KINDS = ["draftPlan", "draftObjective", "draftReport", "headsObjective", "headsMeasure", "headsWorkforceGoal", "headsBudgetLine", "openCampaign"] as const;
export type VariantKind = (typeof VARIANT_KINDS)[number];

export type SeededIds = {
  ours: OrgRecords;
  variants: Record<VariantKind, string>;
  other: OrgRecords;
  /** A member of the demo city who exists to be removed (by the destructive-intent test), and the
   * other organization's administrator's membership (which the demo city's must not remove). */
  memberships: { leaving: string; otherOrgAdmin: string };
  otherOrgSlug: string;
  otherOrgAdmin: string;
};

/** Which record a route parameter holds, by its name in the route file. A route whose parameter
 * means something else (`$goalId` is a plan goal under plans/, a workforce goal under
 * workforce/) says so in its matrix entry. */
export const RECORD_OF_PARAM: Record<string, RecordKind> = {
  departmentId: "department",
  planId: "plan",
  objectiveId: "objective",
  measureId: "measure",
  lineId: "budgetLine",
  campaignId: "campaign",
  reportId: "report",
  eventId: "auditEvent",
  membershipId: "membership",
};
