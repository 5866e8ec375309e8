// Invitations to answer a campaign: one per person on the active roster.
//
// A link reaches only its owner (docs/decisions/018-anonymity-against-insiders.md): no page, file,
// audit entry or log shows one. Praxis emails it to the address the person had on the roster when
// they were invited (kept on the invitation, so a later roster change moves nothing), and the
// member account with that address, bound at the same moment, answers in the app without a link.
// Only the SHA-256 of a token is stored, so every email issues a new token. What administrators
// are told never depends on who has answered: counts that would (reminders, a resend) are not given.
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Transaction } from "#db/client.server";
import { assessmentDrafts, assessmentInvitations, departments, memberships, staffMembers, users } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { hashToken, newToken } from "~/modules/auth/session.server";
import { requirePermission, type TenantContext } from "~/modules/auth/tenant.server";
import { deliverInBackground, enqueueEmails, mailLeavesOutbox } from "~/modules/mail/outbox.server";
import { FieldErrors } from "~/utils/http.server";
import { effectiveStatus, findCampaign } from "./campaigns.server";

export type CreatedInvitations = {
  created: number;
  /** People of the chosen departments who were already invited (not invited twice). */
  alreadyInvited: number;
  /** Of the new invitations, those bound to a member account (they can answer in the app). */
  inApp: number;
  /** Of the new invitations, those with neither an email address nor an account. */
  unreachable: number;
};

export type Audience = { departmentIds?: string[] | null };

