// Answering a campaign: from a personal link without an account, or in the app for the member
// account the invitation was bound to when it was created (never found again by the roster's email,
// which an administrator can change). One practice per step, saved as the person goes (sealed with
// the respondent's secret: draft-seal.server.ts), submitted once.
//
// The submission is where anonymity is made (docs/decisions/007-anonymous-assessments.md): in one
// transaction, holding the campaign's row lock, the invitation is marked completed (a flag, no
// date), the response is written with a random key, the day only and the department and level
// copied from the invitation, the draft is deleted, and every invitation row of the campaign is
// rewritten, so that no row's transaction id (xmin) points at the response written with it. No
// audit event and no log line is written for a submission.
import { and, asc, eq, sql } from "drizzle-orm";
import type { Transaction } from "#db/client.server";
import {
  assessmentAnswers,
  assessmentCampaigns,
  assessmentComments,
  assessmentDrafts,
  assessmentInvitations,
  assessmentResponses,
  assessmentSelfResponses,
  organizations,
  practices,
  type DemographicQuestion,
} from "#db/schema";
import { enterTenant, withTenant } from "#db/tenant.server";
import { hashToken } from "~/modules/auth/session.server";
import { requirePermission, type TenantContext } from "~/modules/auth/tenant.server";
import { FieldErrors } from "~/utils/http.server";
import { openDraft, sealDraft } from "./draft-seal.server";
import { COMMENT_MAX, commentsThreshold, PREFER_NOT_TO_SAY, todayIso, type CampaignKind } from "./assessments.schema";
import { effectiveStatus, loadItems, type CampaignItem } from "./campaigns.server";

/** How a respondent is recognized: the token of their link, or their session (the account their
 * invitation is bound to). The in-app page also brings its browser's draft secret: without it no
 * draft is read or kept. */
export type RespondentKey =
  | { token: string; /** The organization of the page the link was opened on, when there is one. */ orgSlug?: string }
  | { ctx: TenantContext; campaignId: string; draftSecret?: string };

export type UnavailableReason = "unknown" | "used" | "closed" | "not_open" | "wrong_organization";

export const UNAVAILABLE_MESSAGES: Record<UnavailableReason, string> = {
  unknown:
    "This link is not valid. It may have been mistyped, or replaced by a newer link (a reminder email carries a new link; anything you saved is kept on it).",
  used: "Your answers to this survey were already submitted. Thank you: each link can be used once.",
  closed: "This survey is closed and no longer accepts answers.",
  not_open: "This survey is not open yet. Please come back on its opening day.",
  wrong_organization: "This link belongs to another organization's survey.",
};

export type Unavailable = {
  status: "unavailable";
  reason: UnavailableReason;
  message: string;
  /** Known when the token is genuine (never for unknown or another organization's token). */
  orgName: string | null;
  campaignTitle: string | null;
};

export type SurveyStep = { practiceNumber: number; practiceName: string; definition: string; items: Omit<CampaignItem, "practiceName">[] };

export type Survey = {
  campaignId: string;
  orgName: string;
  orgSlug: string;
  title: string;
  description: string;
  kind: CampaignKind;
  scaleLabels: string[];
  notApplicableLabel: string;
  commentsEnabled: boolean;
  closesOn: string;
  steps: SurveyStep[];
  /** Asked after the practices, each optional with "prefer not to say". */
  demographicQuestions: DemographicQuestion[];
  preferNotToSay: typeof PREFER_NOT_TO_SAY;
  /** Comments are shown only for groups at least this large (told to respondents up front). */
  commentsThreshold: number;
};

export type Draft = {
  answers: Record<string, number | null>;
  comments: Record<string, string>;
  demographics: Record<string, string>;
  step: number;
};

export type SurveyLookup = { status: "ready"; survey: Survey; draft: Draft } | Unavailable;

type Resolved =
  | { ok: true; invitation: typeof assessmentInvitations.$inferSelect; campaign: typeof assessmentCampaigns.$inferSelect; org: { name: string; slug: string } }
  | { ok: false; unavailable: Unavailable };

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

