import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";

// Tenant tables. Every one has org_id first in its primary key (so the schema can be distributed
// by organization), foreign keys that include org_id, and RLS enabled and forced by the custom
// migration (praxis_secure_tenant_tables()).

export const orgKind = pgEnum("org_kind", ["city", "county", "town", "village", "special_district", "other"]);
export const memberRole = pgEnum("member_role", ["admin", "department_head", "staff", "elected_official"]);
/** Who must prove a second factor to reach the organization's pages. */
export const twoFactorPolicy = pgEnum("two_factor_policy", ["off", "admins", "everyone"]);

export const organizations = pgTable(
  "organizations",
  {
    id: uuid().primaryKey(),
    slug: text().notNull(),
    name: text().notNull(),
    kind: orgKind().notNull(),
    state: text().notNull(),
    population: integer(),
    fiscalYearStartMonth: integer().notNull().default(7),
    /** IANA time zone name ("America/Chicago"): the organization's "today" (app/modules/core/today.ts). */
    timeZone: text().notNull().default("America/New_York"),
    anonymityThreshold: integer().notNull().default(5),
    communityDemographics: jsonb().$type<Record<string, Record<string, number>>>().notNull().default({}),
    twoFactorPolicy: twoFactorPolicy().notNull().default("off"),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("organizations_slug_key").on(t.slug),
    check("organizations_anonymity_threshold_min", sql`${t.anonymityThreshold} >= 3`),
    check("organizations_fy_start_month", sql`${t.fiscalYearStartMonth} between 1 and 12`),
  ],
);

export const departments = pgTable(
  "departments",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    name: text().notNull(),
    code: text().notNull(),
    parentId: uuid(),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.parentId], foreignColumns: [t.orgId, t.id] }),
    uniqueIndex("departments_org_code_key").on(t.orgId, sql`lower(${t.code})`),
    uniqueIndex("departments_org_name_key").on(t.orgId, sql`lower(${t.name})`),
    check("departments_not_own_parent", sql`${t.parentId} is null or ${t.parentId} <> ${t.id}`),
  ],
);

export const memberships = pgTable(
  "memberships",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: memberRole().notNull(),
    departmentId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("memberships_org_user_key").on(t.orgId, t.userId),
    index("memberships_user_idx").on(t.userId),
    foreignKey({ columns: [t.orgId, t.departmentId], foreignColumns: [departments.orgId, departments.id] }),
  ],
);

export const invitations = pgTable(
  "invitations",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    email: text().notNull(),
    role: memberRole().notNull(),
    departmentId: uuid(),
    tokenHash: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    invitedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    acceptedAt: timestamp({ withTimezone: true }),
    acceptedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("invitations_token_hash_key").on(t.tokenHash),
    index("invitations_org_email_idx").on(t.orgId, sql`lower(${t.email})`),
    foreignKey({ columns: [t.orgId, t.departmentId], foreignColumns: [departments.orgId, departments.id] }),
  ],
);

// Mail waiting to be sent (or, without SMTP_URL, kept for the admin to read).
export const outboxEmails = pgTable(
  "outbox_emails",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    toAddress: text().notNull(),
    subject: text().notNull(),
    bodyText: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
    lastError: text(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), index("outbox_emails_unsent_idx").on(t.orgId, t.sentAt)],
);

// Append-only: the app role may insert and read, never update or delete (see the grants).
export const auditEvents = pgTable(
  "audit_events",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    actorUserId: uuid(),
    /** The actor's name and email as they were when the event was written (a trigger copies them
     * from users), so the log still says who did it after they leave or change their name. */
    actorName: text(),
    actorEmail: text(),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text(),
    before: jsonb(),
    after: jsonb(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), index("audit_events_org_time_idx").on(t.orgId, t.createdAt)],
);

/** The roster's demographic fields (app/modules/workforce/workforce.schema.ts DEMOGRAPHIC_FIELDS). */
export const demographicCategory = pgEnum("demographic_category", ["raceEthnicity", "gender", "ageBand", "veteran", "disability"]);

