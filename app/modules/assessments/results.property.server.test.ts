// The anonymity property, end to end: random rosters and two campaigns answered through the
// respond service, every cut the results service offers read for both campaigns (and the later
// one beside the earlier), and everything shown checked together by the independent checker.
import { describe, expect, it } from "vitest";
import { createTestOrg } from "#db/test/factories";
import type { SupervisoryLevel } from "~/modules/workforce/workforce.schema";
import { PREFER_NOT_TO_SAY } from "./assessments.schema";
import { addRoster, closeNow, openWithInvitations } from "./assessments.test-helpers";
import { openSurvey, submitSurvey } from "./respond.server";
import { getParticipation, getResults, type CampaignResults } from "./results.server";
import { cutsFor, type Dimension } from "./suppression";
import { checkSafety, generateScenario, prng, trueCells, type Person } from "./suppression.testkit";

const CATEGORY: Record<string, "gender" | "ageBand"> = { "demographic:c0": "gender", "demographic:c1": "ageBand" };

function shownOf(all: CampaignResults[]): Map<string, number> {
  const shown = new Map<string, number>();
  for (const r of all) for (const c of [r.total, ...r.cells]) if (c.shown) shown.set(c.key, c.n);
  return shown;
}

describe("results service: anonymity property over random organizations", () => {
  it("no number shown by any cut, alone or together, of a cell or of an item (\"not applicable\" left out), describes fewer than k people", { timeout: 300_000 }, async () => {
    const rand = prng(777);
    let scenarios = 0;
    let hiddenSeen = 0;
    let shownSeen = 0;
    let itemsHidden = 0;
    for (let attempt = 0; scenarios < 8 && attempt < 200; attempt++) {
      const seed = Math.floor(rand() * 2 ** 31);
      const s = generateScenario(seed);
      if (s.people.length > 60 || s.current.length === 0 || s.previous.length === 0) continue;
      scenarios += 1;
      const org = await createTestOrg(`assess-prop-${scenarios}`);
      const departmentCodes = s.people.map((p) => p.attrs.department!);
      const ids = await addRoster(
        org,
        s.people.map((p) => ({
          department: p.attrs.department!,
          level: p.attrs.level as SupervisoryLevel,
          gender: p.attrs["demographic:c0"] && p.attrs["demographic:c0"] !== "not_stated" ? p.attrs["demographic:c0"] : null,
          ageBand: p.attrs["demographic:c1"] && p.attrs["demographic:c1"] !== "not_stated" ? p.attrs["demographic:c1"] : null,
        })),
      );
      // The people as the database sees them: department ids and roster categories.
      const people: Person[] = s.people.map((p, i) => {
        const attrs: Record<string, string> = { department: ids.get(departmentCodes[i]!)!, level: p.attrs.level! };
        for (const [dim, category] of Object.entries(CATEGORY)) if (p.attrs[dim]) attrs[`demographic:${category}`] = p.attrs[dim]!;
        return { attrs };
      });
      const demographicCategories = Object.entries(CATEGORY).filter(([dim]) => s.dimensions.includes(dim as Dimension)).map(([, c]) => c);
      const dimensions: Dimension[] = ["department", "level", ...demographicCategories.map((c) => `demographic:${c}` as const)];
      const cuts = cutsFor(dimensions);

      // Who answered each item ("not applicable" left out), per campaign.
      const answerersOf = new Map<string, number[]>();
      const runCampaign = async (responders: number[]) => {
        const { campaign, tokens } = await openWithInvitations(org, { anonymityThreshold: s.k, demographicCategories, commentsEnabled: false });
        // Some statements are "not applicable" to many: each item its own rate, from none to most.
        const naRate = new Map<string, number>();
        const tokenOf = new Map(tokens.map((t) => [Number(t.name.slice("Person ".length)), t.token]));
        for (const i of responders) {
          const token = tokenOf.get(i)!;
          const lookup = await openSurvey({ token });
          if (lookup.status !== "ready") throw new Error(lookup.reason);
          const answers: Record<string, number | null> = {};
          lookup.survey.steps.forEach((st, stepIndex) =>
            st.items.forEach((it) => {
              if (!naRate.has(it.id)) naRate.set(it.id, stepIndex === 0 ? 0 : rand() * 0.7);
              const na = rand() < naRate.get(it.id)!;
              answers[it.id] = na ? null : 1 + Math.floor(rand() * 5);
              if (!na) answerersOf.set(it.id, [...(answerersOf.get(it.id) ?? []), i]);
            }),
          );
          const demographics: Record<string, string> = {};
          for (const c of demographicCategories) {
            const v = people[i]!.attrs[`demographic:${c}`];
            if (v && v !== "not_stated") demographics[c] = v;
            else if (rand() < 0.5) demographics[c] = PREFER_NOT_TO_SAY;
          }
          const r = await submitSurvey({ token }, { answers, demographics });
          expect(r.status).toBe("submitted");
        }
        await closeNow(org, campaign.id);
        return campaign.id;
      };
      const firstId = await runCampaign(s.previous);
      const secondId = await runCampaign(s.current);

      const read = async (id: string, compare: boolean) => Promise.all(cuts.map((cut) => getResults(org.ctx.admin, id, { cut: [...cut], compare })));
      const first = await read(firstId, false);
      const second = await read(secondId, true);
      // Beside the previous campaign, the earlier one's cells are exactly its own results.
      for (const r of second) {
        expect(r.previous?.campaign.id).toBe(firstId);
        const own = first.find((f) => f.cut.join() === r.cut.join())!;
        expect(r.previous!.cells.map((c) => [c.key, c.shown])).toEqual(own.cells.map((c) => [c.key, c.shown]));
      }
      const firstCells = trueCells(people, s.previous, cuts);
      const secondCells = trueCells(people, s.current, cuts);
      const firstShown = shownOf(first);
      const secondShown = shownOf(second);
      const problems: string[] = [
        ...checkSafety({ k: s.k, peopleCount: people.length, cells: firstCells, shown: firstShown }),
        ...checkSafety({ k: s.k, peopleCount: people.length, cells: secondCells, shown: secondShown }),
      ];
      // Item by item: the numbers shown describe the item's answerers, checked like the cells.
      for (const [campaignCells, all] of [
        [firstCells, first],
        [secondCells, second],
      ] as const) {
        const itemIds = [...new Set(all.flatMap((r) => [r.total, ...r.cells].flatMap((c) => (c.shown ? c.items.map((it) => it.itemId) : []))))];
        for (const itemId of itemIds) {
          const who = answerersOf.get(itemId) ?? [];
          const cells = trueCells(people, who, cuts);
          const shown = new Map<string, number>();
          for (const r of all) {
            for (const c of [r.total, ...r.cells]) {
              if (!c.shown || !campaignCells.has(c.key)) continue;
              const stat = c.items.find((it) => it.itemId === itemId)!;
              if (stat.shown) {
                expect(stat.answered).toBe(cells.get(c.key)?.members.length ?? 0);
                if (stat.answered > 0) shown.set(c.key, stat.answered);
              } else itemsHidden += 1;
            }
          }
          problems.push(...checkSafety({ k: s.k, peopleCount: people.length, cells, shown }).map((p) => `item ${itemId}: ${p}`));
        }
      }
      expect({ seed, problems }).toEqual({ seed, problems: [] });
      // Participation never shows a responded count the department results hide.
      const participation = await getParticipation(org.ctx.admin, secondId);
      for (const row of participation.departments) {
        const key = `department=${row.departmentId}`;
        if (row.responded !== null && row.responded > 0) expect(secondShown.get(key)).toBe(row.responded);
      }
      hiddenSeen += [...secondCells.keys()].filter((key) => !secondShown.has(key)).length;
      shownSeen += secondShown.size;
    }
    expect(scenarios).toBe(8);
    expect(hiddenSeen).toBeGreaterThan(20);
    expect(shownSeen).toBeGreaterThan(20);
    // "Not applicable" answers hid items inside shown cells, or the item check proved nothing.
    expect(itemsHidden).toBeGreaterThan(10);
  });
});
