// Calendar dates as ISO strings ("2026-03-31"): no time, no time zone, so they are handled as
// strings and computed in UTC, never through the server's local time. Which date today is, and
// which date a timestamp falls on, depend on the organization's time zone: core/today.ts.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export type Ymd = { y: number; m: number; d: number };

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Whether `value` is a real calendar date written YYYY-MM-DD (years 1900–2199). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return y >= 1900 && y < 2200 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

export function parseIsoDate(iso: string): Ymd {
  if (!isIsoDate(iso)) throw new Error(`Not a date: ${iso}`);
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  return { y, m, d };
}

export function formatIsoDate({ y, m, d }: Ymd): string {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** Moves by whole months; a day that does not exist in the target month becomes its last day
 * (2026-03-31 minus one month is 2026-02-28). */
export function addMonths(iso: string, months: number): string {
  const { y, m, d } = parseIsoDate(iso);
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = (index % 12) + 1;
  return formatIsoDate({ y: ny, m: nm, d: Math.min(d, daysInMonth(ny, nm)) });
}

export function addDays(iso: string, days: number): string {
  const { y, m, d } = parseIsoDate(iso);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
