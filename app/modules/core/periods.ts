// Reporting periods and fiscal years, as pure functions over ISO dates (usable in the browser).
//
// Reporting periods follow the organization's fiscal year:
// - a fiscal year is named by the calendar year in which it ends (with a July start, FY2026 runs
//   from 2025-07-01 to 2026-06-30; with a January start, FY2026 is calendar 2026);
// - a monthly period starts on the first of the month, a quarterly one on the first day of a
//   fiscal quarter (July, October, January, April for a July start), a yearly one on the first
//   day of the fiscal year. A measurement's `period` is always such a first day.
import { addDays, addMonths, formatIsoDate, isIsoDate, parseIsoDate } from "./dates";

const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export const REPORTING_FREQUENCY_VALUES = ["monthly", "quarterly", "yearly"] as const;
export type ReportingFrequency = (typeof REPORTING_FREQUENCY_VALUES)[number];

export const MONTHS_PER_PERIOD: Record<ReportingFrequency, number> = { monthly: 1, quarterly: 3, yearly: 12 };

/** The fiscal year a date falls in, named by the calendar year in which that fiscal year ends. */
export function fiscalYearOf(iso: string, fiscalYearStartMonth: number): number {
  const { y, m } = parseIsoDate(iso);
  return fiscalYearStartMonth === 1 || m < fiscalYearStartMonth ? y : y + 1;
}

/** The first day of a fiscal year. */
export function fiscalYearStart(fiscalYear: number, fiscalYearStartMonth: number): string {
  return fiscalYearStartMonth === 1
    ? formatIsoDate({ y: fiscalYear, m: 1, d: 1 })
    : formatIsoDate({ y: fiscalYear - 1, m: fiscalYearStartMonth, d: 1 });
}

/** The first day of the reporting period that contains `iso`. */
export function periodStart(iso: string, frequency: ReportingFrequency, fiscalYearStartMonth: number): string {
  const { y, m } = parseIsoDate(iso);
  if (frequency === "monthly") return formatIsoDate({ y, m, d: 1 });
  if (frequency === "yearly") return fiscalYearStart(fiscalYearOf(iso, fiscalYearStartMonth), fiscalYearStartMonth);
  const monthsIntoYear = (m - fiscalYearStartMonth + 12) % 12;
  return addMonths(formatIsoDate({ y, m, d: 1 }), -(monthsIntoYear % 3));
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
  const { y, m } = parseIsoDate(period);
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

export type FiscalYearRange = { fiscalYear: number; startsOn: string; endsOn: string };

export function fiscalYearRange(fiscalYear: number, startMonth: number): FiscalYearRange {
  const startsOn = fiscalYearStart(fiscalYear, startMonth);
  const endsOn = addDays(fiscalYearStart(fiscalYear + 1, startMonth), -1);
  return { fiscalYear, startsOn, endsOn };
}

/** The fiscal year that contains `today` (the organization's today: core/today.ts). */
export function currentFiscalYear(startMonth: number, today: string): number {
  return fiscalYearOf(today, startMonth);
}

const monthYear = (iso: string) => `${MONTH_NAMES[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;

/** "FY2026 (Jul 2025 – Jun 2026)"; from stored dates when given, so old years keep their span. */
export function fiscalYearLabel(fiscalYear: number, startMonth: number, range?: { startsOn: string; endsOn: string }): string {
  const r = range ?? fiscalYearRange(fiscalYear, startMonth);
  return `FY${fiscalYear} (${monthYear(r.startsOn)} – ${monthYear(r.endsOn)})`;
}
