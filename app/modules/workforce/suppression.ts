// Small-group suppression for counts of people by demographic group (the organization's anonymity
// threshold, never below 3). Pure, so that it is tested on its own and used the same everywhere.
//
// Rules:
// 1. A group with fewer people than the threshold is suppressed ("small").
// 2. Differencing: when the total is shown, a single suppressed group would be the total minus the
//    others. So while only one group is suppressed, or the suppressed groups together hold fewer
//    people than the threshold (their sum is also derivable), the next-smallest shown group is
//    suppressed too ("complementary").
// 3. When the total itself is below the threshold, nothing is shown: not the groups, not the total.

export type GroupCount = { group: string; count: number };

export type SuppressedGroup = {
  group: string;
  /** Null when suppressed. */
  count: number | null;
  suppressed: false | "small" | "complementary";
};

export type SuppressedCounts = {
  groups: SuppressedGroup[];
  /** Null when the whole table is suppressed (fewer people than the threshold). */
  total: number | null;
  /** True when nothing could be shown. */
  allSuppressed: boolean;
};

export function suppressSmallGroups(input: GroupCount[], threshold: number): SuppressedCounts {
  const k = Math.max(3, Math.floor(threshold));
  const present = input.filter((g) => g.count > 0);
  const total = present.reduce((n, g) => n + g.count, 0);
  if (total < k) {
    return { groups: present.map((g) => ({ group: g.group, count: null, suppressed: "small" })), total: null, allSuppressed: true };
  }
  const state = new Map<string, SuppressedGroup["suppressed"]>(present.map((g) => [g.group, g.count < k ? "small" : false]));
  const suppressed = () => present.filter((g) => state.get(g.group));
  // Smallest first; ties by name so that the result never depends on input order.
  const byCount = [...present].sort((a, b) => a.count - b.count || a.group.localeCompare(b.group));
  for (;;) {
    const hidden = suppressed();
    if (hidden.length === 0) break;
    const hiddenSum = hidden.reduce((n, g) => n + g.count, 0);
    if (hidden.length >= 2 && hiddenSum >= k) break;
    const next = byCount.find((g) => !state.get(g.group));
    if (!next) break;
    state.set(next.group, "complementary");
  }
  return {
    groups: present.map((g) => {
      const s = state.get(g.group) ?? false;
      return { group: g.group, count: s ? null : g.count, suppressed: s };
    }),
    total,
    allSuppressed: false,
  };
}

/**
 * The same rows of counts for the whole organization and for each of its parts (supervisory
 * levels), suppressed so that no cell can be worked out from the tables together — the whole's
 * count of a group is the sum of the parts', and every table's total is known (a level's size is
 * on the roster page even when its table is hidden).
 *
 * Every table lists the same groups (a group nobody in a part belongs to has count 0 there). Then:
 * 1. A cell under the threshold is hidden ("small"), 0 included: a hidden cell must read the same
 *    whether nobody or a few people are in it. Groups in `alwaysHidden` (the merged row of groups
 *    too small to be named) are always hidden. A part with fewer people than the threshold hides
 *    every cell ("small").
 * 2. Along every table, and along every group across the tables, the hidden cells with people in
 *    them are none, or at least two holding the threshold together (with the whole's count
 *    hidden, at least one part hides the group too); otherwise the next-smallest shown cell is
 *    hidden ("complementary").
 * 3. An audit of the resulting tables as a reader sees them: every hidden cell is an unknown
 *    whole number ≥ 0, and each table's total and each group's sum across the parts an equation.
 *    A hidden cell that the equations determine (linear algebra, not just one subtraction) or
 *    pin by their ranges (x + y = 3 with x ≤ 1 and y ≤ 2) makes its table hide its next-smallest
 *    shown cell, and 2–3 repeat until no hidden cell can be solved for.
 */
