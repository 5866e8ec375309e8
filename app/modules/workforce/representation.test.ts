import { describe, expect, it } from "vitest";
import { buildRepresentation, SMALLER_GROUPS_ROW, NOT_REPORTED_ROW, type LevelGroupCount, type RepresentationBlock } from "./representation";
import { suppressAcrossParts } from "./suppression";

// 139 active people, threshold 5. By level (Female, Male, Non-binary, not reported):
//   executive   1   3   0   0   =  4  (under the threshold: the whole level is hidden)
//   manager     6   9   0   0   = 15
//   supervisor 10  14   1   0   = 25
//   staff      40  50   1   4   = 95
//   all        57  76   2   4   = 139
// Community: Female 51.2%, Male 48.3% (Non-binary not in the community figures, and 2 people
// overall: too few to be named).
const COUNTS: LevelGroupCount[] = [
  { level: "executive", group: "Female", count: 1 },
  { level: "executive", group: "Male", count: 3 },
  { level: "manager", group: "Female", count: 6 },
  { level: "manager", group: "male ", count: 9 },
  { level: "supervisor", group: "Female", count: 10 },
  { level: "supervisor", group: "Male", count: 14 },
  { level: "supervisor", group: "Non-binary", count: 1 },
  { level: "staff", group: "female", count: 40 },
  { level: "staff", group: "Male", count: 50 },
  { level: "staff", group: "Non-binary", count: 1 },
  { level: "staff", group: null, count: 4 },
];
const COMMUNITY = [
  { groupLabel: "Male", shareBasisPoints: 4830 },
  { groupLabel: "Female", shareBasisPoints: 5120 },
];

const cells = (b: RepresentationBlock) => b.rows.map((r) => [r.group, r.count, r.workforcePercent, r.communityPercent, r.gapPoints, r.hidden]);

describe("workforce representation against the community", () => {
  const t = buildRepresentation(COUNTS, COMMUNITY, 5);

  it("gives each group's share, the community's and the gap in points, for all active staff", () => {
    expect(t.overall.total).toBe(139);
    expect(cells(t.overall)).toEqual([
      // 57/139 = 41.007%; 41.007 − 51.2 = −10.19. 76/139 = 54.676%; 54.676 − 48.3 = 6.38.
      ["Female", 57, 41.0, 51.2, -10.2, false],
      ["Male", 76, 54.7, 48.3, 6.4, false],
      // 4 and 2 people: under the threshold, and together 6 (no subtraction gives either).
      [NOT_REPORTED_ROW, null, null, null, null, "small"],
      [SMALLER_GROUPS_ROW, null, null, null, null, "small"],
    ]);
    expect(t.communityTotalPercent).toBe(99.5);
    expect(t.anyHidden).toBe(true);
    // The two people of the small group are never named.
    expect(JSON.stringify(t)).not.toContain("Non-binary");
  });

  it("hides a level under the threshold, and what its hidden cells would let a reader work out elsewhere", () => {
    const [executive, manager, supervisor, staff] = t.levels;
    expect(executive!.total).toBeNull();
    expect(executive!.rows.every((r) => r.count === null && r.hidden === "small")).toBe(true);
    // Supervisor: the one person of a small group is hidden, so Female (10, the smallest shown)
    // is hidden too, or 25 − 14 would give 1.
    expect(supervisor!.total).toBe(25);
    expect(cells(supervisor!)).toEqual([
      ["Female", null, null, 51.2, null, "complementary"],
      ["Male", 14, 56.0, 48.3, 7.7, false],
      [NOT_REPORTED_ROW, null, null, null, null, "small"],
      [SMALLER_GROUPS_ROW, null, null, null, null, "small"],
    ]);
    // Manager: the hidden executive Males (3) would be 76 − 9 − 14 − 50, so the smallest shown
    // Male cell (manager, 9) is hidden; then the manager's Female (6) would be 15 − 9, so it is too.
    expect(cells(manager!)).toEqual([
      ["Female", null, null, 51.2, null, "complementary"],
      ["Male", null, null, 48.3, null, "complementary"],
      [NOT_REPORTED_ROW, null, null, null, null, "small"],
      [SMALLER_GROUPS_ROW, null, null, null, null, "small"],
    ]);
    // Staff: 40/95 = 42.105%, −9.09; 50/95 = 52.632%, +4.33; not reported (4) and the small
    // group (1) hide each other (5 together).
    expect(cells(staff!)).toEqual([
      ["Female", 40, 42.1, 51.2, -9.1, false],
      ["Male", 50, 52.6, 48.3, 4.3, false],
      [NOT_REPORTED_ROW, null, null, null, null, "small"],
      [SMALLER_GROUPS_ROW, null, null, null, null, "small"],
    ]);
  });

  it("shows a group found only in the community figures with its community share, its workforce share hidden", () => {
    const r = buildRepresentation(COUNTS, [...COMMUNITY, { groupLabel: "Two or more", shareBasisPoints: 50 }], 5);
    expect(r.overall.rows.find((x) => x.group === "Two or more")).toEqual({
      group: "Two or more",
      kind: "group",
      count: null,
      workforcePercent: null,
      communityPercent: 0.5,
      gapPoints: null,
      hidden: "small",
    });
  });

  it("names a roster group of at least the threshold that the community figures lack, without a community share", () => {
    const r = buildRepresentation(
      [
        { level: "staff", group: "Female", count: 30 },
        { level: "staff", group: "Male", count: 30 },
        { level: "staff", group: "Non-binary", count: 6 },
      ],
      COMMUNITY,
      5,
    );
    const staff = r.levels.find((b) => b.key === "staff")!;
    // 6/66 = 9.09%
    expect(cells(staff).find((c) => c[0] === "Non-binary")).toEqual(["Non-binary", 6, 9.1, null, null, false]);
    // Nobody at the other levels: every one of them is hidden.
    expect(r.levels.filter((b) => b.key !== "staff").every((b) => b.total === null)).toBe(true);
  });

  it("shows nothing of the workforce when fewer people than the threshold are active", () => {
    const r = buildRepresentation([{ level: "staff", group: "Female", count: 4 }], COMMUNITY, 5);
    expect(r.overall.total).toBeNull();
    expect(r.overall.rows.every((x) => x.count === null && x.communityPercent !== null)).toBe(true);
  });
});

describe("suppression across levels", () => {
  const g = (entries: [string, number][]) => entries.map(([group, count]) => ({ group, count }));

  it("hides a second level's cell when the whole's count would give a hidden one away", () => {
    // A: 2 at level x (small), 10 at y, 12 at z; the whole shows 24, so x would be 24 − 10 − 12.
    const r = suppressAcrossParts(
      g([["A", 24], ["B", 60]]),
      [
        { key: "x", groups: g([["A", 2], ["B", 20]]) },
        { key: "y", groups: g([["A", 10], ["B", 20]]) },
        { key: "z", groups: g([["A", 12], ["B", 20]]) },
      ],
      5,
    );
    expect(r.whole.groups.map((c) => c.count)).toEqual([24, 60]);
    const shown = r.parts.map((p) => p.counts.groups.map((c) => c.count));
    // x hides A (small) and B (alone it would be 22 − 2); y's A (10, the smallest shown A) and
    // then y's B; B across the levels then has two hidden cells (x, y) holding 40.
    expect(shown).toEqual([
      [null, null],
      [null, null],
      [12, 20],
    ]);
  });
});
