// Money is integer cents, end to end: parsed from text straight into a bigint, summed as bigints
// (in SQL as bigint/numeric), and formatted back into dollars from the digits. No amount ever
// passes through a JavaScript number, so there is nothing to round by accident.
//
// Across the network (loaders, JSON) cents travel as strings of digits ("-123456"), because
// JSON has no bigint: see CentsString.
//
// Accepted formats (surrounding spaces ignored):
//   1234   1234.5   1234.56   .5   $1,234.56   1,234,567.89   +12
//   -1234.56   -$5   $-5   (1,234.56)   ($1,234.56)   1234.56-   (accounting and ERP negatives)
//   1,234.567 with three or more decimals, as finance systems export them, when the digits past
//   the cent are zeros: "8670.000" is $8,670.00.
// Sub-cent amounts ("1,234.567") are REFUSED, not rounded: a budget import promises that its
// total equals the finance system's total to the cent, and rounding each line could break that
// silently. The person importing is told which cell and why, and fixes the export. (Every amount
// of the Oklahoma City export has ".000".)
// Thousands separators must be well placed (1,234 but not 12,34); a blank is not an amount (the
// import decides what a blank cell means).

/** Integer cents written as a base-10 string: how cents cross JSON. */
export type CentsString = string;

export type MoneyParse = { ok: true; cents: bigint } | { ok: false; reason: string };

/** Up to a trillion dollars either way: far beyond any government's line, far inside bigint. */
export const MONEY_MAX_INTEGER_DIGITS = 13;

const NUMBER = /^(?:(\d{1,3}(?:,\d{3})+)|(\d+))?(?:\.(\d*))?$/;

export function parseMoney(input: string): MoneyParse {
  let s = input.trim();
  if (s === "") return { ok: false, reason: "Enter an amount." };
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  // One sign, before or after the dollar sign, or trailing.
  const sign = /^([+-]?)\s*(\$?)\s*([+-]?)(.*?)(-?)$/.exec(s);
  if (!sign) return invalid(input);
  const [, lead = "", dollar = "", afterDollar = "", body = "", trail = ""] = sign;
  const signs = [lead, afterDollar, trail].filter(Boolean);
  if (signs.length > 1 || (negative && signs.length > 0)) return invalid(input);
  if (signs[0] === "-") negative = true;
  void dollar;
  const m = NUMBER.exec(body.trim());
  if (!m || (!m[1] && !m[2] && !m[3])) return invalid(input);
  const intDigits = (m[1] ?? m[2] ?? "").replace(/,/g, "").replace(/^0+(?=\d)/, "") || "0";
  const fraction = m[3] ?? "";
  if (fraction.length > 2 && /[^0]/.test(fraction.slice(2))) {
    return {
      ok: false,
      reason: `“${input.trim()}” has fractions of a cent. Amounts are kept to the cent, exactly: round it in the source file (we don't round amounts for you, so the totals stay exact).`,
    };
  }
  if (intDigits.length > MONEY_MAX_INTEGER_DIGITS) {
    return { ok: false, reason: `“${input.trim()}” is too large for an amount (at most ${MONEY_MAX_INTEGER_DIGITS} digits of dollars).` };
  }
  const cents = BigInt(intDigits) * 100n + BigInt((fraction.slice(0, 2) + "00").slice(0, 2));
  return { ok: true, cents: negative ? -cents : cents };
}

function invalid(input: string): MoneyParse {
  return {
    ok: false,
    reason: `“${input.trim()}” is not an amount. Write it like 1234.56, $1,234.56, -1,234.56 or (1,234.56).`,
  };
}

/** parseMoney for input known to be valid (fixtures, seeds); throws otherwise. */
export function cents(input: string): bigint {
  const parsed = parseMoney(input);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.cents;
}

/** A cents string back to bigint (from JSON, or a SQL sum read as text). */
export function toCents(value: CentsString | bigint | null | undefined): bigint {
  if (value === null || value === undefined || value === "") return 0n;
  if (typeof value === "bigint") return value;
  if (!/^-?\d+$/.test(value)) throw new Error(`Not a whole number of cents: ${value}`);
  return BigInt(value);
}

export function sumCents(values: Iterable<bigint>): bigint {
  let total = 0n;
  for (const v of values) total += v;
  return total;
}

/**
 * Dollars for people: "$1,234.56", "-$1,234.56" (or "($1,234.56)" in accounting style), and
 * without cents when `wholeDollars` is set ("$1,235", rounded half away from zero).
 */
export function formatCents(
  value: CentsString | bigint,
  options: { accounting?: boolean; wholeDollars?: boolean } = {},
): string {
  let c = toCents(value);
  const negative = c < 0n;
  if (negative) c = -c;
  let dollars = c / 100n;
  const rest = c % 100n;
  let fraction = "";
  if (options.wholeDollars) {
    if (rest >= 50n) dollars += 1n;
  } else {
    fraction = `.${rest.toString().padStart(2, "0")}`;
  }
  const grouped = dollars.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const body = `$${grouped}${fraction}`;
  if (!negative || (options.wholeDollars && dollars === 0n)) return body;
  return options.accounting ? `(${body})` : `-${body}`;
}

/** Plain decimal dollars for a CSV cell: "1234.56", "-5.00". */
export function centsToDecimal(value: CentsString | bigint): string {
  let c = toCents(value);
  const negative = c < 0n;
  if (negative) c = -c;
  return `${negative ? "-" : ""}${c / 100n}.${(c % 100n).toString().padStart(2, "0")}`;
}

/**
 * numerator ÷ denominator as a percentage with `decimals` places, computed on integers and
 * rounded half away from zero: ratioPercent(873n, 1000n) = "87.3". Null when the denominator
 * is zero (no amended budget: execution has no meaning).
 */
export function ratioPercent(numerator: bigint, denominator: bigint, decimals = 1): string | null {
  if (denominator === 0n) return null;
  const scale = 10n ** BigInt(decimals);
  let n = numerator * 100n * scale;
  let d = denominator;
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const negative = n < 0n;
  if (negative) n = -n;
  let q = n / d;
  if ((n % d) * 2n >= d) q += 1n;
  const whole = q / scale;
  const frac = decimals > 0 ? `.${(q % scale).toString().padStart(decimals, "0")}` : "";
  return `${negative && q !== 0n ? "-" : ""}${whole}${frac}`;
}

/** Execution: actual ÷ amended, as a percentage with one decimal ("87.3"), or null. */
export function executionPercent(actual: bigint, amended: bigint): string | null {
  return ratioPercent(actual, amended, 1);
}
