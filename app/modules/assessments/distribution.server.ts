// Invitations to answer a campaign: one per person on the active roster, a single-use token each.
//
// Only the SHA-256 of a token is stored, so a link can be shown once: when it is created, or when
// it is issued again (which replaces the old one; a half-answered survey continues on the new
// link, since drafts belong to the invitation). Emails and reminders issue new links for the same
// reason. Administrators see counts, never who has or has not answered: reminders are sent by the
// system to those who have not, and the reply reports only how many.
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Transaction } from "#db/client.server";
import { assessmentInvitations, departments, staffMembers } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { hashToken, newToken } from "~/modules/auth/session.server";
import { requirePermission, type TenantContext } from "~/modules/auth/tenant.server";
import { deliverInBackground, enqueueEmails, mailIsConfigured } from "~/modules/mail/outbox.server";
import { toCsv } from "~/modules/core/csv";
import { FieldErrors } from "~/utils/http.server";
import { effectiveStatus, findCampaign } from "./campaigns.server";

export type IssuedLink = {
  invitationId: string;
  name: string;
  email: string | null;
  departmentName: string | null;
  link: string;
};

export type IssuedLinks = {
  /** Shown once: only the hashes are kept. */
  links: IssuedLink[];
  created: number;
  /** People of the chosen departments who were already invited (not invited twice). */
  alreadyInvited: number;
};

export type Audience = { departmentIds?: string[] | null };

export function surveyLink(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/respond/${token}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function assertDistributable(tx: Transaction, ctx: TenantContext, campaignId: string) {
  const campaign = await findCampaign(tx, ctx.orgId, campaignId, true);
  if (effectiveStatus(campaign) === "closed") throw FieldErrors.of("form", "This campaign is closed: no more invitations or reminders can be sent.");
  return campaign;
}

async function departmentNames(tx: Transaction, orgId: string): Promise<Map<string, string>> {
  const rows = await tx.select({ id: departments.id, name: departments.name }).from(departments).where(eq(departments.orgId, orgId));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Invites everyone on the active roster, or the people of the chosen departments, who is not
 * invited yet. Returns each new link once.
 */
export async function createInvitations(ctx: TenantContext, campaignId: string, audience: Audience, baseUrl: string): Promise<IssuedLinks> {
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
        name: staffMembers.fullName,
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
      .where(
        and(
          eq(staffMembers.orgId, ctx.orgId),
          eq(staffMembers.isActive, true),
          chosen ? inArray(staffMembers.departmentId, chosen) : undefined,
        ),
      )
      .orderBy(asc(staffMembers.fullName));
    const fresh = people.filter((p) => !p.invitationId);
    const links: IssuedLink[] = [];
    const rows = fresh.map((p) => {
      const token = newToken();
      const id = randomUUID();
      links.push({ invitationId: id, name: p.name, email: p.email, departmentName: p.departmentId ? (names.get(p.departmentId) ?? null) : null, link: surveyLink(baseUrl, token) });
      return { orgId: ctx.orgId, id, campaignId, staffMemberId: p.id, tokenHash: hashToken(token), departmentId: p.departmentId, supervisoryLevel: p.level };
    });
    for (let i = 0; i < rows.length; i += 500) await tx.insert(assessmentInvitations).values(rows.slice(i, i + 500));
    await recordAudit(tx, {
      orgId: ctx.orgId,
      actorUserId: ctx.userId,
      action: "assessment_invitations.create",
      entityType: "assessment_campaign",
      entityId: campaignId,
      after: { created: rows.length, departmentIds: chosen },
    });
    return { links, created: rows.length, alreadyInvited: people.length - fresh.length };
  });
}

type PendingInvitation = { id: string; name: string; email: string | null; departmentId: string | null };