function unavailable(reason: UnavailableReason, orgName: string | null = null, campaignTitle: string | null = null): Unavailable {
  return { status: "unavailable", reason, message: UNAVAILABLE_MESSAGES[reason], orgName, campaignTitle };
}

/** Opens the transaction of a respondent: the token's hash is the only credential of a link. */
function withRespondent<T>(key: RespondentKey, fn: (tx: Transaction, r: Resolved) => Promise<T>, lock = false): Promise<T> {
  if ("token" in key) {
    if (!TOKEN.test(key.token)) return withTenant({ orgId: null, userId: null }, (tx) => fn(tx, { ok: false, unavailable: unavailable("unknown") }));
    const tokenHash = hashToken(key.token);
    return withTenant({ orgId: null, userId: null, assessmentTokenHash: tokenHash }, async (tx) => {
      const [found] = await tx.select().from(assessmentInvitations).where(eq(assessmentInvitations.tokenHash, tokenHash));
      if (!found) return fn(tx, { ok: false, unavailable: unavailable("unknown") });
      // The token proves the invitation: work in its organization's scope from here on.
      await enterTenant(tx, { orgId: found.orgId, userId: null, assessmentTokenHash: tokenHash });
      const [org] = await tx.select({ name: organizations.name, slug: organizations.slug }).from(organizations).where(eq(organizations.id, found.orgId));
      if (key.orgSlug !== undefined && key.orgSlug !== org!.slug) return fn(tx, { ok: false, unavailable: unavailable("wrong_organization") });
      return fn(tx, await resolveStatus(tx, found.orgId, found.id, org!, lock));
    });
  }
  const { ctx, campaignId } = key;
  requirePermission(ctx, "assessments.respond");
  return withTenant(ctx, async (tx) => {
    const found = await ownInvitation(tx, ctx, campaignId);
    if (!found) return fn(tx, { ok: false, unavailable: unavailable("unknown") });
    return fn(tx, await resolveStatus(tx, ctx.orgId, found.id, { name: ctx.orgName, slug: ctx.orgSlug }, lock));
  });
}

/** The signed-in person's own invitation to a campaign: the one bound to their account. */
async function ownInvitation(tx: Transaction, ctx: TenantContext, campaignId: string): Promise<{ id: string } | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(campaignId)) return undefined;
  const [found] = await tx
    .select({ id: assessmentInvitations.id })
    .from(assessmentInvitations)
    .where(and(eq(assessmentInvitations.orgId, ctx.orgId), eq(assessmentInvitations.campaignId, campaignId), eq(assessmentInvitations.userId, ctx.userId)));
  return found;
}

/** The secret a draft is sealed with: the link's token, or the in-app page's browser secret. */
function draftSecretOf(key: RespondentKey): string | null {
  return "token" in key ? key.token : (key.draftSecret ?? null);
}

function asDraft(value: unknown): Draft | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Partial<Draft>;
  if (typeof v.answers !== "object" || typeof v.comments !== "object" || typeof v.demographics !== "object" || typeof v.step !== "number") return null;
  return { answers: v.answers ?? {}, comments: v.comments ?? {}, demographics: v.demographics ?? {}, step: v.step };
}

async function resolveStatus(tx: Transaction, orgId: string, invitationId: string, org: { name: string; slug: string }, lock: boolean): Promise<Resolved> {
  const [invitation] = await tx
    .select()
    .from(assessmentInvitations)
    .where(and(eq(assessmentInvitations.orgId, orgId), eq(assessmentInvitations.id, invitationId)));
  const campaignQuery = tx
    .select()
    .from(assessmentCampaigns)
    .where(and(eq(assessmentCampaigns.orgId, orgId), eq(assessmentCampaigns.id, invitation!.campaignId)));
  // Submissions of one campaign take turns on its row (see the file's comment).
  const [campaign] = lock ? await campaignQuery.for("update") : await campaignQuery;
  // Re-read the invitation after the lock: a submission that just finished has completed it.
  const [current] = lock
    ? await tx.select().from(assessmentInvitations).where(and(eq(assessmentInvitations.orgId, orgId), eq(assessmentInvitations.id, invitationId)))
    : [invitation!];
  if (current!.completed) return { ok: false, unavailable: unavailable("used", org.name, campaign!.title) };
  const status = effectiveStatus(campaign!);
  if (status === "closed") return { ok: false, unavailable: unavailable("closed", org.name, campaign!.title) };
  if (status !== "open") return { ok: false, unavailable: unavailable("not_open", org.name, campaign!.title) };
  return { ok: true, invitation: current!, campaign: campaign!, org };
}

