import { z } from "zod";
import { DEMOGRAPHIC_FIELD_LABELS, DEMOGRAPHIC_FIELDS, type DemographicField } from "~/modules/workforce/workforce.schema";

// The community's demographics as an administrator enters them: one group of one roster field at
// a time, its share in percent (kept as basis points, so 12.35% is exact), and where the figure
// comes from.

export const COMMUNITY_YEAR_MIN = 1990;
export const COMMUNITY_YEAR_MAX = 2100;
export const GROUP_LABEL_MAX = 120;
export const SOURCE_MAX = 300;

export const COMMUNITY_CATEGORY_OPTIONS = DEMOGRAPHIC_FIELDS.map((f) => [f, DEMOGRAPHIC_FIELD_LABELS[f]] as const);

export function isDemographicField(value: unknown): value is DemographicField {
  return typeof value === "string" && (DEMOGRAPHIC_FIELDS as readonly string[]).includes(value);
}

/** "12.35" → 1235; null for anything that is not a percent from 0 to 100 with at most two decimals. */
export function percentToBasisPoints(text: string): number | null {
  const m = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text.trim().replace(/%$/, "").trim());
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0") || "0");
  return bp <= 10_000 ? bp : null;
}

/** 1235 → "12.35", 1230 → "12.3", 1200 → "12". */
export function basisPointsToText(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const cents = String(bp % 100).padStart(2, "0").replace(/0+$/, "");
  return cents ? `${whole}.${cents}` : String(whole);
}

const SHARE_MESSAGE = "Enter the share as a percent from 0 to 100, with at most two decimals, like 12.5.";

export const communityShareSchema = z.object({
  /** Present when editing a row. */
  id: z.string().uuid("This row no longer exists.").optional(),
  category: z.enum(DEMOGRAPHIC_FIELDS, {
    errorMap: () => ({ message: "Choose which of the roster's demographic fields this group belongs to." }),
  }),
  groupLabel: z
    .string({ required_error: "Name the group, as the roster names it (for example: Hispanic or Latino)." })
    .trim()
    .min(1, "Name the group, as the roster names it (for example: Hispanic or Latino).")
    .max(GROUP_LABEL_MAX, `Use at most ${GROUP_LABEL_MAX} characters.`),
  share: z
    .string({ required_error: SHARE_MESSAGE })
    .trim()
    .refine((v) => percentToBasisPoints(v) !== null, SHARE_MESSAGE)
    .transform((v) => percentToBasisPoints(v)!),
  source: z
    .string({ required_error: "Say where the figure comes from (for example: US Census Bureau, ACS 2023 5-year estimates)." })
    .trim()
    .min(1, "Say where the figure comes from (for example: US Census Bureau, ACS 2023 5-year estimates).")
    .max(SOURCE_MAX, `Use at most ${SOURCE_MAX} characters.`),
  year: z
    .number({
      required_error: "Enter the year the figure is for, like 2023.",
      invalid_type_error: "Enter the year the figure is for as four digits, like 2023.",
    })
    .int("Enter the year the figure is for as four digits, like 2023.")
    .min(COMMUNITY_YEAR_MIN, `Enter a year from ${COMMUNITY_YEAR_MIN} on.`)
    .max(COMMUNITY_YEAR_MAX, `Enter a year up to ${COMMUNITY_YEAR_MAX}.`),
});
export type CommunityShareInput = z.input<typeof communityShareSchema>;
