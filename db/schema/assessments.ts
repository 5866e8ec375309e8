import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { dimensionKind, practices } from "./catalog";
import { departments, organizations } from "./orgs";
import { staffMembers, supervisoryLevel } from "./workforce";

// Staff assessments against the practices (docs/decisions/007-anonymous-assessments.md).
//
// Who was invited and whether they completed (assessment_invitations) and what was answered
// (assessment_responses, _answers, _comments) are stored apart: no column, key, index, sequence or
// timestamp finer than the day joins them. Responses keep the department and supervisory level
// copied from the invitation, the optional demographic answers and the day of submission only.
// Self-assessments are the exception on purpose: their point is the person's own results, so they
// live in their own table, linked to the invitation.

export const assessmentKind = pgEnum("assessment_kind", ["organizational", "self"]);
export const assessmentDepth = pgEnum("assessment_depth", ["practice", "dimension"]);
export const assessmentStatus = pgEnum("assessment_status", ["draft", "open", "closed"]);

/** One demographic question of a campaign, frozen with the instrument: the roster's category and
 * the answer options offered (the roster's own values; "prefer not to say" is always added). */
export type DemographicQuestion = { category: string; label: string; options: string[] };

export const assessmentCampaigns = pgTable(
  "assessment_campaigns",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    title: text().notNull(),
    description: text().notNull().default(""),
    kind: assessmentKind().notNull(),
    depth: assessmentDepth().notNull(),
    frameworkCode: text().notNull(),
    /** The practices included, in order (the items carry the foreign keys). */
    practiceNumbers: integer().array().notNull(),
    /** Labels of the values 1 to 5, lowest first. */
    scaleLabels: text().array().notNull(),
    notApplicableLabel: text().notNull().default("Not applicable"),
    commentsEnabled: boolean().notNull().default(false),
    /** Roster categories asked about (raceEthnicity, gender, ageBand, veteran, disability). */
    demographicCategories: text().array().notNull().default(sql`'{}'::text[]`),
    demographicQuestions: jsonb().$type<DemographicQuestion[]>().notNull().default([]),
    opensOn: date({ mode: "string" }).notNull(),
    closesOn: date({ mode: "string" }).notNull(),
    /** Smallest group shown in results (organization default when created, never below 3).
     * Comments use the larger of 10 and this. */
    anonymityThreshold: integer().notNull(),
    status: assessmentStatus().notNull().default("draft"),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index("assessment_campaigns_org_status_idx").on(t.orgId, t.status, t.closesOn),
    check("assessment_campaigns_threshold_min", sql`${t.anonymityThreshold} >= 3`),
    check("assessment_campaigns_dates", sql`${t.closesOn} >= ${t.opensOn}`),
    check("assessment_campaigns_scale_labels", sql`cardinality(${t.scaleLabels}) = 5`),
    check("assessment_campaigns_practices", sql`cardinality(${t.practiceNumbers}) > 0`),
    check("assessment_campaigns_title_not_blank", sql`char_length(btrim(${t.title})) > 0`),
  ],
);

/** The frozen instrument: one statement per practice, or per leadership/management dimension. */
export const assessmentItems = pgTable(
  "assessment_items",
  {
    orgId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    campaignId: uuid().notNull(),
    position: integer().notNull(),
    frameworkCode: text().notNull(),
    practiceNumber: integer().notNull(),
    dimensionKind: dimensionKind(),
    dimensionLetter: text(),
    statement: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      name: "assessment_items_campaign_fk",
      columns: [t.orgId, t.campaignId],
      foreignColumns: [assessmentCampaigns.orgId, assessmentCampaigns.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "assessment_items_practice_fk",
      columns: [t.frameworkCode, t.practiceNumber],
      foreignColumns: [practices.frameworkCode, practices.number],
    }),
    uniqueIndex("assessment_items_org_campaign_position_key").on(t.orgId, t.campaignId, t.position),
    check("assessment_items_dimension_pair", sql`(${t.dimensionKind} is null) = (${t.dimensionLetter} is null)`),
  ],
);

/**
 * One per person on the roster invited to a campaign. The token is single-use and stored only as
 * its SHA-256; it reaches only the person (Praxis's email to `email`), never a page or a file.
 * `completed` is a flag with no date, so that nothing on this row can be lined up with the day
 * (or anything finer) of a response. `email` and `user_id` are fixed when the person is invited
 * (docs/decisions/018-anonymity-against-insiders.md): a later change of the roster's email moves
 * no invitation, draft or result to another address or account.
 */
