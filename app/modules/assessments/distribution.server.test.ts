// A link reaches only its owner (docs/decisions/018-anonymity-against-insiders.md): invitations
// keep the address and account of the moment they are made, links leave only by email to that
// address, and nothing an administrator is told depends on who has answered.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, rawQuery } from "#db/client.server";
import { outboxEmails, staffMembers } from "#db/schema";
import { enterTenant } from "#db/tenant.server";
import { createTestOrg, type TestOrg } from "#db/test/factories";
import { hashToken } from "~/modules/auth/session.server";
import { SENT_BODY } from "~/modules/mail/outbox.server";
import { FieldErrors } from "~/utils/http.server";
import { addRoster, BASE_URL, campaignInput, deliveredMail, emailLinks, enableTestMail } from "./assessments.test-helpers";
import { createCampaign, openCampaign } from "./campaigns.server";
import { createInvitations, getDistributionSummary, listInvitees, resendInvitation, sendInvitationEmails, sendReminders } from "./distribution.server";
import { listMyCampaigns, openSurvey, saveDraft, submitSurvey } from "./respond.server";
import { getSelfResults } from "./results.server";

async function fieldErrorsOf(p: Promise<unknown>): Promise<Record<string, string[]>> {
  try {
    await p;
  } catch (e) {
    if (e instanceof FieldErrors) return e.errors;
    throw e;
  }
  throw new Error("expected FieldErrors");
}

async function allAnswers(token: string, value = 4) {
  const s = await openSurvey({ token });
  if (s.status !== "ready") throw new Error(`not ready: ${s.reason}`);
  return { answers: Object.fromEntries(s.survey.steps.flatMap((st) => st.items.map((i) => [i.id, value]))) };
}

async function setRosterEmail(org: TestOrg, fromEmail: string, toEmail: string) {
  await getDb().transaction(async (tx) => {
    await enterTenant(tx, { orgId: org.orgId, userId: null });
    await tx.update(staffMembers).set({ email: toEmail }).where(and(eq(staffMembers.orgId, org.orgId), eq(staffMembers.email, fromEmail)));
  });
}

async function staffIdOf(org: TestOrg, email: string): Promise<string> {
  const [row] = await rawQuery<{ id: string }>(`select id from staff_members where org_id = $1 and lower(email) = lower($2)`, [org.orgId, email]);
  return row!.id;
}