async function loadSurvey(tx: Transaction, r: Extract<Resolved, { ok: true }>): Promise<Survey> {
  const items = await loadItems(tx, r.campaign.orgId, r.campaign.id);
  const practiceRows = await tx
    .select({ number: practices.number, name: practices.name, definition: practices.definition })
    .from(practices)
    .where(eq(practices.frameworkCode, r.campaign.frameworkCode))
    .orderBy(asc(practices.number));
  const steps: SurveyStep[] = r.campaign.practiceNumbers.map((n) => {
    const p = practiceRows.find((x) => x.number === n)!;
    return {
      practiceNumber: n,
      practiceName: p.name,
      definition: p.definition,
      items: items.filter((i) => i.practiceNumber === n).map(({ practiceName: _unused, ...item }) => item),
    };
  });
  return {
    campaignId: r.campaign.id,
    orgName: r.org.name,
    orgSlug: r.org.slug,
    title: r.campaign.title,
    description: r.campaign.description,
    kind: r.campaign.kind,
    scaleLabels: r.campaign.scaleLabels,
    notApplicableLabel: r.campaign.notApplicableLabel,
    commentsEnabled: r.campaign.commentsEnabled,
    closesOn: r.campaign.closesOn,
    steps,
    demographicQuestions: r.campaign.demographicQuestions,
    preferNotToSay: PREFER_NOT_TO_SAY,
    commentsThreshold: commentsThreshold(r.campaign.anonymityThreshold),
  };
}

const EMPTY_DRAFT: Draft = { answers: {}, comments: {}, demographics: {}, step: 0 };

/** The survey and what the person saved so far, or why it cannot be answered. */
export function openSurvey(key: RespondentKey): Promise<SurveyLookup> {
  return withRespondent(key, async (tx, r) => {
    if (!r.ok) return r.unavailable;
    const [row] = await tx
      .select()
      .from(assessmentDrafts)
      .where(and(eq(assessmentDrafts.orgId, r.invitation.orgId), eq(assessmentDrafts.invitationId, r.invitation.id)));
    const secret = draftSecretOf(key);
    // A draft sealed with another secret (another browser, a link since replaced) cannot be read:
    // the person starts afresh, and their next save replaces it.
    const draft = row && secret ? asDraft(openDraft(secret, r.invitation.id, row.sealed)) : null;
    return { status: "ready", survey: await loadSurvey(tx, r), draft: draft ?? EMPTY_DRAFT };
  });
}

type Cleaned = Draft;

/** Keeps what belongs to this survey; errors beside the fields otherwise. `complete` requires an
 * answer (a value or "not applicable") to every statement. */
function clean(survey: Survey, input: Partial<Draft>, complete: boolean): Cleaned {
  const errors: Record<string, string[]> = {};
  const items = survey.steps.flatMap((s) => s.items);
  const answers: Record<string, number | null> = {};
  for (const item of items) {
    const raw = input.answers?.[item.id];
    if (raw === undefined) {
      if (complete) errors[`answers.${item.id}`] = ["Choose an answer, or “" + survey.notApplicableLabel + "”."];
      continue;
    }
    if (raw !== null && !(Number.isInteger(raw) && raw >= 1 && raw <= 5)) {
      errors[`answers.${item.id}`] = ["Choose one of the five answers, or “" + survey.notApplicableLabel + "”."];
      continue;
    }
    answers[item.id] = raw;
  }
  const comments: Record<string, string> = {};
  if (survey.commentsEnabled) {
    for (const step of survey.steps) {
      const text = (input.comments?.[String(step.practiceNumber)] ?? "").trim();
      if (!text) continue;
      if (text.length > COMMENT_MAX) errors[`comments.${step.practiceNumber}`] = [`Use at most ${COMMENT_MAX.toLocaleString("en-US")} characters.`];
      else comments[String(step.practiceNumber)] = text;
    }
  }
  const demographics: Record<string, string> = {};
  for (const q of survey.demographicQuestions) {
    const value = input.demographics?.[q.category];
    if (value === undefined || value === "") continue;
    if (value !== PREFER_NOT_TO_SAY && !q.options.includes(value)) errors[`demographics.${q.category}`] = ["Choose one of the options, or “Prefer not to say”."];
    else demographics[q.category] = value;
  }
  const step = Number.isInteger(input.step) ? Math.max(0, Math.min(input.step!, survey.steps.length + 1)) : 0;
  if (Object.keys(errors).length > 0) throw new FieldErrors(errors);
  return { answers, comments, demographics, step };
}

