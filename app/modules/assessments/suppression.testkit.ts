// Test helpers for the anonymity property tests: a seeded generator of rosters and responses, and
// a checker written independently of suppression.ts (its own cells, relations and elimination
// over people, in floating point) that says what an onlooker could work out from the shown cells.
import { cellKey, cutKey, type Cut, type Dimension } from "./suppression";

/** mulberry32: small, fast, seeded. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Person = { attrs: Record<string, string> };

export type Scenario = {
  k: number;
  dimensions: Dimension[];
  people: Person[];
  /** Indexes into people of those who responded to each campaign. */
  previous: number[];
  current: number[];
};

const LEVELS = ["executive", "manager", "supervisor", "staff"];

/** Departments of sizes around the threshold, skewed levels and demographic groups, two
 * campaigns answered by overlapping subsets of the same people. */
export function generateScenario(seed: number): Scenario {
  const rand = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T,>(xs: readonly T[], weights?: number[]): T => {
    if (!weights) return xs[Math.floor(rand() * xs.length)]!;
    const total = weights.reduce((s, w) => s + w, 0);
    let r = rand() * total;
    for (let i = 0; i < xs.length; i++) {
      r -= weights[i]!;
      if (r <= 0) return xs[i]!;
    }
    return xs[xs.length - 1]!;
  };
  const k = int(3, 6);
  const demographicCount = int(0, 2);
  const dimensions: Dimension[] = ["department", "level"];
  const demographics: { dim: Dimension; options: string[]; weights: number[] }[] = [];
  for (let i = 0; i < demographicCount; i++) {
    const options = Array.from({ length: int(2, 4) }, (_, j) => `g${i}-${j}`).concat("not_stated");
    demographics.push({ dim: `demographic:c${i}`, options, weights: options.map(() => 0.2 + rand()) });
    dimensions.push(`demographic:c${i}`);
  }
  const people: Person[] = [];
  const departmentCount = int(2, 6);
  const levelWeights = [0.05 + rand() * 0.1, 0.1 + rand() * 0.2, 0.1 + rand() * 0.3, 0.6];
  for (let d = 0; d < departmentCount; d++) {
    // Around the threshold: some departments smaller than k, some a little larger, some large.
    const size = pick([int(1, k - 1), int(k, 2 * k), int(2 * k, 5 * k)]);
    for (let i = 0; i < size; i++) {
      const attrs: Record<string, string> = { department: `d${d}`, level: pick(LEVELS, levelWeights) };
      for (const g of demographics) attrs[g.dim] = pick(g.options, g.weights);
      people.push({ attrs });
    }
  }
  const respond = (rate: number) => people.map((_, i) => i).filter(() => rand() < rate);
  const previous = respond(0.5 + rand() * 0.45);
  // The current campaign: mostly the same people, a few joining or leaving.
  const previousSet = new Set(previous);
  const current = people.map((_, i) => i).filter((i) => (previousSet.has(i) ? rand() < 0.85 : rand() < 0.4));
  return { k, dimensions, people, previous, current };
}

export type TrueCell = { key: string; cut: Cut; values: string[]; members: number[] };

/** Every non-empty cell of every cut, with who is in it (indexes into people). */
export function trueCells(people: readonly Person[], responded: readonly number[], cuts: readonly Cut[]): Map<string, TrueCell> {
  const cells = new Map<string, TrueCell>();
  for (const cut of cuts) {
    for (const i of responded) {
      const values = cut.map((d) => people[i]!.attrs[d] ?? "");
      const key = cellKey(cut, values);
      if (!cells.has(key)) cells.set(key, { key, cut, values, members: [] });
      cells.get(key)!.members.push(i);
    }
  }
  return cells;
}

type Relation = { parent: string; children: string[] };

function relationsOf(cells: Map<string, TrueCell>): Relation[] {
  const out = new Map<string, Relation>();
  for (const c of cells.values()) {
    if (c.cut.length === 0) continue;
    const parents = c.cut.length === 1 ? ["total"] : c.cut.map((d, i) => cellKey([d], [c.values[i]!]));
    parents.forEach((p, axis) => {
      const id = `${p}/${cutKey(c.cut)}/${axis}`;
      if (!out.has(id)) out.set(id, { parent: p, children: [] });
      out.get(id)!.children.push(c.key);
    });
  }
  return [...out.values()];
}

/** Is `target` (0/1 over people) a linear combination of `rows`? Gaussian elimination in doubles:
 * the vectors are small 0/1 vectors, far from any rounding trouble. */