/**
 * The community's demographics, entered by an administrator from a published source (the Census
 * Bureau's ACS, a state data center): one row per group of one roster field, with its share of
 * the community in basis points (hundredths of a percent, so 12.35% is exact). The equity
 * dashboard compares the roster's counts to these. Each category's shares add up to at most 100%
 * (the service checks it; groups nobody entered are simply not compared).
 */
export const communityDemographics = pgTable(
  "community_demographics",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    category: demographicCategory().notNull(),
    /** Matched to the roster's values without regard to case or surrounding spaces. */
    groupLabel: text().notNull(),
    shareBasisPoints: integer().notNull(),
    /** "US Census Bureau, ACS 2023 5-year estimates, table DP05". */
    source: text().notNull(),
    year: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("community_demographics_org_group_key").on(t.orgId, t.category, sql`lower(btrim(${t.groupLabel}))`),
    check("community_demographics_share_range", sql`${t.shareBasisPoints} between 0 and 10000`),
    check("community_demographics_year_range", sql`${t.year} between 1900 and 2100`),
    check("community_demographics_group_not_blank", sql`char_length(btrim(${t.groupLabel})) between 1 and 120`),
    check("community_demographics_source_not_blank", sql`char_length(btrim(${t.source})) between 1 and 300`),
  ],
);

/**
 * One counter per organization, raised at the commit of every transaction that changed one of its
 * tenant rows (triggers of migration 0016; docs/decisions/014-view-cache.md). The view cache
 * (app/modules/cache/) keys what it keeps by it: a page computed at version n is served again only
 * while the organization is still at n. Only the triggers write it; the app role reads it.
 */
export const orgDataVersions = pgTable(
  "org_data_versions",
  {
    // No foreign key: see the migration (a deleted organization's rows are still being deleted
    // when the trigger runs at commit).
    orgId: uuid().primaryKey(),
    version: bigint({ mode: "number" }).notNull().default(0),
  },
);

/**
 * Email domains an organization has proved it controls (a DNS TXT record), used by single sign-on
 * (only these addresses may come in through the organization's directory) and offered to other
 * features (assessment invitations) through isVerifiedDomain().
 */
export const orgEmailDomains = pgTable(
  "org_email_domains",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    /** Lower case, ASCII (an internationalized name in its xn-- form). */
    domain: text().notNull(),
    /** Published by the organization as `praxis-verification=<token>` in a TXT record of
     * `_praxis-verification.<domain>`. Not a secret: it proves who can change the zone. */
    verificationToken: text().notNull(),
    verifiedAt: timestamp({ withTimezone: true }),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), uniqueIndex("org_email_domains_org_domain_key").on(t.orgId, t.domain)],
);

/**
 * An organization's single sign-on (OpenID Connect): its directory (Microsoft Entra ID, Okta,
 * Google Workspace…) as the issuer, the client Praxis is registered as there, and whether SSO is
 * the only way in for members (administrators keep a password with two-factor as a break-glass).
 */
export const orgSsoConfigs = pgTable(
  "org_sso_configs",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    issuer: text().notNull(),
    clientId: text().notNull(),
    clientSecret: text().notNull(),
    enabled: boolean().notNull().default(false),
    ssoOnly: boolean().notNull().default(false),
    /** A claim of the ID token whose value picks the role of a new member (e.g. "groups"). */
    roleClaim: text(),
    /** Claim value → role, for that claim; anyone else joins as staff. */
    roleMap: jsonb().$type<Record<string, string>>().notNull().default({}),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId] })],
);

/** Who the directory says a member is: its (issuer, subject) is the person, whatever their email
 * becomes later. */
export const ssoIdentities = pgTable(
  "sso_identities",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    issuer: text().notNull(),
    subject: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), uniqueIndex("sso_identities_subject_key").on(t.orgId, t.issuer, t.subject)],
);
