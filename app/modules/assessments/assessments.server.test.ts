import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, rawQuery } from "#db/client.server";
import { assessmentDrafts, staffMembers } from "#db/schema";
import { enterTenant } from "#db/tenant.server";
import { createTestOrg, type TestOrg } from "#db/test/factories";
import { FieldErrors } from "~/utils/http.server";
import { todayIso } from "./assessments.schema";
import { addRoster, campaignInput, closeNow, dayOffset, emailLinks, openWithInvitations } from "./assessments.test-helpers";
import { createCampaign, extendCampaign, getCampaign, listCampaigns, openCampaign, updateCampaign } from "./campaigns.server";
import { createInvitations } from "./distribution.server";
import { listMyCampaigns, openSurvey, saveDraft, submitSurvey, type Draft } from "./respond.server";
import { addResource, listResources } from "./resources.server";
import { getComments, getParticipation, getResults, getResultsCsv, getSelfResults } from "./results.server";

async function fieldErrorsOf(p: Promise<unknown>): Promise<Record<string, string[]>> {
  try {
    await p;
  } catch (e) {
    if (e instanceof FieldErrors) return e.errors;
    throw e;
  }
  throw new Error("expected FieldErrors");
}

async function statusOf(p: Promise<unknown>): Promise<number> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Response) return e.status;
    throw e;
  }
  return 200;
}

/** Answers every statement of a survey with the given value per practice (null: not applicable). */
async function answersFor(token: string, byPractice: Record<number, number | null>, extra: Partial<Draft> = {}): Promise<Partial<Draft>> {
  const lookup = await openSurvey({ token });
  if (lookup.status !== "ready") throw new Error(`survey not ready: ${lookup.reason}`);
  const answers: Record<string, number | null> = {};
  for (const step of lookup.survey.steps) for (const item of step.items) answers[item.id] = byPractice[step.practiceNumber] ?? null;
  return { answers, ...extra };
}

async function responseCount(orgId: string, campaignId: string): Promise<number> {
  const [row] = await rawQuery<{ n: number }>(`select count(*)::int as n from assessment_responses where org_id = $1 and campaign_id = $2`, [orgId, campaignId]);
  return row!.n;
}

describe("campaigns", () => {
  let org: TestOrg;
  beforeAll(async () => {
    org = await createTestOrg("assess-campaigns");
    await addRoster(org, [{ department: "A", gender: "Female" }, { department: "A", gender: "Male" }]);
  });

  it("validates the threshold (never below 3) and the dates, beside their fields", async () => {
    const ctx = org.ctx.admin;
    expect(Object.keys(await fieldErrorsOf(createCampaign(ctx, campaignInput({ anonymityThreshold: 2 }))))).toEqual(["anonymityThreshold"]);
    expect(Object.keys(await fieldErrorsOf(createCampaign(ctx, campaignInput({ opensOn: dayOffset(5), closesOn: dayOffset(1) }))))).toEqual(["closesOn"]);
    expect(Object.keys(await fieldErrorsOf(createCampaign(ctx, campaignInput({ practiceNumbers: [] }))))).toEqual(["practiceNumbers"]);
    expect(await statusOf(createCampaign(org.ctx.staff, campaignInput()))).toBe(403);
    expect(await statusOf(createCampaign(org.ctx.department_head, campaignInput()))).toBe(403);
  });

  it("takes the organization's threshold, builds one statement per practice or per dimension, and asks the roster's demographic groups", async () => {
    const ctx = org.ctx.admin;
    const byPractice = await createCampaign(ctx, campaignInput({ demographicCategories: ["gender"] }));
    expect(byPractice.anonymityThreshold).toBe(5);
    expect(byPractice.commentsThreshold).toBe(10);
    expect(byPractice.items.map((i) => i.practiceNumber)).toEqual([3, 4]);
    expect(byPractice.demographicQuestions).toEqual([{ category: "gender", label: "Gender", options: ["Female", "Male"] }]);
    const byDimension = await createCampaign(ctx, campaignInput({ depth: "dimension", practiceNumbers: [3], anonymityThreshold: 12 }));
    // Practice 3 has 2 leadership and 5 management dimensions in the catalog.
    expect(byDimension.items.map((i) => `${i.dimensionKind}:${i.dimensionLetter}`)).toEqual([
      "leadership:A",
      "leadership:B",
      "management:A",
      "management:B",
      "management:C",
      "management:D",
      "management:E",
    ]);
    expect(byDimension.commentsThreshold).toBe(12);
  });

  it("opens, extends and closes early; a closed campaign cannot be extended; another organization's id is a 404", async () => {
    const ctx = org.ctx.admin;
    const c = await createCampaign(ctx, campaignInput());
    expect(c.effectiveStatus).toBe("draft");
    expect((await openCampaign(ctx, c.id)).effectiveStatus).toBe("open");
    expect(Object.keys(await fieldErrorsOf(extendCampaign(ctx, c.id, { closesOn: dayOffset(3) })))).toEqual(["closesOn"]);
    expect((await extendCampaign(ctx, c.id, { closesOn: dayOffset(30) })).closesOn).toBe(dayOffset(30));
    const closed = await closeNow(org, c.id);
    expect([closed.effectiveStatus, closed.closesOn]).toEqual(["closed", todayIso()]);
    expect(Object.keys(await fieldErrorsOf(extendCampaign(ctx, c.id, { closesOn: dayOffset(40) })))).toEqual(["form"]);
    const other = await createTestOrg("assess-other");
    expect(await statusOf(getCampaign(other.ctx.admin, c.id))).toBe(404);
  });
});

