import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { practiceDimensions, practices } from "./catalog";
import { departments, organizations } from "./orgs";
import { linkColumns, objectives } from "./plans";

// The budget: fiscal years, budget lines with their amounts, the objectives they fund and their
// practice links, and the column mappings that imports remember. Tenant tables throughout (org_id
// first in every key; RLS by the custom migration).

export const budgetCategory = pgEnum("budget_category", ["personnel", "operating", "capital", "debt_service", "other"]);
export const importKind = pgEnum("import_kind", ["budget", "roster"]);

/** Money: integer cents, read and written as JS bigint (never a float). */
const cents = () => bigint({ mode: "bigint" });

/**
 * A fiscal year of the organization, named by the calendar year in which it ends (FY2026 with a
 * July start runs 2025-07-01 to 2026-06-30). Stored (not only derived) because budget lines need
 * a key to belong to, and because a year's dates must not move if the organization later
 * changes its fiscal-year start month. Rows are created when first needed (an import, the seed);
 * which one is current is derived from today's date.
 */
export const fiscalYears = pgTable(
  "fiscal_years",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    fiscalYear: integer().notNull(),
    startsOn: date({ mode: "string" }).notNull(),
    endsOn: date({ mode: "string" }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.fiscalYear] }),
    check("fiscal_years_range", sql`${t.fiscalYear} between 1900 and 2199`),
    check("fiscal_years_dates_order", sql`${t.endsOn} > ${t.startsOn}`),
  ],
);

/**
 * One line of a fiscal year's budget, as the finance system keys it. `line_key` is built by the
 * import from the mapped key columns (e.g. fund | unit | program | account) and is the natural
 * key of re-imports: a line whose key is unchanged keeps its id, so its practice links and the
 * objectives it funds survive new amounts. A null department is "unassigned" (an import that
 * found no matching department and was told to keep the line anyway).
 */
export const budgetLines = pgTable(
  "budget_lines",
  {
    orgId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    fiscalYear: integer().notNull(),
    lineKey: text().notNull(),
    departmentId: uuid(),
    category: budgetCategory().notNull(),
    fundCode: text().notNull().default(""),
    fundName: text().notNull().default(""),
    /** The organizational unit / cost center of the finance system, below the department. */
    unitCode: text().notNull().default(""),
    unitName: text().notNull().default(""),
    programCode: text().notNull().default(""),
    programName: text().notNull().default(""),
    accountCode: text().notNull().default(""),
    accountName: text().notNull().default(""),
    description: text().notNull().default(""),
    adoptedCents: cents().notNull().default(sql`0`),
    amendedCents: cents().notNull().default(sql`0`),
    /** Year to date. */
    actualCents: cents().notNull().default(sql`0`),
    encumberedCents: cents().notNull().default(sql`0`),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      name: "budget_lines_fiscal_year_fk",
      columns: [t.orgId, t.fiscalYear],
      foreignColumns: [fiscalYears.orgId, fiscalYears.fiscalYear],
    }).onDelete("cascade"),
    foreignKey({
      name: "budget_lines_department_fk",
      columns: [t.orgId, t.departmentId],
      foreignColumns: [departments.orgId, departments.id],
    }),
    uniqueIndex("budget_lines_org_year_key_key").on(t.orgId, t.fiscalYear, t.lineKey),
    index("budget_lines_org_year_department_idx").on(t.orgId, t.fiscalYear, t.departmentId),
    check("budget_lines_key_not_blank", sql`char_length(btrim(${t.lineKey})) > 0`),
  ],
);

/** A budget line funds an objective of the plan (many to many). */
export const budgetLineObjectives = pgTable(
  "budget_line_objectives",
  {
    orgId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    budgetLineId: uuid().notNull(),
    objectiveId: uuid().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      name: "budget_line_objectives_line_fk",
      columns: [t.orgId, t.budgetLineId],
      foreignColumns: [budgetLines.orgId, budgetLines.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "budget_line_objectives_objective_fk",
      columns: [t.orgId, t.objectiveId],
      foreignColumns: [objectives.orgId, objectives.id],
    }).onDelete("cascade"),
    unique("budget_line_objectives_pair_key").on(t.orgId, t.budgetLineId, t.objectiveId),
    index("budget_line_objectives_org_objective_idx").on(t.orgId, t.objectiveId),
  ],
);

/** Practice links of budget lines: the same shape and rules as the plan items' links. */
export const budgetLinePractices = pgTable(
  "budget_line_practices",
  { ...linkColumns(), budgetLineId: uuid().notNull() },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      name: "budget_line_practices_line_fk",
      columns: [t.orgId, t.budgetLineId],
      foreignColumns: [budgetLines.orgId, budgetLines.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "budget_line_practices_practice_fk",
      columns: [t.frameworkCode, t.practiceNumber],
      foreignColumns: [practices.frameworkCode, practices.number],
    }),
    foreignKey({
      name: "budget_line_practices_dimension_fk",
      columns: [t.frameworkCode, t.practiceNumber, t.dimensionKind, t.dimensionLetter],
      foreignColumns: [
        practiceDimensions.frameworkCode,
        practiceDimensions.practiceNumber,
        practiceDimensions.kind,
        practiceDimensions.letter,
      ],
    }),
    unique("budget_line_practices_link_key")
      .on(t.orgId, t.budgetLineId, t.frameworkCode, t.practiceNumber, t.dimensionKind, t.dimensionLetter)
      .nullsNotDistinct(),
    uniqueIndex("budget_line_practices_one_primary_key").on(t.orgId, t.budgetLineId).where(sql`${t.isPrimary}`),
    index("budget_line_practices_org_practice_idx").on(t.orgId, t.frameworkCode, t.practiceNumber),
    check("budget_line_practices_dimension_pair", sql`(${t.dimensionKind} is null) = (${t.dimensionLetter} is null)`),
  ],
);

/**
 * The column mapping an import used, remembered per organization, kind of import and file
 * header (the normalized column names joined by "|"), so the next export from the same system
 * maps itself. The mapping's shape belongs to the import service of its kind.
 */
export const importMappings = pgTable(
  "import_mappings",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    kind: importKind().notNull(),
    headerSignature: text().notNull(),
    mapping: jsonb().$type<Record<string, unknown>>().notNull(),
    updatedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("import_mappings_org_kind_header_key").on(t.orgId, t.kind, t.headerSignature),
    index("import_mappings_org_kind_time_idx").on(t.orgId, t.kind, t.updatedAt),
  ],
);