export function inSpan(rows: number[][], target: number[]): boolean {
  const m = rows.map((r) => [...r]);
  const basis: { pivot: number; row: number[] }[] = [];
  for (const r of m) {
    for (const b of basis) {
      const c = r[b.pivot]!;
      if (Math.abs(c) > 1e-9) for (let j = 0; j < r.length; j++) r[j]! -= c * b.row[j]!;
    }
    const pivot = r.findIndex((x) => Math.abs(x) > 1e-9);
    if (pivot < 0) continue;
    const p = r[pivot]!;
    for (let j = 0; j < r.length; j++) r[j]! /= p;
    basis.push({ pivot, row: r });
  }
  const t = [...target];
  for (const b of basis) {
    const c = t[b.pivot]!;
    if (Math.abs(c) > 1e-9) for (let j = 0; j < t.length; j++) t[j]! -= c * b.row[j]!;
  }
  return t.every((x) => Math.abs(x) < 1e-6);
}

export type Shown = { key: string; n: number };

/**
 * What an onlooker can work out from the shown cells of a campaign (and of the previous one), as
 * a list of violations (empty when safe). `shown` holds what the service displayed: the key and
 * the number of respondents it reported.
 */
export function checkSafety(input: {
  k: number;
  peopleCount: number;
  cells: Map<string, TrueCell>;
  shown: Map<string, number>;
  previous?: { cells: Map<string, TrueCell>; shown: Map<string, number> };
}): string[] {
  const { k, cells, shown } = input;
  const problems: string[] = [];
  const nOf = (key: string) => cells.get(key)?.members.length ?? 0;
  const isShown = (key: string) => shown.has(key);

  for (const [key, n] of shown) {
    if (n !== nOf(key)) problems.push(`${key}: shown n ${n} but ${nOf(key)} responded`);
    if (n > 0 && n < k) problems.push(`${key}: shown with n=${n} < k=${k}`);
  }
  for (const r of relationsOf(cells)) {
    if (!isShown(r.parent)) continue;
    const hiddenKids = r.children.filter((c) => !isShown(c) && nOf(c) > 0);
    const sum = hiddenKids.reduce((s, c) => s + nOf(c), 0);
    if (sum > 0 && sum < k) problems.push(`${r.parent} minus its shown children leaves ${sum} < k people (${hiddenKids.join(", ")})`);
    if (hiddenKids.length === 1) problems.push(`${hiddenKids[0]} is ${r.parent} minus its shown siblings`);
  }
  // Overlapping cuts: one shown cell containing another and differing by fewer than k people.
  const shownCells = [...cells.values()].filter((c) => isShown(c.key));
  for (const a of shownCells) {
    const aSet = new Set(a.members);
    for (const b of shownCells) {
      const gap = a.members.length - b.members.length;
      if (gap > 0 && gap < k && b.members.every((m) => aSet.has(m))) {
        problems.push(`${a.key} minus ${b.key} describes ${gap} < k people`);
      }
    }
  }
  // Linear combinations: no hidden cell may be computed from the shown ones.
  const vector = (c: TrueCell) => {
    const v = new Array<number>(input.peopleCount).fill(0);
    for (const m of c.members) v[m] = 1;
    return v;
  };
  const rows = shownCells.map(vector);
  for (const c of cells.values()) {
    if (isShown(c.key) || c.members.length === 0) continue;
    if (inSpan(rows, vector(c))) problems.push(`${c.key} (n=${c.members.length}) can be computed from the shown cells`);
  }
  // Against the previous campaign.
  if (input.previous) {
    const prev = input.previous;
    const prevN = (key: string) => prev.cells.get(key)?.members.length ?? 0;
    for (const key of shown.keys()) {
      if (!prev.shown.has(key)) continue;
      const change = Math.abs(nOf(key) - prevN(key));
      if (change > 0 && change < k) problems.push(`${key}: changed by ${change} < k people since the previous campaign`);
    }
    const prevRelations = relationsOf(prev.cells);
    for (const r of relationsOf(cells)) {
      if (!isShown(r.parent) || !prev.shown.has(r.parent)) continue;
      const childCut = cutKey(cells.get(r.children[0]!)!.cut);
      const pr = prevRelations.find((p) => p.parent === r.parent && cutKey(prev.cells.get(p.children[0]!)!.cut) === childCut);
      const prevKids = pr?.children ?? [];
      const w = new Set([...r.children.filter((c) => !isShown(c) && nOf(c) > 0), ...prevKids.filter((c) => !prev.shown.has(c))]);
      if (w.size === 0) continue;
      const now = [...w].reduce((s, c) => s + nOf(c), 0);
      const before = [...w].reduce((s, c) => s + prevN(c), 0);
      const change = Math.abs(now - before);
      if (change > 0 && change < k) problems.push(`${r.parent}: the hidden children ${[...w].join(", ")} changed by ${change} < k people`);
    }
  }
  return problems;
}