export function suppressAcrossParts<K extends string>(
  whole: GroupCount[],
  parts: { key: K; groups: GroupCount[] }[],
  threshold: number,
  options: { alwaysHidden?: ReadonlySet<string> } = {},
): { whole: SuppressedCounts; parts: { key: K; counts: SuppressedCounts }[] } {
  const k = Math.max(3, Math.floor(threshold));
  const forced = options.alwaysHidden ?? new Set<string>();
  const groups = whole.map((g) => g.group);
  type Table = { count: Map<string, number>; total: number; all: boolean; state: Map<string, SuppressedGroup["suppressed"]> };
  const tables: Table[] = [whole, ...parts.map((p) => p.groups)].map((list) => {
    const count = new Map<string, number>(groups.map((g) => [g, 0]));
    for (const g of list) count.set(g.group, (count.get(g.group) ?? 0) + g.count);
    const total = [...count.values()].reduce((n, v) => n + v, 0);
    const all = total < k;
    const state = new Map<string, SuppressedGroup["suppressed"]>(
      groups.map((g) => [g, all || forced.has(g) || count.get(g)! < k ? ("small" as const) : false]),
    );
    return { count, total, all, state };
  });
  const [w, ...ps] = tables as [Table, ...Table[]];
  const hidden = (t: Table, g: string) => Boolean(t.state.get(g));
  const n = (t: Table, g: string) => t.count.get(g) ?? 0;
  /** Hides the smallest shown cell with people in it among `cells`; false when there is none. */
  const hideSmallest = (cells: [Table, string][]): boolean => {
    const next = cells.filter(([t, g]) => !t.all && !hidden(t, g) && n(t, g) > 0).sort((a, b) => n(a[0], a[1]) - n(b[0], b[1]) || a[1].localeCompare(b[1]))[0];
    if (!next) return false;
    next[0].state.set(next[1], "complementary");
    return true;
  };
  const lineSafe = (cells: [Table, string][]) => {
    const h = cells.filter(([t, g]) => hidden(t, g) && n(t, g) > 0);
    const sum = h.reduce((s, [t, g]) => s + n(t, g), 0);
    return h.length === 0 || (h.length >= 2 && sum >= k);
  };

  for (let changed = true; changed; ) {
    changed = false;
    for (const t of tables) {
      if (t.all) continue;
      const line = groups.map((g) => [t, g] as [Table, string]);
      if (!lineSafe(line) && hideSmallest(line)) changed = true;
    }
    for (const g of groups) {
      const line = ps.map((p) => [p, g] as [Table, string]);
      const safe = hidden(w, g) ? n(w, g) === 0 || line.some(([p]) => hidden(p, g) && n(p, g) > 0) : lineSafe(line);
      if (safe) continue;
      if (hideSmallest(line) || (!hidden(w, g) && hideSmallest([[w, g]]))) changed = true;
    }
    if (changed) continue;
    const solved = solvableCell(tables, groups, hidden);
    if (!solved) break;
    // Its own table first, then its group across the tables, then anything still shown.
    changed =
      hideSmallest(groups.map((g) => [solved[0], g])) ||
      hideSmallest(tables.map((t) => [t, solved[1]])) ||
      hideSmallest(tables.flatMap((t) => groups.map((g) => [t, g] as [Table, string])));
  }

  const out = (t: Table): SuppressedCounts => ({
    groups: groups.map((g) => {
      const s = t.state.get(g) ?? false;
      return { group: g, count: s ? null : n(t, g), suppressed: s };
    }),
    total: t.all ? null : t.total,
    allSuppressed: t.all,
  });
  return { whole: out(w), parts: parts.map((p, i) => ({ key: p.key, counts: out(ps[i]!) })) };
}

/**
 * A hidden cell with people in it that a reader could solve for, or null (exported for its test). Unknowns: the hidden
 * cells; equations: each table's cells add up to its (known) total, and each group's parts add up
 * to the whole's cell. A variable is determined when, in the reduced row echelon form, some row
 * holds it alone.
 */
