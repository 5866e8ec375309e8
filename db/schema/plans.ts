import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  numeric,
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
import { dimensionKind, practiceDimensions, practices } from "./catalog";
import { departments, memberships, organizations } from "./orgs";

// The strategic plan: plan → goals → objectives → measures → measurements, with dated status
// updates on objectives and practice links on goals, objectives and measures. Every table is a
// tenant table (org_id first in the primary key, org_id in every foreign key, RLS by the custom
// migration). objectives and measures repeat plan_id, tied to their parent by a composite foreign
// key, so codes can be unique per plan and a whole plan reads without walking the tree.

export const planStatus = pgEnum("plan_status", ["draft", "adopted", "archived"]);
export const objectiveStatus = pgEnum("objective_status", ["not_started", "on_track", "at_risk", "off_track", "done"]);
export const reportingFrequency = pgEnum("reporting_frequency", ["monthly", "quarterly", "yearly"]);
export const measureDirection = pgEnum("measure_direction", ["higher_is_better", "lower_is_better"]);

/** Exact decimals: 14 digits before the point, 6 after. Read and written as strings. */
export const decimal = () => numeric({ precision: 20, scale: 6 });

export const plans = pgTable(
  "plans",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    title: text().notNull(),
    /** Fiscal years are named by the calendar year in which they end (FY2026). */
    startFiscalYear: integer().notNull(),
    endFiscalYear: integer().notNull(),
    status: planStatus().notNull().default("draft"),
    vision: text().notNull().default(""),
    mission: text().notNull().default(""),
    values: text().notNull().default(""),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index("plans_org_status_idx").on(t.orgId, t.status),
    check("plans_period_order", sql`${t.endFiscalYear} >= ${t.startFiscalYear}`),
  ],
);

export const goals = pgTable(
  "goals",
  {
    orgId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    planId: uuid().notNull(),
    title: text().notNull(),
    description: text().notNull().default(""),
    position: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ name: "goals_plan_fk", columns: [t.orgId, t.planId], foreignColumns: [plans.orgId, plans.id] }).onDelete(
      "cascade",
    ),
    // The target of objectives' (org_id, plan_id, goal_id) key.
    unique("goals_org_plan_id_key").on(t.orgId, t.planId, t.id),
    index("goals_org_plan_position_idx").on(t.orgId, t.planId, t.position),
  ],
);

export const objectives = pgTable(
  "objectives",
  {
    orgId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    planId: uuid().notNull(),
    goalId: uuid().notNull(),
    /** Short reference unique within the plan ("2.3"): the natural key of imports. */
    code: text().notNull(),
    title: text().notNull(),
    description: text().notNull().default(""),
    ownerDepartmentId: uuid().notNull(),
    ownerMembershipId: uuid(),
    dueDate: date({ mode: "string" }),
    status: objectiveStatus().notNull().default("not_started"),
    reportingFrequency: reportingFrequency().notNull().default("quarterly"),
    /** The as-of date of the latest status update (null until the first one). */
    lastUpdateAsOf: date({ mode: "string" }),
    position: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      name: "objectives_goal_fk",
      columns: [t.orgId, t.planId, t.goalId],
      foreignColumns: [goals.orgId, goals.planId, goals.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "objectives_department_fk",
      columns: [t.orgId, t.ownerDepartmentId],
      foreignColumns: [departments.orgId, departments.id],
    }),
    // ON DELETE SET NULL (owner_membership_id) is set by the custom migration: removing a member
    // clears their ownership and keeps the objective (drizzle-kit cannot express the column list).
    foreignKey({
      name: "objectives_owner_membership_fk",
      columns: [t.orgId, t.ownerMembershipId],
      foreignColumns: [memberships.orgId, memberships.id],
    }),
    unique("objectives_org_plan_id_key").on(t.orgId, t.planId, t.id),
    uniqueIndex("objectives_org_plan_code_key").on(t.orgId, t.planId, sql`lower(${t.code})`),
    index("objectives_org_goal_idx").on(t.orgId, t.goalId, t.position),
    index("objectives_org_department_idx").on(t.orgId, t.ownerDepartmentId),
  ],
);

export const objectiveUpdates = pgTable(
  "objective_updates",
  {
    orgId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    objectiveId: uuid().notNull(),
    status: objectiveStatus().notNull(),
    narrative: text().notNull().default(""),
    asOf: date({ mode: "string" }).notNull(),
    authorUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      name: "objective_updates_objective_fk",
      columns: [t.orgId, t.objectiveId],
      foreignColumns: [objectives.orgId, objectives.id],
    }).onDelete("cascade"),
    index("objective_updates_org_objective_idx").on(t.orgId, t.objectiveId, t.asOf),
    check("objective_updates_narrative_length", sql`char_length(${t.narrative}) <= 2000`),
  ],
);

export const measures = pgTable(
  "measures",
  {
    orgId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    planId: uuid().notNull(),
    objectiveId: uuid().notNull(),
    /** Short reference unique within the plan ("2.3.1"): the natural key of measurement imports. */
    code: text().notNull(),
    name: text().notNull(),
    unit: text().notNull().default(""),
    direction: measureDirection().notNull(),
    baseline: decimal(),
    target: decimal(),
    reportingFrequency: reportingFrequency().notNull().default("quarterly"),
    position: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      name: "measures_objective_fk",
      columns: [t.orgId, t.planId, t.objectiveId],
      foreignColumns: [objectives.orgId, objectives.planId, objectives.id],
    }).onDelete("cascade"),
    uniqueIndex("measures_org_plan_code_key").on(t.orgId, t.planId, sql`lower(${t.code})`),
    index("measures_org_objective_idx").on(t.orgId, t.objectiveId, t.position),
  ],
);

