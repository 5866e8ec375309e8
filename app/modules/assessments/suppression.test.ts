import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decideItemSuppression, itemShown } from "./item-suppression";
import { cutsFor, decideSuppression, Span, type Atom, type Decisions } from "./suppression";
import { checkSafety, generateScenario, prng, trueCells, type Person } from "./suppression.testkit";

function atomsOf(people: readonly Person[], responded: readonly number[]): Atom[] {
  const byKey = new Map<string, Atom>();
  for (const i of responded) {
    const attrs = people[i]!.attrs;
    const key = JSON.stringify(Object.entries(attrs).sort());
    const atom = byKey.get(key) ?? { attrs, n: 0 };
    atom.n += 1;
    byKey.set(key, atom);
  }
  return [...byKey.values()];
}

const shownOf = (d: Decisions) => new Map([...d.values()].filter((c) => c.shown).map((c) => [c.key, c.n]));

describe("decideSuppression", () => {
  it("hides small cells and the next smallest sibling, so that the total minus the others reveals nothing", () => {
    const atoms: Atom[] = [
      { attrs: { department: "a", level: "staff" }, n: 10 },
      { attrs: { department: "b", level: "staff" }, n: 6 },
      { attrs: { department: "c", level: "staff" }, n: 2 },
    ];
    const d = decideSuppression({ atoms, k: 5, cuts: cutsFor(["department"]) });
    expect([...d.values()].map((c) => [c.key, c.shown, c.reason])).toEqual([
      ["total", true, null],
      ["department=a", true, null],
      ["department=b", false, "suppressed"],
      ["department=c", false, "suppressed"],
    ]);
  });

  it("does not hide a cell because its count changed by fewer than k since the previous campaign (two campaigns are not a total and its parts)", () => {
    const cuts = cutsFor(["department"]);
    const after = decideSuppression({
      atoms: [
        { attrs: { department: "a" }, n: 22 },
        { attrs: { department: "b" }, n: 30 },
        { attrs: { department: "c" }, n: 40 },
      ],
      k: 5,
      cuts,
    });
    // In the previous campaign a, b and c each had 20: a changed by 2, and all stay shown.
    expect([...after.values()].every((c) => c.shown)).toBe(true);
  });

  it("hides one of two overlapping cells that differ by fewer than k people (all managers are women)", () => {
    const atoms: Atom[] = [
      { attrs: { department: "a", level: "manager", "demographic:g": "F" }, n: 6 },
      { attrs: { department: "a", level: "staff", "demographic:g": "F" }, n: 2 },
      { attrs: { department: "a", level: "staff", "demographic:g": "M" }, n: 9 },
      { attrs: { department: "b", level: "staff", "demographic:g": "M" }, n: 30 },
      { attrs: { department: "b", level: "manager", "demographic:g": "F" }, n: 30 },
    ];
    const d = decideSuppression({ atoms, k: 5, cuts: cutsFor(["department", "level", "demographic:g"]) });
    const shown = (key: string) => d.get(key)!.shown;
    expect(shown("department=a|level=manager") && shown("department=a|demographic%3Ag=F")).toBe(false);
    const cells = trueCells(
      atoms.flatMap((a) => Array.from({ length: a.n }, () => ({ attrs: { ...a.attrs } }))),
      Array.from({ length: 77 }, (_, i) => i),
      cutsFor(["department", "level", "demographic:g"]),
    );
    expect(checkSafety({ k: 5, peopleCount: 77, cells, shown: shownOf(d) })).toEqual([]);
  });

  it("Span: decides linear dependence of 0/1 vectors", () => {
    const s = new Span(4);
    s.add([0, 1, 2, 3]);
    s.add([0, 1]);
    expect(s.contains([2, 3])).toBe(true);
    expect(s.contains([0])).toBe(false);
    s.add([0, 2]);
    expect(s.contains([1, 3])).toBe(true);
    expect(s.contains([1, 2])).toBe(false);
  });

  it("property: over random rosters and two campaigns, no shown number describes fewer than k people", () => {
    let cellsChecked = 0;
    let hiddenSeen = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const s = generateScenario(seed);
        const cuts = cutsFor(s.dimensions);
        const prevDecisions = decideSuppression({ atoms: atomsOf(s.people, s.previous), k: s.k, cuts });
        const curDecisions = decideSuppression({ atoms: atomsOf(s.people, s.current), k: s.k, cuts });
        const prevCells = trueCells(s.people, s.previous, cuts);
        const curCells = trueCells(s.people, s.current, cuts);
        const prevProblems = checkSafety({ k: s.k, peopleCount: s.people.length, cells: prevCells, shown: shownOf(prevDecisions) });
        const curProblems = checkSafety({
          k: s.k,
          peopleCount: s.people.length,
          cells: curCells,
          shown: shownOf(curDecisions),
        });
        cellsChecked += prevCells.size + curCells.size;
        hiddenSeen += [...curDecisions.values()].filter((c) => c.reason === "suppressed").length;
        expect({ seed, problems: [...prevProblems, ...curProblems] }).toEqual({ seed, problems: [] });
      }),
      { seed: 20_260_115, numRuns: 400 },
    );
    // The generator must produce cells to hide, or the property proves nothing.
    expect(cellsChecked).toBeGreaterThan(10_000);
    expect(hiddenSeen).toBeGreaterThan(1_000);
  });

  it("property: with \"not applicable\" answers, no item's numbers shown in any cell describe fewer than k of the people who answered it", () => {
    let itemCellsChecked = 0;
    let hiddenInShownCells = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const s = generateScenario(seed);
        const rand = prng(seed ^ 0x5a5a5a5a);
        const cuts = cutsFor(s.dimensions);
        const campaign = decideSuppression({ atoms: atomsOf(s.people, s.current), k: s.k, cuts });
        // Three items: everyone answers one; the others are "not applicable" for some (colleagues
        // who chose it know they did: the people behind an item's numbers are its answerers).
        const rates = [0, 0.1 + rand() * 0.3, 0.3 + rand() * 0.5];
        const answerers = rates.map((rate) => s.current.filter(() => rand() >= rate));
        const itemAtoms = Object.fromEntries(answerers.map((who, i) => [`item${i}`, atomsOf(s.people, who)]));
        const items = decideItemSuppression({ campaign, itemAtoms, k: s.k, cuts });
        const problems: string[] = [];
        answerers.forEach((who, i) => {
          const cells = trueCells(s.people, who, cuts);
          // What the service shows of the item: its numbers in the cells the campaign shows.
          const shown = new Map<string, number>();
          for (const d of campaign.values()) {
            if (!d.shown) continue;
            const n = cells.get(d.key)?.members.length ?? 0;
            if (itemShown(items, `item${i}`, d.key)) {
              if (n > 0) shown.set(d.key, n);
            } else hiddenInShownCells += 1;
            itemCellsChecked += 1;
          }
          problems.push(...checkSafety({ k: s.k, peopleCount: s.people.length, cells, shown }).map((p) => `item${i}: ${p}`));
        });
        expect({ seed, problems }).toEqual({ seed, problems: [] });
      }),
      { seed: 20_261_207, numRuns: 300 },
    );
    expect(itemCellsChecked).toBeGreaterThan(5_000);
    expect(hiddenInShownCells).toBeGreaterThan(500);
  });
});
