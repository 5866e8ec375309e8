// Campaign forms and the rules shared by the form and the services.
import { z } from "zod";
import { DEMOGRAPHIC_FIELDS, DEMOGRAPHIC_FIELD_LABELS, type DemographicField } from "~/modules/workforce/workforce.schema";
import { ANONYMITY_THRESHOLD_MAX, ANONYMITY_THRESHOLD_MIN } from "~/modules/orgs/settings.schema";

export const CAMPAIGN_KINDS = ["organizational", "self"] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];
export const CAMPAIGN_KIND_LABELS: Record<CampaignKind, string> = {
  organizational: "Organizational: staff rate how well their department and the organization live each practice",
  self: "Self-assessment: each person rates their own proficiency (results visible to that person only)",
};

export const CAMPAIGN_DEPTHS = ["practice", "dimension"] as const;
export type CampaignDepth = (typeof CAMPAIGN_DEPTHS)[number];

/** Draft → open → closed. "scheduled" is open before its opening day; an open campaign past its
 * closing day is closed. */
export type EffectiveStatus = "draft" | "scheduled" | "open" | "closed";

export const AGREEMENT_SCALE = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"];
export const PROFICIENCY_SCALE = ["Beginning", "Developing", "Proficient", "Advanced", "Expert"];

/** Demographic answer of someone who chose not to say; with no answer at all, both count as
 * "not stated" in results. */
export const PREFER_NOT_TO_SAY = "prefer_not_to_say";
export const NOT_STATED = "not_stated";
export const NOT_STATED_LABEL = "Not stated";
export const NO_DEPARTMENT = "none";

export const COMMENT_MAX = 2000;
export const COMMENTS_THRESHOLD_MIN = 10;

/** Comments are only shown for groups at least this large (the larger of 10 and k). */
export function commentsThreshold(anonymityThreshold: number): number {
  return Math.max(COMMENTS_THRESHOLD_MIN, anonymityThreshold);
}

export { DEMOGRAPHIC_FIELDS, DEMOGRAPHIC_FIELD_LABELS, type DemographicField };

/** Today in UTC as YYYY-MM-DD: responses keep the day only, and the campaign days are compared
 * with it. */
export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const dayField = (what: string) =>
  z
    .string({ required_error: `Enter the ${what} date.`, invalid_type_error: `Enter the ${what} date.` })
    .regex(ISO_DAY, `Enter the ${what} date as YYYY-MM-DD.`)
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), {
      message: `Enter a real ${what} date.`,
    });

export const campaignInputSchema = z
  .object({
    title: z.string().trim().min(1, "Give the campaign a title.").max(200, "Use at most 200 characters."),
    description: z.string().trim().max(2000, "Use at most 2,000 characters.").default(""),
    kind: z.enum(CAMPAIGN_KINDS, { errorMap: () => ({ message: "Choose organizational or self-assessment." }) }),
    depth: z.enum(CAMPAIGN_DEPTHS, { errorMap: () => ({ message: "Choose one statement per practice or per dimension." }) }),
    practiceNumbers: z
      .array(z.number().int().min(1).max(14), { invalid_type_error: "Choose at least one practice." })
      .min(1, "Choose at least one practice.")
      .transform((xs) => [...new Set(xs)].sort((a, b) => a - b)),
    scaleLabels: z
      .array(z.string().trim().min(1, "Every point of the scale needs a label.").max(60, "Use at most 60 characters."))
      .length(5, "The scale has five points: give five labels, lowest first.")
      .optional(),
    notApplicableLabel: z.string().trim().min(1).max(60).default("Not applicable"),
    commentsEnabled: z.boolean().default(false),
    demographicCategories: z
      .array(z.enum(DEMOGRAPHIC_FIELDS, { errorMap: () => ({ message: "Choose categories from the roster's list." }) }))
      .default([])
      .transform((xs) => DEMOGRAPHIC_FIELDS.filter((f) => xs.includes(f))),
    opensOn: dayField("opening"),
    closesOn: dayField("closing"),
    anonymityThreshold: z
      .number({ invalid_type_error: `Enter a whole number from ${ANONYMITY_THRESHOLD_MIN} to ${ANONYMITY_THRESHOLD_MAX}.` })
      .int(`Enter a whole number from ${ANONYMITY_THRESHOLD_MIN} to ${ANONYMITY_THRESHOLD_MAX}.`)
      .min(ANONYMITY_THRESHOLD_MIN, `Use at least ${ANONYMITY_THRESHOLD_MIN}: with fewer respondents, people could work out who answered what.`)
      .max(ANONYMITY_THRESHOLD_MAX, `Use at most ${ANONYMITY_THRESHOLD_MAX}.`)
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (v.closesOn < v.opensOn) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["closesOn"], message: "The closing date must be on or after the opening date." });
    }
  });
export type CampaignInput = z.input<typeof campaignInputSchema>;
export type CampaignValue = z.output<typeof campaignInputSchema>;

export const extendSchema = z.object({ closesOn: dayField("new closing") });

export const resourceInputSchema = z.object({
  title: z.string().trim().min(1, "Give the resource a title.").max(200, "Use at most 200 characters."),
  description: z.string().trim().max(2000, "Use at most 2,000 characters.").default(""),
  url: z
    .string()
    .trim()
    .max(2000)
    .nullish()
    .transform((v) => v || null)
    .refine((v) => v === null || /^https?:\/\/[^\s]+$/i.test(v), { message: "Enter a web address starting with https://" }),
  practiceNumbers: z
    .array(z.number().int().min(1).max(14))
    .min(1, "Link the resource to at least one practice.")
    .transform((xs) => [...new Set(xs)].sort((a, b) => a - b)),
});
export type ResourceInput = z.input<typeof resourceInputSchema>;
