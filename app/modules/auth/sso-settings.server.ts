// Settings → Single sign-on: an administrator connects the organization's directory (issuer,
// client ID and secret, how a claim maps to roles), turns it on, and may require it. The secret
// is write-only: it is stored, used to redeem codes, and never shown back or audited.
import { eq } from "drizzle-orm";
import { orgSsoConfigs } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { verifiedDomains } from "~/modules/orgs/domains.server";
import { FieldErrors } from "~/utils/http.server";
import { ROLE_LABELS, type Role } from "./permissions";
import { parseRoleMap, type SsoSettingsInput } from "./sso.schema";
import { checkDirectory } from "./sso.server";
import { requirePermission, type TenantContext } from "./tenant.server";

export type SsoSettings = {
  configured: boolean;
  issuer: string;
  clientId: string;
  hasSecret: boolean;
  roleClaim: string;
  /** The role map as the form shows it: "value = Role label" per line. */
  roleMap: string;
  enabled: boolean;
  ssoOnly: boolean;
  verifiedDomains: string[];
};

const roleMapText = (map: Record<string, string>) =>
  Object.entries(map)
    .map(([value, role]) => `${value} = ${ROLE_LABELS[role as Role] ?? role}`)
    .join("\n");

export async function getSsoSettings(ctx: TenantContext): Promise<SsoSettings> {
  requirePermission(ctx, "org.settings.manage");
  const [row] = await withTenant(ctx, (tx) => tx.select().from(orgSsoConfigs).where(eq(orgSsoConfigs.orgId, ctx.orgId)));
  return {
    configured: Boolean(row),
    issuer: row?.issuer ?? "",
    clientId: row?.clientId ?? "",
    hasSecret: Boolean(row?.clientSecret),
    roleClaim: row?.roleClaim ?? "",
    roleMap: roleMapText(row?.roleMap ?? {}),
    enabled: row?.enabled ?? false,
    ssoOnly: row?.ssoOnly ?? false,
    verifiedDomains: await verifiedDomains(ctx),
  };
}

/** Saves the settings after the directory answered its discovery request (outside any
 * transaction: a slow directory holds no database connection). Throws FieldErrors. */
export async function saveSsoSettings(ctx: TenantContext, input: SsoSettingsInput): Promise<void> {
  requirePermission(ctx, "org.settings.manage");
  const [before] = await withTenant(ctx, (tx) => tx.select().from(orgSsoConfigs).where(eq(orgSsoConfigs.orgId, ctx.orgId)));
  const secret = input.clientSecret ? input.clientSecret : before?.clientSecret;
  if (!secret) throw FieldErrors.of("clientSecret", "Enter the client secret your directory gave Praxis.");
  if (input.enabled && (await verifiedDomains(ctx)).length === 0) {
    throw FieldErrors.of("enabled", "Verify your staff's email domain first (Settings → Email domains): single sign-on accepts only addresses in verified domains.");
  }
  if (input.ssoOnly && !before?.ssoOnly && !input.confirmSsoOnly) {
    throw FieldErrors.of("confirmSsoOnly", "Tick this box to confirm: members with addresses in your verified domains will no longer sign in with a password.");
  }
  const problem = await checkDirectory(input.issuer, input.clientId, secret);
  if (problem) throw FieldErrors.of("issuer", problem);
  const values = {
    issuer: input.issuer,
    clientId: input.clientId,
    clientSecret: secret,
    roleClaim: input.roleClaim || null,
    roleMap: parseRoleMap(input.roleMap ?? "").map,
    enabled: input.enabled,
    ssoOnly: input.ssoOnly,
    updatedAt: new Date(),
  };
  const shown = (v: typeof values | typeof before) =>
    v ? { issuer: v.issuer, clientId: v.clientId, roleClaim: v.roleClaim, roleMap: v.roleMap, enabled: v.enabled, ssoOnly: v.ssoOnly } : null;
  await withTenant(ctx, async (tx) => {
    await tx
      .insert(orgSsoConfigs)
      .values({ orgId: ctx.orgId, ...values })
      .onConflictDoUpdate({ target: orgSsoConfigs.orgId, set: values });
    await recordAudit(tx, {
      orgId: ctx.orgId,
      actorUserId: ctx.userId,
      action: "sso.update",
      entityType: "organization",
      entityId: ctx.orgId,
      before: shown(before),
      // Whether the secret changed, never the secret.
      after: { ...shown(values), secretChanged: Boolean(input.clientSecret) && input.clientSecret !== before?.clientSecret },
    });
  });
}