export const assessmentInvitations = pgTable(
  "assessment_invitations",
  {
    orgId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    campaignId: uuid().notNull(),
    staffMemberId: uuid().notNull(),
    tokenHash: text().notNull(),
    /** The person's department and level when invited: copied into their response. */
    departmentId: uuid(),
    supervisoryLevel: supervisoryLevel().notNull(),
    /** The roster's email when invited (lower case): where every link for this invitation goes. */
    email: text(),
    /** The member account whose email was the roster's email when invited: the one account that
     * answers in the app (its home page says there is a survey) and reads a self-assessment. */
    userId: uuid().references(() => users.id, { onDelete: "set null" }),
    emailSent: boolean().notNull().default(false),
    remindersSent: integer().notNull().default(0),
    completed: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      name: "assessment_invitations_campaign_fk",
      columns: [t.orgId, t.campaignId],
      foreignColumns: [assessmentCampaigns.orgId, assessmentCampaigns.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "assessment_invitations_staff_fk",
      columns: [t.orgId, t.staffMemberId],
      foreignColumns: [staffMembers.orgId, staffMembers.id],
    }),
    foreignKey({
      name: "assessment_invitations_department_fk",
      columns: [t.orgId, t.departmentId],
      foreignColumns: [departments.orgId, departments.id],
    }),
    uniqueIndex("assessment_invitations_token_hash_key").on(t.tokenHash),
    uniqueIndex("assessment_invitations_org_campaign_staff_key").on(t.orgId, t.campaignId, t.staffMemberId),
    index("assessment_invitations_org_campaign_department_idx").on(t.orgId, t.campaignId, t.departmentId),
    index("assessment_invitations_org_user_idx").on(t.orgId, t.userId),
  ],
);

/**
 * Answers saved as the person goes; deleted in the transaction that writes the response. Sealed
 * (AES-256-GCM) with a key derived from the respondent's link token, or for the in-app page from
 * a secret only the person's browser holds (app/modules/assessments/draft-seal.server.ts): the
 * server never stores the key, so neither an administrator nor a copy of the database reads it.
 */
export const assessmentDrafts = pgTable(
  "assessment_drafts",
  {
    orgId: uuid().notNull(),
    invitationId: uuid().notNull(),
    /** base64url of version byte, 12-byte IV, 16-byte tag, ciphertext of the draft's JSON. */
    sealed: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.invitationId] }),
    foreignKey({
      name: "assessment_drafts_invitation_fk",
      columns: [t.orgId, t.invitationId],
      foreignColumns: [assessmentInvitations.orgId, assessmentInvitations.id],
    }).onDelete("cascade"),
  ],
);

/**
 * An anonymous response: random key, the day only, the department and level of the respondent's
 * invitation, and the demographic answers (category → option or "prefer_not_to_say").
 */
export const assessmentResponses = pgTable(
  "assessment_responses",
  {
    orgId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    campaignId: uuid().notNull(),
    departmentId: uuid(),
    supervisoryLevel: supervisoryLevel().notNull(),
    demographics: jsonb().$type<Record<string, string>>().notNull().default({}),
    submittedOn: date({ mode: "string" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      name: "assessment_responses_campaign_fk",
      columns: [t.orgId, t.campaignId],
      foreignColumns: [assessmentCampaigns.orgId, assessmentCampaigns.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "assessment_responses_department_fk",
      columns: [t.orgId, t.departmentId],
      foreignColumns: [departments.orgId, departments.id],
    }),
    index("assessment_responses_org_campaign_department_idx").on(t.orgId, t.campaignId, t.departmentId),
  ],
);

export const assessmentAnswers = pgTable(
  "assessment_answers",
  {
    orgId: uuid().notNull(),
    responseId: uuid().notNull(),
    itemId: uuid().notNull(),
    /** 1 to 5; null is "not applicable". */
    value: smallint(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.responseId, t.itemId] }),
    foreignKey({
      name: "assessment_answers_response_fk",
      columns: [t.orgId, t.responseId],
      foreignColumns: [assessmentResponses.orgId, assessmentResponses.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "assessment_answers_item_fk",
      columns: [t.orgId, t.itemId],
      foreignColumns: [assessmentItems.orgId, assessmentItems.id],
    }).onDelete("cascade"),
    index("assessment_answers_org_item_idx").on(t.orgId, t.itemId),
    check("assessment_answers_value_range", sql`${t.value} is null or ${t.value} between 1 and 5`),
  ],
);

export const assessmentComments = pgTable(
  "assessment_comments",
  {
    orgId: uuid().notNull(),
    responseId: uuid().notNull(),
    practiceNumber: integer().notNull(),
    body: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.responseId, t.practiceNumber] }),
    foreignKey({
      name: "assessment_comments_response_fk",
      columns: [t.orgId, t.responseId],
      foreignColumns: [assessmentResponses.orgId, assessmentResponses.id],
    }).onDelete("cascade"),
    check("assessment_comments_body_length", sql`char_length(${t.body}) between 1 and 2000`),
  ],
);

