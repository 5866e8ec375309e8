// Which cells of a campaign's results may be shown (docs/decisions/007-anonymous-assessments.md).
// Pure and deterministic, so that the results service applies it the same way to every screen,
// chart and export, and the property test can check it on thousands of generated campaigns.
//
// A cell is a group of respondents: everyone (the total), one value of one dimension (a
// department, a supervisory level, a demographic group) or a pair of values (a department and a
// level or demographic group). Every statistic of a cell (means, distributions, favorable %) is a
// sum over its respondents, so what an onlooker can work out from the shown cells is what can be
// added and subtracted from them. The rules, applied until none changes anything:
//
// 1. Primary: a cell with 1 to k-1 respondents is hidden (0 is shown as "no responses").
// 2. (Removed, docs/decisions/018: a cell's count changing by 1 to k-1 since the previous campaign
//    hid it. Two campaigns hold different answers given at different moments, not a total and its
//    parts: their difference is no one's answer. So is rule 5's.)
// 3. Parent minus children: in every relation parent = sum of children (the total and each cut;
//    a department and its department × level cells; a level and its department × level cells…),
//    when the parent is shown, the hidden children must together hold 0 or at least k respondents
//    and never be exactly one cell; when the parent is hidden, its children cannot all be shown.
//    Otherwise the smallest shown child is hidden too.
// 4. Overlapping cuts: two shown cells of which one contains the other (as sets of people, which
//    can happen by accident: every manager of a department may be a woman) must not differ by 1
//    to k-1 respondents; the smaller one is hidden.
// 6. Linear algebra, the safety net: no hidden cell may be a linear combination of shown cells
//    (checked exactly, over the groups of identical respondents, modulo a large prime).

/** "area": a top-level department with all its divisions (a department without divisions is its
 * own area), as the department tree stood when the campaign's rollups were written. */
export type Dimension = "department" | "level" | "area" | `demographic:${string}`;
export type Cut = readonly Dimension[];

/** A set of respondents identical in every dimension: what the database aggregates to. */
export type Atom = { attrs: Readonly<Record<string, string>>; n: number };

export type CellDecision = {
  key: string;
  cut: Cut;
  /** The values of the cut's dimensions, in the cut's order. */
  values: string[];
  n: number;
  shown: boolean;
  /** Why a cell is not shown. One reason for every hidden cell, so that the reason itself tells
   * nothing about the size of the group. */
  reason: null | "no_responses" | "suppressed";
};

export type Decisions = Map<string, CellDecision>;

export const TOTAL_KEY = "total";

export function cutKey(cut: Cut): string {
  return cut.length === 0 ? TOTAL_KEY : cut.join("×");
}

export function cellKey(cut: Cut, values: readonly string[]): string {
  if (cut.length === 0) return TOTAL_KEY;
  return cut.map((d, i) => `${d}=${encodeURIComponent(values[i] ?? "")}`).join("|");
}

/**
 * The cuts the results service can produce for the given dimensions: the total, every dimension
 * alone, and the department crossed with every other dimension. Suppression is decided over all
 * of them at once, so no combination of screens shows more than each does alone.
 */
export function cutsFor(dimensions: readonly Dimension[]): Cut[] {
  const cuts: Cut[] = [[]];
  for (const d of dimensions) cuts.push([d]);
  if (dimensions.includes("department")) {
    for (const d of dimensions) if (d !== "department") cuts.push(["department", d]);
  }
  return cuts;
}

/** The cuts a closed organizational campaign's results are decided and counted over: cutsFor's,
 * and the areas (what a head of a department with divisions reads as their own group). */
export function resultCuts(dimensions: readonly Dimension[]): Cut[] {
  return [...cutsFor(dimensions), ["area"]];
}

type Cell = { key: string; cut: Cut; values: string[]; n: number; atoms: number[] };
type Relation = { parent: string; children: string[] };

