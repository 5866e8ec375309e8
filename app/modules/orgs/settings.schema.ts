import { z } from "zod";
import { orgKindField, orgNameField, stateField } from "~/modules/auth/auth.schema";
import { US_TIME_ZONE_NAMES } from "~/modules/core/time-zone";

export const POPULATION_MAX = 50_000_000;
export const ANONYMITY_THRESHOLD_MIN = 3;
export const ANONYMITY_THRESHOLD_MAX = 50;
export const ANONYMITY_THRESHOLD_DEFAULT = 5;

export const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

/** [value, label] pairs for a month select. */
export const MONTH_OPTIONS = MONTHS.map((m, i) => [String(i + 1), m] as const);

/**
 * A fiscal year is named after the calendar year in which it ends (the usual convention of US
 * local governments): with a July start, FY2026 runs from July 2025 to June 2026.
 */
export function describeFiscalYear(startMonth: number, fiscalYear: number): string {
  const month = Math.min(12, Math.max(1, Math.trunc(startMonth) || 1));
  const startYear = month === 1 ? fiscalYear : fiscalYear - 1;
  const endMonth = month === 1 ? 12 : month - 1;
  return `FY${fiscalYear} = ${MONTHS[month - 1]} ${startYear} – ${MONTHS[endMonth - 1]} ${fiscalYear}`;
}

const populationField = z
  .number({ invalid_type_error: "Enter the population as a whole number, digits only, like 48500." })
  .int("Enter the population as a whole number, like 48500.")
  .min(1, "The population must be at least 1.")
  .max(POPULATION_MAX, `The population can be at most ${POPULATION_MAX.toLocaleString("en-US")}.`)
  .nullish();

const fiscalYearStartMonthField = z
  .number({
    required_error: "Choose the month your fiscal year starts.",
    invalid_type_error: "Choose the month your fiscal year starts.",
  })
  .int("Choose the month your fiscal year starts.")
  .min(1, "Choose a month from January to December.")
  .max(12, "Choose a month from January to December.");

const anonymityThresholdField = z
  .number({
    required_error: "Enter the smallest group size to show, a whole number from 3 to 50.",
    invalid_type_error: "Enter the smallest group size to show, a whole number from 3 to 50.",
  })
  .int("Enter a whole number from 3 to 50.")
  .min(
    ANONYMITY_THRESHOLD_MIN,
    `Use at least ${ANONYMITY_THRESHOLD_MIN}: with fewer respondents, people could work out who answered what.`,
  )
  .max(ANONYMITY_THRESHOLD_MAX, `Use at most ${ANONYMITY_THRESHOLD_MAX}.`);

export const TWO_FACTOR_POLICIES = [
  ["off", "Not required (each person may turn it on)"],
  ["admins", "Required for administrators"],
  ["everyone", "Required for everyone"],
] as const;

const twoFactorPolicyField = z
  .enum(["off", "admins", "everyone"], { errorMap: () => ({ message: "Choose who must use two-factor authentication." }) })
  // Left out (a form or script that does not know the setting): kept as it is.
  .optional();

export const timeZoneField = z.enum(US_TIME_ZONE_NAMES, {
  errorMap: () => ({ message: "Choose the time zone the organization keeps its days in." }),
});

/** Shared by the settings form and the service (which validates its typed input again). */
export const organizationSettingsSchema = z.object({
  name: orgNameField,
  kind: orgKindField,
  state: stateField,
  population: populationField,
  fiscalYearStartMonth: fiscalYearStartMonthField,
  // Left out (a form or script that does not know the setting): kept as it is.
  timeZone: timeZoneField.optional(),
  anonymityThreshold: anonymityThresholdField,
  twoFactorPolicy: twoFactorPolicyField,
});
export type OrganizationSettingsInput = z.input<typeof organizationSettingsSchema>;
