import { eq } from "drizzle-orm";
import type { Transaction } from "#db/client.server";
import { organizations } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { requirePermission, type TenantContext } from "~/modules/auth/tenant.server";
import { FieldErrors, notFound } from "~/utils/http.server";
import { organizationSettingsSchema, type OrganizationSettingsInput } from "./settings.schema";

export type OrganizationSettings = {
  /** Read-only: it is in every link people have saved or shared. */
  slug: string;
  name: string;
  kind: (typeof organizations.$inferSelect)["kind"];
  state: string;
  population: number | null;
  fiscalYearStartMonth: number;
  /** IANA name: the organization's "today" (core/today.ts). */
  timeZone: string;
  anonymityThreshold: number;
  /** Who must prove a second factor to reach the organization's pages (tenant.server.ts). */
  twoFactorPolicy: "off" | "admins" | "everyone";
};

async function load(tx: Transaction, orgId: string): Promise<OrganizationSettings> {
  const [row] = await tx
    .select({
      slug: organizations.slug,
      name: organizations.name,
      kind: organizations.kind,
      state: organizations.state,
      population: organizations.population,
      fiscalYearStartMonth: organizations.fiscalYearStartMonth,
      timeZone: organizations.timeZone,
      anonymityThreshold: organizations.anonymityThreshold,
      twoFactorPolicy: organizations.twoFactorPolicy,
    })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  if (!row) notFound("There is no organization at this address, or you are not a member of it.");
  return row;
}

/** Always the caller's own organization: there is no id to pass, so no other one to reach. */
export async function getOrganizationSettings(ctx: TenantContext): Promise<OrganizationSettings> {
  requirePermission(ctx, "org.settings.manage");
  return withTenant(ctx, (tx) => load(tx, ctx.orgId));
}

export async function updateOrganizationSettings(
  ctx: TenantContext,
  input: OrganizationSettingsInput,
): Promise<OrganizationSettings> {
  requirePermission(ctx, "org.settings.manage");
  const parsed = organizationSettingsSchema.safeParse(input);
  if (!parsed.success) throw new FieldErrors(parsed.error.flatten().fieldErrors as Record<string, string[]>);
  return withTenant(ctx, async (tx) => {
    const before = await load(tx, ctx.orgId);
    const { slug, ...beforeFields } = before;
    const value = { ...parsed.data, population: parsed.data.population ?? null, twoFactorPolicy: parsed.data.twoFactorPolicy ?? before.twoFactorPolicy, timeZone: parsed.data.timeZone ?? before.timeZone };
    const changed = (Object.keys(value) as (keyof typeof value)[]).some((k) => value[k] !== beforeFields[k]);
    if (!changed) return before;
    await tx.update(organizations).set(value).where(eq(organizations.id, ctx.orgId));
    await recordAudit(tx, {
      orgId: ctx.orgId,
      actorUserId: ctx.userId,
      action: "organization.update",
      entityType: "organization",
      entityId: ctx.orgId,
      before: beforeFields,
      after: value,
    });
    return { slug, ...value };
  });
}