describe("distribution", () => {
  let org: TestOrg;
  let departmentIds: Map<string, string>;
  beforeAll(async () => {
    org = await createTestOrg("assess-dist");
    departmentIds = await addRoster(org, [{ department: "A" }, { department: "A" }, { department: "A", email: null }, { department: "B" }, { department: "B" }]);
  });

  it("invites the chosen departments once each and returns counts only; the only link is in the owner's email, and only its hash is kept", async () => {
    const ctx = org.ctx.admin;
    const c = await createCampaign(ctx, campaignInput());
    const first = await createInvitations(ctx, c.id, { departmentIds: [departmentIds.get("A")!] });
    expect(first).toEqual({ created: 3, alreadyInvited: 0, inApp: 0, unreachable: 1 });
    expect(await createInvitations(ctx, c.id, {})).toMatchObject({ created: 2, alreadyInvited: 3 });
    // Without a way for mail to leave, nothing is queued: a link may sit nowhere but in its owner's mailbox.
    const dir = process.env.MAIL_FILE_DIR;
    delete process.env.MAIL_FILE_DIR;
    await openCampaign(ctx, c.id);
    expect(Object.keys(await fieldErrorsOf(sendInvitationEmails(ctx, c.id, BASE_URL)))).toEqual(["form"]);
    if (dir) process.env.MAIL_FILE_DIR = dir;
    const links = await emailLinks(org, c.id);
    expect(links).toHaveLength(4);
    const stored = await rawQuery<{ token_hash: string }>(`select token_hash from assessment_invitations where org_id = $1 and campaign_id = $2`, [org.orgId, c.id]);
    for (const l of links) expect(stored.map((r) => r.token_hash)).toContain(hashToken(l.token));
    // No table of the organization holds a token: the sent email's text is gone from the outbox.
    const dump = JSON.stringify([await rawQuery(`select * from assessment_invitations where org_id = $1`, [org.orgId]), await rawQuery(`select * from outbox_emails where org_id = $1`, [org.orgId]), await rawQuery(`select * from audit_events where org_id = $1`, [org.orgId])]);
    for (const l of links) expect(dump).not.toContain(l.token);
    expect(dump).toContain(SENT_BODY);
    // Sent once: a second send finds nobody new.
    expect(await sendInvitationEmails(ctx, c.id, BASE_URL)).toMatchObject({ queued: 0, withoutEmail: 1 });
    expect(await getDistributionSummary(ctx, c.id)).toEqual({ invited: 5, emailed: 4, withoutEmail: 1, inApp: 0, unreachable: 1, notInvited: 0, mailConfigured: true });
  });

  it("reminders keep the link of someone who saved answers, replace the others' links, and report no count", async () => {
    const ctx = org.ctx.admin;
    const c = await createCampaign(ctx, campaignInput());
    await openCampaign(ctx, c.id);
    await createInvitations(ctx, c.id, {});
    const [saver, answerer, idle] = await emailLinks(org, c.id);
    expect(await saveDraft({ token: saver!.token }, { answers: {}, step: 1 })).toEqual({ status: "saved" });
    expect(await submitSurvey({ token: answerer!.token }, await allAnswers(answerer!.token))).toMatchObject({ status: "submitted" });
    const before = await getDistributionSummary(ctx, c.id);
    expect(await sendReminders(ctx, c.id, BASE_URL)).toEqual({ queued: null, withoutEmail: 0 });
    const mail = await deliveredMail(org.orgId);
    expect(mail.every((m) => m.subject.startsWith("Reminder:"))).toBe(true);
    expect(mail.map((m) => m.to)).not.toContain(answerer!.email);
    const toSaver = mail.find((m) => m.to === saver!.email)!;
    expect(toSaver.link).toBeNull();
    expect(toSaver.text).toContain("use the link you used then");
    const saved = await openSurvey({ token: saver!.token });
    expect(saved.status === "ready" && saved.draft.step).toBe(1);
    const toIdle = mail.find((m) => m.to === idle!.email)!;
    expect(toIdle.token).not.toBeNull();
    expect(await openSurvey({ token: idle!.token })).toMatchObject({ reason: "unknown" });
    expect((await openSurvey({ token: toIdle.token! })).status).toBe("ready");
    // The summary an administrator reads is the same before and after (no reminder count).
    expect(await getDistributionSummary(ctx, c.id)).toEqual(before);
    const audit = await rawQuery<{ after: unknown }>(`select after from audit_events where org_id = $1 and action = 'assessment_invitations.remind'`, [org.orgId]);
    expect(audit.map((a) => a.after)).toEqual([null]);
  });

  it("a resend goes to the invited address only, replaces the link, and answers the same whether the person has answered or not", async () => {
    const ctx = org.ctx.admin;
    const c = await createCampaign(ctx, campaignInput());
    await openCampaign(ctx, c.id);
    await createInvitations(ctx, c.id, {});
    const [pending, answered] = await emailLinks(org, c.id);
    expect(await submitSurvey({ token: answered!.token }, await allAnswers(answered!.token))).toMatchObject({ status: "submitted" });
    expect((await listInvitees(ctx, c.id)).map((i) => Object.keys(i).sort().join())).toContain("departmentName,hasEmail,name,staffMemberId");

    // The administrator points the pending person's roster entry at their own address first.
    const pendingId = await staffIdOf(org, pending!.email);
    await setRosterEmail(org, pending!.email, ctx.user.email);
    const replyPending = await resendInvitation(ctx, c.id, pendingId, BASE_URL);
    const replyAnswered = await resendInvitation(ctx, c.id, await staffIdOf(org, answered!.email), BASE_URL);
    expect(replyPending).toEqual(replyAnswered);
    const mail = await deliveredMail(org.orgId);
    expect(mail.map((m) => m.to)).toEqual([pending!.email]);
    expect(mail[0]!.subject).not.toMatch(/Reminder/);
    expect(await openSurvey({ token: pending!.token })).toMatchObject({ reason: "unknown" });
    expect((await openSurvey({ token: mail[0]!.token! })).status).toBe("ready");
    // The answered person's own link still says so to them (and only they hold it).
    expect(await openSurvey({ token: answered!.token })).toMatchObject({ reason: "used" });
    const audits = await rawQuery<{ after: Record<string, unknown> }>(`select after from audit_events where org_id = $1 and action = 'assessment_invitations.resend' order by created_at`, [org.orgId]);
    expect(audits.map((a) => Object.keys(a.after))).toEqual([["staffMemberId"], ["staffMemberId"]]);
    await setRosterEmail(org, ctx.user.email, pending!.email);
  });
});