describe("responding with a token", () => {
  let org: TestOrg;
  let other: TestOrg;
  beforeAll(async () => {
    [org, other] = await Promise.all([createTestOrg("assess-tok"), createTestOrg("assess-tok-b")]);
    await addRoster(org, Array.from({ length: 6 }, () => ({ department: "A", gender: "Female" })));
    await addRoster(other, [{ department: "X" }]);
  });

  it("refuses a forged or malformed token with a reason", async () => {
    for (const token of ["A".repeat(43), "not a token", ""]) {
      const r = await openSurvey({ token });
      expect(r).toMatchObject({ status: "unavailable", reason: "unknown", orgName: null, campaignTitle: null });
      expect(await submitSurvey({ token }, {})).toMatchObject({ status: "unavailable", reason: "unknown" });
    }
  });

  it("refuses another organization's token on this organization's page, and reveals nothing of it", async () => {
    const { tokens } = await openWithInvitations(other);
    const r = await openSurvey({ token: tokens[0]!.token, orgSlug: org.slug });
    expect(r).toMatchObject({ status: "unavailable", reason: "wrong_organization", orgName: null, campaignTitle: null });
    expect(await saveDraft({ token: tokens[0]!.token, orgSlug: org.slug }, {})).toMatchObject({ reason: "wrong_organization" });
    expect((await openSurvey({ token: tokens[0]!.token, orgSlug: other.slug })).status).toBe("ready");
  });

  it("saves a draft, submits once, then refuses the used link; the draft is gone", async () => {
    const { campaign, tokens } = await openWithInvitations(org, { demographicCategories: ["gender"] });
    const token = tokens[0]!.token;
    const answers = await answersFor(token, { 3: 5, 4: null }, { demographics: { gender: "Female" }, comments: { "3": "  Good equity work  " } });
    expect(await saveDraft({ token }, { answers: { [Object.keys(answers.answers!)[0]!]: 5 }, step: 1 })).toEqual({ status: "saved" });
    const reopened = await openSurvey({ token });
    expect(reopened.status === "ready" && reopened.draft).toMatchObject({ step: 1 });
    // An incomplete submission is refused beside the missing statement, and consumes nothing.
    expect(Object.keys(await fieldErrorsOf(submitSurvey({ token }, { answers: {} })))[0]).toMatch(/^answers\./);
    // Values outside the scale and unknown demographic options are refused too.
    expect(Object.keys(await fieldErrorsOf(saveDraft({ token }, { answers: { [Object.keys(answers.answers!)[0]!]: 7 } })))).toHaveLength(1);
    expect(Object.keys(await fieldErrorsOf(saveDraft({ token }, { demographics: { gender: "Other" } })))).toEqual(["demographics.gender"]);
    expect(await submitSurvey({ token }, answers)).toEqual({ status: "submitted", kind: "organizational" });
    for (const r of [await openSurvey({ token }), await saveDraft({ token }, {}), await submitSurvey({ token }, answers)]) {
      expect(r).toMatchObject({ status: "unavailable", reason: "used", campaignTitle: campaign.title });
    }
    expect(await responseCount(org.orgId, campaign.id)).toBe(1);
    const drafts = await rawQuery(`select 1 from assessment_drafts where org_id = $1`, [org.orgId]);
    expect(drafts).toHaveLength(0);
    const [response] = await rawQuery<{ demographics: unknown; submitted_on: string }>(
      `select demographics, submitted_on::text from assessment_responses where org_id = $1`,
      [org.orgId],
    );
    expect(response).toEqual({ demographics: { gender: "Female" }, submitted_on: todayIso() });
    const comments = await rawQuery<{ body: string }>(`select body from assessment_comments where org_id = $1`, [org.orgId]);
    expect(comments).toEqual([{ body: "Good equity work" }]);
  });

  it("stores one response when the same link is submitted twice at once", async () => {
    const { campaign, tokens } = await openWithInvitations(org);
    const token = tokens[0]!.token;
    const answers = await answersFor(token, { 3: 4, 4: 2 });
    const results = await Promise.all([submitSurvey({ token }, answers), submitSurvey({ token }, answers), submitSurvey({ token }, answers)]);
    expect(results.map((r) => r.status).sort()).toEqual(["submitted", "unavailable", "unavailable"]);
    expect(await responseCount(org.orgId, campaign.id)).toBe(1);
    const [answersStored] = await rawQuery<{ n: number }>(
      `select count(*)::int as n from assessment_answers a join assessment_responses r on r.org_id = a.org_id and r.id = a.response_id where r.campaign_id = $1`,
      [campaign.id],
    );
    expect(answersStored!.n).toBe(2);
  });

  it("refuses a closed campaign's link, and a draft or scheduled campaign's link as not open", async () => {
    const { campaign, tokens } = await openWithInvitations(org);
    await closeNow(org, campaign.id);
    const token = tokens[1]!.token;
    expect(await openSurvey({ token })).toMatchObject({ status: "unavailable", reason: "closed", campaignTitle: campaign.title });
    expect(await submitSurvey({ token }, { answers: {} })).toMatchObject({ reason: "closed" });

    const ctx = org.ctx.admin;
    const draft = await createCampaign(ctx, campaignInput());
    await createInvitations(ctx, draft.id, {});
    // No email leaves for a campaign that is not open (there is no link to test it with).
    expect(Object.keys(await fieldErrorsOf(emailLinks(org, draft.id)))).toEqual(["form"]);
    const scheduled = await createCampaign(ctx, campaignInput({ opensOn: dayOffset(3), closesOn: dayOffset(10) }));
    await openCampaign(ctx, scheduled.id);
    await createInvitations(ctx, scheduled.id, {});
    const later = await emailLinks(org, scheduled.id);
    expect(await openSurvey({ token: later[0]!.token })).toMatchObject({ reason: "not_open" });
  });

  it("freezes the instrument and threshold once the first response arrives", async () => {
    const { campaign, tokens } = await openWithInvitations(org);
    expect((await updateCampaign(org.ctx.admin, campaign.id, campaignInput({ title: "Renamed" }))).title).toBe("Renamed");
    const listed = async () => (await listCampaigns(org.ctx.admin)).find((c) => c.id === campaign.id)!;
    expect(await listed()).toMatchObject({ frozen: false, invited: tokens.length });
    await submitSurvey({ token: tokens[0]!.token }, await answersFor(tokens[0]!.token, { 3: 3, 4: 3 }));
    expect((await getCampaign(org.ctx.admin, campaign.id)).frozen).toBe(true);
    expect(await listed()).toMatchObject({ frozen: true, invited: tokens.length });
    expect(Object.keys(await fieldErrorsOf(updateCampaign(org.ctx.admin, campaign.id, campaignInput({ anonymityThreshold: 3 }))))).toEqual(["form"]);
  });

  it("lets a signed-in member answer in the app when their roster email was their account's at invitation", async () => {
    const staff = org.ctx.staff;
    await getDb().transaction(async (tx) => {
      await enterTenant(tx, { orgId: org.orgId, userId: null });
      const [someone] = await tx.select({ id: staffMembers.id }).from(staffMembers).where(eq(staffMembers.orgId, org.orgId)).limit(1);
      await tx.update(staffMembers).set({ email: staff.user.email.toUpperCase() }).where(and(eq(staffMembers.orgId, org.orgId), eq(staffMembers.id, someone!.id)));
    });
    const { campaign } = await openWithInvitations(org);
    const mine = await listMyCampaigns(staff);
    expect(mine.find((m) => m.campaignId === campaign.id)).toMatchObject({ status: "to_answer" });
    const key = { ctx: staff, campaignId: campaign.id, draftSecret: "browser-secret-of-the-staff-member" };
    const survey = await openSurvey(key);
    if (survey.status !== "ready") throw new Error("not ready");
    const answers = Object.fromEntries(survey.survey.steps.flatMap((s) => s.items.map((i) => [i.id, 4])));
    expect(await submitSurvey(key, { answers })).toMatchObject({ status: "submitted" });
    expect((await listMyCampaigns(staff)).find((m) => m.campaignId === campaign.id)).toMatchObject({ status: "answered" });
    // Someone not on this campaign's roster gets nothing.
    expect(await openSurvey({ ctx: org.ctx.elected_official, campaignId: campaign.id })).toMatchObject({ reason: "unknown" });
  });
});

