// The rollups of a closed campaign hold exactly what a direct count of its raw answers gives, for
// every cut, whether written by closing the campaign or on the first read after its closing day
// passed; and the results service's output from them (suppression included) is what a direct
// computation from the raw rows gives.
import { describe, expect, it } from "vitest";
import { observeQueries, rawQuery } from "#db/client.server";
import { withTenant } from "#db/tenant.server";
import { createTestOrg, type TestOrg } from "#db/test/factories";
import type { SupervisoryLevel } from "~/modules/workforce/workforce.schema";
import { PREFER_NOT_TO_SAY, type DemographicField } from "./assessments.schema";
import { addRoster, closeNow, dayOffset, openWithInvitations } from "./assessments.test-helpers";
import { openSurvey, submitSurvey } from "./respond.server";
import { getParticipation, getParticipationTotals, getResults, getResultTotals, type ResultCell } from "./results.server";
import { refreshAssessmentRollups } from "./rollups.server";
import { directAreas, directAtoms, directTallies, expectedRollupRows, rawAnswers, sortedEntries, storedRollupRows, useAreas, type DirectTally } from "./rollups.testkit";
import { cutKey, decideSuppression, resultCuts, type Atom, type Cut, type Decisions, type Dimension } from "./suppression";
import { prng } from "./suppression.testkit";

const K = 3;
const CATEGORIES: DemographicField[] = ["gender", "ageBand"];
const DIMENSIONS: Dimension[] = ["department", "level", "demographic:gender", "demographic:ageBand"];
const CUTS = resultCuts(DIMENSIONS);
const LEVELS: SupervisoryLevel[] = ["staff", "staff", "supervisor", "manager", "executive"];
// A value with the separator of stored cells and one beyond ASCII, to show neither confuses a key.
const GENDERS = ["Female", "Male", "Two | more", null];
const AGES = ["Under 30", "30–49", "50+", null];

async function setUp(label: string) {
  const org = await createTestOrg(label);
  const rand = prng(4242);
  const people = Array.from({ length: 44 }, (_, i) => ({
    department: ["A", "A", "B", "B", "C", "D"][i % 6]!,
    level: LEVELS[Math.floor(rand() * LEVELS.length)]!,
    gender: GENDERS[Math.floor(rand() * GENDERS.length)]!,
    ageBand: AGES[Math.floor(rand() * AGES.length)]!,
  }));
  const ids = await addRoster(org, people);
  // D is a division of C: C's area is both.
  await rawQuery(`update departments set parent_id = $1 where org_id = $2 and id = $3`, [ids.get("C"), org.orgId, ids.get("D")]);
  useAreas(await directAreas(org.orgId));
  return { org, people, rand };
}

/** Opens a campaign, and has the people at the given roster positions answer it (some "not
 * applicable", some demographic answers withheld or "prefer not to say"). */
