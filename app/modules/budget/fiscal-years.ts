// Fiscal years as pure functions (usable in the browser): named by the calendar year in which
// they end, starting on the first day of the organization's fiscal-year start month.
import { addDays, fiscalYearOf, fiscalYearStart, todayIso } from "~/modules/plans/staleness";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export type FiscalYearRange = { fiscalYear: number; startsOn: string; endsOn: string };

export function fiscalYearRange(fiscalYear: number, startMonth: number): FiscalYearRange {
  const startsOn = fiscalYearStart(fiscalYear, startMonth);
  const endsOn = addDays(fiscalYearStart(fiscalYear + 1, startMonth), -1);
  return { fiscalYear, startsOn, endsOn };
}

/** The fiscal year that contains `today`. */
export function currentFiscalYear(startMonth: number, today: string = todayIso()): number {
  return fiscalYearOf(today, startMonth);
}

const monthYear = (iso: string) => `${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;

/** "FY2026 (Jul 2025 – Jun 2026)"; from stored dates when given, so old years keep their span. */
export function fiscalYearLabel(fiscalYear: number, startMonth: number, range?: { startsOn: string; endsOn: string }): string {
  const r = range ?? fiscalYearRange(fiscalYear, startMonth);
  return `FY${fiscalYear} (${monthYear(r.startsOn)} – ${monthYear(r.endsOn)})`;
}
