import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { solvableCell, suppressAcrossParts } from "./suppression";

// suppressAcrossParts checked against a reader who tries everything: for small random tables, every
// way of filling the hidden cells with whole numbers ≥ 0 that agrees with what is shown (the
// whole's cells, each level's total — known from the roster page even when the level is hidden —
// and each group's levels adding up to the whole) is enumerated; no hidden cell with people in
// it may have only one possible value.

const GROUPS = ["A", "B", "C"];
const LEVELS = ["l1", "l2", "l3", "l4"] as const;

/** Every list of `m` whole numbers ≥ 0 adding up to `total`. */
function compositions(total: number, m: number): number[][] {
  if (m === 0) return total === 0 ? [[]] : [];
  if (m === 1) return [[total]];
  const out: number[][] = [];
  for (let first = 0; first <= total; first += 1) for (const rest of compositions(total - first, m - 1)) out.push([first, ...rest]);
  return out;
}

describe("suppression across levels (property, against exhaustive enumeration)", () => {
  it("leaves no hidden cell with people in it that the shown numbers pin to one value", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.nat({ max: 5 }), { minLength: 3, maxLength: 3 }), { minLength: 4, maxLength: 4 }), (grid) => {
        const k = 3;
        const parts = LEVELS.map((key, i) => ({ key, groups: GROUPS.map((group, j) => ({ group, count: grid[i]![j]! })) }));
        const whole = GROUPS.map((group, j) => ({ group, count: grid.reduce((n, row) => n + row[j]!, 0) }));
        const r = suppressAcrossParts(whole, parts, k);
        const wholeShown = r.whole.groups.map((g) => g.count);
        const levelTotals = grid.map((row) => row.reduce((n, v) => n + v, 0));
        // Each level: the possible fillings of its hidden cells.
        const options = r.parts.map((p, i) => {
          const shown = p.counts.groups.map((g) => g.count);
          const hiddenIdx = shown.flatMap((c, j) => (c === null ? [j] : []));
          const rest = levelTotals[i]! - shown.reduce<number>((n, c) => n + (c ?? 0), 0);
          return compositions(rest, hiddenIdx.length).map((fill) => {
            const row = [...shown] as number[];
            hiddenIdx.forEach((j, x) => (row[j] = fill[x]!));
            return row;
          });
        });
        const seen = new Map<string, Set<number>>();
        const note = (key: string, v: number) => (seen.get(key) ?? seen.set(key, new Set()).get(key)!).add(v);
        const wholeTotal = levelTotals.reduce((n, v) => n + v, 0);
        const walk = (i: number, rows: number[][]) => {
          if (i === LEVELS.length) {
            const sums = GROUPS.map((_, j) => rows.reduce((n, row) => n + row[j]!, 0));
            if (sums.some((s, j) => wholeShown[j] !== null && wholeShown[j] !== s)) return;
            if (r.whole.total !== null && sums.reduce((n, s) => n + s, 0) !== wholeTotal) return;
            rows.forEach((row, li) => row.forEach((v, j) => note(`${li}:${j}`, v)));
            sums.forEach((s, j) => note(`w:${j}`, s));
            return;
          }
          for (const row of options[i]!) walk(i + 1, [...rows, row]);
        };
        walk(0, []);
        r.parts.forEach((p, li) =>
          p.counts.groups.forEach((g, j) => {
            if (g.count === null && grid[li]![j]! > 0) expect(seen.get(`${li}:${j}`)!.size, `level ${li} group ${j} of ${JSON.stringify(grid)}`).toBeGreaterThan(1);
          }),
        );
        r.whole.groups.forEach((g, j) => {
          if (g.count === null && whole[j]!.count > 0) expect(seen.get(`w:${j}`)!.size, `whole group ${j} of ${JSON.stringify(grid)}`).toBeGreaterThan(1);
        });
      }),
      // The first example was pinned by bounds alone (a hidden 1 and 2 adding up to 3, in levels of
      // 1 and 2 people) before the audit narrowed ranges as well as solving equations.
      { numRuns: 600, examples: [[[[0, 0, 1], [0, 0, 2], [1, 2, 3], [2, 1, 3]]]] },
    );
  });
});

describe("the audit of hidden cells", () => {
  type T = { count: Map<string, number>; state: Map<string, unknown> };
  const table = (counts: Record<string, number>, hidden: string[]): T => ({
    count: new Map(Object.entries(counts)),
    state: new Map(Object.keys(counts).map((g) => [g, hidden.includes(g) ? "small" : false])),
  });
  const isHidden = (t: T, g: string) => Boolean(t.state.get(g));
  const G = ["F", "M", "X", "NR"];

  it("finds a hidden cell that the totals and the levels' sums determine, though no one line shows it", () => {
    // Each table hides two cells, but the executive's Male is the only hidden Male anywhere, so the
    // Male line (whole shown) gives it, and from it the rest.
    const tables = [
      table({ F: 57, M: 76, X: 2, NR: 4 }, ["X", "NR"]),
      table({ F: 1, M: 3, X: 0, NR: 0 }, ["F", "M"]),
      table({ F: 6, M: 9, X: 0, NR: 0 }, []),
      table({ F: 10, M: 14, X: 1, NR: 0 }, ["F", "X"]),
      table({ F: 40, M: 50, X: 1, NR: 4 }, ["X", "NR"]),
    ];
    expect(solvableCell(tables, G, isHidden)).not.toBeNull();
  });

  it("finds none when every hidden cell has another that can trade people with it", () => {
    // Two levels hide the same two groups, and the whole shows both: a person can move between
    // the four cells without changing any total.
    const tables = [
      table({ F: 20, M: 20, X: 0, NR: 0 }, []),
      table({ F: 6, M: 7, X: 0, NR: 0 }, ["F", "M"]),
      table({ F: 5, M: 6, X: 0, NR: 0 }, ["F", "M"]),
      table({ F: 9, M: 7, X: 0, NR: 0 }, []),
      table({ F: 0, M: 0, X: 0, NR: 0 }, []),
    ];
    expect(solvableCell(tables, G, isHidden)).toBeNull();
  });
});