async function pendingInvitations(
  tx: Transaction,
  ctx: TenantContext,
  campaignId: string,
  audience: Audience & { onlyNotEmailed?: boolean; includeCompleted?: boolean },
): Promise<PendingInvitation[]> {
  const chosen = audience.departmentIds?.length ? audience.departmentIds : null;
  if (chosen && !chosen.every((id) => UUID.test(id))) throw FieldErrors.of("departmentIds", "Choose departments from the list.");
  return tx
    .select({ id: assessmentInvitations.id, name: staffMembers.fullName, email: staffMembers.email, departmentId: assessmentInvitations.departmentId })
    .from(assessmentInvitations)
    .innerJoin(staffMembers, and(eq(staffMembers.orgId, assessmentInvitations.orgId), eq(staffMembers.id, assessmentInvitations.staffMemberId)))
    .where(
      and(
        eq(assessmentInvitations.orgId, ctx.orgId),
        eq(assessmentInvitations.campaignId, campaignId),
        audience.includeCompleted ? undefined : eq(assessmentInvitations.completed, false),
        chosen ? inArray(assessmentInvitations.departmentId, chosen) : undefined,
        audience.onlyNotEmailed ? eq(assessmentInvitations.emailSent, false) : undefined,
      ),
    )
    .orderBy(asc(staffMembers.fullName));
}

