// Workforce representation against the community: the roster's active staff by group of one
// demographic field, overall and by supervisory level, beside the community's share of each group.
// Pure (no database), so the arithmetic and the suppression are tested on hand-computed fixtures.
//
// What a reader can learn is what the roster's own summary allows, and no more:
// - counts go through suppressAcrossParts (a group under the threshold is hidden, and enough
//   others that it can't be worked out, within a level and across the levels);
// - a group is named only if the community figures name it or it has at least the threshold of
//   people in the whole organization; smaller ones are one "Smaller groups" row with no number;
// - every level has the same rows, and a hidden share reads the same whether nobody or a few
//   people are in the group, so the rows themselves tell nothing about who is where.
import { suppressAcrossParts, type GroupCount, type SuppressedGroup } from "./suppression";
import { SUPERVISORY_LEVEL_LABELS, SUPERVISORY_LEVELS, type SupervisoryLevel } from "./workforce.schema";

export const NOT_REPORTED_ROW = "Not reported";
export const SMALLER_GROUPS_ROW = "Smaller groups";

/** One person's group as the roster holds it: trimmed, null when not reported. */
export type LevelGroupCount = { level: SupervisoryLevel; group: string | null; count: number };
export type CommunityShareInput = { groupLabel: string; shareBasisPoints: number };

export type RepresentationRow = {
  group: string;
  kind: "group" | "not_reported" | "smaller_groups";
  /** Null when hidden. */
  count: number | null;
  /** Share of the level's active staff, in percent with one decimal; null when hidden. */
  workforcePercent: number | null;
  /** The community's share in percent (as entered, up to two decimals); null when not entered. */
  communityPercent: number | null;
  /** Workforce minus community, in percentage points with one decimal (from the exact shares). */
  gapPoints: number | null;
  /** "small": fewer than the threshold (nobody, or a few); "complementary": hidden so that a
   * small group can't be worked out by subtraction. */
  hidden: false | "small" | "complementary";
};

export type RepresentationBlock = {
  key: "all" | SupervisoryLevel;
  label: string;
  /** Active staff; null when the level has fewer than the threshold (all its cells are hidden). */
  total: number | null;
  rows: RepresentationRow[];
};

export type RepresentationTable = {
  threshold: number;
  overall: RepresentationBlock;
  levels: RepresentationBlock[];
  /** Sum of the community shares entered for the category, in percent. */
  communityTotalPercent: number;
  /** True when some cell anywhere is hidden (the page explains why). */
  anyHidden: boolean;
};

const keyOf = (label: string) => label.trim().toLowerCase();

/** Half away from zero, to one decimal. */
export function round1(value: number): number {
  const r = Math.round(Math.abs(value) * 10 + 1e-9) / 10;
  return value < 0 ? -r : r;
}

export function basisPointsToPercent(bp: number): number {
  return bp / 100;
}

