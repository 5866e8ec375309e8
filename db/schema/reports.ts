import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { organizations } from "./orgs";

// Summary reports for elected officials. A period (a fiscal year "FY2026" or one of its quarters
// "FY2026-Q2") has at most one draft (the manager's note being written) and any number of
// published versions. A published version carries its whole report as JSON, frozen when it was
// published: later changes to plans, budgets or assessments never alter what the council read.
// A trigger (custom migration) refuses any change to a published row.

export const reportStatus = pgEnum("report_status", ["draft", "published"]);

export const reports = pgTable(
  "reports",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    /** "FY2026" or "FY2026-Q2". */
    periodKey: text().notNull(),
    /** "FY2026 (Jul 2025 – Jun 2026)", as it was when the row was written. */
    periodLabel: text().notNull(),
    status: reportStatus().notNull(),
    /** 1, 2, 3… per organization and period; null for the draft. */
    version: integer(),
    managerNote: text().notNull().default(""),
    /** The report model as published (see app/modules/reports/report-model.ts); null for the draft. */
    snapshot: jsonb(),
    publishedAt: timestamp({ withTimezone: true }),
    publishedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index("reports_org_published_idx").on(t.orgId, t.status, t.publishedAt),
    uniqueIndex("reports_org_period_version_key").on(t.orgId, t.periodKey, t.version).where(sql`${t.status} = 'published'`),
    uniqueIndex("reports_org_period_draft_key").on(t.orgId, t.periodKey).where(sql`${t.status} = 'draft'`),
    check(
      "reports_published_complete",
      sql`(${t.status} = 'published') = (${t.snapshot} is not null and ${t.version} is not null and ${t.publishedAt} is not null)`,
    ),
  ],
);