describe("anonymity in the schema", () => {
  const ANONYMOUS = ["assessment_responses", "assessment_answers", "assessment_comments"];

  it("no column, foreign key, index, sequence, trigger or time finer than the day links responses to invitations or people", async () => {
    const columns = await rawQuery<{ table_name: string; column_name: string; data_type: string; column_default: string | null; is_identity: string }>(
      `select table_name, column_name, data_type, column_default, is_identity from information_schema.columns
        where table_schema = 'public' and table_name = any($1) order by table_name, ordinal_position`,
      [ANONYMOUS],
    );
    expect(columns.map((c) => `${c.table_name}.${c.column_name}`)).toEqual([
      "assessment_answers.org_id",
      "assessment_answers.response_id",
      "assessment_answers.item_id",
      "assessment_answers.value",
      "assessment_comments.org_id",
      "assessment_comments.response_id",
      "assessment_comments.practice_number",
      "assessment_comments.body",
      "assessment_responses.org_id",
      "assessment_responses.id",
      "assessment_responses.campaign_id",
      "assessment_responses.department_id",
      "assessment_responses.supervisory_level",
      "assessment_responses.demographics",
      "assessment_responses.submitted_on",
    ]);
    for (const c of columns) {
      expect({ column: c.column_name, identity: c.is_identity }).toEqual({ column: c.column_name, identity: "NO" });
      expect(c.data_type).not.toMatch(/time|interval/);
      expect(c.column_default ?? "").not.toMatch(/nextval|now\(|clock_|current_time/);
    }
    expect(columns.find((c) => c.column_name === "submitted_on")!.data_type).toBe("date");
    expect(columns.find((c) => c.table_name === "assessment_responses" && c.column_name === "id")!.column_default).toBe("gen_random_uuid()");

    // Foreign keys out of the anonymous tables reach only the campaign, its items, departments
    // and each other; none reaches them except from each other.
    const fks = await rawQuery<{ from_table: string; to_table: string }>(
      `select conrelid::regclass::text as from_table, confrelid::regclass::text as to_table from pg_constraint
        where contype = 'f' and (conrelid::regclass::text = any($1) or confrelid::regclass::text = any($1)) order by 1, 2`,
      [ANONYMOUS],
    );
    expect(fks).toEqual([
      { from_table: "assessment_answers", to_table: "assessment_items" },
      { from_table: "assessment_answers", to_table: "assessment_responses" },
      { from_table: "assessment_comments", to_table: "assessment_responses" },
      { from_table: "assessment_responses", to_table: "assessment_campaigns" },
      { from_table: "assessment_responses", to_table: "departments" },
    ]);
    // Indexes only on the tables' own columns (checked above), none spanning other tables.
    const indexes = await rawQuery<{ indexdef: string }>(`select indexdef from pg_indexes where schemaname = 'public' and tablename = any($1)`, [ANONYMOUS]);
    for (const i of indexes) expect(i.indexdef).not.toMatch(/invitation|staff|user|person|email|token/i);
    // No sequence owned by them, no trigger on them (a trigger could log who and when).
    const sequences = await rawQuery(
      `select s.relname from pg_class s join pg_depend d on d.objid = s.oid join pg_class t on t.oid = d.refobjid
        where s.relkind = 'S' and t.relname = any($1)`,
      [ANONYMOUS],
    );
    expect(sequences).toEqual([]);
    const triggers = await rawQuery(`select tgname from pg_trigger where not tgisinternal and tgrelid::regclass::text = any($1)`, [ANONYMOUS]);
    expect(triggers).toEqual([]);
    // The invitation keeps a completion flag, never a completion time.
    const invitationColumns = await rawQuery<{ column_name: string; data_type: string }>(
      `select column_name, data_type from information_schema.columns where table_schema = 'public' and table_name = 'assessment_invitations'`,
    );
    expect(invitationColumns.filter((c) => /time|date/.test(c.data_type)).map((c) => c.column_name)).toEqual(["created_at"]);
    expect(invitationColumns.find((c) => c.column_name === "completed")!.data_type).toBe("boolean");
  });

  it("no response shares its transaction id with an invitation, except the latest (shared by all invitations)", async () => {
    const org = await createTestOrg("assess-xmin");
    await addRoster(org, Array.from({ length: 5 }, () => ({ department: "A" })));
    const { campaign, tokens } = await openWithInvitations(org);
    for (const t of tokens.slice(0, 4)) await submitSurvey({ token: t.token }, await answersFor(t.token, { 3: 4, 4: 4 }));
    const responses = await rawQuery<{ x: string }>(`select xmin::text as x from assessment_responses where campaign_id = $1`, [campaign.id]);
    const invitations = await rawQuery<{ x: string; completed: boolean }>(`select xmin::text as x, completed from assessment_invitations where campaign_id = $1`, [campaign.id]);
    expect(new Set(invitations.map((i) => i.x)).size).toBe(1);
    const shared = responses.filter((r) => r.x === invitations[0]!.x);
    expect(shared).toHaveLength(1);
    expect(invitations.filter((i) => i.completed)).toHaveLength(4);
  });
});

describe("results against hand-computed figures", () => {
  let org: TestOrg;
  let ids: Map<string, string>;
  let campaignId: string;
  // Department A: 8 invited, 6 answer; B: 5 invited, 5 answer; C: 3 invited, 2 answer. k = 5.
  const practice3: Record<string, (number | null)[]> = { A: [5, 4, 4, 3, 2, null], B: [5, 5, 4, 1, 3], C: [1, 2] };

  beforeAll(async () => {
    org = await createTestOrg("assess-results");
    ids = await addRoster(org, [
      ...Array.from({ length: 8 }, () => ({ department: "A" })),
      ...Array.from({ length: 5 }, () => ({ department: "B" })),
      ...Array.from({ length: 3 }, () => ({ department: "C" })),
    ]);
    const { campaign, tokens } = await openWithInvitations(org);
    campaignId = campaign.id;
    const byDept = new Map<string, string[]>();
    for (const t of tokens) {
      const code = [...ids.entries()].find(([, id]) => t.departmentName!.endsWith(id.slice(0, 6)))![0];
      byDept.set(code, [...(byDept.get(code) ?? []), t.token]);
    }
    let commentIndex = 0;
    for (const [code, values] of Object.entries(practice3)) {
      for (const [i, v] of values.entries()) {
        const token = byDept.get(code)![i]!;
        const comments: Record<string, string> = commentIndex < 3 ? { "4": `comment ${["zeta", "alpha", "mid"][commentIndex++]}` } : {};
        expect(await submitSurvey({ token }, await answersFor(token, { 3: v, 4: 4 }, { comments }))).toMatchObject({ status: "submitted" });
      }
    }
  });

  it("shows live participation to administrators only while open", async () => {
    const live = await getParticipation(org.ctx.admin, campaignId);
    expect(live.live).toBe(true);
    expect(live.total).toMatchObject({ invited: 16, responded: 13 });
    expect(await statusOf(getParticipation(org.ctx.department_head, campaignId))).toBe(403);
    expect(await statusOf(getResults(org.ctx.admin, campaignId))).toBe(409);
  });

  it("computes the total's mean, distribution and favorable %, and hides C and then B (total minus A would give them)", async () => {
    await closeNow(org, campaignId);
    const r = await getResults(org.ctx.admin, campaignId, { cut: ["department"] });
    expect(r.total.shown).toBe(true);
    if (!r.total.shown) return;
    expect(r.total.n).toBe(13);
    const p3 = r.total.practices.find((p) => p.practiceNumber === 3)!;
    // 12 answers: 5,4,4,3,2 + 5,5,4,1,3 + 1,2 → sum 39, mean 3.25; 4s and 5s: 6 of 12.
    expect(p3.answered).toBe(12);
    expect(p3.notApplicable).toBe(1);
    expect(p3.mean).toBeCloseTo(3.25, 10);
    expect(p3.distribution).toEqual([2, 2, 2, 3, 3]);
    expect(p3.favorablePct).toBeCloseTo(50, 10);
    const p4 = r.total.practices.find((p) => p.practiceNumber === 4)!;
    expect([p4.mean, p4.favorablePct, p4.answered]).toEqual([4, 100, 13]);

    const byName = (code: string) => r.cells.find((c) => c.groups[0]!.value === ids.get(code))!;
    const a = byName("A");
    expect(a.shown && a.n).toBe(6);
    if (a.shown) {
      const a3 = a.practices.find((p) => p.practiceNumber === 3)!;
      expect([a3.answered, a3.notApplicable, a3.distribution]).toEqual([5, 1, [0, 1, 1, 2, 1]]);
      expect(a3.mean).toBeCloseTo(18 / 5, 10);
      expect(a3.favorablePct).toBeCloseTo(60, 10);
    }
    // C (2 people) is below k; B (5) is hidden too, or B = total − A would leave C = nothing, and
    // C would be total − A − B. Both look exactly like "no data", with a note.
    for (const code of ["B", "C"]) {
      const cell = byName(code);
      expect(cell).toMatchObject({ shown: false, reason: "suppressed" });
      expect(Object.keys(cell).sort()).toEqual(["groups", "key", "note", "reason", "shown"]);
    }
    const csv = await getResultsCsv(org.ctx.admin, campaignId, ["department"]);
    expect(csv).toContain("3.25");
    expect(csv).toContain("Hidden to protect anonymity");
  });

  it("participation follows the same suppression; department heads see their own department", async () => {
    const p = await getParticipation(org.ctx.admin, campaignId);
    expect(p.live).toBe(false);
    expect(p.total).toMatchObject({ invited: 16, responded: 13 });
    expect(p.total.ratePct).toBeCloseTo(81.25, 10);
    const row = (code: string) => p.departments.find((d) => d.departmentId === ids.get(code))!;
    expect(row("A")).toMatchObject({ invited: 8, responded: 6, ratePct: 75, note: null });
    expect(row("B")).toMatchObject({ invited: 5, responded: null, ratePct: null });
    expect(row("C")).toMatchObject({ invited: 3, responded: null, ratePct: null });
    const head = await getParticipation(org.ctx.department_head, campaignId);
    expect(head.departments).toEqual([]); // their department (from the factory) was not invited
    const headResults = await getResults(org.ctx.department_head, campaignId, { cut: ["department"] });
    expect(headResults.cells).toEqual([]);
    // Their own group (nobody invited) instead of the organization's total, and everyone else.
    expect(headResults.scope).toBe("own_group");
    expect(headResults.total.shown).toBe(false);
    expect(headResults.others).toMatchObject({ shown: true, n: 13 });
    expect(await statusOf(getResults(org.ctx.staff, campaignId))).toBe(403);
    expect(await statusOf(getResults(org.ctx.elected_official, campaignId))).toBe(403);
  });

  it("shows comments when at least max(10, k) responded, in alphabetical order", async () => {
    const c = await getComments(org.ctx.admin, campaignId);
    expect(c.threshold).toBe(10);
    expect(c.practices.find((p) => p.practiceNumber === 4)).toMatchObject({ shown: true, comments: ["comment alpha", "comment mid", "comment zeta"] });
  });

  it("shows each practice's comments a page at a time, alphabetically across pages, with the count of all", async () => {
    const first = await getComments(org.ctx.admin, campaignId, { pageSize: 2 });
    expect(first.practices.find((p) => p.practiceNumber === 4)).toMatchObject({ comments: ["comment alpha", "comment mid"], count: 3, page: 1, pageCount: 2 });
    const second = await getComments(org.ctx.admin, campaignId, { pageSize: 2, pages: { 4: 2 } });
    expect(second.practices.find((p) => p.practiceNumber === 4)).toMatchObject({ comments: ["comment zeta"], count: 3, page: 2, pageCount: 2 });
    // A page past the last shows the last; other practices stay on their first page.
    const past = await getComments(org.ctx.admin, campaignId, { pageSize: 2, pages: { 4: 9, 3: 0 } });
    expect(past.practices.find((p) => p.practiceNumber === 4)).toMatchObject({ comments: ["comment zeta"], page: 2 });
    expect(past.practices.find((p) => p.practiceNumber === 3)).toMatchObject({ page: 1 });
    expect(past.practices.find((p) => p.practiceNumber === 3)!.comments).toEqual(first.practices.find((p) => p.practiceNumber === 3)!.comments);
  });

  it("hides comments below the comments threshold even when scores are shown", async () => {
    const small = await createTestOrg("assess-results-small");
    await addRoster(small, Array.from({ length: 9 }, () => ({ department: "A" })));
    const { campaign, tokens } = await openWithInvitations(small);
    for (const t of tokens) await submitSurvey({ token: t.token }, await answersFor(t.token, { 3: 4, 4: 4 }, { comments: { "3": "hello" } }));
    await closeNow(small, campaign.id);
    expect((await getResults(small.ctx.admin, campaign.id)).total.shown).toBe(true);
    const c = await getComments(small.ctx.admin, campaign.id);
    expect(c.practices.every((p) => !p.shown && p.comments.length === 0)).toBe(true);
  });
});

describe("self-assessments and resources", () => {
  it("shows a person's own results to that person only, with resources for their lowest practices", async () => {
    const org = await createTestOrg("assess-self");
    await addRoster(org, [{ department: "A" }, { department: "A" }]);
    await addResource(org.ctx.admin, { title: "Our equity workshop", practiceNumbers: [3], url: "https://example.test/equity" });
    expect(Object.keys(await fieldErrorsOf(addResource(org.ctx.admin, { title: "", practiceNumbers: [] })))).toEqual(["title", "practiceNumbers"]);
    const { campaign, tokens } = await openWithInvitations(org, { kind: "self", practiceNumbers: [1, 3, 4, 5] });
    const [mine, theirs] = tokens;
    expect(await getSelfResults({ token: mine!.token })).toMatchObject({ status: "not_submitted" });
    await submitSurvey({ token: mine!.token }, await answersFor(mine!.token, { 1: 2, 3: 1, 4: 5, 5: 3 }));
    const r = await getSelfResults({ token: mine!.token });
    if (r.status !== "ready") throw new Error(r.status);
    expect(r.results.lowest).toEqual([3, 1, 5]);
    expect(r.results.practices.find((p) => p.practiceNumber === 3)!.mean).toBe(1);
    expect(r.results.resources.map((x) => x.title)).toContain("Our equity workshop");
    expect(r.results.resources.map((x) => x.title)).toContain("Ethics 101 e-Course");
    expect(await getSelfResults({ token: theirs!.token })).toMatchObject({ status: "not_submitted" });
    expect(await getSelfResults({ token: "B".repeat(43) })).toMatchObject({ status: "not_found" });
    // Nobody reads a self-assessment through the results service.
    await closeNow(org, campaign.id);
    expect(await statusOf(getResults(org.ctx.admin, campaign.id))).toBe(409);
    // The library has no personal contact details.
    const all = await listResources(org.ctx.staff);
    expect(JSON.stringify(all)).not.toMatch(/@|Cowles|jcowles/);
    expect(all.filter((x) => x.source === "icma").length).toBeGreaterThanOrEqual(8);
    const drafts = await getDb().transaction(async (tx) => {
      await enterTenant(tx, { orgId: org.orgId, userId: null });
      return tx.select().from(assessmentDrafts).where(eq(assessmentDrafts.orgId, org.orgId));
    });
    expect(drafts).toEqual([]);
  });
});
