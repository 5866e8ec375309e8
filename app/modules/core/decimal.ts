// Measure values, baselines and targets are exact decimals (numeric(20,6) in the database), read
// and written as strings so that nothing is rounded through a float on the way.

export const DECIMAL_MAX_INTEGER_DIGITS = 14;
export const DECIMAL_MAX_FRACTION_DIGITS = 6;

/** Plain decimals, optionally signed, optionally with thousands commas: 12, -3.5, 1,234.75. */
const DECIMAL = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^[+-]?\.\d+$/;

export type DecimalParse = { ok: true; value: string } | { ok: false; reason: string };

/** Parses what a person typed (or a CSV cell) into a canonical decimal string ("1234.5", "-0.25",
 * "0"), or explains in plain words why it is not a number we can store exactly. */
export function parseDecimal(input: string): DecimalParse {
  const raw = input.trim();
  if (raw === "") return { ok: false, reason: "Enter a number." };
  if (!DECIMAL.test(raw)) {
    return {
      ok: false,
      reason: /%$/.test(raw)
        ? "Enter the number without the % sign (for 12%, enter 12)."
        : "Enter a plain number like 12 or 1,250.5 (no units, letters or symbols).",
    };
  }
  const negative = raw.startsWith("-");
  const unsigned = raw.replace(/^[+-]/, "").replace(/,/g, "");
  const [intPartRaw = "", fracPartRaw = ""] = unsigned.split(".");
  const intPart = intPartRaw.replace(/^0+(?=\d)/, "") || "0";
  const fracPart = fracPartRaw.replace(/0+$/, "");
  if (intPart.length > DECIMAL_MAX_INTEGER_DIGITS) {
    return { ok: false, reason: `The number is too large (at most ${DECIMAL_MAX_INTEGER_DIGITS} digits before the decimal point).` };
  }
  if (fracPart.length > DECIMAL_MAX_FRACTION_DIGITS) {
    return { ok: false, reason: `Use at most ${DECIMAL_MAX_FRACTION_DIGITS} digits after the decimal point.` };
  }
  const body = fracPart ? `${intPart}.${fracPart}` : intPart;
  return { ok: true, value: negative && body !== "0" ? `-${body}` : body };
}

/** The canonical form of a decimal read from the database ("12.500000" → "12.5"). */
export function canonicalDecimal(value: string): string;
export function canonicalDecimal(value: string | null): string | null;
export function canonicalDecimal(value: string | null): string | null {
  if (value === null) return null;
  const parsed = parseDecimal(value);
  return parsed.ok ? parsed.value : value;
}

/** For charts only: a float is fine for drawing, never for storing or comparing. */
export function decimalToNumber(value: string | null): number | null {
  return value === null ? null : Number(value);
}
