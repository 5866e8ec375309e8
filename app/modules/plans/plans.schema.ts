// Zod schemas of every input of the plans module, shared by the forms (conform) and the services
// (which validate again, so a service is safe whoever calls it). Empty form fields arrive as
// undefined through conform; services also accept "" or null for "none".
import { z } from "zod";
import { parseDecimal } from "~/modules/core/decimal";
import { isIsoDate } from "~/modules/core/dates";
import { REPORTING_FREQUENCY_VALUES, type ReportingFrequency } from "~/modules/core/periods";

export const PLAN_STATUSES = ["draft", "adopted", "archived"] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const PLAN_STATUS_LABELS: Record<PlanStatus, string> = { draft: "Draft", adopted: "Adopted", archived: "Archived" };

export const OBJECTIVE_STATUSES = ["not_started", "on_track", "at_risk", "off_track", "done"] as const;
export type ObjectiveStatus = (typeof OBJECTIVE_STATUSES)[number];
export const OBJECTIVE_STATUS_LABELS: Record<ObjectiveStatus, string> = {
  not_started: "Not started",
  on_track: "On track",
  at_risk: "At risk",
  off_track: "Off track",
  done: "Done",
};

export const REPORTING_FREQUENCIES = REPORTING_FREQUENCY_VALUES;
export type { ReportingFrequency };
export const REPORTING_FREQUENCY_LABELS: Record<ReportingFrequency, string> = {
  monthly: "Monthly",
  quarterly: "Quarterly",
  yearly: "Yearly",
};

export const MEASURE_DIRECTIONS = ["higher_is_better", "lower_is_better"] as const;
export type MeasureDirection = (typeof MEASURE_DIRECTIONS)[number];
export const MEASURE_DIRECTION_LABELS: Record<MeasureDirection, string> = {
  higher_is_better: "Higher is better",
  lower_is_better: "Lower is better",
};

export const DIMENSION_KINDS = ["leadership", "management"] as const;
export type DimensionKind = (typeof DIMENSION_KINDS)[number];

export const NARRATIVE_MAX = 2000;
export const LONG_TEXT_MAX = 4000;
export const TITLE_MAX = 200;
export const CODE_MAX = 20;
export const NOTE_MAX = 500;
export const FISCAL_YEAR_MIN = 2000;
export const FISCAL_YEAR_MAX = 2100;
export const PLAN_YEARS_MAX = 20;

const title = (what: string) =>
  z
    .string({ required_error: `Enter the ${what}.` })
    .trim()
    .min(3, `Enter the ${what} (at least 3 characters).`)
    .max(TITLE_MAX, `Use at most ${TITLE_MAX} characters.`);