export const measurements = pgTable(
  "measurements",
  {
    orgId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    measureId: uuid().notNull(),
    /** The first day of the period the value is for (month, fiscal quarter or fiscal year). */
    period: date({ mode: "string" }).notNull(),
    value: decimal().notNull(),
    note: text().notNull().default(""),
    recordedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      name: "measurements_measure_fk",
      columns: [t.orgId, t.measureId],
      foreignColumns: [measures.orgId, measures.id],
    }).onDelete("cascade"),
    uniqueIndex("measurements_org_measure_period_key").on(t.orgId, t.measureId, t.period),
    check("measurements_period_first_day", sql`extract(day from ${t.period}) = 1`),
  ],
);

// Practice alignment: one table per kind of item, each with real foreign keys to the item, the
// practice and (optionally) the dimension. A dimension's key includes the practice number, so a
// dimension of another practice is refused by the database itself.

/** The columns every practice-link table shares (plan items, budget lines, workforce goals). */
export const linkColumns = () => ({
  orgId: uuid().notNull(),
  id: uuid().notNull().defaultRandom(),
  frameworkCode: text().notNull(),
  practiceNumber: integer().notNull(),
  dimensionKind: dimensionKind(),
  dimensionLetter: text(),
  isPrimary: boolean().notNull().default(false),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const goalPractices = pgTable(
  "goal_practices",
  { ...linkColumns(), goalId: uuid().notNull() },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ name: "goal_practices_goal_fk", columns: [t.orgId, t.goalId], foreignColumns: [goals.orgId, goals.id] }).onDelete(
      "cascade",
    ),
    foreignKey({
      name: "goal_practices_practice_fk",
      columns: [t.frameworkCode, t.practiceNumber],
      foreignColumns: [practices.frameworkCode, practices.number],
    }),
    foreignKey({
      name: "goal_practices_dimension_fk",
      columns: [t.frameworkCode, t.practiceNumber, t.dimensionKind, t.dimensionLetter],
      foreignColumns: [
        practiceDimensions.frameworkCode,
        practiceDimensions.practiceNumber,
        practiceDimensions.kind,
        practiceDimensions.letter,
      ],
    }),
    unique("goal_practices_link_key")
      .on(t.orgId, t.goalId, t.frameworkCode, t.practiceNumber, t.dimensionKind, t.dimensionLetter)
      .nullsNotDistinct(),
    uniqueIndex("goal_practices_one_primary_key").on(t.orgId, t.goalId).where(sql`${t.isPrimary}`),
    index("goal_practices_org_practice_idx").on(t.orgId, t.frameworkCode, t.practiceNumber),
    check("goal_practices_dimension_pair", sql`(${t.dimensionKind} is null) = (${t.dimensionLetter} is null)`),
  ],
);

export const objectivePractices = pgTable(
  "objective_practices",
  { ...linkColumns(), objectiveId: uuid().notNull() },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      name: "objective_practices_objective_fk",
      columns: [t.orgId, t.objectiveId],
      foreignColumns: [objectives.orgId, objectives.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "objective_practices_practice_fk",
      columns: [t.frameworkCode, t.practiceNumber],
      foreignColumns: [practices.frameworkCode, practices.number],
    }),
    foreignKey({
      name: "objective_practices_dimension_fk",
      columns: [t.frameworkCode, t.practiceNumber, t.dimensionKind, t.dimensionLetter],
      foreignColumns: [
        practiceDimensions.frameworkCode,
        practiceDimensions.practiceNumber,
        practiceDimensions.kind,
        practiceDimensions.letter,
      ],
    }),
    unique("objective_practices_link_key")
      .on(t.orgId, t.objectiveId, t.frameworkCode, t.practiceNumber, t.dimensionKind, t.dimensionLetter)
      .nullsNotDistinct(),
    uniqueIndex("objective_practices_one_primary_key").on(t.orgId, t.objectiveId).where(sql`${t.isPrimary}`),
    index("objective_practices_org_practice_idx").on(t.orgId, t.frameworkCode, t.practiceNumber),
    check("objective_practices_dimension_pair", sql`(${t.dimensionKind} is null) = (${t.dimensionLetter} is null)`),
  ],
);

export const measurePractices = pgTable(
  "measure_practices",
  { ...linkColumns(), measureId: uuid().notNull() },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      name: "measure_practices_measure_fk",
      columns: [t.orgId, t.measureId],
      foreignColumns: [measures.orgId, measures.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "measure_practices_practice_fk",
      columns: [t.frameworkCode, t.practiceNumber],
      foreignColumns: [practices.frameworkCode, practices.number],
    }),
    foreignKey({
      name: "measure_practices_dimension_fk",
      columns: [t.frameworkCode, t.practiceNumber, t.dimensionKind, t.dimensionLetter],
      foreignColumns: [
        practiceDimensions.frameworkCode,
        practiceDimensions.practiceNumber,
        practiceDimensions.kind,
        practiceDimensions.letter,
      ],
    }),
    unique("measure_practices_link_key")
      .on(t.orgId, t.measureId, t.frameworkCode, t.practiceNumber, t.dimensionKind, t.dimensionLetter)
      .nullsNotDistinct(),
    uniqueIndex("measure_practices_one_primary_key").on(t.orgId, t.measureId).where(sql`${t.isPrimary}`),
    index("measure_practices_org_practice_idx").on(t.orgId, t.frameworkCode, t.practiceNumber),
    check("measure_practices_dimension_pair", sql`(${t.dimensionKind} is null) = (${t.dimensionLetter} is null)`),
  ],
);