async function answeredCampaign(org: TestOrg, people: { gender: string | null; ageBand: string | null }[], rand: () => number, responders: number[]) {
  const { campaign, tokens } = await openWithInvitations(org, { anonymityThreshold: K, demographicCategories: CATEGORIES, practiceNumbers: [3, 4, 13], commentsEnabled: false });
  const tokenOf = new Map(tokens.map((t) => [Number(t.name.slice("Person ".length)), t.token]));
  for (const i of responders) {
    const token = tokenOf.get(i)!;
    const lookup = await openSurvey({ token });
    if (lookup.status !== "ready") throw new Error(lookup.reason);
    const answers = Object.fromEntries(lookup.survey.steps.flatMap((st) => st.items.map((it) => [it.id, rand() < 0.1 ? null : 1 + Math.floor(rand() * 5)])));
    const demographics: Record<string, string> = {};
    const own = { gender: people[i]!.gender, ageBand: people[i]!.ageBand };
    for (const c of CATEGORIES) {
      const v = own[c as keyof typeof own];
      const draw = rand();
      if (v && draw < 0.8) demographics[c] = v;
      else if (draw < 0.9) demographics[c] = PREFER_NOT_TO_SAY;
    }
    expect((await submitSurvey({ token }, { answers, demographics })).status).toBe("submitted");
  }
  return campaign.id;
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** Moves a campaign's closing day into the past, as time passing would (no explicit close). */
async function closingDayPasses(org: TestOrg, campaignId: string, daysAgo: number) {
  await rawQuery(`update assessment_campaigns set opens_on = $1, closes_on = $2 where org_id = $3 and id = $4`, [dayOffset(-daysAgo - 20), dayOffset(-daysAgo), org.orgId, campaignId]);
}

const hasRollups = async (org: TestOrg, campaignId: string) =>
  (await rawQuery<{ n: number }>(`select count(*)::int as n from assessment_result_rollups where org_id = $1 and campaign_id = $2`, [org.orgId, campaignId]))[0]!.n > 0;

async function expectRollupsEqualDirectCount(org: TestOrg, campaignId: string) {
  const raw = await rawAnswers(org.orgId, campaignId);
  expect(raw.length).toBeGreaterThan(50);
  const expected = expectedRollupRows(raw, CUTS);
  expect(sortedEntries(await storedRollupRows(org.orgId, campaignId))).toEqual(sortedEntries(expected));
  // Every cut is there, with more than one cell where the data has more than one value.
  const cells = new Set([...expected.keys()].map((k) => k.split(" / ").slice(0, 2).join(" / ")));
  for (const cut of CUTS) expect([...cells].filter((c) => c.startsWith(`${cutKey(cut)} / `)).length, cutKey(cut)).toBeGreaterThan(cut.length ? 1 : 0);
  // The stored atoms are the respondents grouped directly from the responses.
  const [stored] = await rawQuery<{ atoms: Atom[] }>(`select atoms from assessment_result_rollups where org_id = $1 and campaign_id = $2`, [org.orgId, campaignId]);
  const canon = (atoms: Atom[]) => atoms.map((a) => JSON.stringify([DIMENSIONS.map((d) => a.attrs[d]), a.n])).sort();
  expect(canon(stored!.atoms)).toEqual(canon(await directAtoms(org.orgId, campaignId, [...DIMENSIONS, "area"])));
}

const byAttrs = (atoms: Atom[]) => {
  const key = (a: Atom) => JSON.stringify(Object.entries(a.attrs).sort(([x], [y]) => (x < y ? -1 : 1)));
  return [...atoms].sort((a, b) => (key(a) < key(b) ? -1 : 1));
};

/** Suppression decided directly from the raw responses, as the results service decides it. */
async function directDecisions(org: TestOrg, campaignId: string): Promise<Decisions> {
  return decideSuppression({ atoms: byAttrs(await directAtoms(org.orgId, campaignId, [...DIMENSIONS, "area"])), k: K, cuts: CUTS });
}

/** Every cell the service returns is the direct computation's: shown or hidden alike, the same
 * number of respondents, and item by item the same distribution and "not applicable" count. */
function expectCellsMatch(cut: Cut, total: ResultCell, cells: ResultCell[], decisions: Decisions, direct: Map<string, Map<string, DirectTally>>) {
  let shown = 0;
  for (const cell of [total, ...cells]) {
    const d = decisions.get(cell.key);
    if (!d) {
      expect(cell).toMatchObject({ shown: false, reason: "no_responses" });
      continue;
    }
    expect({ key: cell.key, shown: cell.shown }).toEqual({ key: d.key, shown: d.shown });
    if (!cell.shown) continue;
    shown += 1;
    expect(cell.n).toBe(d.n);
    for (const item of cell.items) {
      // Items answered by fewer than k (item-suppression.ts) have their own test.
      if (!item.shown) continue;
      const t = direct.get(cell.key)?.get(item.itemId) ?? { counts: [0, 0, 0, 0, 0], na: 0 };
      expect({ key: cell.key, item: item.itemId, distribution: item.distribution, na: item.notApplicable }).toEqual({ key: cell.key, item: item.itemId, distribution: t.counts, na: t.na });
    }
  }
  // Every cell of the cut the suppression knows is in the result.
  const keys = new Set(cells.map((c) => c.key));
  if (cut.length) for (const d of decisions.values()) if (cutKey(d.cut) === cutKey(cut)) expect(keys.has(d.key), d.key).toBe(true);
  return shown;
}

describe("assessment result rollups", () => {
  it("are written when a campaign closes, in its transaction, and equal a direct count of the raw answers for every cut", { timeout: 120_000 }, async () => {
    const { org, people, rand } = await setUp("rollups-close");
    const campaignId = await answeredCampaign(org, people, rand, range(0, 40));
    expect(await hasRollups(org, campaignId)).toBe(false);
    await closeNow(org, campaignId);
    expect(await hasRollups(org, campaignId)).toBe(true);
    await expectRollupsEqualDirectCount(org, campaignId);
    // Refreshing again replaces them with the same rows.
    const before = sortedEntries(await storedRollupRows(org.orgId, campaignId));
    const { tallies } = await withTenant(org.ctx.admin, (tx) => refreshAssessmentRollups(tx, org.orgId, campaignId));
    expect(tallies).toBe(before.length);
    expect(sortedEntries(await storedRollupRows(org.orgId, campaignId))).toEqual(before);
  });

  it("are written on the first read after the closing day passed (readers at once), and the results of every cut, beside the previous campaign too, equal a direct computation with the same suppression", { timeout: 240_000 }, async () => {
    const { org, people, rand } = await setUp("rollups-lazy");
    // The earlier campaign closes by its date; the later one is closed by the administrator.
    const earlierId = await answeredCampaign(org, people, rand, range(0, 44).filter((i) => i % 7 !== 3));
    await closingDayPasses(org, earlierId, 30);
    const laterId = await answeredCampaign(org, people, rand, range(0, 44).filter((i) => i % 5 !== 1));
    await closeNow(org, laterId);
    expect(await hasRollups(org, earlierId)).toBe(false);

    // Several first readers of the earlier campaign at once (concurrent on PostgreSQL).
    const ctx = org.ctx.admin;
    const [firstRead, , participation] = await Promise.all([
      getResults(ctx, earlierId, { cut: ["department"] }),
      getResults(ctx, earlierId, { cut: ["department", "demographic:gender"] }),
      getParticipation(ctx, earlierId),
    ]);
    expect(firstRead.campaign.status).toBe("closed");
    expect(participation.live).toBe(false);
    expect(await hasRollups(org, earlierId)).toBe(true);
    await expectRollupsEqualDirectCount(org, earlierId);
    await expectRollupsEqualDirectCount(org, laterId);

    const earlierDecisions = await directDecisions(org, earlierId);
    const laterDecisions = await directDecisions(org, laterId);
    const earlierRaw = await rawAnswers(org.orgId, earlierId);
    const laterRaw = await rawAnswers(org.orgId, laterId);
    let shown = 0;
    let hidden = 0;
    // Every cut a reader can ask for (the areas are counted and decided, and read as a head's own group).
    for (const cut of CUTS.filter((c) => c[0] !== "area")) {
      const earlier = await getResults(ctx, earlierId, { cut: [...cut] });
      shown += expectCellsMatch(cut, earlier.total, earlier.cells, earlierDecisions, directTallies(earlierRaw, cut));
      const later = await getResults(ctx, laterId, { cut: [...cut], compare: true });
      shown += expectCellsMatch(cut, later.total, later.cells, laterDecisions, directTallies(laterRaw, cut));
      expect(later.previous?.campaign.id).toBe(earlierId);
      expectCellsMatch(cut, later.previous!.total, later.previous!.cells, earlierDecisions, directTallies(earlierRaw, cut));
      hidden += [...earlier.cells, ...later.cells].filter((c) => !c.shown).length;
      // What dashboards read: practices summed in the database, the same numbers as pooled from
      // the items, the same cells shown and hidden, and no item detail.
      const summed = await getResults(ctx, laterId, { cut: [...cut], compare: true, detail: "practices" });
      const practicesOf = (cells: ResultCell[]) => cells.map((c) => (c.shown ? { key: c.key, n: c.n, practices: c.practices } : { key: c.key, reason: c.reason }));
      expect(practicesOf([summed.total, ...summed.cells])).toEqual(practicesOf([later.total, ...later.cells]));
      expect(practicesOf([summed.previous!.total, ...summed.previous!.cells])).toEqual(practicesOf([later.previous!.total, ...later.previous!.cells]));
      expect([summed.total, ...summed.cells].flatMap((c) => (c.shown ? c.items : []))).toEqual([]);
    }
    // Not vacuous: cells of every kind were compared, some of them hidden by the suppression.
    expect(shown).toBeGreaterThan(CUTS.length * 2 + 10);
    expect(hidden).toBeGreaterThan(3);
  });

  it("read together (a trend's totals, the campaign list's participation), give each campaign exactly what getResults and getParticipation give it; a read whose rollups are gone writes them again", { timeout: 240_000 }, async () => {
    const { org, people, rand } = await setUp("rollups-batch");
    const ctx = org.ctx.admin;
    const earlierId = await answeredCampaign(org, people, rand, range(0, 44).filter((i) => i % 4 !== 2));
    await closingDayPasses(org, earlierId, 30);
    const laterId = await answeredCampaign(org, people, rand, range(0, 44).filter((i) => i % 6 !== 5));
    await closeNow(org, laterId);
    const openId = await answeredCampaign(org, people, rand, range(0, 20));
    const { campaign: self } = await openWithInvitations(org, { kind: "self", practiceNumbers: [3] });
    expect(await hasRollups(org, earlierId)).toBe(false);

    // The first read of the campaign that closed by its date is the batched one: it writes its
    // rollups, and reads every campaign's tallies in one statement; a second read keeps them.
    let tallyReads = 0;
    const stop = observeQueries((q) => void (q.includes('from "assessment_result_tallies"') && (tallyReads += 1)));
    let totals: Awaited<ReturnType<typeof getResultTotals>>;
    try {
      totals = await getResultTotals(ctx, [earlierId, laterId]);
      expect(tallyReads).toBe(1);
      expect(await getResultTotals(ctx, [earlierId, laterId])).toEqual(totals);
      expect(tallyReads).toBe(1);
    } finally {
      stop();
    }
    expect(await hasRollups(org, earlierId)).toBe(true);
    const one = async (id: string) => {
      const r = await getResults(ctx, id, { detail: "practices" });
      return { campaign: r.campaign, practices: r.practices, total: r.total };
    };
    const expected = [await one(earlierId), await one(laterId)];
    expect(totals).toEqual(expected);
    expect(expected.every((r) => r.total.shown && r.total.practices.some((p) => (p.answered ?? 0) > 0))).toBe(true);

    // Rollups removed behind the process's kept decisions: the next read of cells not kept yet
    // finds no tallies of the total, writes the rollups again and shows the same numbers (here
    // summed by practice, compared with the same cut read item by item before).
    const byDepartment = await getResults(ctx, laterId, { cut: ["department"], compare: true });
    await rawQuery(`delete from assessment_result_rollups where org_id = $1 and campaign_id in ($2, $3)`, [org.orgId, earlierId, laterId]);
    const summed = await getResults(ctx, laterId, { cut: ["department"], compare: true, detail: "practices" });
    const practicesOf = (cells: ResultCell[]) => cells.map((c) => (c.shown ? { key: c.key, n: c.n, practices: c.practices } : { key: c.key, reason: c.reason }));
    expect(practicesOf([summed.total, ...summed.cells])).toEqual(practicesOf([byDepartment.total, ...byDepartment.cells]));
    expect(practicesOf([summed.previous!.total, ...summed.previous!.cells])).toEqual(practicesOf([byDepartment.previous!.total, ...byDepartment.previous!.cells]));
    expect(summed.cells.filter((c) => c.shown).length).toBeGreaterThan(1);
    expect(await hasRollups(org, laterId)).toBe(true);
    expect(await hasRollups(org, earlierId)).toBe(true);
    // Kept cells are the same numbers as read again.
    expect(await getResultTotals(ctx, [earlierId, laterId])).toEqual(expected);

    // Participation totals: closed, live and self-assessment campaigns, as getParticipation's total.
    const ids = [earlierId, laterId, openId, self.id];
    const participation = await getParticipationTotals(ctx, ids);
    for (const id of ids) expect(participation.get(id)).toEqual((await getParticipation(ctx, id)).total);
    expect(participation.get(openId)?.responded).toBe(20);
    const head = org.ctx.department_head;
    const closedForHead = await getParticipationTotals(head, [earlierId, laterId]);
    for (const id of [earlierId, laterId]) expect(closedForHead.get(id)).toEqual((await getParticipation(head, id)).total);
    await expect(getParticipationTotals(head, [laterId, openId])).rejects.toMatchObject({ status: 403 });

    // Refused as getResults refuses: an open campaign, a self-assessment, another organization's id.
    await expect(getResultTotals(ctx, [laterId, openId])).rejects.toMatchObject({ status: 409 });
    await expect(getResultTotals(ctx, [self.id])).rejects.toMatchObject({ status: 409 });
    await expect(getResultTotals(ctx, [laterId, "00000000-0000-4000-8000-000000000000"])).rejects.toMatchObject({ status: 404 });
  });
});