const longText = (max = LONG_TEXT_MAX) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max.toLocaleString("en-US")} characters.`)
    .nullish()
    .transform((v) => v ?? "");

/** A short reference unique within the plan, like 2.3 or PW-4. Optional: left empty, the service
 * numbers the item after its goal (objectives: "2.3") or objective (measures: "2.3.1"). */
export const codeField = z
  .string()
  .trim()
  .max(CODE_MAX, `Use at most ${CODE_MAX} characters.`)
  .regex(/^$|^[A-Za-z0-9][A-Za-z0-9._-]*$/, "Use letters, digits, dots, hyphens and underscores, like 2.3 or PW-4.")
  .nullish()
  .transform((v) => v || null);

const optionalId = z
  .string()
  .trim()
  .max(64)
  .nullish()
  .transform((v) => v || null);

export const isoDateField = (what: string) =>
  z
    .string({ required_error: `Enter the ${what}.` })
    .trim()
    .refine(isIsoDate, `Enter the ${what} as a date, like 2026-06-30.`);

const optionalIsoDate = (what: string) =>
  z
    .string()
    .trim()
    .refine((v) => v === "" || isIsoDate(v), `Enter the ${what} as a date, like 2026-06-30.`)
    .nullish()
    .transform((v) => v || null);

/** An exact decimal typed by a person, returned in canonical form ("1,250.50" → "1250.5"). */
export const decimalField = (what: string) =>
  z
    .string({ required_error: `Enter the ${what}.` })
    .transform((v, ctx) => {
      const parsed = parseDecimal(v);
      if (!parsed.ok) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed.reason });
        return z.NEVER;
      }
      return parsed.value;
    });

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

const fiscalYear = (which: string) =>
  z
    .number({ required_error: `Enter the ${which} fiscal year, like 2026.`, invalid_type_error: `Enter the ${which} fiscal year as a number, like 2026.` })
    .int(`Enter the ${which} fiscal year as a whole number, like 2026.`)
    .min(FISCAL_YEAR_MIN, `Enter a fiscal year from ${FISCAL_YEAR_MIN} to ${FISCAL_YEAR_MAX}.`)
    .max(FISCAL_YEAR_MAX, `Enter a fiscal year from ${FISCAL_YEAR_MIN} to ${FISCAL_YEAR_MAX}.`);

export const planSchema = z
  .object({
    title: title("plan's title"),
    startFiscalYear: fiscalYear("first"),
    endFiscalYear: fiscalYear("last"),
    status: z.enum(PLAN_STATUSES, { errorMap: () => ({ message: "Choose draft, adopted or archived." }) }).default("draft"),
    vision: longText(),
    mission: longText(),
    values: longText(),
  })
  .superRefine((v, ctx) => {
    if (v.endFiscalYear < v.startFiscalYear) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["endFiscalYear"], message: "The last fiscal year can't be before the first." });
    } else if (v.endFiscalYear - v.startFiscalYear >= PLAN_YEARS_MAX) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["endFiscalYear"], message: `A plan can span at most ${PLAN_YEARS_MAX} fiscal years.` });
    }
  });
export type PlanInput = z.input<typeof planSchema>;

export const planStatusSchema = z.object({
  status: z.enum(PLAN_STATUSES, { errorMap: () => ({ message: "Choose draft, adopted or archived." }) }),
});

export const goalSchema = z.object({
  title: title("goal's title"),
  description: longText(),
});
export type GoalInput = z.input<typeof goalSchema>;

export const moveSchema = z.object({ direction: z.enum(["up", "down"]) });

export const objectiveSchema = z.object({
  code: codeField,
  title: title("objective's title"),
  description: longText(),
  ownerDepartmentId: z
    .string({ required_error: "Choose the department that owns this objective." })
    .trim()
    .min(1, "Choose the department that owns this objective.")
    .max(64),
  ownerMembershipId: optionalId,
  dueDate: optionalIsoDate("due date"),
  reportingFrequency: z.enum(REPORTING_FREQUENCIES, {
    errorMap: () => ({ message: "Choose how often this objective reports: monthly, quarterly or yearly." }),
  }),
  /** Only when editing: moves the objective under another goal of the same plan. */
  goalId: optionalId,
});
export type ObjectiveInput = z.input<typeof objectiveSchema>;

export const measureSchema = z.object({
  code: codeField,
  name: title("measure's name"),
  unit: z
    .string()
    .trim()
    .max(40, "Use at most 40 characters, like %, days or tons.")
    .nullish()
    .transform((v) => v ?? ""),
  direction: z.enum(MEASURE_DIRECTIONS, { errorMap: () => ({ message: "Choose whether higher or lower values are better." }) }),
  baseline: optionalDecimal("Baseline"),
  target: optionalDecimal("Target"),
  reportingFrequency: z.enum(REPORTING_FREQUENCIES, {
    errorMap: () => ({ message: "Choose how often this measure reports: monthly, quarterly or yearly." }),
  }),
});
export type MeasureInput = z.input<typeof measureSchema>;

/** A value for one reporting period. The period is the first day of a month, fiscal quarter or
 * fiscal year (the service checks it against the measure's frequency); "2026-03" means 2026-03-01. */
export const measurementSchema = z.object({
  period: z
    .string({ required_error: "Choose the period this value is for." })
    .trim()
    .transform((v) => (/^\d{4}-\d{2}$/.test(v) ? `${v}-01` : v))
    .refine(isIsoDate, "Choose the period this value is for, like 2026-03-01."),
  value: decimalField("value"),
  note: z
    .string()
    .trim()
    .max(NOTE_MAX, `Use at most ${NOTE_MAX} characters.`)
    .nullish()
    .transform((v) => v ?? ""),
});
export type MeasurementInput = z.input<typeof measurementSchema>;

export const statusUpdateSchema = z.object({
  status: z.enum(OBJECTIVE_STATUSES, {
    errorMap: () => ({ message: "Choose a status: not started, on track, at risk, off track or done." }),
  }),
  narrative: z
    .string({ required_error: "Say briefly what happened since the last update." })
    .trim()
    .min(1, "Say briefly what happened since the last update.")
    .max(NARRATIVE_MAX, `Use at most ${NARRATIVE_MAX.toLocaleString("en-US")} characters.`),
  asOf: isoDateField("date this update is as of"),
});
export type StatusUpdateInput = z.input<typeof statusUpdateSchema>;

// Practice alignment. A link is a practice, optionally one of its dimensions. In forms a link is
// a token: "3" (practice 3), "3:leadership:A" or "3:management:B" (a dimension of practice 3).

export const LINK_TOKEN = /^([1-9]\d{0,2})(?::(leadership|management):([A-Za-z]))?$/;

export const practiceLinkSchema = z.object({
  practiceNumber: z.number().int().min(1).max(999),
  dimensionKind: z.enum(DIMENSION_KINDS).nullish().transform((v) => v ?? null),
  dimensionLetter: z
    .string()
    .trim()
    .regex(/^[A-Za-z]$/, "A dimension is a single letter, like A.")
    .nullish()
    .transform((v) => (v ? v.toUpperCase() : null)),
  isPrimary: z.boolean().default(false),
});
export type PracticeLinkInput = z.input<typeof practiceLinkSchema>;

export const alignmentSchema = z.object({
  links: z.array(practiceLinkSchema).max(40, "Link at most 40 practices and dimensions."),
});
export type AlignmentInput = z.input<typeof alignmentSchema>;

export function linkToken(link: { practiceNumber: number; dimensionKind: DimensionKind | null; dimensionLetter: string | null }): string {
  return link.dimensionKind && link.dimensionLetter
    ? `${link.practiceNumber}:${link.dimensionKind}:${link.dimensionLetter}`
    : String(link.practiceNumber);
}

export function parseLinkToken(token: string): { practiceNumber: number; dimensionKind: DimensionKind | null; dimensionLetter: string | null } | null {
  const m = LINK_TOKEN.exec(token.trim());
  if (!m) return null;
  return {
    practiceNumber: Number(m[1]),
    dimensionKind: (m[2] as DimensionKind | undefined) ?? null,
    dimensionLetter: m[3] ? m[3].toUpperCase() : null,
  };
}

/** The picker form: checked links (`link`, repeated) and the one marked primary (`primary`). */
export const alignmentFormSchema = z
  .object({
    link: z
      .array(z.string().regex(LINK_TOKEN, "Choose practices from the list."))
      .max(40, "Link at most 40 practices and dimensions.")
      .default([]),
    primary: z.string().regex(LINK_TOKEN, "Choose which link is primary.").optional(),
  })
  .superRefine((v, ctx) => {
    if (v.link.length > 0 && !v.primary) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["primary"], message: "Choose which practice is the primary one." });
    } else if (v.primary && !v.link.includes(v.primary)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["primary"], message: "The primary practice must be one of the checked ones." });
    }
  });

/** The form's tokens as the service's links. */
export function alignmentFromForm(form: { link: string[]; primary?: string }): AlignmentInput {
  return {
    links: [...new Set(form.link)].flatMap((token) => {
      const parsed = parseLinkToken(token);
      return parsed ? [{ ...parsed, isPrimary: token === form.primary }] : [];
    }),
  };
}

/** Filters of the plan page, from its URL search parameters. */
export const planTreeFiltersSchema = z.object({
  department: optionalId,
  status: z.enum(OBJECTIVE_STATUSES).optional().catch(undefined),
  practice: z.coerce.number().int().min(1).max(999).optional().catch(undefined),
  stale: z
    .union([z.literal("1"), z.literal("true"), z.literal("on"), z.boolean()])
    .optional()
    .catch(undefined)
    .transform((v) => v === true || v === "1" || v === "true" || v === "on"),
});
export type PlanTreeFilters = {
  departmentId?: string | null;
  status?: ObjectiveStatus | null;
  practiceNumber?: number | null;
  staleOnly?: boolean;
};

/** The parsed search parameters as the filters of getPlanTree. */
export function planTreeFiltersFrom(searchParams: URLSearchParams): PlanTreeFilters {
  const parsed = planTreeFiltersSchema.parse({
    department: searchParams.get("department") ?? undefined,
    status: searchParams.get("status") || undefined,
    practice: searchParams.get("practice") || undefined,
    stale: searchParams.get("stale") ?? undefined,
  });
  return { departmentId: parsed.department, status: parsed.status ?? null, practiceNumber: parsed.practice ?? null, staleOnly: parsed.stale };
}

export const CSV_MAX_BYTES = 2_000_000;
export const CSV_MAX_ROWS = 10_000;

/** An uploaded or pasted CSV file. */
export const csvImportSchema = z.object({
  csv: z
    .string({ required_error: "Choose a CSV file to import." })
    .min(1, "Choose a CSV file to import.")
    .max(CSV_MAX_BYTES, `The file is too large: import at most ${CSV_MAX_BYTES / 1_000_000} MB at a time.`),
});
