// Which statistics of an item (and of a practice) may be shown in a shown cell
// (docs/decisions/018-anonymity-against-insiders.md, "Results"). A cell's respondents are not the
// people behind an item's numbers: those who chose "not applicable" are left out, and colleagues
// who know they chose it could read off the remaining people's answers. So every item is
// suppressed on its own, over the people who answered it: its decisions start from the cells the
// campaign already hides (forced), hide an item's cell answered by 1 to k-1 people, and then apply
// the same secondary rules (parent minus children, overlapping cuts, linear combinations) to the
// item's answer counts. A practice's numbers pool its items' answers: shown only where every item
// of the practice is, so the pooled numbers are a sum of shown ones and tell nothing new.
import { decideSuppression, type Atom, type Cut, type Decisions } from "./suppression";

/** The people who answered each item (not "not applicable"), grouped like the campaign's atoms.
 * Items absent from the map were answered by every respondent: their decisions are the
 * campaign's. */
export type ItemAtoms = Readonly<Record<string, readonly Atom[]>>;

/** Per item with "not applicable" answers, its own decisions; the campaign's cells stay the
 * starting point. Items with the same answerers share one computation. */
export function decideItemSuppression(input: { campaign: Decisions; itemAtoms: ItemAtoms; k: number; cuts: readonly Cut[] }): Map<string, Decisions> {
  const forced = [...input.campaign.values()].filter((d) => d.n > 0 && !d.shown).map((d) => d.key);
  const byAtoms = new Map<string, Decisions>();
  const out = new Map<string, Decisions>();
  for (const [itemId, atoms] of Object.entries(input.itemAtoms)) {
    const key = JSON.stringify(atoms.map((a) => [Object.entries(a.attrs).sort(), a.n]).sort());
    let decisions = byAtoms.get(key);
    if (!decisions) {
      decisions = decideSuppression({ atoms, k: input.k, cuts: input.cuts, forced });
      byAtoms.set(key, decisions);
    }
    out.set(itemId, decisions);
  }
  return out;
}

/** Whether an item's numbers are shown in a cell the campaign shows. No decision for the cell:
 * nobody in it answered the item (its count, zero, is what the cell's "not applicable" says). */
export function itemShown(items: Map<string, Decisions>, itemId: string, cellKey: string): boolean {
  const decisions = items.get(itemId);
  if (!decisions) return true;
  const d = decisions.get(cellKey);
  return !d || d.n === 0 || d.shown;
}

/** itemShown over what the rollups store: per item, the shown cells where it is hidden. */
export function itemShownStored(hidden: ReadonlyMap<string, ReadonlySet<string>>, itemId: string, cellKey: string): boolean {
  return !hidden.get(itemId)?.has(cellKey);
}
