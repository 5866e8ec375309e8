// Suppression holds on every dashboard: random small organizations answer two campaigns through
// the respond service, then every dashboard service that shows survey numbers is read (overview:
// heatmap, participation and change; equity: by group and by department; staff effectiveness:
// trend, heatmap and participation; the practice page's trend; each department page's scores),
// for the latest campaign and with the earlier one chosen in the address. Everything they show is
// gathered per campaign and handed to the assessments issue's independent checker
// (suppression.testkit), which works out what an onlooker could derive from each campaign's.
import { describe, expect, it } from "vitest";
import { createTestOrg } from "#db/test/factories";
import type { SupervisoryLevel } from "~/modules/workforce/workforce.schema";
import { PREFER_NOT_TO_SAY } from "~/modules/assessments/assessments.schema";
import { addRoster, closeNow, openWithInvitations } from "~/modules/assessments/assessments.test-helpers";
import { openSurvey, submitSurvey } from "~/modules/assessments/respond.server";
import { cutsFor, type Dimension } from "~/modules/assessments/suppression";
import { checkSafety, generateScenario, prng, trueCells, type Person, type TrueCell } from "~/modules/assessments/suppression.testkit";
import type { AssessmentPanels, ScoreRow } from "./assessments.server";
import { getDepartmentScores, getPracticeScores } from "./assessments.server";
import { getEquityDashboard, getStaffEffectiveness } from "./focus.server";
import { getOrganizationOverview } from "./overview.server";

const CATEGORY: Record<string, "gender" | "ageBand"> = { "demographic:c0": "gender", "demographic:c1": "ageBand" };
const PRACTICES = [3, 4];

/** What the dashboards showed of one campaign: cell key → respondents, and any contradiction. */
class Shown {
  readonly cells = new Map<string, number>();
  readonly problems: string[] = [];
  constructor(private readonly truth: Map<string, TrueCell>) {}
  /** A cell shown with its number of respondents (null: the page shows a number but no count; the
   * checker then compares against the true count, so a shown total still has to be ≥ k). */
  add(where: string, key: string, n: number | null) {
    const count = n ?? this.truth.get(key)?.members.length ?? 0;
    const before = this.cells.get(key);
    if (before !== undefined && before !== count) this.problems.push(`${where}: ${key} shown as ${count}, elsewhere as ${before}`);
    this.cells.set(key, count);
  }
  /** A score row: hidden rows carry no number at all. */
  row(where: string, r: ScoreRow) {
    if (r.n === null) {
      if (r.favorable.some((v) => v !== null)) this.problems.push(`${where}: ${r.key} hidden but shows a score`);
      if (!r.note) this.problems.push(`${where}: ${r.key} hidden without a note`);
      return;
    }
    this.add(where, r.key, r.n);
  }
  panels(where: string, p: AssessmentPanels, previous: Shown | null) {
    if (p.state !== "ready") {
      this.problems.push(`${where}: no panels (${p.message})`);
      return;
    }
    if (p.heatmap) {
      // The total row is on every dashboard's heatmap; department rows are the cut by department.
      this.row(`${where} heatmap total`, p.heatmap.total);
      for (const r of p.heatmap.rows) this.row(`${where} heatmap`, r);
    }
    if (p.change) {
      for (const r of p.change.rows) {
        if (r.current !== null) this.add(`${where} change`, "total", null);
        if (r.previous !== null) previous?.add(`${where} change (before)`, "total", null);
      }
    }
    for (const g of p.groups ?? []) for (const r of g.rows) this.row(`${where} ${g.dimensionLabel}`, r);
    if (p.participation) {
      const { total, departments } = p.participation;
      for (const d of [total, ...departments]) {
        const key = d.departmentId ? `department=${d.departmentId}` : "total";
        if (d.responded === null) {
          if (d.ratePct !== null) this.problems.push(`${where} participation: ${key} hides its count but shows a rate`);
        } else if (d.responded > 0 || key === "total") this.add(`${where} participation`, key, d.responded);
      }
    }
  }
}

