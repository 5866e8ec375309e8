// The stored counts behind a closed campaign's results (docs/decisions/012-assessment-rollups.md).
// A closed campaign takes no more responses, so what the results service needs of it — the
// respondents grouped by their attributes (to decide suppression) and the answers counted per cell
// of every cut and item — is computed once, in the database, and read by key afterwards. The
// counts are unsuppressed; suppression stays decided when they are read, in results.server.ts.
//
// They are written when a campaign is closed (in the closing transaction) and, because a campaign
// also closes by its closing day passing, on the first read of a closed campaign that has none.
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Transaction } from "#db/client.server";
import { assessmentCampaigns, assessmentResultRollups, departments } from "#db/schema";
import { NO_DEPARTMENT, NOT_STATED, PREFER_NOT_TO_SAY } from "./assessments.schema";
import { decideItemSuppression, itemShown } from "./item-suppression";
import { cutKey, decideSuppression, resultCuts, type Atom, type Cut, type Dimension } from "./suppression";

type CampaignRow = typeof assessmentCampaigns.$inferSelect;
type RollupSubject = Pick<CampaignRow, "orgId" | "id" | "kind" | "demographicCategories" | "anonymityThreshold">;

/** The dimensions of an organizational campaign, as the results service cuts it. */
export function campaignDimensions(row: Pick<CampaignRow, "demographicCategories">): Dimension[] {
  return ["department", "level", ...row.demographicCategories.map((c) => `demographic:${c}` as const)];
}

/** How a cell of a cut is stored: its values in the cut's order, joined by "|" ("" for the total).
 * Unambiguous: a cell with two values always starts with the department (a uuid or "none"). */
export function storedCellKey(values: readonly string[]): string {
  return values.join("|");
}

// Category names come from the roster's field names and are written into the SQL as literals (the
// same expression must appear once in the grouping sets and once in the select list).
function categoryLiteral(category: string): string {
  if (!/^[A-Za-z]+$/.test(category)) throw new Error(`Unexpected demographic category: ${category}`);
  return `'${category}'`;
}

const literal = (s: string) => sql.raw(`'${s.replace(/'/g, "''")}'`);

/** The value of each dimension of a response, exactly as the results service groups them: no
 * department is "none", no answer and "prefer not to say" are both "not stated". */
function dimensionColumns(categories: readonly string[], areas: Record<string, string>): { dimension: Dimension; expr: SQL }[] {
  return [
    { dimension: "department", expr: sql`coalesce(r.department_id::text, ${literal(NO_DEPARTMENT)})` },
    { dimension: "area", expr: sql`coalesce(${JSON.stringify(areas)}::jsonb ->> r.department_id::text, ${literal(NO_DEPARTMENT)})` },
    { dimension: "level", expr: sql`r.supervisory_level::text` },
    ...categories.map((c) => ({
      dimension: `demographic:${c}` as const,
      expr: sql`coalesce(nullif(nullif(r.demographics ->> ${sql.raw(categoryLiteral(c))}, ''), ${literal(PREFER_NOT_TO_SAY)}), ${literal(NOT_STATED)})`,
    })),
  ];
}

/** Each department's area: its top-level ancestor (itself when it has no parent), as the tree
 * stands now — the rollups keep it, so a department moved later does not change a closed
 * campaign's numbers. */
