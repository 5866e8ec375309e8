// Target against actual for measures and workforce goals, on exact decimals (strings, as stored:
// numeric(20,6)), aware of the direction: for "lower is better" a value at or under the target
// meets it. Pure, so that the dashboards, their tables and their tests agree to the last digit.
import type { MeasureDirection } from "~/modules/plans/plans.schema";
import { ratioPercent } from "~/modules/budget/money";

export type TargetState = "met" | "not_met" | "no_value" | "no_target";

export const TARGET_STATE_LABELS: Record<TargetState, string> = {
  met: "Target met",
  not_met: "Short of target",
  no_value: "No value yet",
  no_target: "No target set",
};

export type TargetComparison = {
  state: TargetState;
  /** How far the latest value still is from the target (in the measure's unit), when not met. */
  shortfall: string | null;
  /** Progress from the baseline to the target, in percent with one decimal ("62.5"): 0 at the
   * baseline, 100 at the target, above 100 beyond it, negative when the value moved the wrong
   * way. Null without a baseline, a target or a value, or when baseline and target are equal. */
  progressPercent: string | null;
};

const SCALE = 1_000_000n;
const DECIMAL = /^(-)?(\d+)(?:\.(\d{1,6}))?$/;

/** A canonical decimal string as an integer of millionths (exact for numeric(20,6)). */
export function toMillionths(value: string): bigint {
  const m = DECIMAL.exec(value.trim());
  if (!m) throw new Error(`Not a decimal: ${value}`);
  const whole = BigInt(m[2]!) * SCALE + BigInt((m[3] ?? "").padEnd(6, "0"));
  return m[1] ? -whole : whole;
}

/** Millionths back to a canonical decimal string ("3.5", "-0.25", "0"). */
export function fromMillionths(value: bigint): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = abs / SCALE;
  const fraction = (abs % SCALE).toString().padStart(6, "0").replace(/0+$/, "");
  const body = fraction ? `${whole}.${fraction}` : `${whole}`;
  return negative && body !== "0" ? `-${body}` : body;
}

export function compareToTarget(input: {
  direction: MeasureDirection;
  baseline: string | null;
  target: string | null;
  latest: string | null;
}): TargetComparison {
  if (input.target === null) return { state: "no_target", shortfall: null, progressPercent: null };
  if (input.latest === null) return { state: "no_value", shortfall: null, progressPercent: null };
  const target = toMillionths(input.target);
  const value = toMillionths(input.latest);
  // Positive: better than the target by that much; negative: short of it.
  const ahead = input.direction === "higher_is_better" ? value - target : target - value;
  const progressPercent = input.baseline === null ? null : ratioPercent(value - toMillionths(input.baseline), target - toMillionths(input.baseline), 1);
  return ahead >= 0n
    ? { state: "met", shortfall: null, progressPercent }
    : { state: "not_met", shortfall: fromMillionths(-ahead), progressPercent };
}

export type TargetTally = Record<TargetState, number>;

export function tallyTargets(items: { state: TargetState }[]): TargetTally {
  const tally: TargetTally = { met: 0, not_met: 0, no_value: 0, no_target: 0 };
  for (const i of items) tally[i.state] += 1;
  return tally;
}
