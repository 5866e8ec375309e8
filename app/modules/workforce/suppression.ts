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
