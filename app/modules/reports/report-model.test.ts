import { describe, expect, it } from "vitest";
import { parsePeriod, reportablePeriods } from "./period";
import { compareFigures, displayDifference, rankPractices, type KeyFigure } from "./report-model";

describe("report periods", () => {
  it("names fiscal years and quarters by the organization's fiscal-year start", () => {
    expect(parsePeriod("FY2026", 7)).toMatchObject({ kind: "fiscal_year", startsOn: "2025-07-01", endsOn: "2026-06-30", label: "FY2026 (Jul 2025 – Jun 2026)" });
    expect(parsePeriod("FY2026-Q2", 7)).toMatchObject({ kind: "quarter", quarter: 2, startsOn: "2025-10-01", endsOn: "2025-12-31", label: "Q2 of FY2026 (Oct – Dec 2025)" });
    expect(parsePeriod("FY2026-Q4", 1)).toMatchObject({ startsOn: "2026-10-01", endsOn: "2026-12-31" });
    expect(parsePeriod("FY2026-Q5", 7)).toBeNull();
    expect(parsePeriod("2026", 7)).toBeNull();
  });

  it("offers past and current fiscal years with their begun quarters, newest first", () => {
    const keys = reportablePeriods([2025, 2026, 2031], 7, "2026-11-24").map((p) => p.key);
    expect(keys).toEqual(["FY2027", "FY2027-Q2", "FY2027-Q1", "FY2026", "FY2026-Q4", "FY2026-Q3", "FY2026-Q2", "FY2026-Q1", "FY2025", "FY2025-Q4", "FY2025-Q3", "FY2025-Q2", "FY2025-Q1"]);
  });
});

describe("comparing key figures", () => {
  const fig = (key: string, kind: KeyFigure["kind"], value: string): KeyFigure => ({ key, label: key, kind, value, context: null });
  it("subtracts exactly: counts, percentages to the tenth and money to the cent", () => {
    const d = compareFigures(
      [fig("n", "count", "24"), fig("p", "percent", "96.3"), fig("m", "money", "1000000001"), fig("gone", "count", "3")],
      [fig("n", "count", "21"), fig("p", "percent", "100.0"), fig("m", "money", "999999999"), fig("new", "percent", "50")],
    );
    expect(d.map((x) => [x.key, x.difference])).toEqual([
      ["n", "-3"],
      ["p", "+3.7"],
      ["m", "-2"],
      ["gone", null],
      ["new", null],
    ]);
    expect(d.map(displayDifference)).toEqual(["−3", "+3.7 points", "−$0.02", "—", "—"]);
  });

  it("ranks practices by favorable share, ties by number, at most half of them each way", () => {
    const p = (n: number, favorable: number) => ({ practiceNumber: n, practiceName: `P${n}`, favorable, previous: null, change: null });
    const { top, bottom } = rankPractices([p(1, 50), p(2, 70), p(3, 70), p(4, 20), p(5, 90), p(6, 40), p(7, 60)]);
    expect(top.map((x) => x.practiceNumber)).toEqual([5, 2, 3]);
    expect(bottom.map((x) => x.practiceNumber)).toEqual([4, 6, 1]);
  });
});
