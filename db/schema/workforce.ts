import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
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
import { decimal, linkColumns, measureDirection, objectiveStatus, reportingFrequency } from "./plans";

// Workforce (HR) goals with their measurements, status updates and practice links, and the staff
// roster imported from the HR system. Goals reuse the plan's enums (direction, status, reporting
// frequency) so that they behave exactly like plan measures and objectives.

export const workforceMetric = pgEnum("workforce_metric", [
  "turnover_rate",
  "vacancy_rate",
  "time_to_hire_days",
  "training_hours_per_fte",
  "ethics_training_completion",
  "representation",
  "custom",
]);
export const supervisoryLevel = pgEnum("supervisory_level", ["executive", "manager", "supervisor", "staff"]);

/**
 * A workforce goal of one department, or of the whole organization (department_id null). Its
 * value is a measure (unit, direction, baseline, target, measurements by period) and its progress
 * an objective's (status, dated status updates).
 */
export const workforceGoals = pgTable(
  "workforce_goals",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    departmentId: uuid(),
    metric: workforceMetric().notNull(),
    name: text().notNull(),
    description: text().notNull().default(""),
    /** "%", "days", "hours per FTE"… */
    unit: text().notNull().default(""),
    direction: measureDirection().notNull(),
    baseline: decimal(),
    target: decimal(),
    dueDate: date({ mode: "string" }),
    reportingFrequency: reportingFrequency().notNull().default("quarterly"),
    status: objectiveStatus().notNull().default("not_started"),
    /** The as-of date of the latest status update (null until the first one). */
    lastUpdateAsOf: date({ mode: "string" }),
    /** For the representation metric: which roster field and which group of it ("gender", "Female"). */
    demographicField: text(),
    demographicGroup: text(),
    position: integer().notNull().default(0),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      name: "workforce_goals_department_fk",
      columns: [t.orgId, t.departmentId],
      foreignColumns: [departments.orgId, departments.id],
    }),
    index("workforce_goals_org_department_idx").on(t.orgId, t.departmentId, t.position),
    check("workforce_goals_demographic_pair", sql`(${t.demographicField} is null) = (${t.demographicGroup} is null)`),
    check("workforce_goals_name_not_blank", sql`char_length(btrim(${t.name})) > 0`),
  ],
);

export const workforceMeasurements = pgTable(
  "workforce_measurements",
  {
    orgId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    goalId: uuid().notNull(),
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
      name: "workforce_measurements_goal_fk",
      columns: [t.orgId, t.goalId],
      foreignColumns: [workforceGoals.orgId, workforceGoals.id],
    }).onDelete("cascade"),
    uniqueIndex("workforce_measurements_org_goal_period_key").on(t.orgId, t.goalId, t.period),
    check("workforce_measurements_period_first_day", sql`extract(day from ${t.period}) = 1`),
  ],
);

export const workforceGoalUpdates = pgTable(
  "workforce_goal_updates",
  {
    orgId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    goalId: uuid().notNull(),
    status: objectiveStatus().notNull(),
    narrative: text().notNull().default(""),
    asOf: date({ mode: "string" }).notNull(),
    authorUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      name: "workforce_goal_updates_goal_fk",
      columns: [t.orgId, t.goalId],
      foreignColumns: [workforceGoals.orgId, workforceGoals.id],
    }).onDelete("cascade"),
    index("workforce_goal_updates_org_goal_idx").on(t.orgId, t.goalId, t.asOf),
    check("workforce_goal_updates_narrative_length", sql`char_length(${t.narrative}) <= 2000`),
  ],
);

/** Practice links of workforce goals: the same shape and rules as the plan items' links. */
export const workforceGoalPractices = pgTable(
  "workforce_goal_practices",
  { ...linkColumns(), workforceGoalId: uuid().notNull() },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      name: "workforce_goal_practices_goal_fk",
      columns: [t.orgId, t.workforceGoalId],
      foreignColumns: [workforceGoals.orgId, workforceGoals.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "workforce_goal_practices_practice_fk",
      columns: [t.frameworkCode, t.practiceNumber],
      foreignColumns: [practices.frameworkCode, practices.number],
    }),
    foreignKey({
      name: "workforce_goal_practices_dimension_fk",
      columns: [t.frameworkCode, t.practiceNumber, t.dimensionKind, t.dimensionLetter],
      foreignColumns: [
        practiceDimensions.frameworkCode,
        practiceDimensions.practiceNumber,
        practiceDimensions.kind,
        practiceDimensions.letter,
      ],
    }),
    unique("workforce_goal_practices_link_key")
      .on(t.orgId, t.workforceGoalId, t.frameworkCode, t.practiceNumber, t.dimensionKind, t.dimensionLetter)
      .nullsNotDistinct(),
    uniqueIndex("workforce_goal_practices_one_primary_key").on(t.orgId, t.workforceGoalId).where(sql`${t.isPrimary}`),
    index("workforce_goal_practices_org_practice_idx").on(t.orgId, t.frameworkCode, t.practiceNumber),
    check("workforce_goal_practices_dimension_pair", sql`(${t.dimensionKind} is null) = (${t.dimensionLetter} is null)`),
  ],
);

/**
 * The staff roster, imported from the HR system and matched by employee number. People who
 * leave are marked inactive (with the day they left, when known), never deleted. The
 * self-reported demographic fields are optional (null: not reported) and never leave the server
 * per person: services only ever return counts, with the organization's anonymity threshold.
 */
export const staffMembers = pgTable(
  "staff_members",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    employeeNumber: text().notNull(),
    fullName: text().notNull(),
    email: text(),
    departmentId: uuid(),
    jobTitle: text().notNull().default(""),
    supervisoryLevel: supervisoryLevel().notNull().default("staff"),
    hireDate: date({ mode: "string" }),
    isActive: boolean().notNull().default(true),
    leftOn: date({ mode: "string" }),
    raceEthnicity: text(),
    gender: text(),
    ageBand: text(),
    veteran: text(),
    disability: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      name: "staff_members_department_fk",
      columns: [t.orgId, t.departmentId],
      foreignColumns: [departments.orgId, departments.id],
    }),
    uniqueIndex("staff_members_org_employee_number_key").on(t.orgId, t.employeeNumber),
    index("staff_members_org_department_idx").on(t.orgId, t.departmentId, t.isActive),
    check("staff_members_left_only_if_inactive", sql`${t.leftOn} is null or not ${t.isActive}`),
    check("staff_members_employee_number_not_blank", sql`char_length(btrim(${t.employeeNumber})) > 0`),
  ],
);
