// Verified email domains: an organization proves it controls a domain by publishing a TXT record
// (`_praxis-verification.<domain>` = `praxis-verification=<token>`), the way Microsoft 365, Google
// Workspace and others do. Single sign-on accepts only addresses in these domains, and other
// features ask isVerifiedDomain() (assessment invitations to the organization's own addresses).
import { randomBytes } from "node:crypto";
import { Resolver } from "node:dns/promises";
import { and, asc, eq, isNotNull } from "drizzle-orm";
import type { Transaction } from "#db/client.server";
import { orgEmailDomains } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { requirePermission, type TenantContext } from "~/modules/auth/tenant.server";
import { isUuid } from "~/modules/core/ids";
import { FieldErrors, notFound } from "~/utils/http.server";
import { verificationRecord } from "./domains.schema";

export type EmailDomain = { id: string; domain: string; verified: boolean; verifiedAt: Date | null; record: { name: string; value: string } };

function resolver(): Resolver {
  const r = new Resolver({ timeout: 3000, tries: 2 });
  // Operators behind split-horizon DNS (and the tests' own DNS server) name the resolvers to ask.
  const servers = (process.env.PRAXIS_DNS_SERVERS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (servers.length) r.setServers(servers);
  return r;
}

const toDomain = (row: typeof orgEmailDomains.$inferSelect): EmailDomain => ({
  id: row.id,
  domain: row.domain,
  verified: row.verifiedAt !== null,
  verifiedAt: row.verifiedAt,
  record: verificationRecord(row.domain, row.verificationToken),
});

export async function listDomains(ctx: TenantContext): Promise<EmailDomain[]> {
  requirePermission(ctx, "org.settings.manage");
  const rows = await withTenant(ctx, (tx) =>
    tx.select().from(orgEmailDomains).where(eq(orgEmailDomains.orgId, ctx.orgId)).orderBy(asc(orgEmailDomains.domain)),
  );
  return rows.map(toDomain);
}

export async function addDomain(ctx: TenantContext, domain: string): Promise<EmailDomain> {
  requirePermission(ctx, "org.settings.manage");
  return withTenant(ctx, async (tx) => {
    const [existing] = await tx.select().from(orgEmailDomains).where(and(eq(orgEmailDomains.orgId, ctx.orgId), eq(orgEmailDomains.domain, domain)));
    if (existing) throw FieldErrors.of("domain", `${domain} is already in the list.`);
    const [row] = await tx
      .insert(orgEmailDomains)
      .values({ orgId: ctx.orgId, domain, verificationToken: randomBytes(18).toString("base64url"), createdBy: ctx.userId })
      .returning();
    await recordAudit(tx, { orgId: ctx.orgId, actorUserId: ctx.userId, action: "domain.add", entityType: "email_domain", entityId: row!.id, after: { domain } });
    return toDomain(row!);
  });
}

async function find(tx: Transaction, ctx: TenantContext, id: string) {
  if (!isUuid(id)) notFound("There is no such domain in this organization.");
  const [row] = await tx.select().from(orgEmailDomains).where(and(eq(orgEmailDomains.orgId, ctx.orgId), eq(orgEmailDomains.id, id)));
  if (!row) notFound("There is no such domain in this organization.");
  return row;
}

/** Looks the TXT record up now; verified when it holds the token. The lookup happens outside any
 * transaction (a slow DNS server holds no database connection). */
export async function verifyDomain(ctx: TenantContext, id: string): Promise<EmailDomain> {
  requirePermission(ctx, "org.settings.manage");
  const row = await withTenant(ctx, (tx) => find(tx, ctx, id));
  if (row.verifiedAt) return toDomain(row);
  const { name, value } = verificationRecord(row.domain, row.verificationToken);
  let records: string[][] = [];
  try {
    records = await resolver().resolveTxt(name);
  } catch {
    records = [];
  }
  if (!records.some((chunks) => chunks.join("") === value)) {
    throw FieldErrors.of(
      "form",
      `No TXT record "${value}" was found at ${name}. Add it at your DNS provider (changes can take up to an hour to appear), then verify again.`,
    );
  }
  return withTenant(ctx, async (tx) => {
    const [updated] = await tx
      .update(orgEmailDomains)
      .set({ verifiedAt: new Date() })
      .where(and(eq(orgEmailDomains.orgId, ctx.orgId), eq(orgEmailDomains.id, id)))
      .returning();
    await recordAudit(tx, { orgId: ctx.orgId, actorUserId: ctx.userId, action: "domain.verify", entityType: "email_domain", entityId: id, after: { domain: row.domain } });
    return toDomain(updated!);
  });
}

export async function removeDomain(ctx: TenantContext, id: string): Promise<{ domain: string }> {
  requirePermission(ctx, "org.settings.manage");
  return withTenant(ctx, async (tx) => {
    const row = await find(tx, ctx, id);
    await tx.delete(orgEmailDomains).where(and(eq(orgEmailDomains.orgId, ctx.orgId), eq(orgEmailDomains.id, id)));
    await recordAudit(tx, { orgId: ctx.orgId, actorUserId: ctx.userId, action: "domain.remove", entityType: "email_domain", entityId: id, before: { domain: row.domain, verified: row.verifiedAt !== null } });
    return { domain: row.domain };
  });
}

/** The organization's verified domains (any member's context may ask: it is not a secret). */
export async function verifiedDomains(ctx: { orgId: string; userId: string | null }): Promise<string[]> {
  const rows = await withTenant(ctx, (tx) =>
    tx
      .select({ domain: orgEmailDomains.domain })
      .from(orgEmailDomains)
      .where(and(eq(orgEmailDomains.orgId, ctx.orgId), isNotNull(orgEmailDomains.verifiedAt))),
  );
  return rows.map((r) => r.domain);
}

export function domainOf(email: string): string {
  return email.trim().toLowerCase().split("@").pop() ?? "";
}

/**
 * Whether an email address is in one of the organization's verified domains (exactly: a
 * subdomain must be verified on its own). For other modules, e.g. "send survey invitations only
 * to the organization's own addresses".
 */
export async function isVerifiedDomain(ctx: Pick<TenantContext, "orgId" | "userId">, email: string): Promise<boolean> {
  if (!email.includes("@")) return false;
  return (await verifiedDomains(ctx)).includes(domainOf(email));
}
