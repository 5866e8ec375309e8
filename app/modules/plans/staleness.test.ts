import { describe, expect, it } from "vitest";
import { addDays } from "~/modules/core/dates";
import { addPeriods, REPORTING_FREQUENCY_VALUES } from "~/modules/core/periods";
import { measureFreshness, objectiveFreshness, staleThresholds } from "./staleness";

describe("staleness rules", () => {
  const objective = (frequency: "monthly" | "quarterly" | "yearly", lastUpdateAsOf: string | null, today: string, done = false) =>
    objectiveFreshness({ frequency, lastUpdateAsOf, createdOn: "2025-01-10", done }, today).stale;

  it("an objective's update keeps it fresh through the same day one interval later, then it is stale", () => {
    expect(objective("monthly", "2026-01-15", "2026-02-15")).toBe(false);
    expect(objective("monthly", "2026-01-15", "2026-02-16")).toBe(true);
    expect(objective("monthly", "2026-01-31", "2026-02-28")).toBe(false);
    expect(objective("monthly", "2026-01-31", "2026-03-01")).toBe(true);
    expect(objective("quarterly", "2026-01-15", "2026-04-15")).toBe(false);
    expect(objective("quarterly", "2026-01-15", "2026-04-16")).toBe(true);
    expect(objective("yearly", "2024-02-29", "2025-02-28")).toBe(false);
    expect(objective("yearly", "2024-02-29", "2025-03-01")).toBe(true);
    // No update: the creation date counts. Done: never stale.
    expect(objective("monthly", null, "2025-02-10")).toBe(false);
    expect(objective("monthly", null, "2025-02-11")).toBe(true);
    expect(objective("monthly", "2020-01-01", "2026-01-01", true)).toBe(false);
    expect(objectiveFreshness({ frequency: "quarterly", lastUpdateAsOf: "2026-01-31", createdOn: "2025-01-01", done: false }, "2026-02-01").freshUntil).toBe(
      "2026-04-30",
    );
  });

  const measure = (frequency: "monthly" | "quarterly" | "yearly", latestPeriod: string | null, today: string, createdOn = "2025-01-10") =>
    measureFreshness({ frequency, latestPeriod, createdOn, done: false }, today, 7);

  it("a measure's value for a period is due by the end of the next period; stale once that deadline passes without it", () => {
    // Monthly: January's value is due by the end of February.
    expect(measure("monthly", "2026-01-01", "2026-03-31").stale).toBe(false);
    expect(measure("monthly", "2026-01-01", "2026-04-01")).toMatchObject({ stale: true, missingPeriod: "2026-02-01", missingSince: "2026-03-31" });
    expect(measure("monthly", "2025-12-01", "2026-02-28").stale).toBe(false);
    expect(measure("monthly", "2025-12-01", "2026-03-01").stale).toBe(true);
    // Quarterly on a July fiscal year: after Oct–Dec 2025, the Jan–Mar 2026 value is due by the end of June 2026.
    expect(measure("quarterly", "2025-10-01", "2026-06-30").stale).toBe(false);
    expect(measure("quarterly", "2025-10-01", "2026-07-01")).toMatchObject({ stale: true, missingPeriod: "2026-01-01" });
    // Yearly: FY2025's value (Jul 2024–Jun 2025) is due by the end of FY2026 (2026-06-30).
    expect(measure("yearly", "2023-07-01", "2026-06-30").stale).toBe(false);
    expect(measure("yearly", "2023-07-01", "2026-07-01")).toMatchObject({ stale: true, missingPeriod: "2024-07-01", missingSince: "2026-06-30" });
    expect(measure("yearly", "2024-07-01", "2026-07-01").stale).toBe(false);
    // No value yet: the period the measure was created in is the first one expected.
    expect(measure("monthly", null, "2025-02-28", "2025-01-10").stale).toBe(false);
    expect(measure("monthly", null, "2025-03-01", "2025-01-10")).toMatchObject({ stale: true, missingPeriod: "2025-01-01" });
    expect(measureFreshness({ frequency: "monthly", latestPeriod: null, createdOn: "2020-01-01", done: true }, "2026-01-01", 7).stale).toBe(false);
  });
});

describe("the stale rule as day boundaries (what the database compares with)", () => {
  it("agrees with objectiveFreshness and measureFreshness on every day around each boundary", () => {
    const days: string[] = [];
    for (let d = "2027-12-20"; d <= "2029-03-10"; d = addDays(d, 1)) days.push(d);
    for (const fyStart of [1, 7, 10]) {
      for (const today of days.filter((_, i) => i % 3 === 0 || days[i]!.endsWith("-01") || days[i]!.endsWith("-31") || days[i]!.endsWith("-29") || days[i]!.endsWith("-28"))) {
        const t = staleThresholds(today, fyStart);
        for (const frequency of REPORTING_FREQUENCY_VALUES) {
          const edge = t[frequency];
          for (let k = -4; k <= 4; k++) {
            const day = addDays(edge.objectiveFreshFrom, k);
            const stale = objectiveFreshness({ frequency, lastUpdateAsOf: day, createdOn: "2000-01-01", done: false }, today).stale;
            expect(stale, `${frequency} objective updated ${day}, today ${today}`).toBe(day < edge.objectiveFreshFrom);
            const created = objectiveFreshness({ frequency, lastUpdateAsOf: null, createdOn: day, done: false }, today).stale;
            expect(created).toBe(day < edge.objectiveFreshFrom);
            const createdMeasure = addDays(edge.measureCreatedFrom, k * 9);
            const noValue = measureFreshness({ frequency, latestPeriod: null, createdOn: createdMeasure, done: false }, today, fyStart).stale;
            expect(noValue, `${frequency} measure created ${createdMeasure}, today ${today}`).toBe(createdMeasure < edge.measureCreatedFrom);
            const period = addPeriods(edge.measureExpectedPeriod, k, frequency);
            const withValue = measureFreshness({ frequency, latestPeriod: period, createdOn: "2000-01-01", done: false }, today, fyStart).stale;
            expect(withValue).toBe(period < edge.measureExpectedPeriod);
          }
          // Done objectives are never stale, whatever the dates.
          expect(objectiveFreshness({ frequency, lastUpdateAsOf: "2000-01-01", createdOn: "2000-01-01", done: true }, today).stale).toBe(false);
        }
      }
    }
  });
});