export type SaveResult = { status: "saved" } | Unavailable;

/** Saves the answers so far (a closed tab loses nothing). Replaces the previous draft. */
export function saveDraft(key: RespondentKey, input: Partial<Draft>): Promise<SaveResult> {
  return withRespondent(key, async (tx, r) => {
    if (!r.ok) return r.unavailable;
    const draft = clean(await loadSurvey(tx, r), input, false);
    const secret = draftSecretOf(key);
    // Without a secret nothing can be sealed, so nothing is kept (the page always brings one).
    if (!secret) return { status: "saved" as const };
    const sealed = sealDraft(secret, r.invitation.id, draft);
    await tx
      .insert(assessmentDrafts)
      .values({ orgId: r.invitation.orgId, invitationId: r.invitation.id, sealed })
      .onConflictDoUpdate({ target: [assessmentDrafts.orgId, assessmentDrafts.invitationId], set: { sealed } });
    return { status: "saved" as const };
  });
}

export type SubmitResult = { status: "submitted"; kind: CampaignKind } | Unavailable;

/** Submits once. A second submission, even at the same moment, is refused as "used". */
export function submitSurvey(key: RespondentKey, input: Partial<Draft>): Promise<SubmitResult> {
  return withRespondent(
    key,
    async (tx, r) => {
      if (!r.ok) return r.unavailable;
      const value = clean(await loadSurvey(tx, r), input, true);
      const orgId = r.invitation.orgId;
      const claimed = await tx
        .update(assessmentInvitations)
        .set({ completed: true })
        .where(and(eq(assessmentInvitations.orgId, orgId), eq(assessmentInvitations.id, r.invitation.id), eq(assessmentInvitations.completed, false)))
        .returning({ id: assessmentInvitations.id });
      if (claimed.length === 0) return unavailable("used", r.org.name, r.campaign.title);
      const submittedOn = todayIso();
      if (r.campaign.kind === "self") {
        await tx.insert(assessmentSelfResponses).values({
          orgId,
          campaignId: r.campaign.id,
          invitationId: r.invitation.id,
          answers: value.answers,
          comments: value.comments,
          submittedOn,
        });
      } else {
        const [response] = await tx
          .insert(assessmentResponses)
          .values({
            orgId,
            campaignId: r.campaign.id,
            departmentId: r.invitation.departmentId,
            supervisoryLevel: r.invitation.supervisoryLevel,
            demographics: value.demographics,
            submittedOn,
          })
          .returning({ id: assessmentResponses.id });
        const answers = Object.entries(value.answers).map(([itemId, v]) => ({ orgId, responseId: response!.id, itemId, value: v }));
        if (answers.length) await tx.insert(assessmentAnswers).values(answers);
        const comments = Object.entries(value.comments).map(([n, body]) => ({ orgId, responseId: response!.id, practiceNumber: Number(n), body }));
        if (comments.length) await tx.insert(assessmentComments).values(comments);
      }
      await tx.delete(assessmentDrafts).where(and(eq(assessmentDrafts.orgId, orgId), eq(assessmentDrafts.invitationId, r.invitation.id)));
      if (r.campaign.kind !== "self") {
        // Every invitation of the campaign gets this transaction's id, not only the completed one.
        await tx
          .update(assessmentInvitations)
          .set({ completed: sql`${assessmentInvitations.completed}` })
          .where(and(eq(assessmentInvitations.orgId, orgId), eq(assessmentInvitations.campaignId, r.campaign.id)));
      }
      return { status: "submitted" as const, kind: r.campaign.kind };
    },
    true,
  );
}