export function solvableCell<T extends { count: Map<string, number>; state: Map<string, unknown> }>(
  tables: T[],
  groups: string[],
  hidden: (t: T, g: string) => boolean,
): [T, string] | null {
  const vars: [T, string][] = [];
  const index = new Map<T, Map<string, number>>();
  for (const t of tables) {
    const m = new Map<string, number>();
    for (const g of groups) if (hidden(t, g)) m.set(g, vars.push([t, g]) - 1);
    index.set(t, m);
  }
  if (vars.length === 0) return null;
  const value = (t: T, g: string) => t.count.get(g) ?? 0;
  const rows: number[][] = [];
  /** Each equation's right-hand side: what the shown numbers leave for the hidden cells. */
  const rhs: number[] = [];
  const upper: number[] = new Array<number>(vars.length).fill(0);
  for (const t of tables) {
    const r = new Array<number>(vars.length).fill(0);
    let c = 0;
    for (const g of groups) {
      const i = index.get(t)!.get(g);
      if (i === undefined) continue;
      r[i] = 1;
      c += value(t, g);
    }
    for (const i of index.get(t)!.values()) upper[i] = c;
    rows.push(r);
    rhs.push(c);
  }
  const [whole, ...parts] = tables;
  for (const g of groups) {
    const r = new Array<number>(vars.length).fill(0);
    let c = 0;
    const wi = index.get(whole!)!.get(g);
    if (wi !== undefined) {
      r[wi] = 1;
      c += value(whole!, g);
    }
    for (const p of parts) {
      const pi = index.get(p)!.get(g);
      if (pi !== undefined) {
        r[pi] = -1;
        c -= value(p, g);
      }
    }
    rows.push(r);
    rhs.push(c);
  }
  const pinned = pinnedByBounds(
    rows.map((r) => [...r]),
    rhs,
    upper,
  ).find((i) => value(vars[i]![0], vars[i]![1]) > 0);
  if (pinned !== undefined) return vars[pinned]!;
  // Gaussian elimination to reduced row echelon form (coefficients stay small integers' ratios).
  const eps = 1e-9;
  let lead = 0;
  const pivots: number[] = [];
  for (let col = 0; col < vars.length && lead < rows.length; col += 1) {
    let pivot = -1;
    for (let r = lead; r < rows.length; r += 1) if (Math.abs(rows[r]![col]!) > eps) { pivot = r; break; }
    if (pivot < 0) continue;
    [rows[lead], rows[pivot]] = [rows[pivot]!, rows[lead]!];
    const p = rows[lead]!;
    const f = p[col]!;
    for (let c = 0; c < vars.length; c += 1) p[c] = p[c]! / f;
    for (let r = 0; r < rows.length; r += 1) {
      if (r === lead) continue;
      const factor = rows[r]![col]!;
      if (Math.abs(factor) <= eps) continue;
      for (let c = 0; c < vars.length; c += 1) rows[r]![c] = rows[r]![c]! - factor * p[c]!;
    }
    pivots.push(col);
    lead += 1;
  }
  for (let r = 0; r < pivots.length; r += 1) {
    const col = pivots[r]!;
    const alone = rows[r]!.every((v, c) => c === col || Math.abs(v) <= eps);
    const [t, g] = vars[col]!;
    if (alone && (t.count.get(g) ?? 0) > 0) return vars[col]!;
  }
  return null;
}

/**
 * The variables that whole numbers ≥ 0 (and at most their table's hidden total) pin to one value:
 * each equation narrows each of its variables to what the others' ranges leave, until nothing
 * narrows. Catches what linear algebra misses, e.g. x + y = 3 with x ≤ 1 and y ≤ 2.
 */
function pinnedByBounds(rows: number[][], rhs: number[], upper: number[]): number[] {
  const lo = upper.map(() => 0);
  const hi = [...upper];
  for (let changed = true, rounds = 0; changed && rounds < 200; rounds += 1) {
    changed = false;
    rows.forEach((r, e) => {
      let min = 0;
      let max = 0;
      r.forEach((a, i) => {
        if (a > 0) [min, max] = [min + lo[i]!, max + hi[i]!];
        else if (a < 0) [min, max] = [min - hi[i]!, max - lo[i]!];
      });
      r.forEach((a, j) => {
        if (a === 0) return;
        // The others' range, without x_j's own part.
        const oMin = min - (a > 0 ? lo[j]! : -hi[j]!);
        const oMax = max - (a > 0 ? hi[j]! : -lo[j]!);
        const [from, to] = a > 0 ? [rhs[e]! - oMax, rhs[e]! - oMin] : [oMin - rhs[e]!, oMax - rhs[e]!];
        if (from > lo[j]!) {
          lo[j] = from;
          changed = true;
        }
        if (to < hi[j]!) {
          hi[j] = to;
          changed = true;
        }
      });
    });
  }
  return lo.flatMap((l, i) => (l === hi[i] ? [i] : []));
}
