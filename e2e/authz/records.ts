// The records whose ids the authorization matrix puts into URLs, for the organization under test
// (the demo city) and for another organization (generated beside it by e2e/authz/seed.ts).

export const OTHER_ORG_PASSWORD = "Lakeshore-authz-2026";

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
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export type OrgRecords = { orgId: string } & Record<RecordKind, string>;

/** Records of the demo city only, for the rules that depend on the record and not only on the
 * role (a matrix entry's `variants`): a draft plan (not for staff or elected officials), the
 * department head's own department's items (which they may edit), an open campaign. */
export const VARIANT_KINDS = ["draftPlan", "headsObjective", "headsMeasure", "headsWorkforceGoal", "headsBudgetLine", "openCampaign"] as const;
export type VariantKind = (typeof VARIANT_KINDS)[number];

export type SeededIds = {
  ours: OrgRecords;
  variants: Record<VariantKind, string>;
  other: OrgRecords;
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
};
