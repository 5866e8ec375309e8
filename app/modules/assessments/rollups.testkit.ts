// Test-only: a campaign's results computed directly from its raw responses and answers, without
// the rollups or the results service's code, to check both against (rollups.server.test.ts). The
// grouping rules are written again here on purpose: no department is "none", no demographic answer
// and "prefer not to say" are both "not stated".
import { rawQuery } from "#db/client.server";
import { NO_DEPARTMENT, NOT_STATED, PREFER_NOT_TO_SAY } from "./assessments.schema";
import { cellKey, cutKey, type Atom, type Cut, type Dimension } from "./suppression";

export type RawAnswer = { department_id: string | null; supervisory_level: string; demographics: Record<string, string>; item_id: string; value: number | null };
export type DirectTally = { counts: [number, number, number, number, number]; na: number };

/** Department → its top-level ancestor, read straight from the departments table. */
export async function directAreas(orgId: string): Promise<Map<string, string>> {
  const rows = await rawQuery<{ id: string; parent_id: string | null }>(`select id, parent_id from departments where org_id = $1`, [orgId]);
  const parent = new Map(rows.map((r) => [r.id, r.parent_id]));
  const root = (id: string): string => (parent.get(id) ? root(parent.get(id)!) : id);
  return new Map(rows.map((r) => [r.id, root(r.id)]));
}
let areas = new Map<string, string>();
/** Sets the areas valueOf uses (call with directAreas of the organization under test). */
export function useAreas(map: Map<string, string>): void {
  areas = map;
}

function valueOf(d: Dimension, r: Pick<RawAnswer, "department_id" | "supervisory_level" | "demographics">): string {
  if (d === "department") return r.department_id ?? NO_DEPARTMENT;
  if (d === "area") return r.department_id ? (areas.get(r.department_id) ?? NO_DEPARTMENT) : NO_DEPARTMENT;
  if (d === "level") return r.supervisory_level;
  const v = r.demographics[d.slice("demographic:".length)];
  return v && v !== PREFER_NOT_TO_SAY ? v : NOT_STATED;
}

export function rawAnswers(orgId: string, campaignId: string): Promise<RawAnswer[]> {
  return rawQuery<RawAnswer>(
    `select r.department_id, r.supervisory_level::text as supervisory_level, r.demographics, a.item_id, a.value
     from assessment_answers a join assessment_responses r on r.org_id = a.org_id and r.id = a.response_id
     where r.org_id = $1 and r.campaign_id = $2`,
    [orgId, campaignId],
  );
}

/** The respondents grouped by every dimension of the campaign, straight from its responses. */
export async function directAtoms(orgId: string, campaignId: string, dimensions: readonly Dimension[]): Promise<Atom[]> {
  const responses = await rawQuery<Pick<RawAnswer, "department_id" | "supervisory_level" | "demographics">>(
    `select department_id, supervisory_level::text as supervisory_level, demographics from assessment_responses where org_id = $1 and campaign_id = $2`,
    [orgId, campaignId],
  );
  const atoms = new Map<string, Atom>();
  for (const r of responses) {
    const attrs = Object.fromEntries(dimensions.map((d) => [d, valueOf(d, r)]));
    const key = JSON.stringify(dimensions.map((d) => attrs[d]));
    atoms.set(key, { attrs, n: (atoms.get(key)?.n ?? 0) + 1 });
  }
  return [...atoms.values()];
}

/** Cell key (as the results service names cells) → item → tally, for one cut, the total included. */
export function directTallies(raw: readonly RawAnswer[], cut: Cut): Map<string, Map<string, DirectTally>> {
  const out = new Map<string, Map<string, DirectTally>>();
  for (const a of raw) {
    for (const key of new Set([cellKey(cut, cut.map((d) => valueOf(d, a))), cellKey([], [])])) {
      const byItem = out.get(key) ?? new Map<string, DirectTally>();
      out.set(key, byItem);
      const t = byItem.get(a.item_id) ?? { counts: [0, 0, 0, 0, 0], na: 0 };
      byItem.set(a.item_id, t);
      if (a.value === null) t.na += 1;
      else t.counts[a.value - 1]! += 1;
    }
  }
  return out;
}

/** Every row the rollups of a campaign should hold, as "cut / cell values / item" → [c1..c5, na],
 * where the cell values are joined by "|" in the cut's order ("" for the total). */
export function expectedRollupRows(raw: readonly RawAnswer[], cuts: readonly Cut[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const cut of cuts) {
    for (const a of raw) {
      const key = `${cutKey(cut)} / ${cut.map((d) => valueOf(d, a)).join("|")} / ${a.item_id}`;
      const row = out.get(key) ?? [0, 0, 0, 0, 0, 0];
      out.set(key, row);
      row[a.value === null ? 5 : a.value - 1]! += 1;
    }
  }
  return out;
}

/** What the rollups of a campaign hold, in the shape of expectedRollupRows. */
export async function storedRollupRows(orgId: string, campaignId: string): Promise<Map<string, number[]>> {
  const rows = await rawQuery<{ cut_key: string; cell_key: string; item_id: string; c1: number; c2: number; c3: number; c4: number; c5: number; na: number }>(
    `select cut_key, cell_key, item_id, c1, c2, c3, c4, c5, na from assessment_result_tallies where org_id = $1 and campaign_id = $2`,
    [orgId, campaignId],
  );
  return new Map(rows.map((r) => [`${r.cut_key} / ${r.cell_key} / ${r.item_id}`, [r.c1, r.c2, r.c3, r.c4, r.c5, r.na].map(Number)]));
}

export const sortedEntries = <V>(m: Map<string, V>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