describe("dashboards: suppression over random organizations", () => {
  it("no dashboard shows a survey number about fewer than k people, or one that lets a hidden cell be worked out", { timeout: 300_000 }, async () => {
    const rand = prng(4242);
    let scenarios = 0;
    let hiddenSeen = 0;
    let shownSeen = 0;
    for (let attempt = 0; scenarios < 4 && attempt < 200; attempt++) {
      const seed = Math.floor(rand() * 2 ** 31);
      const s = generateScenario(seed);
      if (s.people.length > 45 || s.current.length === 0 || s.previous.length === 0) continue;
      scenarios += 1;
      const org = await createTestOrg(`dash-supp-${scenarios}`);
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
      const people: Person[] = s.people.map((p, i) => {
        const attrs: Record<string, string> = { department: ids.get(departmentCodes[i]!)!, level: p.attrs.level! };
        for (const [dim, category] of Object.entries(CATEGORY)) if (p.attrs[dim]) attrs[`demographic:${category}`] = p.attrs[dim]!;
        return { attrs };
      });
      const demographicCategories = Object.entries(CATEGORY).filter(([dim]) => s.dimensions.includes(dim as Dimension)).map(([, c]) => c);
      const dimensions: Dimension[] = ["department", "level", ...demographicCategories.map((c) => `demographic:${c}` as const)];
      // The cuts the dashboards show: the total and one dimension at a time (never department ×
      // another, which only the results page offers and the assessments property test covers). A
      // cross cell equal to a shown cell (a department whose respondents are all staff) is no leak.
      const cuts = cutsFor(dimensions).filter((c) => c.length <= 1);

      const runCampaign = async (responders: number[], title: string) => {
        const { campaign, tokens } = await openWithInvitations(org, { title, anonymityThreshold: s.k, demographicCategories, commentsEnabled: false, practiceNumbers: PRACTICES });
        const tokenOf = new Map(tokens.map((t) => [Number(t.name.slice("Person ".length)), t.token]));
        for (const i of responders) {
          const token = tokenOf.get(i)!;
          const lookup = await openSurvey({ token });
          if (lookup.status !== "ready") throw new Error(lookup.reason);
          const answers = Object.fromEntries(lookup.survey.steps.flatMap((st) => st.items.map((it) => [it.id, 1 + Math.floor(rand() * 5)])));
          const demographics: Record<string, string> = {};
          for (const c of demographicCategories) {
            const v = people[i]!.attrs[`demographic:${c}`];
            if (v && v !== "not_stated") demographics[c] = v;
            else if (rand() < 0.5) demographics[c] = PREFER_NOT_TO_SAY;
          }
          expect((await submitSurvey({ token }, { answers, demographics })).status).toBe("submitted");
        }
        await closeNow(org, campaign.id);
        return campaign.id;
      };
      const firstId = await runCampaign(s.previous, "Earlier survey");
      const secondId = await runCampaign(s.current, "Later survey");

      const firstCells = trueCells(people, s.previous, cuts);
      const secondCells = trueCells(people, s.current, cuts);
      const first = new Shown(firstCells);
      const second = new Shown(secondCells);
      const ctx = org.ctx.admin;

      // Each dashboard with the latest campaign (the default) and with the earlier one chosen.
      for (const [campaign, shown, previous] of [
        [null, second, first],
        [firstId, first, null],
      ] as const) {
        const query = { campaign };
        const overview = await getOrganizationOverview(ctx, query);
        shown.panels("overview", overview.assessments, previous);
        const equity = await getEquityDashboard(ctx, query);
        shown.panels("equity", equity.assessments, previous);
        const staff = await getStaffEffectiveness(ctx, query);
        shown.panels("staff effectiveness", staff.assessments, previous);
        // Each department page's scores by practice.
        for (const id of ids.values()) shown.panels("department page", await getDepartmentScores(ctx, { id, children: [] }, campaign), previous);
        // The trend runs over both campaigns whichever one is chosen.
        const trend = staff.assessments.state === "ready" ? staff.assessments.trend : undefined;
        expect(trend?.campaigns.map((c) => c.id)).toEqual([firstId, secondId]);
        for (const c of trend!.campaigns) if (c.favorable.some((v) => v !== null)) (c.id === firstId ? first : second).add("staff trend", "total", null);
      }
      // The practice page: each practice's organization-wide scores, both campaigns.
      for (const number of PRACTICES) {
        const scores = await getPracticeScores(ctx, number);
        expect(scores.state).toBe("ready");
        if (scores.state !== "ready") continue;
        expect(scores.campaigns.map((c) => c.id)).toEqual([firstId, secondId]);
        for (const c of scores.campaigns) {
          const shown = c.id === firstId ? first : second;
          if (c.n === null) {
            expect(c.favorable === null && c.mean === null && c.note !== null, `practice ${number}, ${c.title}: hidden with no number and a note`).toBe(true);
          } else shown.add(`practice ${number}`, "total", c.n);
        }
      }

      const problems = [
        ...first.problems,
        ...second.problems,
        ...checkSafety({ k: s.k, peopleCount: people.length, cells: firstCells, shown: first.cells }),
        // Each campaign on its own: two campaigns hold different answers given at different
        // moments, not a total and its parts, so a group's change of a few people between them
        // derives nobody's answer (issue 14 item 10, ADR 018 §7: the cross-campaign rule is gone).
        ...checkSafety({ k: s.k, peopleCount: people.length, cells: secondCells, shown: second.cells }),
      ];
      expect({ seed, problems }).toEqual({ seed, problems: [] });
      hiddenSeen += [...secondCells.keys()].filter((key) => !second.cells.has(key)).length;
      shownSeen += second.cells.size;
    }
    expect(scenarios).toBe(4);
    // The random organizations did exercise both sides: cells shown and cells hidden.
    expect(hiddenSeen).toBeGreaterThan(10);
    expect(shownSeen).toBeGreaterThan(10);
  });
});