export async function areasOf(tx: Transaction, orgId: string): Promise<Record<string, string>> {
  const rows = await tx.select({ id: departments.id, parentId: departments.parentId }).from(departments).where(eq(departments.orgId, orgId));
  const parent = new Map(rows.map((r) => [r.id, r.parentId]));
  const out: Record<string, string> = {};
  for (const r of rows) {
    let at = r.id;
    for (let guard = 0; guard < 100 && parent.get(at); guard++) at = parent.get(at)!;
    out[r.id] = at;
  }
  return out;
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Writes the rollups of a campaign unless they exist; returns whether it wrote them. Concurrent
 * readers are safe: the second one waits on the first one's marker row, then finds it. */
async function fill(tx: Transaction, row: RollupSubject): Promise<boolean> {
  // Submissions take turns on the campaign's row (respond.server.ts): waiting for it here lets one
  // that checked the closing day just before it passed commit first, so the counts include it.
  await tx.execute(sql`select 1 from assessment_campaigns where org_id = ${row.orgId} and id = ${row.id} for share`);
  const columns = dimensionColumns(row.demographicCategories, await areasOf(tx, row.orgId));
  const n = columns.length;
  // The respondents grouped by every dimension (the suppression's atoms), and the marker that
  // says this campaign's tallies are complete: inserted first, so a concurrent reader waits.
  const atomAttrs = sql.join(
    columns.map((c) => sql`${literal(c.dimension)}, ${c.expr}`),
    sql`, `,
  );
  const marked = await tx.execute(sql`
    insert into assessment_result_rollups (org_id, campaign_id, atoms)
    select ${row.orgId}::uuid, ${row.id}::uuid, coalesce(jsonb_agg(jsonb_build_object('attrs', g.attrs, 'n', g.n)), '[]'::jsonb)
    from (
      select jsonb_build_object(${atomAttrs}) as attrs, count(*)::int as n
      from assessment_responses r
      where r.org_id = ${row.orgId} and r.campaign_id = ${row.id}
      group by 1
    ) g
    on conflict do nothing
    returning campaign_id`);
  if (rowsOf(marked).length === 0) return false;

  // Every cut's cells from one scan of the campaign's answers: one grouping set per cut, each
  // with the item. grouping() tells the cut of a row (a bit per dimension, 1 where rolled up), and
  // the dimensions rolled up are null, so concat_ws joins exactly the cut's values in its order
  // (the department first, as cutsFor orders them).
  const cuts = resultCuts(campaignDimensions(row));
  const names = columns.map((_, i) => `v${i}`);
  const maskOf = (cut: Cut) => columns.reduce((mask, c, i) => (cut.includes(c.dimension) ? mask : mask | (1 << (n - 1 - i))), 0);
  const cutCase = sql.join(
    cuts.map((cut) => sql`when ${sql.raw(String(maskOf(cut)))} then ${literal(cutKey(cut))}`),
    sql` `,
  );
  const sets = sql.raw(
    cuts
      .map((cut) => `(${[...columns.flatMap((c, i) => (cut.includes(c.dimension) ? [names[i]] : [])), "item_id"].join(", ")})`)
      .join(", "),
  );
  const count = (v: number) => sql.raw(`(count(*) filter (where value = ${v}))::int`);
  await tx.execute(sql`
    insert into assessment_result_tallies (org_id, campaign_id, cut_key, cell_key, item_id, c1, c2, c3, c4, c5, na)
    select ${row.orgId}::uuid, ${row.id}::uuid,
      case grouping(${sql.raw(names.join(", "))}) ${cutCase} end,
      concat_ws('|', ${sql.raw(names.join(", "))}),
      item_id, ${count(1)}, ${count(2)}, ${count(3)}, ${count(4)}, ${count(5)},
      (count(*) filter (where value is null))::int
    from (
      select a.item_id, a.value, ${sql.join(
        columns.map((c, i) => sql`${c.expr} as ${sql.raw(names[i]!)}`),
        sql`, `,
      )}
      from assessment_answers a
      join assessment_responses r on r.org_id = a.org_id and r.id = a.response_id
      where r.org_id = ${row.orgId} and r.campaign_id = ${row.id}
    ) x
    group by grouping sets (${sets})`);

  // Each item someone answered "not applicable" is suppressed over the people who answered it
  // (item-suppression.ts): decided here, once, from the campaign's own decisions.
  const [stored] = await tx
    .select({ atoms: assessmentResultRollups.atoms })
    .from(assessmentResultRollups)
    .where(and(eq(assessmentResultRollups.orgId, row.orgId), eq(assessmentResultRollups.campaignId, row.id)));
  const campaign = decideSuppression({ atoms: stored?.atoms ?? [], k: row.anonymityThreshold, cuts });
  const itemAtoms = await answerersByItem(tx, row, atomAttrs);
  const itemHidden: Record<string, string[]> = {};
  for (const [itemId, decisions] of decideItemSuppression({ campaign, itemAtoms, k: row.anonymityThreshold, cuts })) {
    itemHidden[itemId] = [...campaign.values()].filter((d) => d.shown && !itemShown(new Map([[itemId, decisions]]), itemId, d.key)).map((d) => d.key);
  }
  await tx
    .update(assessmentResultRollups)
    .set({ itemHidden })
    .where(and(eq(assessmentResultRollups.orgId, row.orgId), eq(assessmentResultRollups.campaignId, row.id)));
  return true;
}

/** The people who answered each item that someone answered "not applicable", grouped by every
 * dimension like the campaign's atoms ([] when nobody answered it). */
async function answerersByItem(tx: Transaction, row: RollupSubject, atomAttrs: SQL): Promise<Record<string, Atom[]>> {
  const rows = rowsOf<{ item_id: string; attrs: Record<string, string> | null; n: number | null }>(
    await tx.execute(sql`
      with x as (
        select a.item_id, a.value, jsonb_build_object(${atomAttrs}) as attrs
        from assessment_answers a
        join assessment_responses r on r.org_id = a.org_id and r.id = a.response_id
        where r.org_id = ${row.orgId} and r.campaign_id = ${row.id}
      ),
      na_items as (select distinct item_id from x where value is null)
      select i.item_id, g.attrs, g.n from na_items i
      left join (
        select item_id, attrs, count(*)::int as n from x where value is not null group by 1, 2
      ) g on g.item_id = i.item_id`),
  );
  const out: Record<string, Atom[]> = {};
  for (const r of rows) {
    const atoms = (out[r.item_id] ??= []);
    if (r.attrs && r.n) atoms.push({ attrs: r.attrs, n: Number(r.n) });
  }
  return out;
}

/**
 * Computes the rollups of an organizational campaign again from its answers (replacing any), in
 * the caller's transaction: closing a campaign calls it, and so does the large-tenant seed.
 * Self-assessments have none (their results are each person's own). Returns the tally rows written.
 */
export async function refreshAssessmentRollups(tx: Transaction, orgId: string, campaignId: string): Promise<{ tallies: number }> {
  const [row] = await tx
    .select({
      orgId: assessmentCampaigns.orgId,
      id: assessmentCampaigns.id,
      kind: assessmentCampaigns.kind,
      demographicCategories: assessmentCampaigns.demographicCategories,
      anonymityThreshold: assessmentCampaigns.anonymityThreshold,
    })
    .from(assessmentCampaigns)
    .where(and(eq(assessmentCampaigns.orgId, orgId), eq(assessmentCampaigns.id, campaignId)));
  if (!row) throw new Error(`No campaign ${campaignId} in this organization.`);
  if (row.kind !== "organizational") return { tallies: 0 };
  // The tallies go with their marker (on delete cascade).
  await tx.delete(assessmentResultRollups).where(and(eq(assessmentResultRollups.orgId, orgId), eq(assessmentResultRollups.campaignId, campaignId)));
  await fill(tx, row);
  const [counted] = rowsOf<{ n: number }>(
    await tx.execute(sql`select count(*)::int as n from assessment_result_tallies where org_id = ${orgId} and campaign_id = ${campaignId}`),
  );
  return { tallies: Number(counted?.n ?? 0) };
}

/** The respondents of a closed organizational campaign grouped by attribute, from its rollups,
 * writing them first when this is the first read since the campaign closed by its date. */
export async function rolledUpAtoms(tx: Transaction, row: RollupSubject): Promise<Atom[]> {
  const read = () =>
    tx
      .select({ atoms: assessmentResultRollups.atoms })
      .from(assessmentResultRollups)
      .where(and(eq(assessmentResultRollups.orgId, row.orgId), eq(assessmentResultRollups.campaignId, row.id)));
  let [found] = await read();
  if (!found) {
    await fill(tx, row);
    [found] = await read();
  }
  return found?.atoms ?? [];
}

/** For each item with "not applicable" answers of a closed organizational campaign, the shown
 * cells where its numbers are hidden (item-suppression.ts), from its rollups, written first if
 * needed. */
export async function rolledUpItemHidden(tx: Transaction, row: RollupSubject): Promise<Record<string, string[]>> {
  const read = () =>
    tx
      .select({ itemHidden: assessmentResultRollups.itemHidden })
      .from(assessmentResultRollups)
      .where(and(eq(assessmentResultRollups.orgId, row.orgId), eq(assessmentResultRollups.campaignId, row.id)));
  let [found] = await read();
  if (!found) {
    await fill(tx, row);
    [found] = await read();
  }
  return found?.itemHidden ?? {};
}

/** Makes sure a closed organizational campaign has its rollups (the lazy path), cheaply when it does. */
export async function ensureAssessmentRollups(tx: Transaction, row: RollupSubject): Promise<void> {
  const [found] = await tx
    .select({ one: sql<number>`1` })
    .from(assessmentResultRollups)
    .where(and(eq(assessmentResultRollups.orgId, row.orgId), eq(assessmentResultRollups.campaignId, row.id)));
  if (!found) await fill(tx, row);
}
