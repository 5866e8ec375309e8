// Organizations that make single sign-on the only way in (docs/security.md, "Single sign-on").
// The rule: an organization with "SSO required" is the authority for the addresses in its
// verified email domains. Anyone whose address is in such a domain signs in through that
// organization's directory, and not with a password, unless they are an administrator of the
// organization (a break-glass password, which then needs two-factor for the organization's
// pages). Addresses outside its domains (a consultant, a council member's own address) keep
// their password: the directory cannot vouch for them. A person who is also a member of other
// organizations reaches them with the session their directory gave them (each organization's
// two-factor policy still applies); no organization's rule reaches beyond its own domains.
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { memberships, orgEmailDomains, organizations, orgSsoConfigs } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { domainOf } from "~/modules/orgs/domains.server";
import type { Role } from "./permissions";

export type SsoDirectory = { slug: string; name: string; ssoOnly: boolean };

/** The organizations that verified the domain of this address and sign in through their
 * directory, with the person's role in each (null when not a member). */
async function directoriesOf(email: string, userId: string | null): Promise<(SsoDirectory & { role: Role | null })[]> {
  if (!email.includes("@")) return [];
  const domain = domainOf(email);
  if (!domain) return [];
  const rows = await withTenant({ orgId: null, userId, ssoDomain: domain }, (tx) =>
    tx
      .select({ orgId: organizations.id, slug: organizations.slug, name: organizations.name, ssoOnly: orgSsoConfigs.ssoOnly })
      .from(orgEmailDomains)
      .innerJoin(orgSsoConfigs, eq(orgSsoConfigs.orgId, orgEmailDomains.orgId))
      .innerJoin(organizations, eq(organizations.id, orgEmailDomains.orgId))
      .where(and(eq(orgEmailDomains.domain, domain), isNotNull(orgEmailDomains.verifiedAt), eq(orgSsoConfigs.enabled, true)))
      .orderBy(organizations.name),
  );
  if (rows.length === 0) return [];
  const roles = userId
    ? await withTenant({ orgId: null, userId }, (tx) => tx.select({ orgId: memberships.orgId, role: memberships.role }).from(memberships).where(eq(memberships.userId, userId)))
    : [];
  return rows.map(({ orgId, ...r }) => ({ ...r, role: roles.find((m) => m.orgId === orgId)?.role ?? null }));
}

/** The directories a person with this address can sign in through (the sign-in page's "Use my
 * organization's directory"). Names only organizations that have proved the domain. */
export async function directoriesForEmail(email: string): Promise<SsoDirectory[]> {
  return (await directoriesOf(email, null)).map(({ role: _role, ...d }) => d);
}

/**
 * The organization whose directory this address must use instead of a password, or null when a
 * password is allowed. It depends on the address and, for an administrator's break-glass
 * password, on the account's role: the answer is the same whether or not an account exists, so it
 * tells nothing about who has one.
 */
export async function passwordRefusedFor(email: string, userId: string | null): Promise<SsoDirectory | null> {
  const required = (await directoriesOf(email, userId)).filter((d) => d.ssoOnly);
  if (required.length === 0 || required.some((d) => d.role === "admin")) return null;
  const { role: _role, ...directory } = required[0]!;
  return directory;
}

/** For requireTenant: in an organization that requires single sign-on, what a session that did
 * not come through its directory still owes: nothing, the directory (a member whose address is in
 * its domains), or a second factor (an administrator's break-glass password). */
export async function ssoOnlyDemand(orgId: string, userId: string, email: string, role: Role): Promise<"none" | "directory" | "second-factor"> {
  const domain = domainOf(email.trim().toLowerCase());
  const [row] = await withTenant({ orgId, userId }, (tx) =>
    tx
      .select({
        inDomain: sql<boolean>`exists (select 1 from ${orgEmailDomains} d where d.org_id = ${orgSsoConfigs.orgId} and d.domain = ${domain} and d.verified_at is not null)`,
      })
      .from(orgSsoConfigs)
      .where(and(eq(orgSsoConfigs.orgId, orgId), eq(orgSsoConfigs.enabled, true), eq(orgSsoConfigs.ssoOnly, true))),
  );
  if (!row) return "none";
  if (role === "admin") return "second-factor";
  return row.inDomain ? "directory" : "none";
}
