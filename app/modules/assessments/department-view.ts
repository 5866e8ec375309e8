// What a department head may read of a closed campaign (issue 14, attack 5; docs/decisions/018):
// figures of their own group only — their department's area (the department with its divisions,
// when they head a top-level department) or their department — and of "everyone else" (the
// campaign's respondents outside that group), never the organization's total or an
// organization-wide cut. In a campaign limited to one department the total *is* that department,
// so "everyone else" is shown only when it meets the threshold on its own and still does after
// taking out any one other area: it never stands for a single department. Its numbers are the
// total's minus the own group's, so they show nothing an administrator cannot already work out;
// each item of it is shown only when it is shown in both and answered by at least k people.
import { cellKey, TOTAL_KEY, type Cut, type Decisions } from "./suppression";

export type OwnGroup = { key: string; cut: Cut; value: string };

/** The head's own group: their area when they head a top-level department (the area cell exists
 * under their department's id), else their department. */
export function ownGroupOf(decisions: Decisions, departmentId: string): OwnGroup {
  const area = cellKey(["area"], [departmentId]);
  const department = decisions.get(cellKey(["department"], [departmentId]));
  // An area whose respondents are all in the department itself is the department (and named so).
  if (decisions.has(area) && decisions.get(area)!.n !== (department?.n ?? 0)) return { key: area, cut: ["area"], value: departmentId };
  return { key: cellKey(["department"], [departmentId]), cut: ["department"], value: departmentId };
}

/** The departments whose cells a head reads: those of their area when their group is an area. */
export function ownDepartments(atoms: readonly { attrs: Readonly<Record<string, string>> }[], group: OwnGroup): Set<string> {
  if (group.cut[0] !== "area") return new Set([group.value]);
  return new Set(atoms.filter((a) => a.attrs.area === group.value).map((a) => a.attrs.department!));
}

/** How many respond "everyone else", and whether it may be shown. */
export function othersDecision(
  decisions: Decisions,
  atoms: readonly { attrs: Readonly<Record<string, string>> }[],
  group: OwnGroup,
  k: number,
): { n: number; shown: boolean } {
  const total = decisions.get(TOTAL_KEY);
  const own = decisions.get(group.key);
  const ownN = own?.n ?? 0;
  const n = (total?.n ?? 0) - ownN;
  if (!total?.shown || n < k) return { n, shown: false };
  // The own group may have nobody (0 is no secret); otherwise it must be shown itself.
  if (ownN > 0 && !own!.shown) return { n, shown: false };
  // The largest single other part: another area, or the rest of the area the head's department
  // is a division of.
  const headArea = group.cut[0] === "area" ? group.value : atoms.find((a) => a.attrs.department === group.value)?.attrs.area;
  let largest = 0;
  for (const d of decisions.values()) {
    if (d.cut.length !== 1 || d.cut[0] !== "area") continue;
    if (group.cut[0] === "area" && d.values[0] === group.value) continue;
    largest = Math.max(largest, d.values[0] === headArea ? d.n - ownN : d.n);
  }
  return { n, shown: n - largest >= k };
}
