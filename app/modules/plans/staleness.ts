// Dates, reporting periods and staleness, as pure functions over ISO dates ("2026-03-31").
// Dates are calendar dates (no time, no time zone), so they are handled as strings and computed
// in UTC, never through the server's local time.
//
// Reporting periods follow the organization's fiscal year:
// - a fiscal year is named by the calendar year in which it ends (with a July start, FY2026 runs
//   from 2025-07-01 to 2026-06-30; with a January start, FY2026 is calendar 2026);
// - a monthly period starts on the first of the month, a quarterly one on the first day of a
//   fiscal quarter (July, October, January, April for a July start), a yearly one on the first
//   day of the fiscal year. A measurement's `period` is always such a first day.
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

export const REPORTING_FREQUENCY_VALUES = ["monthly", "quarterly", "yearly"] as const;
export type ReportingFrequency = (typeof REPORTING_FREQUENCY_VALUES)[number];

export const MONTHS_PER_PERIOD: Record<ReportingFrequency, number> = { monthly: 1, quarterly: 3, yearly: 12 };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

type Ymd = { y: number; m: number; d: number };

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Whether `value` is a real calendar date written YYYY-MM-DD (years 1900–2199). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return y >= 1900 && y < 2200 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

function parse(iso: string): Ymd {
  if (!isIsoDate(iso)) throw new Error(`Not a date: ${iso}`);
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  return { y, m, d };
}

function format({ y, m, d }: Ymd): string {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** Today's date on this server's clock, as YYYY-MM-DD. */
export function todayIso(now: Date = new Date()): string {
  return format({ y: now.getFullYear(), m: now.getMonth() + 1, d: now.getDate() });
}

/** The calendar date of a timestamp on this server's clock (the same clock as todayIso). */
export function dateOfTimestamp(at: Date): string {
  return todayIso(at);
}

/** Moves by whole months; a day that does not exist in the target month becomes its last day
 * (2026-03-31 minus one month is 2026-02-28). */
export function addMonths(iso: string, months: number): string {
  const { y, m, d } = parse(iso);
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = (index % 12) + 1;
  return format({ y: ny, m: nm, d: Math.min(d, daysInMonth(ny, nm)) });
}

export function addDays(iso: string, days: number): string {
  const { y, m, d } = parse(iso);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The fiscal year a date falls in, named by the calendar year in which that fiscal year ends. */
export function fiscalYearOf(iso: string, fiscalYearStartMonth: number): number {
  const { y, m } = parse(iso);
  return fiscalYearStartMonth === 1 || m < fiscalYearStartMonth ? y : y + 1;
}

/** The first day of a fiscal year. */
export function fiscalYearStart(fiscalYear: number, fiscalYearStartMonth: number): string {
  return fiscalYearStartMonth === 1
    ? format({ y: fiscalYear, m: 1, d: 1 })
    : format({ y: fiscalYear - 1, m: fiscalYearStartMonth, d: 1 });
}

/** The first day of the reporting period that contains `iso`. */
export function periodStart(iso: string, frequency: ReportingFrequency, fiscalYearStartMonth: number): string {
  const { y, m } = parse(iso);
  if (frequency === "monthly") return format({ y, m, d: 1 });
  if (frequency === "yearly") return fiscalYearStart(fiscalYearOf(iso, fiscalYearStartMonth), fiscalYearStartMonth);
  const monthsIntoYear = (m - fiscalYearStartMonth + 12) % 12;
  return addMonths(format({ y, m, d: 1 }), -(monthsIntoYear % 3));
}

/** Whether `iso` is the first day of a reporting period of this frequency. */
export function isPeriodStart(iso: string, frequency: ReportingFrequency, fiscalYearStartMonth: number): boolean {
  return isIsoDate(iso) && periodStart(iso, frequency, fiscalYearStartMonth) === iso;
}

/** The start of the period `count` periods after (or, when negative, before) the one starting at `period`. */
export function addPeriods(period: string, count: number, frequency: ReportingFrequency): string {
  return addMonths(period, count * MONTHS_PER_PERIOD[frequency]);
}

/** The last day of the period starting at `period`. */
export function periodEnd(period: string, frequency: ReportingFrequency): string {
  return addDays(addPeriods(period, 1, frequency), -1);
}

/** "Jul 2025", "FY2026 Q1" or "FY2026". */
export function periodLabel(period: string, frequency: ReportingFrequency, fiscalYearStartMonth: number): string {
  const { y, m } = parse(period);
  const fy = fiscalYearOf(period, fiscalYearStartMonth);
  if (frequency === "monthly") return `${MONTH_NAMES[m - 1]} ${y}`;
  if (frequency === "yearly") return `FY${fy}`;
  const quarter = Math.floor(((m - fiscalYearStartMonth + 12) % 12) / 3) + 1;
  return `FY${fy} Q${quarter}`;
}

/** The period starts from the one containing `from` to the one containing `to`, oldest first. */
export function periodsBetween(
  from: string,
  to: string,
  frequency: ReportingFrequency,
  fiscalYearStartMonth: number,
): string[] {
  const out: string[] = [];
  const last = periodStart(to, frequency, fiscalYearStartMonth);
  for (let p = periodStart(from, frequency, fiscalYearStartMonth); p <= last; p = addPeriods(p, 1, frequency)) {
    out.push(p);
    if (out.length > 1200) break;
  }
  return out;
}

/** A form's choice of period: the `count` most recent periods up to the one containing `today`,
 * newest first, with their labels. */
export function recentPeriods(
  today: string,
  frequency: ReportingFrequency,
  fiscalYearStartMonth: number,
  count = 8,
): { value: string; label: string }[] {
  const current = periodStart(today, frequency, fiscalYearStartMonth);
  return Array.from({ length: count }, (_, i) => {
    const value = addPeriods(current, -i, frequency);
    return { value, label: periodLabel(value, frequency, fiscalYearStartMonth) };
  });
}

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

/** The first instant of a calendar day on this server's clock: a timestamp is on an earlier day
 * (dateOfTimestamp) exactly when it is before this instant. */
export function startOfDay(iso: string): Date {
  const { y, m, d } = parse(iso);
  return new Date(y, m - 1, d);
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