/**
 * Results of a closed organizational campaign, counted once (docs/decisions/012-assessment-rollups.md):
 * a closed campaign can take no more responses, so its counts never change. One row per campaign
 * says the tallies below are complete and keeps the respondents grouped by their attributes (what
 * the suppression decisions are made from). Unsuppressed, like the answers they come from: only
 * the results service reads them, through the same suppression as live counts.
 */
export const assessmentResultRollups = pgTable(
  "assessment_result_rollups",
  {
    orgId: uuid().notNull(),
    campaignId: uuid().notNull(),
    /** Respondents grouped by the value of each dimension ("department", "level",
     * "demographic:<category>"), with their number: the suppression's atoms. */
    atoms: jsonb().$type<{ attrs: Record<string, string>; n: number }[]>().notNull(),
    /** For each item that someone answered "not applicable": the cells the campaign shows in which
     * the item's numbers are hidden (item-suppression.ts, decided over the people who answered it
     * when the rollups are written). Items absent are shown wherever their cell is. */
    itemHidden: jsonb().$type<Record<string, string[]>>().notNull().default({}),
    refreshedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.campaignId] }),
    foreignKey({
      name: "assessment_result_rollups_campaign_fk",
      columns: [t.orgId, t.campaignId],
      foreignColumns: [assessmentCampaigns.orgId, assessmentCampaigns.id],
    }).onDelete("cascade"),
  ],
);

/**
 * Counts of each value per item for every cell of every cut of a closed campaign (the total, each
 * dimension, department × each other dimension). `cut_key` is the cut (as cutKey() writes it),
 * `cell_key` its values joined by "|" in the cut's order ("" for the total): unambiguous because a
 * two-value cell always starts with the department, a uuid or "none".
 */
export const assessmentResultTallies = pgTable(
  "assessment_result_tallies",
  {
    orgId: uuid().notNull(),
    campaignId: uuid().notNull(),
    cutKey: text().notNull(),
    cellKey: text().notNull(),
    itemId: uuid().notNull(),
    c1: integer().notNull(),
    c2: integer().notNull(),
    c3: integer().notNull(),
    c4: integer().notNull(),
    c5: integer().notNull(),
    /** Answers "not applicable". */
    na: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.campaignId, t.cutKey, t.cellKey, t.itemId] }),
    foreignKey({
      name: "assessment_result_tallies_rollup_fk",
      columns: [t.orgId, t.campaignId],
      foreignColumns: [assessmentResultRollups.orgId, assessmentResultRollups.campaignId],
    }).onDelete("cascade"),
  ],
);

/** A self-assessment: linked to the person's invitation on purpose (only they see it). */
export const assessmentSelfResponses = pgTable(
  "assessment_self_responses",
  {
    orgId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    campaignId: uuid().notNull(),
    invitationId: uuid().notNull(),
    answers: jsonb().$type<Record<string, number | null>>().notNull(),
    comments: jsonb().$type<Record<string, string>>().notNull().default({}),
    submittedOn: date({ mode: "string" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      name: "assessment_self_responses_campaign_fk",
      columns: [t.orgId, t.campaignId],
      foreignColumns: [assessmentCampaigns.orgId, assessmentCampaigns.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "assessment_self_responses_invitation_fk",
      columns: [t.orgId, t.invitationId],
      foreignColumns: [assessmentInvitations.orgId, assessmentInvitations.id],
    }).onDelete("cascade"),
    uniqueIndex("assessment_self_responses_org_invitation_key").on(t.orgId, t.invitationId),
  ],
);

/** The global library of development resources (seeded by migration; read-only for the app). */
export const developmentResources = pgTable("development_resources", {
  key: text().primaryKey(),
  frameworkCode: text().notNull(),
  practiceNumbers: integer().array().notNull(),
  title: text().notNull(),
  description: text().notNull(),
  url: text(),
  position: integer().notNull(),
});

/** Resources an organization adds to the library for its own people. */
export const orgDevelopmentResources = pgTable(
  "org_development_resources",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    frameworkCode: text().notNull(),
    practiceNumbers: integer().array().notNull(),
    title: text().notNull(),
    description: text().notNull().default(""),
    url: text(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index("org_development_resources_org_idx").on(t.orgId, t.createdAt),
    check("org_development_resources_practices", sql`cardinality(${t.practiceNumbers}) > 0`),
    check("org_development_resources_title_not_blank", sql`char_length(btrim(${t.title})) > 0`),
  ],
);
