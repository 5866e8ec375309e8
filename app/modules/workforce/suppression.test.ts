import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { suppressSmallGroups } from "./suppression";

const g = (entries: [string, number][]) => entries.map(([group, count]) => ({ group, count }));

describe("small-group suppression", () => {
  it("suppresses groups under the threshold, and the next-smallest when one alone would be derivable", () => {
    const r = suppressSmallGroups(g([["Female", 40], ["Male", 38], ["Non-binary", 2]]), 5);
    expect(r.total).toBe(80);
    expect(r.groups).toEqual([
      { group: "Female", count: 40, suppressed: false },
      { group: "Male", count: null, suppressed: "complementary" },
      { group: "Non-binary", count: null, suppressed: "small" },
    ]);
  });

  it("keeps suppressing until the hidden groups together reach the threshold", () => {
    const r = suppressSmallGroups(g([["A", 1], ["B", 1], ["C", 6], ["D", 50]]), 5);
    expect(r.groups.map((x) => [x.group, x.suppressed])).toEqual([
      ["A", "small"],
      ["B", "small"],
      ["C", "complementary"],
      ["D", false],
    ]);
  });

  it("shows everything when no group is small, and nothing when the total is", () => {
    expect(suppressSmallGroups(g([["Yes", 5], ["No", 9]]), 5).groups.every((x) => x.count !== null)).toBe(true);
    expect(suppressSmallGroups(g([["Yes", 2], ["No", 1]]), 5)).toEqual({
      groups: [
        { group: "Yes", count: null, suppressed: "small" },
        { group: "No", count: null, suppressed: "small" },
      ],
      total: null,
      allSuppressed: true,
    });
  });

  it("never lets a small group be read off the table, whatever the counts (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 3, max: 10 }), (counts, k) => {
        const groups = counts.map((count, i) => ({ group: `G${i}`, count }));
        const r = suppressSmallGroups(groups, k);
        const shown = r.groups.filter((x) => x.count !== null);
        const hidden = r.groups.filter((x) => x.count === null);
        // No shown count is small.
        for (const x of shown) expect(x.count!).toBeGreaterThanOrEqual(k);
        if (r.total !== null && hidden.length > 0) {
          // Differencing the total gives only the hidden groups' sum: never one group alone,
          // and never a sum below the threshold.
          expect(hidden.length).toBeGreaterThanOrEqual(2);
          expect(r.total - shown.reduce((n, x) => n + x.count!, 0)).toBeGreaterThanOrEqual(k);
        }
      }),
    );
  });
});
