import { describe, expect, it } from "vitest";
import { canonicalDecimal, parseDecimal } from "./decimal";

describe("decimals", () => {
  it("reads plain numbers exactly and explains what it refuses", () => {
    expect(["12", "-3.50", "1,250.75", "+0.5", ".25", "007", "-0", "12345678901234.123456"].map((v) => parseDecimal(v))).toEqual([
      { ok: true, value: "12" },
      { ok: true, value: "-3.5" },
      { ok: true, value: "1250.75" },
      { ok: true, value: "0.5" },
      { ok: true, value: "0.25" },
      { ok: true, value: "7" },
      { ok: true, value: "0" },
      { ok: true, value: "12345678901234.123456" },
    ]);
    for (const bad of ["", "abc", "12%", "1e5", "1,2", "12 tons", "1.2.3", "123456789012345", "0.1234567", "=1+1"]) {
      expect({ bad, ok: parseDecimal(bad).ok }).toEqual({ bad, ok: false });
    }
    expect(canonicalDecimal("12.500000")).toBe("12.5");
    expect(canonicalDecimal(null)).toBeNull();
  });
});