export type MyCampaign = {
  campaignId: string;
  title: string;
  kind: CampaignKind;
  closesOn: string;
  status: "to_answer" | "answered" | "closed" | "not_open";
  /** Self-assessments the person submitted: their own results can be read. */
  hasSelfResults: boolean;
};

/** Campaigns the signed-in person is invited to (the invitations bound to their account), newest first. */
export async function listMyCampaigns(ctx: TenantContext): Promise<MyCampaign[]> {
  requirePermission(ctx, "assessments.respond");
  return withTenant(ctx, async (tx) => {
    const rows = await tx
      .select({
        campaignId: assessmentCampaigns.id,
        title: assessmentCampaigns.title,
        kind: assessmentCampaigns.kind,
        status: assessmentCampaigns.status,
        opensOn: assessmentCampaigns.opensOn,
        closesOn: assessmentCampaigns.closesOn,
        completed: assessmentInvitations.completed,
        selfResponseId: assessmentSelfResponses.id,
      })
      .from(assessmentInvitations)
      .innerJoin(assessmentCampaigns, and(eq(assessmentCampaigns.orgId, assessmentInvitations.orgId), eq(assessmentCampaigns.id, assessmentInvitations.campaignId)))
      .leftJoin(
        assessmentSelfResponses,
        and(eq(assessmentSelfResponses.orgId, assessmentInvitations.orgId), eq(assessmentSelfResponses.invitationId, assessmentInvitations.id)),
      )
      .where(and(eq(assessmentInvitations.orgId, ctx.orgId), eq(assessmentInvitations.userId, ctx.userId)))
      .orderBy(sql`${assessmentCampaigns.closesOn} desc`);
    return rows
      .filter((r) => r.status !== "draft")
      .map((r) => {
        const s = effectiveStatus(r);
        return {
          campaignId: r.campaignId,
          title: r.title,
          kind: r.kind,
          closesOn: r.closesOn,
          status: r.completed ? "answered" : s === "open" ? "to_answer" : s === "closed" ? "closed" : "not_open",
          hasSelfResults: Boolean(r.selfResponseId),
        } satisfies MyCampaign;
      });
  });
}

/** For the results service: the invitation and self-response of a respondent key, whatever the
 * campaign's status. */
export function withSelfRespondent<T>(
  key: RespondentKey,
  fn: (tx: Transaction, found: { orgId: string; invitationId: string; campaignId: string } | null) => Promise<T>,
): Promise<T> {
  if ("token" in key) {
    if (!TOKEN.test(key.token)) return withTenant({ orgId: null, userId: null }, (tx) => fn(tx, null));
    const tokenHash = hashToken(key.token);
    return withTenant({ orgId: null, userId: null, assessmentTokenHash: tokenHash }, async (tx) => {
      const [found] = await tx.select().from(assessmentInvitations).where(eq(assessmentInvitations.tokenHash, tokenHash));
      if (!found) return fn(tx, null);
      await enterTenant(tx, { orgId: found.orgId, userId: null, assessmentTokenHash: tokenHash });
      if (key.orgSlug !== undefined) {
        const [org] = await tx.select({ slug: organizations.slug }).from(organizations).where(eq(organizations.id, found.orgId));
        if (org?.slug !== key.orgSlug) return fn(tx, null);
      }
      return fn(tx, { orgId: found.orgId, invitationId: found.id, campaignId: found.campaignId });
    });
  }
  const { ctx, campaignId } = key;
  requirePermission(ctx, "assessments.respond");
  return withTenant(ctx, async (tx) => {
    const found = await ownInvitation(tx, ctx, campaignId);
    return fn(tx, found ? { orgId: ctx.orgId, invitationId: found.id, campaignId } : null);
  });
}