describe("in-app respondents and what a roster change cannot move", () => {
  let org: TestOrg;
  beforeAll(async () => {
    org = await createTestOrg("assess-bound");
    await addRoster(org, [{ department: "A", email: org.ctx.staff.user.email.toUpperCase() }, { department: "A" }, { department: "A" }]);
  });

  it("binds the member account at invitation; moving the roster email to another member later moves nothing", async () => {
    const ctx = org.ctx.admin;
    const staff = org.ctx.staff;
    const c = await createCampaign(ctx, campaignInput({ kind: "self", practiceNumbers: [3] }));
    await openCampaign(ctx, c.id);
    expect(await createInvitations(ctx, c.id, {})).toMatchObject({ created: 3, inApp: 1 });
    const own = { ctx: staff, campaignId: c.id, draftSecret: "staff-browser-secret" };
    expect((await listMyCampaigns(staff)).find((m) => m.campaignId === c.id)).toMatchObject({ status: "to_answer" });
    const s = await openSurvey(own);
    if (s.status !== "ready") throw new Error("not ready");
    expect(await submitSurvey(own, { answers: { [s.survey.steps[0]!.items[0]!.id]: 5 } })).toMatchObject({ status: "submitted" });
    expect(await getSelfResults(own)).toMatchObject({ status: "ready" });

    // The administrator gives the staff member's roster entry the department head's address (a
    // member too) and then their own: neither account reaches the invitation or the result.
    for (const other of [org.ctx.department_head, ctx]) {
      await setRosterEmail(org, staff.user.email.toUpperCase(), other.user.email);
      expect(await getSelfResults({ ctx: other, campaignId: c.id })).toMatchObject({ status: "not_found" });
      expect(await openSurvey({ ctx: other, campaignId: c.id, draftSecret: "x" })).toMatchObject({ reason: "unknown" });
      expect((await listMyCampaigns(other)).find((m) => m.campaignId === c.id)).toBeUndefined();
      await setRosterEmail(org, other.user.email, staff.user.email.toUpperCase());
    }
    // Nor does a resend: it goes to the address the invitation was made with.
    enableTestMail();
    await resendInvitation(ctx, c.id, await staffIdOf(org, staff.user.email), BASE_URL);
    expect(await deliveredMail(org.orgId)).toEqual([]);
    expect(await getSelfResults(own)).toMatchObject({ status: "ready" });
  });
});

describe("drafts", () => {
  let org: TestOrg;
  beforeAll(async () => {
    org = await createTestOrg("assess-drafts");
    await addRoster(org, [{ department: "A", email: org.ctx.staff.user.email }, { department: "A" }]);
  });

  it("are sealed with the link (or the browser's secret): the database holds no answer, and another key reads nothing", async () => {
    const ctx = org.ctx.admin;
    const c = await createCampaign(ctx, campaignInput({ practiceNumbers: [3], commentsEnabled: true }));
    await openCampaign(ctx, c.id);
    await createInvitations(ctx, c.id, {});
    const [link] = (await emailLinks(org, c.id)).filter((l) => l.email !== org.ctx.staff.user.email.toLowerCase());
    const s = await openSurvey({ token: link!.token });
    if (s.status !== "ready") throw new Error("not ready");
    const itemId = s.survey.steps[0]!.items[0]!.id;
    const comment = "Our supervisor never explains decisions";
    expect(await saveDraft({ token: link!.token }, { answers: { [itemId]: 2 }, comments: { "3": comment }, step: 1 })).toEqual({ status: "saved" });
    const reopened = await openSurvey({ token: link!.token });
    expect(reopened.status === "ready" && reopened.draft).toMatchObject({ answers: { [itemId]: 2 }, comments: { "3": comment }, step: 1 });
    const rows = JSON.stringify(await rawQuery(`select * from assessment_drafts where org_id = $1`, [org.orgId]));
    expect(rows).toContain("sealed");
    expect(rows).not.toContain(comment);
    expect(rows).not.toContain(itemId);

    // In the app: sealed with the browser's secret; another browser (or no secret) reads nothing.
    const staffKey = { ctx: org.ctx.staff, campaignId: c.id, draftSecret: "browser-one" };
    expect(await saveDraft(staffKey, { answers: { [itemId]: 5 }, step: 1 })).toEqual({ status: "saved" });
    const same = await openSurvey(staffKey);
    expect(same.status === "ready" && same.draft.answers).toEqual({ [itemId]: 5 });
    const other = await openSurvey({ ...staffKey, draftSecret: "browser-two" });
    expect(other.status === "ready" && other.draft).toEqual({ answers: {}, comments: {}, demographics: {}, step: 0 });
    const none = await openSurvey({ ctx: org.ctx.staff, campaignId: c.id });
    expect(none.status === "ready" && none.draft.step).toBe(0);
    const [outbox] = await getDb().transaction(async (tx) => {
      await enterTenant(tx, { orgId: org.orgId, userId: null });
      return tx.select().from(outboxEmails).where(eq(outboxEmails.orgId, org.orgId));
    });
    expect(outbox?.bodyText).toBe(SENT_BODY);
  });
});