export function surveyLink(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/respond/${token}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

async function assertDistributable(tx: Transaction, ctx: TenantContext, campaignId: string) {
  const campaign = await findCampaign(tx, ctx.orgId, campaignId, true);
  if (effectiveStatus(campaign) === "closed") throw FieldErrors.of("form", "This campaign is closed: no more invitations or reminders can be sent.");
  return campaign;
}

async function departmentNames(tx: Transaction, orgId: string): Promise<Map<string, string>> {
  const rows = await tx.select({ id: departments.id, name: departments.name }).from(departments).where(eq(departments.orgId, orgId));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The member accounts of the organization by lower-case email. */
async function memberAccounts(tx: Transaction, orgId: string): Promise<Map<string, string>> {
  const rows = await tx
    .select({ id: users.id, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, orgId));
  return new Map(rows.map((r) => [r.email.toLowerCase(), r.id]));
}

/** A token hash nobody holds: an invitation exists before any link for it does. */
function unusableTokenHash(): string {
  return hashToken(newToken());
}

/**
 * Invites everyone on the active roster, or the people of the chosen departments, who is not
 * invited yet: fixes the address their links go to and the account that answers in the app.
 * Returns counts only; no link exists until Praxis emails one.
 */
export async function createInvitations(ctx: TenantContext, campaignId: string, audience: Audience): Promise<CreatedInvitations> {
  requirePermission(ctx, "assessments.manage");
  const chosen = audience.departmentIds?.length ? audience.departmentIds : null;
  if (chosen && !chosen.every((id) => UUID.test(id))) throw FieldErrors.of("departmentIds", "Choose departments from the list.");
  return withTenant(ctx, async (tx) => {
    await assertDistributable(tx, ctx, campaignId);
    const names = await departmentNames(tx, ctx.orgId);
    if (chosen && !chosen.every((id) => names.has(id))) throw FieldErrors.of("departmentIds", "Choose departments from the list.");
    const people = await tx
      .select({
        id: staffMembers.id,
        email: staffMembers.email,
        departmentId: staffMembers.departmentId,
        level: staffMembers.supervisoryLevel,
        invitationId: assessmentInvitations.id,
      })
      .from(staffMembers)
      .leftJoin(
        assessmentInvitations,
        and(
          eq(assessmentInvitations.orgId, staffMembers.orgId),
          eq(assessmentInvitations.staffMemberId, staffMembers.id),
          eq(assessmentInvitations.campaignId, campaignId),
        ),
      )
      .where(and(eq(staffMembers.orgId, ctx.orgId), eq(staffMembers.isActive, true), chosen ? inArray(staffMembers.departmentId, chosen) : undefined));
    const accounts = await memberAccounts(tx, ctx.orgId);
    const fresh = people.filter((p) => !p.invitationId);
    const rows = fresh.map((p) => {
      const email = p.email && EMAIL.test(p.email.trim()) ? p.email.trim().toLowerCase() : null;
      return {
        orgId: ctx.orgId,
        id: randomUUID(),
        campaignId,
        staffMemberId: p.id,
        tokenHash: unusableTokenHash(),
        departmentId: p.departmentId,
        supervisoryLevel: p.level,
        email,
        userId: email ? (accounts.get(email) ?? null) : null,
      };
    });
    for (let i = 0; i < rows.length; i += 500) await tx.insert(assessmentInvitations).values(rows.slice(i, i + 500));
    const inApp = rows.filter((r) => r.userId).length;
    const unreachable = rows.filter((r) => !r.email && !r.userId).length;
    await recordAudit(tx, {
      orgId: ctx.orgId,
      actorUserId: ctx.userId,
      action: "assessment_invitations.create",
      entityType: "assessment_campaign",
      entityId: campaignId,
      after: { created: rows.length, departmentIds: chosen, inApp, unreachable },
    });
    return { created: rows.length, alreadyInvited: people.length - fresh.length, inApp, unreachable };
  });
}

type Recipient = { id: string; email: string };

/** New tokens for the given invitations, in one statement per batch; the links, for the emails only. */
async function reissue(tx: Transaction, ctx: TenantContext, rows: Recipient[], baseUrl: string, set: Partial<{ emailSent: boolean; remindersSent: ReturnType<typeof sql> }> = {}) {
  const links: (Recipient & { link: string })[] = [];
  const pairs = rows.map((r) => {
    const token = newToken();
    links.push({ ...r, link: surveyLink(baseUrl, token) });
    return { id: r.id, hash: hashToken(token) };
  });
  for (let i = 0; i < pairs.length; i += 500) {
    const batch = pairs.slice(i, i + 500);
    const cases = sql.join(batch.map((p) => sql`when ${p.id}::uuid then ${p.hash}`), sql` `);
    await tx
      .update(assessmentInvitations)
      .set({ tokenHash: sql`case ${assessmentInvitations.id} ${cases} end`, ...set })
      .where(and(eq(assessmentInvitations.orgId, ctx.orgId), inArray(assessmentInvitations.id, batch.map((p) => p.id))));
  }
  return links;
}

type EmailKind = "invitation" | "reminder" | "reminder-with-draft" | "resend";

function invitationEmail(input: { orgName: string; title: string; closesOn: string; link: string | null; kind: EmailKind }) {
  const reminder = input.kind === "reminder" || input.kind === "reminder-with-draft";
  const lines = [
    "Hello,",
    "",
    reminder
      ? `This is a reminder: ${input.orgName} would value your answers to "${input.title}".`
      : input.kind === "resend"
        ? `Here is a new personal link to answer "${input.title}" (${input.orgName}).`
        : `${input.orgName} invites you to answer "${input.title}".`,
    "",
    "Your answers are anonymous: who answered and what was answered are stored apart, and results",
    "are only ever shown for groups large enough that no one can be singled out. This link was sent",
    "to you alone: nobody at your organization has a copy of it.",
    "",
  ];
  if (input.link) {
    lines.push(`Open your personal link (it works until ${input.closesOn}; do not forward it):`, input.link, "");
    if (input.kind === "reminder" || input.kind === "resend") lines.push("It replaces any link you received before for this survey.");
    if (input.kind === "resend") lines.push("Answers saved with an earlier link cannot be opened with this one: they were locked with that link.");
  } else {
    lines.push(
      "You have started answering: use the link you used then (it keeps your saved answers; it works",
      `until ${input.closesOn}). If you sign in to Praxis with this email address, you can also answer there.`,
    );
  }
  return { subject: `${reminder ? "Reminder: " : ""}${input.title} (${input.orgName})`, text: lines.join("\n").trim() };
}

export type SendReport = { queued: number | null; withoutEmail: number };

function requireMail() {
  if (!mailLeavesOutbox())
    throw FieldErrors.of(
      "form",
      "Email is not set up on this server (SMTP_URL), so survey links cannot be sent: a link may reach only its owner, and nobody else may hold it. People with a Praxis account answer in the app; ask IT to set up email for the others.",
    );
}

/**
 * Emails a personal link to every invitee with an address who was not emailed yet, answered or
 * not (leaving out those who answered in the app would tell the count of them). The reply's count
 * depends on the roster only.
 */
export async function sendInvitationEmails(ctx: TenantContext, campaignId: string, baseUrl: string): Promise<SendReport> {
  requirePermission(ctx, "assessments.manage");
  requireMail();
  const report = await withTenant(ctx, async (tx) => {
    const campaign = await assertDistributable(tx, ctx, campaignId);
    if (campaign.status !== "open") throw FieldErrors.of("form", "Open the campaign before sending invitations.");
    const rows = await tx
      .select({ id: assessmentInvitations.id, email: assessmentInvitations.email })
      .from(assessmentInvitations)
      .where(and(eq(assessmentInvitations.orgId, ctx.orgId), eq(assessmentInvitations.campaignId, campaignId), eq(assessmentInvitations.emailSent, false)));
    const withEmail = rows.filter((r): r is Recipient => Boolean(r.email));
    const links = await reissue(tx, ctx, withEmail, baseUrl, { emailSent: true });
    await enqueueEmails(
      tx,
      links.map((l) => ({ orgId: ctx.orgId, to: l.email, ...invitationEmail({ orgName: ctx.orgName, title: campaign.title, closesOn: campaign.closesOn, link: l.link, kind: "invitation" }) })),
    );
    const withoutEmail = rows.length - withEmail.length;
    await recordAudit(tx, {
      orgId: ctx.orgId,
      actorUserId: ctx.userId,
      action: "assessment_invitations.email",
      entityType: "assessment_campaign",
      entityId: campaignId,
      after: { queued: links.length, withoutEmail },
    });
    return { queued: links.length, withoutEmail };
  });
  if (report.queued) deliverInBackground(ctx.orgId);
  return report;
}

/**
 * Reminds everyone with an address who has not answered. Someone with a saved draft is told to go
 * on with the link they used (a new one could not open the draft); the others get a new link. The
 * reply and the audit entry hold no count: the number reminded is the number who have not answered.
 */
export async function sendReminders(ctx: TenantContext, campaignId: string, baseUrl: string): Promise<SendReport> {
  requirePermission(ctx, "assessments.manage");
  requireMail();
  const report = await withTenant(ctx, async (tx) => {
    const campaign = await assertDistributable(tx, ctx, campaignId);
    if (campaign.status !== "open") throw FieldErrors.of("form", "Open the campaign before sending reminders.");
    const rows = await tx
      .select({ id: assessmentInvitations.id, email: assessmentInvitations.email, draft: assessmentDrafts.invitationId })
      .from(assessmentInvitations)
      .leftJoin(assessmentDrafts, and(eq(assessmentDrafts.orgId, assessmentInvitations.orgId), eq(assessmentDrafts.invitationId, assessmentInvitations.id)))
      .where(
        and(
          eq(assessmentInvitations.orgId, ctx.orgId),
          eq(assessmentInvitations.campaignId, campaignId),
          eq(assessmentInvitations.completed, false),
          isNotNull(assessmentInvitations.email),
        ),
      );
    const withDraft = rows.filter((r) => r.draft).map((r) => ({ id: r.id, email: r.email!, link: null }));
    const links = await reissue(tx, ctx, rows.filter((r) => !r.draft).map((r) => ({ id: r.id, email: r.email! })), baseUrl);
    const message = (link: string | null) =>
      invitationEmail({ orgName: ctx.orgName, title: campaign.title, closesOn: campaign.closesOn, link, kind: link ? "reminder" : "reminder-with-draft" });
    await enqueueEmails(tx, [...links, ...withDraft].map((l) => ({ orgId: ctx.orgId, to: l.email, ...message(l.link) })));
    await recordAudit(tx, { orgId: ctx.orgId, actorUserId: ctx.userId, action: "assessment_invitations.remind", entityType: "assessment_campaign", entityId: campaignId });
    return { queued: links.length + withDraft.length };
  });
  if (report.queued > 0) deliverInBackground(ctx.orgId);
  return { queued: null, withoutEmail: 0 };
}

/**
 * "Send a new link" for one invitee: to the address they were invited at, only if they have not
 * answered; their earlier link stops working. The caller learns nothing from it: the same reply
 * whether a link was sent or the person had answered.
 */
export async function resendInvitation(ctx: TenantContext, campaignId: string, staffMemberId: string, baseUrl: string): Promise<void> {
  requirePermission(ctx, "assessments.manage");
  requireMail();
  if (!UUID.test(staffMemberId)) throw FieldErrors.of("staffMemberId", "Choose a person from the list.");
  const sent = await withTenant(ctx, async (tx) => {
    const campaign = await assertDistributable(tx, ctx, campaignId);
    if (campaign.status !== "open") throw FieldErrors.of("form", "Open the campaign before sending links.");
    const [invitation] = await tx
      .select({ id: assessmentInvitations.id, email: assessmentInvitations.email, completed: assessmentInvitations.completed })
      .from(assessmentInvitations)
      .where(and(eq(assessmentInvitations.orgId, ctx.orgId), eq(assessmentInvitations.campaignId, campaignId), eq(assessmentInvitations.staffMemberId, staffMemberId)));
    if (!invitation) throw FieldErrors.of("staffMemberId", "Choose a person from the list.");
    if (!invitation.email) throw FieldErrors.of("staffMemberId", "This person had no email address on the roster when they were invited: Praxis cannot send them a link.");
    // The audit entry is written either way, and says the same either way.
    await recordAudit(tx, { orgId: ctx.orgId, actorUserId: ctx.userId, action: "assessment_invitations.resend", entityType: "assessment_campaign", entityId: campaignId, after: { staffMemberId } });
    if (invitation.completed) return false;
    const [link] = await reissue(tx, ctx, [{ id: invitation.id, email: invitation.email }], baseUrl);
    await enqueueEmails(tx, [{ orgId: ctx.orgId, to: link!.email, ...invitationEmail({ orgName: ctx.orgName, title: campaign.title, closesOn: campaign.closesOn, link: link!.link, kind: "resend" }) }]);
    return true;
  });
  if (sent) deliverInBackground(ctx.orgId);
}

export type Invitee = { staffMemberId: string; name: string; departmentName: string | null; hasEmail: boolean };

/** Who is invited (the roster's people; never whether they answered), for choosing whom to resend to. */
export async function listInvitees(ctx: TenantContext, campaignId: string): Promise<Invitee[]> {
  requirePermission(ctx, "assessments.manage");
  return withTenant(ctx, async (tx) => {
    await findCampaign(tx, ctx.orgId, campaignId);
    const names = await departmentNames(tx, ctx.orgId);
    const rows = await tx
      .select({ staffMemberId: staffMembers.id, name: staffMembers.fullName, departmentId: assessmentInvitations.departmentId, email: assessmentInvitations.email })
      .from(assessmentInvitations)
      .innerJoin(staffMembers, and(eq(staffMembers.orgId, assessmentInvitations.orgId), eq(staffMembers.id, assessmentInvitations.staffMemberId)))
      .where(and(eq(assessmentInvitations.orgId, ctx.orgId), eq(assessmentInvitations.campaignId, campaignId)))
      .orderBy(asc(staffMembers.fullName));
    return rows.map((r) => ({ staffMemberId: r.staffMemberId, name: r.name, departmentName: r.departmentId ? (names.get(r.departmentId) ?? null) : null, hasEmail: Boolean(r.email) }));
  });
}

export type DistributionSummary = { invited: number; emailed: number; withoutEmail: number; inApp: number; unreachable: number; notInvited: number; mailConfigured: boolean };

/** Counts of the invitations, none of which depends on who answered. */
export async function getDistributionSummary(ctx: TenantContext, campaignId: string): Promise<DistributionSummary> {
  requirePermission(ctx, "assessments.manage");
  return withTenant(ctx, async (tx) => {
    await findCampaign(tx, ctx.orgId, campaignId);
    const [row] = await tx
      .select({
        invited: sql<number>`count(*)::int`,
        emailed: sql<number>`count(*) filter (where ${assessmentInvitations.emailSent})::int`,
        withoutEmail: sql<number>`count(*) filter (where ${assessmentInvitations.email} is null)::int`,
        inApp: sql<number>`count(*) filter (where ${assessmentInvitations.userId} is not null)::int`,
        unreachable: sql<number>`count(*) filter (where ${assessmentInvitations.email} is null and ${assessmentInvitations.userId} is null)::int`,
      })
      .from(assessmentInvitations)
      .where(and(eq(assessmentInvitations.orgId, ctx.orgId), eq(assessmentInvitations.campaignId, campaignId)));
    const [roster] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(staffMembers)
      .leftJoin(
        assessmentInvitations,
        and(eq(assessmentInvitations.orgId, staffMembers.orgId), eq(assessmentInvitations.staffMemberId, staffMembers.id), eq(assessmentInvitations.campaignId, campaignId)),
      )
      .where(and(eq(staffMembers.orgId, ctx.orgId), eq(staffMembers.isActive, true), isNull(assessmentInvitations.id)));
    return {
      invited: row?.invited ?? 0,
      emailed: row?.emailed ?? 0,
      withoutEmail: row?.withoutEmail ?? 0,
      inApp: row?.inApp ?? 0,
      unreachable: row?.unreachable ?? 0,
      notInvited: roster?.n ?? 0,
      mailConfigured: mailLeavesOutbox(),
    };
  });
}
