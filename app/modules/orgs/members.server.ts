// Members of an organization, their roles, and the invitations that bring new people in.
//
// Invitation links carry a random single-use token; the database keeps only its SHA-256, so a copy
// of the invitations table (or of the audit log) lets nobody join. The token is shown once to the
// administrator who created it and is written in the invitation email.
import { and, asc, desc, eq, gt, ilike, isNull, or, sql, type SQL } from "drizzle-orm";
import { getDb, type Transaction } from "#db/client.server";
import { departments, invitations, memberships, organizations, users } from "#db/schema";
import { enterTenant, withTenant } from "#db/tenant.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { assertStrongPassword, mapUniqueViolation } from "~/modules/auth/auth.server";
import { hashPassword } from "~/modules/auth/password.server";
import { can, ROLE_LABELS, type Role } from "~/modules/auth/permissions";
import { endSession, hashToken, newToken, readSession, startSession, type SessionUser } from "~/modules/auth/session.server";
import { requirePermission, type TenantContext } from "~/modules/auth/tenant.server";
import { deliverInBackground, enqueueEmail, mailIsConfigured } from "~/modules/mail/outbox.server";
import { FieldErrors, notFound } from "~/utils/http.server";
import { INVITATION_VALID_DAYS, missingDepartmentMessage, needsDepartment } from "./members.schema";
import { isUuid } from "~/modules/core/ids";
import { pageOf } from "~/modules/core/pagination";

export type Member = {
  membershipId: string;
  userId: string;
  displayName: string;
  email: string;
  role: Role;
  departmentId: string | null;
  departmentName: string | null;
  joinedAt: Date;
  isYou: boolean;
};

export type InvitationStatus = "pending" | "expired" | "accepted" | "revoked";

export type Invitation = {
  id: string;
  email: string;
  role: Role;
  departmentId: string | null;
  departmentName: string | null;
  status: InvitationStatus;
  expiresAt: Date;
  createdAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  invitedByName: string | null;
};

export type DepartmentOption = { id: string; name: string };

/** What an administrator sees once after inviting: the link to copy. */
export type IssuedInvitation = {
  invitation: { id: string; email: string; role: Role; expiresAt: Date };
  link: string;
  /** True when the link was also sent by email (SMTP_URL is set). */
  emailed: boolean;
};

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;
const DAY_MS = 24 * 3600 * 1000;

/** The address invitation links start with: PRAXIS_ORIGIN when set (behind a proxy), else the
 * address the request came to. */
export function invitationBaseUrl(request: Request): string {
  return (process.env.PRAXIS_ORIGIN || new URL(request.url).origin).replace(/\/+$/, "");
}

function invitationStatus(row: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }): InvitationStatus {
  if (row.acceptedAt) return "accepted";
  if (row.revokedAt) return "revoked";
  if (row.expiresAt.getTime() <= Date.now()) return "expired";
  return "pending";
}

const lowerEmail = sql<string>`lower(${users.email})`;

// ---------------------------------------------------------------------------------------------
// Reading

const memberColumns = {
  membershipId: memberships.id,
  userId: memberships.userId,
  displayName: users.displayName,
  email: users.email,
  role: memberships.role,
  departmentId: memberships.departmentId,
  departmentName: departments.name,
  joinedAt: memberships.createdAt,
};

