import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { centsToDecimal, executionPercent, formatCents, parseMoney, ratioPercent, sumCents } from "./money";

const parsed = (s: string) => {
  const r = parseMoney(s);
  return r.ok ? r.cents : `error: ${r.reason}`;
};

describe("parseMoney", () => {
  it.each([
    ["1234", 123_400n],
    ["1234.5", 123_450n],
    ["1234.56", 123_456n],
    ["$1,234.56", 123_456n],
    ["  $1,234.56  ", 123_456n],
    ["1,234,567.89", 123_456_789n],
    [".5", 50n],
    ["0.07", 7n],
    ["+12", 1_200n],
    ["-1234.56", -123_456n],
    ["-$5", -500n],
    ["$-5", -500n],
    ["(1,234.56)", -123_456n],
    ["($1,234.56)", -123_456n],
    ["1234.56-", -123_456n],
    ["8670.000", 867_000n],
    ["14279300.000", 1_427_930_000n],
    ["-1,234.500", -123_450n],
    ["0", 0n],
    ["-0.00", 0n],
    ["007.10", 710n],
  ])("%s is %s cents", (input, cents) => {
    expect(parsed(input)).toBe(cents);
  });

  it.each([
    ["", "Enter an amount"],
    ["abc", "is not an amount"],
    ["12,34", "is not an amount"],
    ["1,2345.00", "is not an amount"],
    ["$", "is not an amount"],
    ["--5", "is not an amount"],
    ["(-5)", "is not an amount"],
    ["-5-", "is not an amount"],
    ["1.2.3", "is not an amount"],
    ["5 USD", "is not an amount"],
    ["1e3", "is not an amount"],
    ["1,234.567", "fractions of a cent"],
    ["0.001", "fractions of a cent"],
    ["99999999999999", "too large"],
  ])("refuses %j", (input, reason) => {
    const r = parseMoney(input);
    expect(r.ok).toBe(false);
    expect(r.ok ? "" : r.reason).toContain(reason);
  });

  it("reads back what formatCents and centsToDecimal write, for any amount", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n) + 1n, max: 10n ** 15n - 1n }), (c) => {
        expect(parsed(formatCents(c))).toBe(c);
        expect(parsed(formatCents(c, { accounting: true }))).toBe(c);
        expect(parsed(centsToDecimal(c))).toBe(c);
      }),
    );
  });
});

describe("formatting and ratios", () => {
  it("formats cents as dollars from the digits", () => {
    expect(formatCents(134_964_627_200n)).toBe("$1,349,646,272.00");
    expect(formatCents("-5")).toBe("-$0.05");
    expect(formatCents(-123_456n, { accounting: true })).toBe("($1,234.56)");
    expect(formatCents(123_450n, { wholeDollars: true })).toBe("$1,235");
    expect(formatCents(123_449n, { wholeDollars: true })).toBe("$1,234");
    expect(formatCents(-40n, { wholeDollars: true })).toBe("$0");
    expect(formatCents(9_007_199_254_740_993n)).toBe("$90,071,992,547,409.93"); // past 2^53: no float
    expect(centsToDecimal(-500n)).toBe("-5.00");
  });

  it("computes execution exactly, rounding half away from zero", () => {
    expect(executionPercent(873n, 1000n)).toBe("87.3");
    expect(executionPercent(1n, 3n)).toBe("33.3");
    expect(executionPercent(2n, 3n)).toBe("66.7");
    expect(executionPercent(1n, 2000n)).toBe("0.1"); // 0.05 % rounds up
    expect(executionPercent(-1n, 2000n)).toBe("-0.1");
    expect(executionPercent(5n, 0n)).toBeNull();
    expect(executionPercent(0n, 7n)).toBe("0.0");
    expect(ratioPercent(1n, 8n, 2)).toBe("12.50");
    expect(ratioPercent(3n, 2n, 0)).toBe("150");
  });

  it("sums a large set of amounts exactly (against a BigInt sum of the same text)", () => {
    // 20,000 amounts up to a billion dollars with odd cents: a float sum drifts, ours must not.
    let seed = 42;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648);
    const texts: string[] = [];
    let expected = 0n;
    for (let i = 0; i < 20_000; i++) {
      const dollars = BigInt(next()) * BigInt(next() % 500);
      const c = BigInt(next() % 100);
      const negative = next() % 7 === 0;
      const body = `${dollars.toLocaleString("en-US")}.${c.toString().padStart(2, "0")}`;
      texts.push(negative ? `(${body})` : `$${body}`);
      expected += (negative ? -1n : 1n) * (dollars * 100n + c);
    }
    const total = sumCents(texts.map((t) => (parseMoney(t) as { ok: true; cents: bigint }).cents));
    expect(total).toBe(expected);
    expect(texts.every((t) => parseMoney(t).ok)).toBe(true);
  });
});