function buildCells(atoms: readonly Atom[], cuts: readonly Cut[]): Map<string, Cell> {
  const cells = new Map<string, Cell>();
  for (const cut of cuts) {
    if (cut.length === 0) cells.set(TOTAL_KEY, { key: TOTAL_KEY, cut, values: [], n: 0, atoms: [] });
    atoms.forEach((atom, index) => {
      if (atom.n <= 0) return;
      const values = cut.map((d) => atom.attrs[d] ?? "");
      const key = cellKey(cut, values);
      let cell = cells.get(key);
      if (!cell) {
        cell = { key, cut, values, n: 0, atoms: [] };
        cells.set(key, cell);
      }
      cell.n += atom.n;
      cell.atoms.push(index);
    });
  }
  return cells;
}

/** The parents of a cell: the total for a one-dimension cell, each margin for a two-dimension one. */
export function parentKeys(cut: Cut, values: readonly string[]): string[] {
  if (cut.length === 1) return [TOTAL_KEY];
  if (cut.length === 2) return [cellKey([cut[0]!], [values[0]!]), cellKey([cut[1]!], [values[1]!])];
  return [];
}

function buildRelations(cells: Iterable<{ key: string; cut: Cut; values: string[] }>): Relation[] {
  // A parent has one relation per cut that splits it (the total is split by every dimension).
  const byParentAndCut = new Map<string, Relation>();
  for (const cell of cells) {
    if (cell.cut.length === 0) continue;
    const parents = parentKeys(cell.cut, cell.values);
    parents.forEach((parent, axis) => {
      const id = `${parent}#${cutKey(cell.cut)}#${axis}`;
      let relation = byParentAndCut.get(id);
      if (!relation) {
        relation = { parent, children: [] };
        byParentAndCut.set(id, relation);
      }
      relation.children.push(cell.key);
    });
  }
  return [...byParentAndCut.values()].map((r) => ({ ...r, children: r.children.sort() }));
}

const PRIME = 67_108_859; // < 2^26: products of two residues stay exact in a double

function inverse(a: number): number {
  let [r0, r1, s0, s1] = [PRIME, a % PRIME, 0, 1];
  while (r1 !== 0) {
    const q = Math.floor(r0 / r1);
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % PRIME) + PRIME) % PRIME;
}

/** A row-reduced basis of vectors over the atoms, modulo a prime (ranks over the rationals of
 * 0/1 vectors are at least these, so "in the span" here is, if anything, too cautious). */
export class Span {
  private rows: { pivot: number; v: Float64Array }[] = [];
  constructor(private readonly size: number) {}

  private reduce(indices: readonly number[]): Float64Array {
    const v = new Float64Array(this.size);
    for (const i of indices) v[i] = 1;
    for (const row of this.rows) {
      const c = v[row.pivot]!;
      if (c === 0) continue;
      const rv = row.v;
      for (let j = 0; j < this.size; j++) {
        const r = rv[j]!;
        if (r !== 0) v[j] = (v[j]! - ((c * r) % PRIME) + PRIME) % PRIME;
      }
    }
    return v;
  }

  add(indices: readonly number[]): void {
    const v = this.reduce(indices);
    const pivot = v.findIndex((x) => x !== 0);
    if (pivot < 0) return;
    const inv = inverse(v[pivot]!);
    for (let j = 0; j < this.size; j++) if (v[j] !== 0) v[j] = (v[j]! * inv) % PRIME;
    // Keep the basis fully reduced so that reduce() needs one pass.
    for (const row of this.rows) {
      const c = row.v[pivot]!;
      if (c === 0) continue;
      for (let j = 0; j < this.size; j++) {
        if (v[j] !== 0) row.v[j] = (row.v[j]! - ((c * v[j]!) % PRIME) + PRIME) % PRIME;
      }
    }
    this.rows.push({ pivot, v });
  }

  contains(indices: readonly number[]): boolean {
    return this.reduce(indices).every((x) => x === 0);
  }
}

export type SuppressionInput = {
  atoms: readonly Atom[];
  k: number;
  cuts: readonly Cut[];
  /** Cells hidden from the start whatever their size: an item's decisions start from the cells
   * the campaign's respondents already hide (an item can only be shown where its cell is). */
  forced?: Iterable<string>;
};