/** Members whose name or email contains `search` (case-insensitive); every member without one. */
function memberFilter(ctx: TenantContext, search?: string): SQL {
  const words = (search ?? "").trim();
  if (!words) return eq(memberships.orgId, ctx.orgId);
  const pattern = `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return and(eq(memberships.orgId, ctx.orgId), or(ilike(users.displayName, pattern), ilike(users.email, pattern)))!;
}

function selectMembers(tx: Transaction, ctx: TenantContext, options: { search?: string; limit?: number; offset?: number; membershipId?: string } = {}): Promise<Member[]> {
  const query = tx
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(departments, and(eq(departments.orgId, memberships.orgId), eq(departments.id, memberships.departmentId)))
    .where(and(memberFilter(ctx, options.search), options.membershipId ? eq(memberships.id, options.membershipId) : undefined))
    .orderBy(asc(sql`lower(${users.displayName})`), asc(lowerEmail), asc(memberships.id))
    .$dynamic();
  if (options.limit !== undefined) query.limit(options.limit).offset(options.offset ?? 0);
  return query.then((rows) => rows.map((r) => ({ ...r, isYou: r.membershipId === ctx.membershipId })));
}

async function selectInvitations(tx: Transaction, ctx: TenantContext, options: { openOnly?: boolean } = {}): Promise<Invitation[]> {
  const rows = await tx
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      departmentId: invitations.departmentId,
      departmentName: departments.name,
      expiresAt: invitations.expiresAt,
      createdAt: invitations.createdAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
      invitedByName: users.displayName,
    })
    .from(invitations)
    .leftJoin(departments, and(eq(departments.orgId, invitations.orgId), eq(departments.id, invitations.departmentId)))
    // RLS shows only users who are members of this organization: an inviter who left shows no name.
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(and(eq(invitations.orgId, ctx.orgId), options.openOnly ? and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt)) : undefined))
    .orderBy(desc(invitations.createdAt));
  return rows.map((r) => ({ ...r, status: invitationStatus(r) }));
}

function selectDepartmentOptions(tx: Transaction, ctx: TenantContext): Promise<DepartmentOption[]> {
  // A small query of our own (not the departments service): the choices offered in member forms.
  return tx
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .where(and(eq(departments.orgId, ctx.orgId), isNull(departments.archivedAt)))
    .orderBy(asc(sql`lower(${departments.name})`));
}

/** Members sorted by name, with their role and department. */
export async function listMembers(ctx: TenantContext): Promise<Member[]> {
  requirePermission(ctx, "members.read");
  return withTenant(ctx, (tx) => selectMembers(tx, ctx));
}

/** Every invitation of the organization, newest first, with its status. */
export async function listInvitations(ctx: TenantContext): Promise<Invitation[]> {
  requirePermission(ctx, "members.manage");
  return withTenant(ctx, (tx) => selectInvitations(tx, ctx));
}

/** Departments a member or an invitation can be given (this organization's, not archived). */
export async function listDepartmentOptions(ctx: TenantContext): Promise<DepartmentOption[]> {
  requirePermission(ctx, "members.manage");
  return withTenant(ctx, (tx) => selectDepartmentOptions(tx, ctx));
}

/** Members listed on one page of the members page. */
export const MEMBERS_PAGE_SIZE = 25;

export type MembersPage = {
  /** One page of the members matching the search, by name. */
  members: Member[];
  /** How many members match the search (all of them without one), and in the organization. */
  matching: number;
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
  search: string;
  /** The member named in the address (to change the role of, or to remove), wherever they are
   * listed; null when there is none, or the caller may not manage members. */
  selected: Member | null;
  /** Open (pending or expired) invitations, for administrators only; empty otherwise. */
  invitations: Invitation[];
  departments: DepartmentOption[];
  canManage: boolean;
  mailConfigured: boolean;
};

/** One page of the members page, in one transaction: the members matching `search` (name or
 * email), the open invitations and the department choices for administrators. A page past the
 * last shows the last. */
export async function getMembersPage(
  ctx: TenantContext,
  options: { page?: number; search?: string | null; selectedId?: string | null } = {},
): Promise<MembersPage> {
  requirePermission(ctx, "members.read");
  const canManage = can(ctx.role, "members.manage");
  const search = (options.search ?? "").trim().slice(0, 200);
  return withTenant(ctx, async (tx) => {
    const [counts] = await tx
      .select({
        total: sql<number>`count(*)::int`,
        matching: search ? sql<number>`count(*) filter (where ${memberFilter(ctx, search)})::int` : sql<number>`count(*)::int`,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.orgId, ctx.orgId));
    const matching = Number(counts?.matching ?? 0);
    const { page, pageCount, offset } = pageOf(matching, options.page, MEMBERS_PAGE_SIZE);
    const selectedId = canManage && isUuid(options.selectedId) ? options.selectedId : null;
    return {
      members: await selectMembers(tx, ctx, { search, limit: MEMBERS_PAGE_SIZE, offset }),
      matching,
      total: Number(counts?.total ?? 0),
      page,
      pageCount,
      pageSize: MEMBERS_PAGE_SIZE,
      search,
      selected: selectedId ? ((await selectMembers(tx, ctx, { membershipId: selectedId }))[0] ?? null) : null,
      invitations: canManage ? await selectInvitations(tx, ctx, { openOnly: true }) : [],
      departments: canManage ? await selectDepartmentOptions(tx, ctx) : [],
      canManage,
      mailConfigured: mailIsConfigured(),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Rules shared by role changes and invitations

/** The department a role needs, checked to be this organization's and not archived; null for
 * the roles that have none (whatever was submitted). */
async function resolveDepartment(
  tx: Transaction,
  ctx: TenantContext,
  role: Role,
  departmentId: string | null | undefined,
  field = "departmentId",
): Promise<{ id: string; name: string } | null> {
  if (!needsDepartment(role)) return null;
  if (!departmentId) throw FieldErrors.of(field, missingDepartmentMessage(role));
  const [department] = isUuid(departmentId)
    ? await tx
        .select({ id: departments.id, name: departments.name })
        .from(departments)
        .where(and(eq(departments.orgId, ctx.orgId), eq(departments.id, departmentId), isNull(departments.archivedAt)))
    : [];
  if (!department) throw FieldErrors.of(field, "Choose a department from the list. Archived departments cannot be chosen.");
  return department;
}

/** Refuses a change that would leave the organization without an administrator. The admin rows
 * are locked so that two administrators demoting each other at the same moment cannot both win. */
async function assertAnotherAdmin(tx: Transaction, ctx: TenantContext, membershipId: string, field: string, message: string) {
  const admins = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.orgId, ctx.orgId), eq(memberships.role, "admin")))
    .for("update");
  if (!admins.some((a) => a.id !== membershipId)) throw FieldErrors.of(field, message);
}

export async function findMember(tx: Transaction, ctx: TenantContext, membershipId: string) {
  if (!isUuid(membershipId)) notFound("There is no such member in this organization.");
  const [member] = await tx
    .select({
      id: memberships.id,
      userId: memberships.userId,
      role: memberships.role,
      departmentId: memberships.departmentId,
      displayName: users.displayName,
      email: users.email,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, ctx.orgId), eq(memberships.id, membershipId)))
    .for("update", { of: memberships });
  if (!member) notFound("There is no such member in this organization.");
  return member;
}

async function memberWithEmail(tx: Transaction, ctx: TenantContext, email: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, ctx.orgId), eq(lowerEmail, email.toLowerCase())));
  return Boolean(row);
}

// ---------------------------------------------------------------------------------------------
// Changing members

export async function changeRole(
  ctx: TenantContext,
  membershipId: string,
  role: Role,
  departmentId?: string | null,
): Promise<{ displayName: string; role: Role; departmentName: string | null; changed: boolean }> {
  requirePermission(ctx, "members.manage");
  return withTenant(ctx, async (tx) => {
    const member = await findMember(tx, ctx, membershipId);
    const department = await resolveDepartment(tx, ctx, role, departmentId);
    const newDepartmentId = department?.id ?? null;
    if (member.role === role && member.departmentId === newDepartmentId) {
      return { displayName: member.displayName, role, departmentName: department?.name ?? null, changed: false };
    }
    if (member.role === "admin" && role !== "admin") {
      await assertAnotherAdmin(
        tx,
        ctx,
        member.id,
        "role",
        `${member.displayName} is the only administrator of ${ctx.orgName}. Make another member an administrator first, then change this role.`,
      );
    }
    await tx
      .update(memberships)
      .set({ role, departmentId: newDepartmentId })
      .where(and(eq(memberships.orgId, ctx.orgId), eq(memberships.id, member.id)));
    await recordAudit(tx, {
      orgId: ctx.orgId,
      actorUserId: ctx.userId,
      action: "member.role_change",
      entityType: "membership",
      entityId: member.id,
      before: { userId: member.userId, email: member.email, role: member.role, departmentId: member.departmentId },
      after: { userId: member.userId, email: member.email, role, departmentId: newDepartmentId },
    });
    return { displayName: member.displayName, role, departmentName: department?.name ?? null, changed: true };
  });
}

/** Takes a person out of the organization. Their account and their sessions stay (they may
 * belong to other organizations); this organization answers them 404 from the next request. */
export async function removeMember(ctx: TenantContext, membershipId: string): Promise<{ displayName: string }> {
  requirePermission(ctx, "members.manage");
  return withTenant(ctx, async (tx) => {
    const member = await findMember(tx, ctx, membershipId);
    if (member.role === "admin") {
      await assertAnotherAdmin(
        tx,
        ctx,
        member.id,
        "form",
        `${member.displayName} is the only administrator of ${ctx.orgName}, so they cannot be removed. Make another member an administrator first.`,
      );
    }
    await tx.delete(memberships).where(and(eq(memberships.orgId, ctx.orgId), eq(memberships.id, member.id)));
    await recordAudit(tx, {
      orgId: ctx.orgId,
      actorUserId: ctx.userId,
      action: "member.remove",
      entityType: "membership",
      entityId: member.id,
      before: {
        userId: member.userId,
        email: member.email,
        displayName: member.displayName,
        role: member.role,
        departmentId: member.departmentId,
      },
    });
    return { displayName: member.displayName };
  });
}

// ---------------------------------------------------------------------------------------------
// Invitations (administrator side)

function formatDay(date: Date): string {
  return new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" }).format(date);
}

function invitationEmail(input: {
  orgName: string;
  inviterName: string;
  role: Role;
  departmentName: string | null;
  link: string;
  expiresAt: Date;
}): { subject: string; text: string } {
  const as = ROLE_LABELS[input.role] + (input.departmentName ? ` (${input.departmentName})` : "");
  return {
    subject: `Invitation to join ${input.orgName} in Praxis`,
    text: [
      "Hello,",
      "",
      `${input.inviterName} invited you to join ${input.orgName} in Praxis as ${as}.`,
      "",
      `To accept, open this link. It works once and expires on ${formatDay(input.expiresAt)}:`,
      input.link,
      "",
      "If you did not expect this invitation, you can ignore this email.",
    ].join("\n"),
  };
}

export type InvitationInput = { email: string; role: Role; departmentId?: string | null };

export async function createInvitation(
  ctx: TenantContext,
  input: InvitationInput,
  baseUrl: string,
): Promise<IssuedInvitation> {
  requirePermission(ctx, "members.manage");
  const email = input.email.trim().toLowerCase();
  const token = newToken();
  const expiresAt = new Date(Date.now() + INVITATION_VALID_DAYS * DAY_MS);
  const link = `${baseUrl}/invite/${token}`;
  const invitation = await withTenant(ctx, async (tx) => {
    const department = await resolveDepartment(tx, ctx, input.role, input.departmentId);
    if (await memberWithEmail(tx, ctx, email)) {
      throw FieldErrors.of("email", `${email} is already a member of ${ctx.orgName}. To change what they may do, change their role in the members list.`);
    }
    // One open invitation per email: an earlier link for the same person stops working.
    const replaced = await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(invitations.orgId, ctx.orgId),
          eq(sql`lower(${invitations.email})`, email),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      )
      .returning({ id: invitations.id });
    for (const old of replaced) {
      await recordAudit(tx, {
        orgId: ctx.orgId,
        actorUserId: ctx.userId,
        action: "invitation.revoke",
        entityType: "invitation",
        entityId: old.id,
        after: { email, reason: "replaced by a new invitation" },
      });
    }
    const [row] = await tx
      .insert(invitations)
      .values({
        orgId: ctx.orgId,
        email,
        role: input.role,
        departmentId: department?.id ?? null,
        tokenHash: hashToken(token),
        expiresAt,
        invitedBy: ctx.userId,
      })
      .returning({ id: invitations.id });
    await recordAudit(tx, {
      orgId: ctx.orgId,
      actorUserId: ctx.userId,
      action: "invitation.create",
      entityType: "invitation",
      entityId: row!.id,
      after: { email, role: input.role, departmentId: department?.id ?? null, expiresAt: expiresAt.toISOString() },
    });
    await enqueueEmail(tx, {
      orgId: ctx.orgId,
      to: email,
      ...invitationEmail({
        orgName: ctx.orgName,
        inviterName: ctx.user.displayName,
        role: input.role,
        departmentName: department?.name ?? null,
        link,
        expiresAt,
      }),
    });
    return { id: row!.id, email, role: input.role, expiresAt };
  });
  deliverInBackground(ctx.orgId);
  return { invitation, link, emailed: mailIsConfigured() };
}

async function findInvitation(tx: Transaction, ctx: TenantContext, id: string) {
  if (!isUuid(id)) notFound("There is no such invitation in this organization.");
  const [row] = await tx
    .select()
    .from(invitations)
    .where(and(eq(invitations.orgId, ctx.orgId), eq(invitations.id, id)))
    .for("update");
  if (!row) notFound("There is no such invitation in this organization.");
  return row;
}

export async function revokeInvitation(ctx: TenantContext, id: string): Promise<{ email: string }> {
  requirePermission(ctx, "members.manage");
  return withTenant(ctx, async (tx) => {
    const row = await findInvitation(tx, ctx, id);
    const status = invitationStatus(row);
    if (status === "accepted") {
      throw new FieldErrors({ form: [`${row.email} already accepted this invitation. To take their access away, remove them from the members list.`] });
    }
    if (status === "revoked") return { email: row.email };
    await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(and(eq(invitations.orgId, ctx.orgId), eq(invitations.id, row.id)));
    await recordAudit(tx, {
      orgId: ctx.orgId,
      actorUserId: ctx.userId,
      action: "invitation.revoke",
      entityType: "invitation",
      entityId: row.id,
      before: { email: row.email, role: row.role, status },
      after: { email: row.email, role: row.role, status: "revoked" },
    });
    return { email: row.email };
  });
}

/** A new link (and a new 7 days) for a pending or expired invitation; the old link stops working. */
export async function resendInvitation(ctx: TenantContext, id: string, baseUrl: string): Promise<IssuedInvitation> {
  requirePermission(ctx, "members.manage");
  const token = newToken();
  const expiresAt = new Date(Date.now() + INVITATION_VALID_DAYS * DAY_MS);
  const link = `${baseUrl}/invite/${token}`;
  const invitation = await withTenant(ctx, async (tx) => {
    const row = await findInvitation(tx, ctx, id);
    const status = invitationStatus(row);
    if (status === "accepted") throw new FieldErrors({ form: [`${row.email} already accepted this invitation.`] });
    if (status === "revoked") {
      throw new FieldErrors({ form: [`The invitation for ${row.email} was revoked. Invite them again instead.`] });
    }
    if (await memberWithEmail(tx, ctx, row.email)) {
      throw new FieldErrors({ form: [`${row.email} is already a member of ${ctx.orgName}. Revoke this invitation instead.`] });
    }
    const department = await resolveDepartment(tx, ctx, row.role, row.departmentId, "form");
    await tx
      .update(invitations)
      .set({ tokenHash: hashToken(token), expiresAt })
      .where(and(eq(invitations.orgId, ctx.orgId), eq(invitations.id, row.id)));
    await recordAudit(tx, {
      orgId: ctx.orgId,
      actorUserId: ctx.userId,
      action: "invitation.resend",
      entityType: "invitation",
      entityId: row.id,
      before: { email: row.email, expiresAt: row.expiresAt.toISOString() },
      after: { email: row.email, expiresAt: expiresAt.toISOString() },
    });
    await enqueueEmail(tx, {
      orgId: ctx.orgId,
      to: row.email,
      ...invitationEmail({
        orgName: ctx.orgName,
        inviterName: ctx.user.displayName,
        role: row.role,
        departmentName: department?.name ?? null,
        link,
        expiresAt,
      }),
    });
    return { id: row.id, email: row.email, role: row.role, expiresAt };
  });
  deliverInBackground(ctx.orgId);
  return { invitation, link, emailed: mailIsConfigured() };
}

// ---------------------------------------------------------------------------------------------
// Invitations (invitee side): the invitee is not a member yet; the token is their only credential.

export type TokenStatus = "valid" | "expired" | "used" | "revoked" | "unknown";

export type InvitationLookup =
  | { status: "unknown" }
  | {
      status: Exclude<TokenStatus, "unknown">;
      invitationId: string;
      orgId: string;
      orgSlug: string;
      orgName: string;
      email: string;
      role: Role;
      departmentName: string | null;
      expiresAt: Date;
      /** Whether a Praxis account already uses the invited email (valid invitations only). */
      accountExists: boolean;
    };

/** Thrown when an invitation can no longer be accepted (used, expired, revoked, unknown). */
export class InvitationUnavailable extends Error {
  constructor(public readonly status: Exclude<TokenStatus, "valid">) {
    super(`This invitation cannot be accepted (${status}).`);
    this.name = "InvitationUnavailable";
  }
}

function tokenStatusOf(row: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }): Exclude<TokenStatus, "unknown"> {
  const status = invitationStatus(row);
  return status === "pending" ? "valid" : status === "accepted" ? "used" : status;
}

async function accountExists(email: string): Promise<boolean> {
  // Users are global: only the owner connection can tell whether an address has an account
  // (as sign-in does). The caller holds the invitation for this very address.
  const [row] = await getDb().select({ id: users.id }).from(users).where(eq(lowerEmail, email.toLowerCase()));
  return Boolean(row);
}

export async function getInvitationByToken(token: string): Promise<InvitationLookup> {
  if (!TOKEN.test(token)) return { status: "unknown" };
  const tokenHash = hashToken(token);
  const found = await withTenant({ orgId: null, userId: null, invitationTokenHash: tokenHash }, async (tx) => {
    const [row] = await tx.select().from(invitations).where(eq(invitations.tokenHash, tokenHash));
    if (!row) return null;
    // The token proves the holder was invited to this organization: enough to show its name and
    // the department, read in the organization's own scope.
    await enterTenant(tx, { orgId: row.orgId, userId: null, invitationTokenHash: tokenHash });
    const [org] = await tx
      .select({ slug: organizations.slug, name: organizations.name })
      .from(organizations)
      .where(eq(organizations.id, row.orgId));
    const [department] = row.departmentId
      ? await tx
          .select({ name: departments.name })
          .from(departments)
          .where(and(eq(departments.orgId, row.orgId), eq(departments.id, row.departmentId)))
      : [];
    return { row, org: org!, departmentName: department?.name ?? null };
  });
  if (!found) return { status: "unknown" };
  const { row, org, departmentName } = found;
  const status = tokenStatusOf(row);
  return {
    status,
    invitationId: row.id,
    orgId: row.orgId,
    orgSlug: org.slug,
    orgName: org.name,
    email: row.email,
    role: row.role,
    departmentName,
    expiresAt: row.expiresAt,
    accountExists: status === "valid" ? await accountExists(row.email) : false,
  };
}

export type InvitationAcceptor =
  | { user: SessionUser }
  | { newAccount: { displayName: string; password: string } };

export type AcceptedInvitation = {
  orgSlug: string;
  orgName: string;
  membershipId: string;
  userId: string;
  /** Set-Cookie of the new session when an account was created; null for a signed-in user. */
  cookie: string | null;
};

/**
 * Marks the invitation accepted (once: a conditional UPDATE that only an open, unexpired
 * invitation passes) and creates the membership, in one transaction. With `newAccount` the user is
 * created in that same transaction and a session is started.
 */
export async function acceptInvitation(
  token: string,
  acceptor: InvitationAcceptor,
  request: Request,
): Promise<AcceptedInvitation> {
  const found = await getInvitationByToken(token);
  if (found.status !== "valid") throw new InvitationUnavailable(found.status);
  const tokenHash = hashToken(token);

  if ("user" in acceptor) {
    const { user } = acceptor;
    if (user.email.toLowerCase() !== found.email.toLowerCase()) {
      throw new FieldErrors({
        form: [`This invitation is for ${found.email}, but you are signed in as ${user.email}. Sign out, then open the invitation link again.`],
      });
    }
    let membershipId = "";
    try {
      membershipId = await getDb().transaction(async (tx) => {
        await enterTenant(tx, { orgId: found.orgId, userId: user.id, invitationTokenHash: tokenHash });
        return claimAndJoin(tx, found.orgId, tokenHash, user.id, false);
      });
    } catch (error) {
      mapUniqueViolation(error, { memberships_org_user_key: ["form", `You are already a member of ${found.orgName}.`] });
    }
    return { orgSlug: found.orgSlug, orgName: found.orgName, membershipId, userId: user.id, cookie: null };
  }

  const { displayName, password } = acceptor.newAccount;
  assertStrongPassword(password, [displayName, found.email.split("@")[0] ?? "", found.orgName]);
  const passwordHash = await hashPassword(password);
  let userId = "";
  let membershipId = "";
  try {
    await getDb().transaction(async (tx) => {
      // The user is global, so the owner connection creates it; everything after is tenant data.
      const [created] = await tx
        .insert(users)
        .values({ email: found.email.toLowerCase(), displayName, passwordHash, passwordChangedAt: new Date() })
        .returning({ id: users.id });
      userId = created!.id;
      await enterTenant(tx, { orgId: found.orgId, userId, invitationTokenHash: tokenHash });
      membershipId = await claimAndJoin(tx, found.orgId, tokenHash, userId, true);
    });
  } catch (error) {
    mapUniqueViolation(error, {
      users_email_key: ["form", `An account with ${found.email} already exists. Sign in to accept the invitation.`],
    });
  }
  // Whoever was signed in on this browser before is signed out: the new account takes over.
  const previous = await readSession(request);
  if (previous) await endSession(previous.sessionId);
  const cookie = await startSession(userId, request);
  return { orgSlug: found.orgSlug, orgName: found.orgName, membershipId, userId, cookie };
}

async function claimAndJoin(
  tx: Transaction,
  orgId: string,
  tokenHash: string,
  userId: string,
  newAccount: boolean,
): Promise<string> {
  const [claimed] = await tx
    .update(invitations)
    .set({ acceptedAt: sql`now()`, acceptedBy: userId })
    .where(
      and(
        eq(invitations.orgId, orgId),
        eq(invitations.tokenHash, tokenHash),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, sql`now()`),
      ),
    )
    .returning({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      departmentId: invitations.departmentId,
    });
  if (!claimed) {
    // Someone (or a double submit) got there first, or it expired or was revoked meanwhile.
    const [row] = await tx.select().from(invitations).where(eq(invitations.tokenHash, tokenHash));
    const status = row ? tokenStatusOf(row) : "unknown";
    throw new InvitationUnavailable(status === "valid" ? "used" : status);
  }
  const [membership] = await tx
    .insert(memberships)
    .values({ orgId, userId, role: claimed.role, departmentId: claimed.departmentId })
    .returning({ id: memberships.id });
  await recordAudit(tx, {
    orgId,
    actorUserId: userId,
    action: "invitation.accept",
    entityType: "invitation",
    entityId: claimed.id,
    after: {
      email: claimed.email,
      userId,
      membershipId: membership!.id,
      role: claimed.role,
      departmentId: claimed.departmentId,
      newAccount,
    },
  });
  return membership!.id;
}