export function buildRepresentation(counts: LevelGroupCount[], community: CommunityShareInput[], threshold: number): RepresentationTable {
  const NR = "\u0000not-reported";
  // Roster values that differ only in case or spaces are one group; the label shown is the
  // community's spelling, or the roster's most common one.
  const spellings = new Map<string, Map<string, number>>();
  const perLevel = new Map<SupervisoryLevel, Map<string, number>>(SUPERVISORY_LEVELS.map((l) => [l, new Map()]));
  const whole = new Map<string, number>();
  for (const c of counts) {
    if (c.count <= 0) continue;
    const key = c.group === null || c.group.trim() === "" ? NR : keyOf(c.group);
    if (key !== NR) {
      const s = spellings.get(key) ?? new Map<string, number>();
      s.set(c.group!.trim(), (s.get(c.group!.trim()) ?? 0) + c.count);
      spellings.set(key, s);
    }
    const m = perLevel.get(c.level)!;
    m.set(key, (m.get(key) ?? 0) + c.count);
    whole.set(key, (whole.get(key) ?? 0) + c.count);
  }
  // The rows, the same in every block.
  const communityByKey = new Map(community.map((c) => [keyOf(c.groupLabel), c]));
  const communityRows = [...community].sort((a, b) => b.shareBasisPoints - a.shareBasisPoints || a.groupLabel.localeCompare(b.groupLabel));
  const k = Math.max(3, Math.floor(threshold));
  const wholeTotal = [...whole.values()].reduce((n, v) => n + v, 0);
  const named = (key: string) => communityByKey.has(key) || (wholeTotal >= k && (whole.get(key) ?? 0) >= k);
  const rosterOnly = [...whole]
    .filter(([key]) => key !== NR && !communityByKey.has(key) && named(key))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const unnamed = [...whole.keys()].filter((key) => key !== NR && !named(key));
  const spellingOf = (key: string) => [...(spellings.get(key) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? key;
  type RowSpec = { label: string; kind: RepresentationRow["kind"]; keys: string[]; communityBp: number | null };
  const specs: RowSpec[] = [
    ...communityRows.map((c) => ({ label: c.groupLabel.trim(), kind: "group" as const, keys: [keyOf(c.groupLabel)], communityBp: c.shareBasisPoints })),
    ...rosterOnly.map(([key]) => ({ label: spellingOf(key), kind: "group" as const, keys: [key], communityBp: null })),
    ...(whole.has(NR) ? [{ label: NOT_REPORTED_ROW, kind: "not_reported" as const, keys: [NR], communityBp: null }] : []),
    ...(unnamed.length ? [{ label: SMALLER_GROUPS_ROW, kind: "smaller_groups" as const, keys: unnamed, communityBp: null }] : []),
  ];

  // Suppression runs on the rows as shown: every level has every row, the merged one always hidden.
  const cellsOf = (m: Map<string, number>): GroupCount[] =>
    specs.map((spec, i) => ({ group: String(i), count: spec.keys.reduce((sum, key) => sum + (m.get(key) ?? 0), 0) }));
  const suppressed = suppressAcrossParts(
    cellsOf(whole),
    SUPERVISORY_LEVELS.map((level) => ({ key: level, groups: cellsOf(perLevel.get(level)!) })),
    threshold,
    { alwaysHidden: new Set(specs.flatMap((spec, i) => (spec.kind === "smaller_groups" ? [String(i)] : []))) },
  );

  let anyHidden = false;
  const block = (key: RepresentationBlock["key"], label: string, cells: SuppressedGroup[], total: number | null, allSuppressed: boolean): RepresentationBlock => {
    const rows = specs.map((spec, i): RepresentationRow => {
      const communityPercent = spec.communityBp === null ? null : basisPointsToPercent(spec.communityBp);
      const cell = cells[i]!;
      const hidden = allSuppressed ? "small" : cell.suppressed;
      const count = hidden ? null : cell.count;
      if (hidden) anyHidden = true;
      const exactShare = count !== null && total ? (count * 100) / total : null;
      return {
        group: spec.label,
        kind: spec.kind,
        count,
        workforcePercent: exactShare === null ? null : round1(exactShare),
        communityPercent,
        gapPoints: exactShare === null || communityPercent === null ? null : round1(exactShare - communityPercent),
        hidden,
      };
    });
    return { key, label, total: allSuppressed ? null : total, rows };
  };

  return {
    threshold: k,
    overall: block("all", "All active staff", suppressed.whole.groups, suppressed.whole.total, suppressed.whole.allSuppressed),
    levels: suppressed.parts.map((p) => {
      const levelTotal = [...perLevel.get(p.key)!.values()].reduce((n, v) => n + v, 0);
      return block(p.key, SUPERVISORY_LEVEL_LABELS[p.key], p.counts.groups, levelTotal, p.counts.allSuppressed);
    }),
    communityTotalPercent: community.reduce((n, c) => n + c.shareBasisPoints, 0) / 100,
    anyHidden,
  };
}
