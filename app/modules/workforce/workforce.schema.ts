// Zod schemas and labels of the workforce module: workforce goals (shared by the forms and the
// services, which validate again) and the roster import's column mapping. A goal's measurements
// and status updates use the plan's own schemas (measurementSchema, statusUpdateSchema): they are
// the same experience as a measure's values and an objective's updates.
import { z } from "zod";
import { parseDecimal } from "~/modules/core/decimal";
import {
  LONG_TEXT_MAX,
  MEASURE_DIRECTIONS,
  REPORTING_FREQUENCIES,
  TITLE_MAX,
  type MeasureDirection,
} from "~/modules/plans/plans.schema";
import { isIsoDate } from "~/modules/core/dates";

export const WORKFORCE_METRICS = [
  "turnover_rate",
  "vacancy_rate",
  "time_to_hire_days",
  "training_hours_per_fte",
  "ethics_training_completion",
  "representation",
  "custom",
] as const;
export type WorkforceMetric = (typeof WORKFORCE_METRICS)[number];

export const WORKFORCE_METRIC_LABELS: Record<WorkforceMetric, string> = {
  turnover_rate: "Turnover rate",
  vacancy_rate: "Vacancy rate",
  time_to_hire_days: "Time to hire",
  training_hours_per_fte: "Training hours per FTE",
  ethics_training_completion: "Ethics training completion",
  representation: "Representation",
  custom: "Custom",
};

/** What a metric is usually counted in, and which way is better: the defaults of a new goal. */
export const WORKFORCE_METRIC_DEFAULTS: Record<WorkforceMetric, { unit: string; direction: MeasureDirection | null }> = {
  turnover_rate: { unit: "%", direction: "lower_is_better" },
  vacancy_rate: { unit: "%", direction: "lower_is_better" },
  time_to_hire_days: { unit: "days", direction: "lower_is_better" },
  training_hours_per_fte: { unit: "hours per FTE", direction: "higher_is_better" },
  ethics_training_completion: { unit: "%", direction: "higher_is_better" },
  representation: { unit: "%", direction: "higher_is_better" },
  custom: { unit: "", direction: null },
};

/** The roster's self-reported demographic fields (the columns of staff_members). */
export const DEMOGRAPHIC_FIELDS = ["raceEthnicity", "gender", "ageBand", "veteran", "disability"] as const;
export type DemographicField = (typeof DEMOGRAPHIC_FIELDS)[number];
export const DEMOGRAPHIC_FIELD_LABELS: Record<DemographicField, string> = {
  raceEthnicity: "Race/ethnicity",
  gender: "Gender",
  ageBand: "Age band",
  veteran: "Veteran status",
  disability: "Disability status",
};

export const SUPERVISORY_LEVELS = ["executive", "manager", "supervisor", "staff"] as const;
export type SupervisoryLevel = (typeof SUPERVISORY_LEVELS)[number];
export const SUPERVISORY_LEVEL_LABELS: Record<SupervisoryLevel, string> = {
  executive: "Executive",
  manager: "Manager",
  supervisor: "Supervisor",
  staff: "Staff",
};

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max.toLocaleString("en-US")} characters.`)
    .nullish()
    .transform((v) => v || null);

const optionalDecimal = (what: string) =>
  z
    .string()
    .nullish()
    .transform((v, ctx) => {
      if (v === null || v === undefined || v.trim() === "") return null;
      const parsed = parseDecimal(v);
      if (!parsed.ok) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${what}: ${parsed.reason}` });
        return z.NEVER;
      }
      return parsed.value;
    });

/**
 * A workforce goal. `departmentId` empty means organization-wide (admins only). Unit and
 * direction default from the metric when left empty (a custom metric needs its direction). For
 * the representation metric, the roster field and group it counts may be named (both or neither).
 */