export function decideSuppression(input: SuppressionInput): Decisions {
  const k = Math.max(3, Math.floor(input.k));
  const cells = buildCells(input.atoms, input.cuts);
  const relations = buildRelations(cells.values());
  const hidden = new Set<string>();
  const nOf = (key: string) => cells.get(key)?.n ?? 0;
  const isShown = (key: string) => nOf(key) > 0 && !hidden.has(key);
  const smallestShown = (keys: readonly string[]) =>
    keys
      .filter(isShown)
      .sort((a, b) => nOf(a) - nOf(b) || (a < b ? -1 : a > b ? 1 : 0))[0];

  // 1. Primary (and the cells hidden by the caller).
  for (const cell of cells.values()) if (cell.n > 0 && cell.n < k) hidden.add(cell.key);
  for (const key of input.forced ?? []) if (cells.has(key)) hidden.add(key);
  const relationPass = (): boolean => {
    let changed = false;
    for (const r of relations) {
      const kids = r.children.filter((c) => nOf(c) > 0);
      const hiddenKids = kids.filter((c) => hidden.has(c));
      if (isShown(r.parent)) {
        const sum = hiddenKids.reduce((s, c) => s + nOf(c), 0);
        if (hiddenKids.length === 1 || (sum > 0 && sum < k)) {
          const next = smallestShown(kids);
          if (next) {
            hidden.add(next);
            changed = true;
          }
        }
      } else if (nOf(r.parent) > 0 && hiddenKids.length === 0 && kids.length > 0) {
        hidden.add(smallestShown(kids)!);
        changed = true;
      }
    }
    return changed;
  };

  const shownCells = () => [...cells.values()].filter((c) => isShown(c.key));
  const containmentPass = (): boolean => {
    const shown = shownCells().sort((a, b) => a.n - b.n || (a.key < b.key ? -1 : 1));
    const member = new Map<string, Set<number>>();
    for (const c of shown) member.set(c.key, new Set(c.atoms));
    for (let i = 0; i < shown.length; i++) {
      const small = shown[i]!;
      for (let j = i + 1; j < shown.length; j++) {
        const big = shown[j]!;
        const gap = big.n - small.n;
        if (gap === 0 || gap >= k) continue;
        const bigSet = member.get(big.key)!;
        if (small.atoms.every((a) => bigSet.has(a))) {
          hidden.add(small.key);
          return true;
        }
      }
    }
    return false;
  };

  const spanPass = (): boolean => {
    const hiddenCells = [...cells.values()].filter((c) => c.n > 0 && hidden.has(c.key));
    if (hiddenCells.length === 0) return false;
    const span = new Span(input.atoms.length);
    for (const c of shownCells()) span.add(c.atoms);
    hiddenCells.sort((a, b) => a.n - b.n || (a.key < b.key ? -1 : 1));
    for (const h of hiddenCells) {
      if (!span.contains(h.atoms)) continue;
      // Hide the smallest shown cell that overlaps it (one of them takes part in the derivation).
      const atoms = new Set(h.atoms);
      const overlapping = shownCells().filter((c) => c.atoms.some((a) => atoms.has(a)));
      const next = smallestShown(overlapping.map((c) => c.key));
      if (next) {
        hidden.add(next);
        return true;
      }
    }
    return false;
  };

  for (let guard = 0; guard < 100_000; guard++) {
    if (relationPass()) continue;
    if (containmentPass()) continue;
    if (spanPass()) continue;
    break;
  }

  const decisions: Decisions = new Map();
  for (const cell of cells.values()) {
    const shown = cell.n > 0 && !hidden.has(cell.key);
    decisions.set(cell.key, {
      key: cell.key,
      cut: cell.cut,
      values: cell.values,
      n: cell.n,
      shown,
      reason: cell.n === 0 ? "no_responses" : shown ? null : "suppressed",
    });
  }
  return decisions;
}
