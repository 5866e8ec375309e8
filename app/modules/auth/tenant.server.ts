import { and, asc, eq, sql } from "drizzle-orm";
import { memberships, organizations } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { redirect } from "@remix-run/node";
import { forbidden, notFound } from "~/utils/http.server";
import { requireSession } from "./auth.server";
import { can, type Permission, type Role } from "./permissions";
import { ssoOnlyDemand } from "./sso-policy.server";
import type { SessionUser } from "./session.server";

/** Who is asking, in which organization, with which role: the first argument of every service. */
export type TenantContext = {
  orgId: string;
  orgSlug: string;
  orgName: string;
  /** The organization's IANA time zone: its "today" (core/today.ts). */
  timeZone: string;
  userId: string;
  role: Role;
  membershipId: string;
  departmentId: string | null;
  user: SessionUser;
  /** The organization's data version when the request began (org_data_versions; the view cache's
   * key). Absent where a context is made by hand (tests, scripts): nothing is cached then. */
  dataVersion?: string;
};

export type MyOrganization = { slug: string; name: string; role: Role };

/** The organizations the user belongs to (the organization switcher). */
export function listMyOrganizations(userId: string): Promise<MyOrganization[]> {
  return withTenant({ orgId: null, userId }, (tx) =>
    tx
      .select({ slug: organizations.slug, name: organizations.name, role: memberships.role })
      .from(memberships)
      .innerJoin(organizations, eq(organizations.id, memberships.orgId))
      .where(eq(memberships.userId, userId))
      .orderBy(asc(organizations.name)),
  );
}

/**
 * Resolves `/o/:org/...` for the signed-in user: a 404 unless they are a member of that
 * organization (an organization they do not belong to looks exactly like one that does not exist).
 */
export async function requireTenant(request: Request, params: { org?: string }): Promise<TenantContext> {
  const session = await requireSession(request);
  const slug = params.org ?? "";
  const [row] = await withTenant({ orgId: null, userId: session.user.id }, (tx) =>
    tx
      .select({
        orgId: organizations.id,
        orgSlug: organizations.slug,
        orgName: organizations.name,
        timeZone: organizations.timeZone,
        role: memberships.role,
        membershipId: memberships.id,
        departmentId: memberships.departmentId,
        twoFactorPolicy: organizations.twoFactorPolicy,
        // Read here, in the same statement, before any of the page's data (see view-cache.server.ts).
        dataVersion: sql<string>`coalesce((select v.version from org_data_versions v where v.org_id = ${organizations.id}), 0)::text`,
      })
      .from(memberships)
      .innerJoin(organizations, eq(organizations.id, memberships.orgId))
      .where(and(eq(memberships.userId, session.user.id), eq(organizations.slug, slug))),
  );
  if (!row) notFound("There is no organization at this address, or you are not a member of it.");
  const { twoFactorPolicy, ...context } = row;
  if (twoFactorRequired(twoFactorPolicy, context.role) && !session.secondFactorAt && session.ssoOrgId !== context.orgId) {
    // The organization asks this role for a second factor and this session has not proved one:
    // no page of the organization until it has (enrolment first, for someone without an app).
    const url = new URL(request.url);
    url.searchParams.delete("_data");
    throw redirect(`/account/two-factor?required=${encodeURIComponent(slug)}&redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (session.ssoOrgId !== context.orgId) {
    // An organization that requires single sign-on: its members in its domains come through its
    // directory (a session from before the rule, or from another organization's directory, is sent
    // there); its administrators' break-glass password needs a second factor.
    const demand = await ssoOnlyDemand(context.orgId, session.user.id, session.user.email, context.role);
    const url = new URL(request.url);
    url.searchParams.delete("_data");
    const here = encodeURIComponent(url.pathname + url.search);
    if (demand === "directory") throw redirect(`/sso/${encodeURIComponent(slug)}?redirectTo=${here}`);
    if (demand === "second-factor" && !session.secondFactorAt) throw redirect(`/account/two-factor?required=${encodeURIComponent(slug)}&redirectTo=${here}`);
  }
  return { ...context, userId: session.user.id, user: session.user };
}

/** Whether the organization's policy asks this role for a second factor. A session that came
 * through the organization's own single sign-on has had its directory vouch for the person, and
 * is not asked again. */
export function twoFactorRequired(policy: "off" | "admins" | "everyone", role: Role): boolean {
  return policy === "everyone" || (policy === "admins" && role === "admin");
}

export function requirePermission(ctx: TenantContext, permission: Permission): void {
  if (!can(ctx.role, permission)) forbidden();
}

/** requireTenant + requirePermission: the first line of most loaders and actions. */
export async function requireTenantPermission(
  request: Request,
  params: { org?: string },
  permission: Permission,
): Promise<TenantContext> {
  const ctx = await requireTenant(request, params);
  requirePermission(ctx, permission);
  return ctx;
}
