import { beforeAll, describe, expect, it } from "vitest";
import { createTestOrg, type TestOrg } from "#db/test/factories";
import { addRoster, openWithInvitations } from "./assessments.test-helpers";
import { openSurvey } from "./respond.server";
import { handleSurveyPost, loadSurveyPage, stepCount } from "./survey-page.server";

// The respond pages' steps against a real database: each step's form is saved before moving,
// the saved step is where a reopened link resumes, and a refused submission loses nothing.

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
}

const here = (step?: string) => new URL(`https://praxis.test/respond/x${step ? `?step=${step}` : ""}`);

describe("survey steps", () => {
  let org: TestOrg;
  beforeAll(async () => {
    org = await createTestOrg("survey-steps");
    await addRoster(org, [
      { department: "A", gender: "Female" },
      { department: "A", gender: "Male" },
    ]);
  });

  it("saves every step, resumes at the saved step, keeps answers going back, and submits once", async () => {
    const { tokens } = await openWithInvitations(org, { practiceNumbers: [3, 4], demographicCategories: ["gender"] });
    const key = { token: tokens[0]!.token };
    const first = await loadSurveyPage(key, here());
    if (first.status !== "ready") throw new Error(first.reason);
    expect(stepCount(first.survey)).toBe(4);
    expect(first.step).toEqual({ kind: "practice", index: 0 });
    const [item3] = first.survey.steps[0]!.items;
    const [item4] = first.survey.steps[1]!.items;

    expect(await handleSurveyPost(key, form({ step: "1", intent: "next", [`answer.${item3!.id}`]: "4", "comment.3": "  Better every year.  " }))).toEqual({
      kind: "go",
      step: { kind: "practice", index: 1 },
    });
    // Reopening the link without a step resumes where the person left off.
    const resumed = await loadSurveyPage(key, here());
    expect(resumed.status === "ready" && resumed.step).toEqual({ kind: "practice", index: 1 });
    // Back saves the current step too, and the earlier answer is still there.
    expect(await handleSurveyPost(key, form({ step: "2", intent: "back", [`answer.${item4!.id}`]: "na" }))).toEqual({ kind: "go", step: { kind: "practice", index: 0 } });
    const draft = await openSurvey(key);
    if (draft.status !== "ready") throw new Error(draft.reason);
    expect(draft.draft.answers).toEqual({ [item3!.id]: 4, [item4!.id]: null });
    expect(draft.draft.comments).toEqual({ "3": "Better every year." });
    // An answer missing from a step's form keeps its saved value (radio buttons cannot be cleared).
    await handleSurveyPost(key, form({ step: "1", intent: "next" }));
    expect(await openSurvey(key)).toMatchObject({ status: "ready", draft: { answers: { [item3!.id]: 4 }, step: 1 } });

    expect(await handleSurveyPost(key, form({ step: "2", intent: "next" }))).toEqual({ kind: "go", step: { kind: "about" } });
    expect(await handleSurveyPost(key, form({ step: "about-you", intent: "next", "demographic.gender": "prefer_not_to_say" }))).toEqual({
      kind: "go",
      step: { kind: "review" },
    });
    expect(await handleSurveyPost(key, form({ step: "review", intent: "submit" }))).toEqual({ kind: "submitted", surveyKind: "organizational" });
    // Used: the page explains itself, and a second submission is refused.
    const used = await loadSurveyPage(key, here());
    expect(used.status === "unavailable" && used.reason).toBe("used");
    expect(await handleSurveyPost(key, form({ step: "review", intent: "submit" }))).toEqual({ kind: "unavailable", reason: "used" });
  });

  it("refuses an incomplete submission beside the missing statement and keeps what was answered", async () => {
    const { tokens } = await openWithInvitations(org, { practiceNumbers: [3, 4] });
    const key = { token: tokens[1]!.token };
    const page = await loadSurveyPage(key, here("review"));
    if (page.status !== "ready") throw new Error(page.reason);
    expect(page.step).toEqual({ kind: "review" });
    const [item3] = page.survey.steps[0]!.items;
    const [item4] = page.survey.steps[1]!.items;
    await handleSurveyPost(key, form({ step: "1", intent: "next", [`answer.${item3!.id}`]: "2" }));
    const refused = await handleSurveyPost(key, form({ step: "review", intent: "submit" }));
    expect(refused.kind).toBe("invalid");
    if (refused.kind !== "invalid") return;
    expect(Object.keys(refused.errors)).toEqual([`answers.${item4!.id}`]);
    expect(refused.step).toEqual({ kind: "review" });
    const kept = await openSurvey(key);
    expect(kept.status === "ready" && kept.draft.answers).toEqual({ [item3!.id]: 2 });
    // Without questions about the respondent, Back from the review goes to the last practice.
    expect(await handleSurveyPost(key, form({ step: "review", intent: "back" }))).toEqual({ kind: "go", step: { kind: "practice", index: 1 } });
  });

  it("works the same in the app for a person whose roster email is their account's", async () => {
    const inApp = await createTestOrg("survey-steps-app");
    await addRoster(inApp, [{ department: "A", email: inApp.ctx.staff.user.email.toUpperCase() }, { department: "A" }]);
    const { campaign } = await openWithInvitations(inApp, { practiceNumbers: [3] });
    const key = { ctx: inApp.ctx.staff, campaignId: campaign.id, draftSecret: "the browser's own secret" };
    const page = await loadSurveyPage(key, here());
    if (page.status !== "ready") throw new Error(page.reason);
    const [item] = page.survey.steps[0]!.items;
    expect(await handleSurveyPost(key, form({ step: "1", intent: "next", [`answer.${item!.id}`]: "3" }))).toEqual({ kind: "go", step: { kind: "review" } });
    expect(await handleSurveyPost(key, form({ step: "review", intent: "submit" }))).toEqual({ kind: "submitted", surveyKind: "organizational" });
    // Someone not on the roster has no survey here.
    expect(await loadSurveyPage({ ctx: inApp.ctx.department_head, campaignId: campaign.id }, here())).toMatchObject({ status: "unavailable", reason: "unknown" });
  });

  it("treats a forged token and a step outside the survey safely", async () => {
    expect(await loadSurveyPage({ token: "x".repeat(43) }, here())).toMatchObject({ status: "unavailable", reason: "unknown" });
    expect(await handleSurveyPost({ token: "x".repeat(43) }, form({ step: "1" }))).toEqual({ kind: "unavailable", reason: "unknown" });
    const { tokens } = await openWithInvitations(org, { practiceNumbers: [3] });
    const page = await loadSurveyPage({ token: tokens[0]!.token }, here("99"));
    expect(page.status === "ready" && page.step).toEqual({ kind: "practice", index: 0 });
    const about = await loadSurveyPage({ token: tokens[0]!.token }, here("about-you"));
    expect(about.status === "ready" && about.step).toEqual({ kind: "review" });
  });
});