export const workforceGoalSchema = z
  .object({
    name: z
      .string({ required_error: "Enter the goal's name." })
      .trim()
      .min(3, "Enter the goal's name (at least 3 characters).")
      .max(TITLE_MAX, `Use at most ${TITLE_MAX} characters.`),
    description: z
      .string()
      .trim()
      .max(LONG_TEXT_MAX, `Use at most ${LONG_TEXT_MAX.toLocaleString("en-US")} characters.`)
      .nullish()
      .transform((v) => v ?? ""),
    departmentId: optionalText(64),
    metric: z.enum(WORKFORCE_METRICS, { errorMap: () => ({ message: "Choose what the goal measures." }) }),
    unit: z
      .string()
      .trim()
      .max(40, "Use at most 40 characters, like %, days or hours per FTE.")
      .nullish()
      .transform((v) => v || null),
    direction: z
      .enum(MEASURE_DIRECTIONS, { errorMap: () => ({ message: "Choose whether higher or lower values are better." }) })
      .nullish()
      .or(z.literal("").transform(() => null)),
    baseline: optionalDecimal("Baseline"),
    target: optionalDecimal("Target"),
    dueDate: z
      .string()
      .trim()
      .refine((v) => v === "" || isIsoDate(v), "Enter the due date as a date, like 2026-06-30.")
      .nullish()
      .transform((v) => v || null),
    reportingFrequency: z.enum(REPORTING_FREQUENCIES, {
      errorMap: () => ({ message: "Choose how often this goal reports: monthly, quarterly or yearly." }),
    }),
    demographicField: z
      .enum(DEMOGRAPHIC_FIELDS, { errorMap: () => ({ message: "Choose one of the roster's demographic fields." }) })
      .nullish()
      .or(z.literal("").transform(() => null)),
    demographicGroup: optionalText(100),
  })
  .superRefine((v, ctx) => {
    if (v.metric === "custom" && !v.direction) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["direction"], message: "Choose whether higher or lower values are better." });
    }
    if (Boolean(v.demographicField) !== Boolean(v.demographicGroup)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [v.demographicField ? "demographicGroup" : "demographicField"],
        message: "Name both the demographic field and the group, or neither.",
      });
    }
    if (v.demographicField && v.metric !== "representation") {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["demographicField"], message: "Only representation goals count a demographic group." });
    }
  })
  .transform((v) => ({
    ...v,
    unit: v.unit ?? WORKFORCE_METRIC_DEFAULTS[v.metric].unit,
    direction: (v.direction ?? WORKFORCE_METRIC_DEFAULTS[v.metric].direction ?? "higher_is_better") as MeasureDirection,
    demographicField: v.demographicField ?? null,
    demographicGroup: v.demographicField ? v.demographicGroup : null,
  }));
export type WorkforceGoalInput = z.input<typeof workforceGoalSchema>;
export type WorkforceGoalValue = z.output<typeof workforceGoalSchema>;

/** Filters of the workforce goals list, from its URL. */
export const workforceFiltersSchema = z.object({
  department: z.string().trim().max(64).optional().catch(undefined),
  stale: z.literal("1").optional().catch(undefined),
});

// ---------------------------------------------------------------------------------------------
// Roster import

export const ROSTER_CSV_MAX_BYTES = 5_000_000;
export const ROSTER_CSV_MAX_ROWS = 20_000;

/** The roster fields a file's columns map to (snake_case: as mappings and messages name them). */
export const ROSTER_FIELDS = [
  "employee_number",
  "full_name",
  "first_name",
  "last_name",
  "email",
  "department",
  "job_title",
  "supervisory_level",
  "hire_date",
  "race_ethnicity",
  "gender",
  "age_band",
  "veteran",
  "disability",
] as const;
export type RosterField = (typeof ROSTER_FIELDS)[number];

export const ROSTER_FIELD_LABELS: Record<RosterField, string> = {
  employee_number: "Employee number",
  full_name: "Name",
  first_name: "First name",
  last_name: "Last name",
  email: "Email",
  department: "Department",
  job_title: "Job title",
  supervisory_level: "Supervisory level",
  hire_date: "Hire date",
  race_ethnicity: "Race/ethnicity",
  gender: "Gender",
  age_band: "Age band",
  veteran: "Veteran status",
  disability: "Disability status",
};

export const ROSTER_DEMOGRAPHIC_FIELDS = ["race_ethnicity", "gender", "age_band", "veteran", "disability"] as const satisfies readonly RosterField[];

/** "full": the file is the whole roster, and people not in it have left. "update": only adds and
 * changes the people in the file. */
export const ROSTER_IMPORT_MODES = ["full", "update"] as const;
export type RosterImportMode = (typeof ROSTER_IMPORT_MODES)[number];

const columnName = z
  .string()
  .trim()
  .max(200)
  .nullish()
  .transform((v) => v || null);

export const rosterMappingSchema = z.object({
  columns: z.object(Object.fromEntries(ROSTER_FIELDS.map((f) => [f, columnName.optional()])) as Record<RosterField, z.ZodOptional<typeof columnName>>),
});
export type RosterMapping = { columns: Partial<Record<RosterField, string | null>> };
