import { describe, expect, it } from "vitest";
import { compareToTarget, fromMillionths, tallyTargets, toMillionths } from "./target";

describe("target against actual", () => {
  it("higher is better: at or above the target meets it; below is short by the difference", () => {
    expect(compareToTarget({ direction: "higher_is_better", baseline: "61", target: "70", latest: "70" })).toEqual({
      state: "met",
      shortfall: null,
      progressPercent: "100.0",
    });
    // (66.5 − 61) ÷ (70 − 61) = 61.11 %
    expect(compareToTarget({ direction: "higher_is_better", baseline: "61", target: "70", latest: "66.5" })).toEqual({
      state: "not_met",
      shortfall: "3.5",
      progressPercent: "61.1",
    });
  });

  it("lower is better: at or under the target meets it; the wrong way gives negative progress", () => {
    // Response time: baseline 8.2 minutes, target 7.5. 7.4 meets it: (7.4 − 8.2) ÷ (7.5 − 8.2) = 114.29 %.
    expect(compareToTarget({ direction: "lower_is_better", baseline: "8.2", target: "7.5", latest: "7.4" })).toEqual({
      state: "met",
      shortfall: null,
      progressPercent: "114.3",
    });
    // 8.9 is worse than the baseline: short by 1.4, progress (8.9 − 8.2) ÷ (−0.7) = −100 %.
    expect(compareToTarget({ direction: "lower_is_better", baseline: "8.2", target: "7.5", latest: "8.9" })).toEqual({
      state: "not_met",
      shortfall: "1.4",
      progressPercent: "-100.0",
    });
  });

  it("exact on six decimals, where floats are not", () => {
    // 0.1 + 0.2 style traps: 0.300001 vs 0.3 is short by exactly 0.000001 for lower-is-better.
    expect(compareToTarget({ direction: "lower_is_better", baseline: null, target: "0.3", latest: "0.300001" })).toMatchObject({
      state: "not_met",
      shortfall: "0.000001",
      progressPercent: null,
    });
    expect(toMillionths("-12.5")).toBe(-12_500_000n);
    expect(fromMillionths(-12_500_000n)).toBe("-12.5");
    expect(fromMillionths(0n)).toBe("0");
  });

  it("without a target or a value there is nothing to compare; equal baseline and target give no progress", () => {
    expect(compareToTarget({ direction: "higher_is_better", baseline: "1", target: null, latest: "5" }).state).toBe("no_target");
    expect(compareToTarget({ direction: "higher_is_better", baseline: "1", target: "5", latest: null }).state).toBe("no_value");
    expect(compareToTarget({ direction: "higher_is_better", baseline: "5", target: "5", latest: "6" })).toEqual({
      state: "met",
      shortfall: null,
      progressPercent: null,
    });
    expect(tallyTargets([{ state: "met" }, { state: "met" }, { state: "no_value" }])).toEqual({ met: 2, not_met: 0, no_value: 1, no_target: 0 });
  });
});