/** New tokens for the given invitations, in one statement per batch. */
async function reissue(tx: Transaction, ctx: TenantContext, rows: PendingInvitation[], baseUrl: string, names: Map<string, string>, set: Partial<{ emailSent: boolean; remindersSent: ReturnType<typeof sql> }> = {}) {
  const links: IssuedLink[] = [];
  const pairs = rows.map((r) => {
    const token = newToken();
    links.push({ invitationId: r.id, name: r.name, email: r.email, departmentName: r.departmentId ? (names.get(r.departmentId) ?? null) : null, link: surveyLink(baseUrl, token) });
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

/**
 * New links for everyone invited (or the chosen departments), for copying or a mail-merge CSV.
 * Earlier links stop working; what people had saved continues on the new link. Those who already
 * answered get a new link too (which still says "already answered"): a list of only the others
 * would tell the administrator who answered.
 */
export async function regenerateLinks(ctx: TenantContext, campaignId: string, audience: Audience, baseUrl: string): Promise<IssuedLinks> {
  requirePermission(ctx, "assessments.manage");
  return withTenant(ctx, async (tx) => {
    await assertDistributable(tx, ctx, campaignId);
    const rows = await pendingInvitations(tx, ctx, campaignId, { ...audience, includeCompleted: true });
    const links = await reissue(tx, ctx, rows, baseUrl, await departmentNames(tx, ctx.orgId));
    await recordAudit(tx, { orgId: ctx.orgId, actorUserId: ctx.userId, action: "assessment_invitations.regenerate", entityType: "assessment_campaign", entityId: campaignId, after: { count: links.length } });
    return { links, created: 0, alreadyInvited: 0 };
  });
}

/** The links as a CSV for a mail merge (cells that would start a formula are neutralized). */
export function linksCsv(links: IssuedLink[]): string {
  return toCsv(
    ["Name", "Email", "Department", "Link"],
    links.map((l) => [l.name, l.email ?? "", l.departmentName ?? "", l.link]),
  );
}

function invitationEmail(input: { orgName: string; title: string; closesOn: string; link: string; reminder: boolean }) {
  return {
    subject: `${input.reminder ? "Reminder: " : ""}${input.title} (${input.orgName})`,
    text: [
      "Hello,",
      "",
      input.reminder
        ? `This is a reminder: ${input.orgName} would value your answers to "${input.title}".`
        : `${input.orgName} invites you to answer "${input.title}".`,
      "",
      "Your answers are anonymous: who answered and what was answered are stored apart, and results",
      "are only ever shown for groups large enough that no one can be singled out.",
      "",
      `Open your personal link (it works until ${input.closesOn}; do not forward it):`,
      input.link,
      "",
      input.reminder ? "This link replaces the one you received before. Anything you already saved is kept." : "",
    ]
      .join("\n")
      .trim(),
  };
}

export type SendReport = { queued: number; withoutEmail: number; mailConfigured: boolean };

async function sendTo(ctx: TenantContext, campaignId: string, baseUrl: string, reminder: boolean, audience: Audience): Promise<SendReport> {
  const report = await withTenant(ctx, async (tx) => {
    const campaign = await assertDistributable(tx, ctx, campaignId);
    if (campaign.status !== "open") throw FieldErrors.of("form", "Open the campaign before sending invitations.");
    const rows = await pendingInvitations(tx, ctx, campaignId, { ...audience, onlyNotEmailed: !reminder });
    const withEmail = rows.filter((r) => r.email && r.email.includes("@"));
    const links = await reissue(tx, ctx, withEmail, baseUrl, await departmentNames(tx, ctx.orgId), reminder ? { remindersSent: sql`${assessmentInvitations.remindersSent} + 1` } : { emailSent: true });
    await enqueueEmails(
      tx,
      links.map((l) => ({ orgId: ctx.orgId, to: l.email!, ...invitationEmail({ orgName: ctx.orgName, title: campaign.title, closesOn: campaign.closesOn, link: l.link, reminder }) })),
    );
    await recordAudit(tx, {
      orgId: ctx.orgId,
      actorUserId: ctx.userId,
      action: reminder ? "assessment_invitations.remind" : "assessment_invitations.email",
      entityType: "assessment_campaign",
      entityId: campaignId,
      // Counts only: the audit log never says who had not answered.
      after: { queued: links.length, withoutEmail: rows.length - withEmail.length },
    });
    return { queued: links.length, withoutEmail: rows.length - withEmail.length, mailConfigured: mailIsConfigured() };
  });
  if (report.queued > 0) deliverInBackground(ctx.orgId);
  return report;
}

/** Emails a personal link to every invitee with an email address who was not emailed yet. */
export function sendInvitationEmails(ctx: TenantContext, campaignId: string, baseUrl: string, audience: Audience = {}): Promise<SendReport> {
  requirePermission(ctx, "assessments.manage");
  return sendTo(ctx, campaignId, baseUrl, false, audience);
}

/** Emails a fresh link to everyone who has not answered; the reply holds counts only. */
export function sendReminders(ctx: TenantContext, campaignId: string, baseUrl: string, audience: Audience = {}): Promise<SendReport> {
  requirePermission(ctx, "assessments.manage");
  return sendTo(ctx, campaignId, baseUrl, true, audience);
}

export type DistributionSummary = { invited: number; emailed: number; withoutEmail: number; remindersSent: number; notInvited: number };

/** Counts of the invitations (never who completed; participation is in the results service). */
export async function getDistributionSummary(ctx: TenantContext, campaignId: string): Promise<DistributionSummary> {
  requirePermission(ctx, "assessments.manage");
  return withTenant(ctx, async (tx) => {
    await findCampaign(tx, ctx.orgId, campaignId);
    const [row] = await tx
      .select({
        invited: sql<number>`count(*)::int`,
        emailed: sql<number>`count(*) filter (where ${assessmentInvitations.emailSent})::int`,
        withoutEmail: sql<number>`count(*) filter (where ${staffMembers.email} is null or ${staffMembers.email} not like '%@%')::int`,
        remindersSent: sql<number>`coalesce(sum(${assessmentInvitations.remindersSent}), 0)::int`,
      })
      .from(assessmentInvitations)
      .innerJoin(staffMembers, and(eq(staffMembers.orgId, assessmentInvitations.orgId), eq(staffMembers.id, assessmentInvitations.staffMemberId)))
      .where(and(eq(assessmentInvitations.orgId, ctx.orgId), eq(assessmentInvitations.campaignId, campaignId)));
    const [roster] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(staffMembers)
      .leftJoin(
        assessmentInvitations,
        and(eq(assessmentInvitations.orgId, staffMembers.orgId), eq(assessmentInvitations.staffMemberId, staffMembers.id), eq(assessmentInvitations.campaignId, campaignId)),
      )
      .where(and(eq(staffMembers.orgId, ctx.orgId), eq(staffMembers.isActive, true), isNull(assessmentInvitations.id)));
    return { invited: row?.invited ?? 0, emailed: row?.emailed ?? 0, withoutEmail: row?.withoutEmail ?? 0, remindersSent: row?.remindersSent ?? 0, notInvited: roster?.n ?? 0 };
  });
}
