// A report's period: a fiscal year ("FY2026") or one of its quarters ("FY2026-Q2"). Pure, so the
// pages can label periods in the browser too.
import { addDays, addMonths } from "~/modules/core/dates";
import { fiscalYearOf, fiscalYearStart } from "~/modules/core/periods";

export type ReportPeriod = {
  key: string;
  kind: "fiscal_year" | "quarter";
  fiscalYear: number;
  quarter: 1 | 2 | 3 | 4 | null;
  startsOn: string;
  endsOn: string;
  /** "FY2026 (Jul 2025 – Jun 2026)" or "Q2 of FY2026 (Oct – Dec 2025)". */
  label: string;
};

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const month = (iso: string) => MONTHS[Number(iso.slice(5, 7)) - 1]!;
const KEY = /^FY(\d{4})(?:-Q([1-4]))?$/;

export function isPeriodKey(value: string): boolean {
  return KEY.test(value);
}

/** The period for a key, or null when the key is not one. */
export function parsePeriod(key: string, fiscalYearStartMonth: number): ReportPeriod | null {
  const m = KEY.exec(key.trim());
  if (!m) return null;
  const fiscalYear = Number(m[1]);
  const quarter = m[2] ? (Number(m[2]) as 1 | 2 | 3 | 4) : null;
  const yearStart = fiscalYearStart(fiscalYear, fiscalYearStartMonth);
  const startsOn = quarter ? addMonths(yearStart, (quarter - 1) * 3) : yearStart;
  const endsOn = addDays(addMonths(startsOn, quarter ? 3 : 12), -1);
  const label = quarter
    ? `Q${quarter} of FY${fiscalYear} (${month(startsOn)} – ${month(endsOn)} ${endsOn.slice(0, 4)})`
    : `FY${fiscalYear} (${month(startsOn)} ${startsOn.slice(0, 4)} – ${month(endsOn)} ${endsOn.slice(0, 4)})`;
  return { key: quarter ? `FY${fiscalYear}-Q${quarter}` : `FY${fiscalYear}`, kind: quarter ? "quarter" : "fiscal_year", fiscalYear, quarter, startsOn, endsOn, label };
}

/**
 * The periods an administrator can report on: the last few fiscal years up to the current one,
 * each followed by its quarters that have begun, newest first.
 */
export function reportablePeriods(fiscalYears: number[], fiscalYearStartMonth: number, today: string): ReportPeriod[] {
  const current = fiscalYearOf(today, fiscalYearStartMonth);
  const years = [...new Set([...fiscalYears, current])].filter((y) => y <= current && y > current - 4).sort((a, b) => b - a);
  const out: ReportPeriod[] = [];
  for (const y of years) {
    out.push(parsePeriod(`FY${y}`, fiscalYearStartMonth)!);
    for (const q of [4, 3, 2, 1]) {
      const p = parsePeriod(`FY${y}-Q${q}`, fiscalYearStartMonth)!;
      if (p.startsOn <= today) out.push(p);
    }
  }
  return out;
}
