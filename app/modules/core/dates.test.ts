import { describe, expect, it } from "vitest";
import { addMonths, isIsoDate } from "./dates";
import { fiscalYearOf, fiscalYearStart, isPeriodStart, periodLabel, periodsBetween, periodStart, recentPeriods } from "./periods";

describe("dates and fiscal periods", () => {
  it("checks real dates and moves by months, clamping to the end of shorter months", () => {
    expect(["2026-02-28", "2028-02-29", "2026-12-31"].every(isIsoDate)).toBe(true);
    expect(["2026-02-29", "2026-13-01", "2026-1-01", "26-01-01", "2026-04-31", ""].some(isIsoDate)).toBe(false);
    expect(addMonths("2026-03-31", -1)).toBe("2026-02-28");
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2027-11-15", 3)).toBe("2028-02-15");
    expect(addMonths("2026-01-15", -13)).toBe("2024-12-15");
  });

  it("names fiscal years by the year they end, and starts periods on the fiscal calendar", () => {
    expect([fiscalYearOf("2025-06-30", 7), fiscalYearOf("2025-07-01", 7), fiscalYearOf("2025-07-01", 1)]).toEqual([2025, 2026, 2025]);
    expect([fiscalYearStart(2026, 7), fiscalYearStart(2026, 1), fiscalYearStart(2026, 10)]).toEqual(["2025-07-01", "2026-01-01", "2025-10-01"]);
    expect(periodStart("2026-03-17", "monthly", 7)).toBe("2026-03-01");
    expect(periodStart("2026-03-17", "quarterly", 7)).toBe("2026-01-01");
    expect(periodStart("2026-09-30", "quarterly", 7)).toBe("2026-07-01");
    expect(periodStart("2026-03-17", "quarterly", 2)).toBe("2026-02-01");
    expect(periodStart("2026-01-17", "quarterly", 2)).toBe("2025-11-01");
    expect(periodStart("2026-03-17", "yearly", 7)).toBe("2025-07-01");
    expect(periodStart("2026-03-17", "yearly", 1)).toBe("2026-01-01");
    expect([isPeriodStart("2026-04-01", "quarterly", 7), isPeriodStart("2026-05-01", "quarterly", 7), isPeriodStart("2026-07-01", "yearly", 7)]).toEqual([true, false, true]);
    expect([periodLabel("2025-07-01", "monthly", 7), periodLabel("2026-01-01", "quarterly", 7), periodLabel("2025-07-01", "yearly", 7)]).toEqual([
      "Jul 2025",
      "FY2026 Q3",
      "FY2026",
    ]);
    expect(periodsBetween("2025-08-15", "2026-02-01", "quarterly", 7)).toEqual(["2025-07-01", "2025-10-01", "2026-01-01"]);
    expect(recentPeriods("2026-02-10", "monthly", 7, 3)).toEqual([
      { value: "2026-02-01", label: "Feb 2026" },
      { value: "2026-01-01", label: "Jan 2026" },
      { value: "2025-12-01", label: "Dec 2025" },
    ]);
  });
});
