// Staleness of plan items: when an objective's status or a measure's values are overdue.
// Dates and reporting periods come from core (core/dates.ts, core/periods.ts).
//
// Staleness (what "no update within its reporting frequency" means, precisely):
// - An OBJECTIVE's latest status update keeps it fresh through the same day one reporting
//   interval later (1, 3 or 12 months after its as-of date; a day that does not exist in that
//   month becomes the month's last day: an update as of Jan 31 on a monthly objective is fresh
//   through Feb 28). From the next day on, the objective is stale. With no update at all, the
//   date the objective was created counts as its last update. Done objectives are never stale.
// - A MEASURE's value for a period is due by the end of the following period (one period of
//   grace to collect the numbers). A measure is stale on `today` when it has no value for the
//   latest period whose deadline has passed — the period two before the one containing `today` —
//   nor for any later period. A measure created during period P is first expected to report P.
//   Measures of done objectives are never stale.
// Only objectives and measures of adopted plans are tracked (drafts are not yet in effect and
// archived plans are over); the services apply that rule.

import { addDays, addMonths } from "~/modules/core/dates";
import { addPeriods, MONTHS_PER_PERIOD, periodEnd, periodLabel, periodStart, REPORTING_FREQUENCY_VALUES, type ReportingFrequency } from "~/modules/core/periods";

export type ObjectiveFreshness = {
  stale: boolean;
  /** The date that counts as the last update: the latest update's as-of date, or the creation date. */
  lastUpdate: string;
  /** The last day on which an update dated `lastUpdate` still counts as fresh. */
  freshUntil: string;
};

export function objectiveFreshness(
  input: { frequency: ReportingFrequency; lastUpdateAsOf: string | null; createdOn: string; done: boolean },
  today: string,
): ObjectiveFreshness {
  const lastUpdate = input.lastUpdateAsOf ?? input.createdOn;
  const freshUntil = addMonths(lastUpdate, MONTHS_PER_PERIOD[input.frequency]);
  const stale = !input.done && today > freshUntil;
  return { stale, lastUpdate, freshUntil };
}

export type MeasureFreshness = {
  stale: boolean;
  /** The latest period whose value is past due today (its deadline has passed). */
  expectedPeriod: string;
  /** The period with no value yet that made the measure stale (the first missing one). */
  missingPeriod: string | null;
  /** When the value of `missingPeriod` was due (the end of the period after it). */
  missingSince: string | null;
};

export function measureFreshness(
  input: {
    frequency: ReportingFrequency;
    latestPeriod: string | null;
    createdOn: string;
    done: boolean;
  },
  today: string,
  fiscalYearStartMonth: number,
): MeasureFreshness {
  const f = input.frequency;
  const current = periodStart(today, f, fiscalYearStartMonth);
  const expectedPeriod = addPeriods(current, -2, f);
  const firstExpected = periodStart(input.createdOn, f, fiscalYearStartMonth);
  const covered = input.latestPeriod ?? addPeriods(firstExpected, -1, f);
  const stale = !input.done && covered < expectedPeriod;
  const missingPeriod = stale
    ? input.latestPeriod
      ? addPeriods(periodStart(input.latestPeriod, f, fiscalYearStartMonth), 1, f)
      : firstExpected
    : null;
  return {
    stale,
    expectedPeriod,
    missingPeriod,
    missingSince: missingPeriod ? periodEnd(addPeriods(missingPeriod, 1, f), f) : null,
  };
}

/**
 * The stale rule above as day boundaries for one `today`, so a database can count stale items
 * with plain comparisons (plan-counts.server.ts) while this module stays the only place the rule
 * is written. For each reporting frequency:
 * - an objective that is not done is stale when the day that counts as its last update is before
 *   `objectiveFreshFrom` (an update on that day or later keeps it fresh through `today`);
 * - a measure of an objective that is not done is stale when its latest period is before
 *   `measureExpectedPeriod`, or, with no value at all, when it was created before
 *   `measureCreatedFrom`.
 * staleness.test.ts checks these against objectiveFreshness and measureFreshness day by day.
 */
export type StaleThresholds = Record<
  ReportingFrequency,
  { objectiveFreshFrom: string; measureExpectedPeriod: string; measureCreatedFrom: string }
>;

export function staleThresholds(today: string, fiscalYearStartMonth: number): StaleThresholds {
  const out = {} as StaleThresholds;
  for (const frequency of REPORTING_FREQUENCY_VALUES) {
    // addMonths is monotone but clamps month ends, so the earliest fresh day is found with the
    // rule itself, a few steps from the obvious guess.
    const stale = (lastUpdate: string) => objectiveFreshness({ frequency, lastUpdateAsOf: lastUpdate, createdOn: lastUpdate, done: false }, today).stale;
    let freshFrom = addMonths(today, -MONTHS_PER_PERIOD[frequency]);
    while (stale(freshFrom)) freshFrom = addDays(freshFrom, 1);
    while (!stale(addDays(freshFrom, -1))) freshFrom = addDays(freshFrom, -1);
    const { expectedPeriod } = measureFreshness({ frequency, latestPeriod: null, createdOn: today, done: false }, today, fiscalYearStartMonth);
    // Without values, a measure counts as covered through the period before the one it was
    // created in: stale exactly when that period starts before the expected one, that is when it
    // was created before the period after the expected one began.
    out[frequency] = {
      objectiveFreshFrom: freshFrom,
      measureExpectedPeriod: expectedPeriod,
      measureCreatedFrom: addPeriods(expectedPeriod, 1, frequency),
    };
  }
  return out;
}

/** Plain-English reason for the stale flag, for a table cell or a screen reader. */
export function describeObjectiveFreshness(f: ObjectiveFreshness, hasUpdates: boolean, frequency: ReportingFrequency): string {
  if (!f.stale) return `Up to date (next update due by ${f.freshUntil}).`;
  return hasUpdates
    ? `Stale: the last status update is as of ${f.lastUpdate}, and this objective reports ${frequency}.`
    : `Stale: no status update since the objective was created on ${f.lastUpdate}, and it reports ${frequency}.`;
}

export function describeMeasureFreshness(
  f: MeasureFreshness,
  frequency: ReportingFrequency,
  fiscalYearStartMonth: number,
): string {
  if (!f.stale || !f.missingPeriod) return "Up to date.";
  return `Stale: no value for ${periodLabel(f.missingPeriod, frequency, fiscalYearStartMonth)} yet (it was due by ${f.missingSince}).`;
}

/**
 * Why a status update's as-of date is refused, or null. One day of slack: the person may be a
 * time zone ahead of the server. Objectives and workforce goals share the rule.
 */
export function statusUpdateDateProblem(asOf: string, today: string): string | null {
  return asOf > addDays(today, 1) ? "The update can't be dated in the future. Use today's date or an earlier one." : null;
}
