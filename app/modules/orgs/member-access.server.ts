// Helping a member who cannot sign in: a one-time password reset link (when no mail server sends
// the person one) and a reset of their second factor (a lost phone). Both act on the person's
// account, which is not the organization's alone: an administrator may do either only for someone
// who belongs to no other organization, so no administrator can take over an account through
// which another organization's pages are reached. Both are audited (in every organization of the
// person, by the auth module), neither shows or keeps anything secret beyond the link shown once.
import { withTenant } from "#db/tenant.server";
import { organizationsOf } from "~/modules/auth/account-events.server";
import { issueResetLinkFor, mailIsConfigured, RESET_BY_ADMIN_HOURS } from "~/modules/auth/password-reset.server";
import { requirePermission, type TenantContext } from "~/modules/auth/tenant.server";
import { resetTwoFactorFor, twoFactorStatus } from "~/modules/auth/two-factor.server";
import type { Role } from "~/modules/auth/permissions";
import { FieldErrors } from "~/utils/http.server";
import { findMember } from "./members.server";

export type MemberAccess = {
  membershipId: string;
  displayName: string;
  email: string;
  role: Role;
  isYou: boolean;
  twoFactorEnabled: boolean;
  /** Set when the administrator may not act for this person, with the reason. */
  refusal: string | null;
  mailConfigured: boolean;
  resetLinkHours: number;
};

async function load(ctx: TenantContext, membershipId: string) {
  const member = await withTenant(ctx, (tx) => findMember(tx, ctx, membershipId));
  const orgs = await organizationsOf(member.userId);
  const isYou = member.userId === ctx.userId;
  const refusal = isYou
    ? "This is you: change your password and two-factor on your account page."
    : orgs.some((o) => o !== ctx.orgId)
      ? `${member.displayName} also belongs to another organization in Praxis, so their sign-in is not ${ctx.orgName}'s alone to reset. They can reset their password from the sign-in page ("Forgot your password?") when this server sends email, or ask Praxis's operator.`
      : null;
  return { member, isYou, refusal };
}

export async function getMemberAccess(ctx: TenantContext, membershipId: string): Promise<MemberAccess> {
  requirePermission(ctx, "members.manage");
  const { member, isYou, refusal } = await load(ctx, membershipId);
  return {
    membershipId: member.id,
    displayName: member.displayName,
    email: member.email,
    role: member.role,
    isYou,
    twoFactorEnabled: (await twoFactorStatus(member.userId)).enabled,
    refusal,
    mailConfigured: mailIsConfigured(),
    resetLinkHours: RESET_BY_ADMIN_HOURS,
  };
}

/** A one-time link for the member to choose a new password, valid 24 hours; returned once, never
 * stored (only its hash). */
export async function issueMemberResetLink(ctx: TenantContext, membershipId: string, baseUrl: string): Promise<{ url: string; expiresAt: Date }> {
  requirePermission(ctx, "members.manage");
  const { member, refusal } = await load(ctx, membershipId);
  if (refusal) throw FieldErrors.of("form", refusal);
  return issueResetLinkFor(member.userId, ctx.userId, baseUrl);
}

/** Removes the member's authenticator and recovery codes and ends their sessions. */
export async function resetMemberTwoFactor(ctx: TenantContext, membershipId: string): Promise<{ displayName: string; hadTwoFactor: boolean }> {
  requirePermission(ctx, "members.manage");
  const { member, refusal } = await load(ctx, membershipId);
  if (refusal) throw FieldErrors.of("form", refusal);
  const hadTwoFactor = await resetTwoFactorFor(member.userId, ctx.userId);
  return { displayName: member.displayName, hadTwoFactor };
}
