// The practice page's scores across campaigns, against hand-computed values: a campaign whose
// total is below the threshold shows no number and the results service's note; one above it
// shows its favorable % and mean; roles the results service refuses are told why.
import { describe, expect, it } from "vitest";
import { createTestOrg } from "#db/test/factories";
import { addRoster, closeNow, openWithInvitations } from "~/modules/assessments/assessments.test-helpers";
import { openSurvey, submitSurvey } from "~/modules/assessments/respond.server";
import { getDepartmentScores, getPracticeScores, NO_CLOSED_CAMPAIGN, RESULTS_NOT_FOR_ROLE } from "./assessments.server";
import { practiceScoresCsv } from "./practice-scores-csv.server";

describe("practice page: scores across closed campaigns", () => {
  it("shows favorable % and mean per campaign, hides a campaign below the threshold, and explains itself to other roles", async () => {
    const org = await createTestOrg("practice-scores");
    const ids = await addRoster(org, [...Array.from({ length: 5 }, () => ({ department: "ops" })), ...Array.from({ length: 4 }, () => ({ department: "parks" }))]);
    expect(await getPracticeScores(org.ctx.admin, 3)).toEqual({ state: "none", message: NO_CLOSED_CAMPAIGN });

    // Every respondent gives every item of practices 3 and 4 the same answer.
    const run = async (title: string, values: number[]) => {
      const { campaign, tokens } = await openWithInvitations(org, { title, anonymityThreshold: 3, commentsEnabled: false, practiceNumbers: [3, 4] });
      for (const [i, value] of values.entries()) {
        const lookup = await openSurvey({ token: tokens[i]!.token });
        if (lookup.status !== "ready") throw new Error(lookup.reason);
        const answers = Object.fromEntries(lookup.survey.steps.flatMap((st) => st.items.map((it) => [it.id, value])));
        expect((await submitSurvey({ token: tokens[i]!.token }, { answers, demographics: {} })).status).toBe("submitted");
      }
      await closeNow(org, campaign.id);
      return campaign.id;
    };
    const first = await run("Spring", [5, 4]);
    const second = await run("Autumn", [5, 4, 2, 1]);

    const scores = await getPracticeScores(org.ctx.admin, 3);
    if (scores.state !== "ready") throw new Error(scores.message);
    expect(scores.campaigns.map((c) => [c.id, c.title, c.threshold, c.n, c.favorable, c.mean])).toEqual([
      // Two respondents, fewer than 3: nothing shown.
      [first, "Spring", 3, null, null, null],
      // 5, 4, 2 and 1: half favorable, mean 3.
      [second, "Autumn", 3, 4, 50, 3],
    ]);
    expect(scores.campaigns[0]!.note).toMatch(/^Hidden to protect anonymity: fewer than 3 people responded/);
    expect(scores.campaigns[1]!.note).toBeNull();
    // A department head reads their own group only (issue 14): here nobody of their department
    // answered, so no campaign's numbers — never the organization's.
    const head = await getPracticeScores({ ...org.ctx.department_head, departmentId: ids.get("parks")! }, 3);
    if (head.state !== "ready") throw new Error(head.message);
    expect(head.campaigns.map((c) => c.n)).toEqual([null, null]);
    // A practice the campaigns did not ask about: shown campaigns without answers for it.
    const other = await getPracticeScores(org.ctx.admin, 9);
    if (other.state !== "ready") throw new Error(other.message);
    expect(other.campaigns.map((c) => [c.n, c.favorable, c.mean])).toEqual([
      [null, null, null],
      [4, null, null],
    ]);

    // The department page: its own row of the heatmap (parks, which did not answer, is not there).
    const ops = { id: ids.get("ops")!, children: [] };
    const dept = await getDepartmentScores(org.ctx.admin, ops, null);
    if (dept.state !== "ready") throw new Error(dept.message);
    expect(dept.campaign.id).toBe(second);
    expect(dept.heatmap!.rows.map((r) => [r.key, r.n, r.favorable])).toEqual([[`department=${ops.id}`, 4, [50, 50]]]);
    const earlier = await getDepartmentScores(org.ctx.admin, ops, first);
    if (earlier.state !== "ready") throw new Error(earlier.message);
    expect(earlier.heatmap!.rows.map((r) => [r.n, r.favorable])).toEqual([[null, [null, null]]]);
    expect((await getDepartmentScores(org.ctx.staff, ops, null)).state).toBe("none");

    // The CSV holds the table's rows: the hidden campaign blank, with its note.
    const file = await practiceScoresCsv(org.ctx.admin, 3);
    const lines = file.csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe("campaign,closed_on,respondents,favorable_percent,mean,note");
    expect(lines[1]).toMatch(/^Spring,\d{4}-\d{2}-\d{2},,,,"?Hidden to protect anonymity: fewer than 3 people responded/);
    expect(lines[2]).toMatch(/^Autumn,\d{4}-\d{2}-\d{2},4,50\.0,3\.00,$/);
    expect(file.rowCount).toBe(2);

    for (const role of ["staff", "elected_official"] as const) {
      expect(await getPracticeScores(org.ctx[role], 3)).toEqual({ state: "none", message: RESULTS_NOT_FOR_ROLE });
      await expect(practiceScoresCsv(org.ctx[role], 3)).rejects.toBeInstanceOf(Response);
    }
  });
});
