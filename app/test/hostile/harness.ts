// The hostile-input sweep's tools: a real organization with one record of every kind, real
// sessions for its members, actions called the way Remix calls them (a Request with the session
// cookie, the route's params), and a digest of everything the organization holds, to prove that
// a refused submission wrote nothing.
import { randomBytes } from "node:crypto";
import { decodeBase32IgnorePadding, encodeBase32NoPadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { getDb, rawQuery } from "#db/client.server";
import { userTotp } from "#db/schema";
import { cookieFrom, createTestOrg, createUser, tenantTables, type TestOrg } from "#db/test/factories";
import { fillEveryTenantTable } from "#db/test/fill-tenant-tables";
import { addRoster, BASE_URL, campaignInput, dayOffset, openWithInvitations } from "~/modules/assessments/assessments.test-helpers";
import { createCampaign } from "~/modules/assessments/campaigns.server";
import { startSession } from "~/modules/auth/session.server";
import { issueResetLinkFor } from "~/modules/auth/password-reset.server";
import { createInvitation } from "~/modules/orgs/members.server";
import { deliveriesSettled } from "~/modules/mail/outbox.server";
import type { Role } from "~/modules/auth/permissions";

export type Fixture = {
  org: TestOrg;
  /** Session cookies (name=value) of the organization's members, by role. */
  cookies: Record<Role, string>;
  planId: string;
  goalId: string;
  objectiveId: string;
  measureId: string;
  budgetLineId: string;
  workforceGoalId: string;
  /** A draft campaign, and an open one with a respondent's link. */
  draftCampaignId: string;
  openCampaignId: string;
  respondToken: string;
  /** Someone invited to the open campaign (with an email address). */
  invitedStaffMemberId: string;
  /** Organization invitations that can still be accepted, by their raw tokens: one for a person
   * who already has an account (signed in as inviteeCookie), one for a new account. */
  invitationId: string;
  joinToken: string;
  inviteeCookie: string;
  newAccountToken: string;
  communityShareId: string;
  resourceId: string;
  /** The staff member has begun enrolling an authenticator with this secret (not confirmed); the
   * elected official has two-factor on with `twoFactorSecret`, and `pendingCookie` is their
   * session that still owes the code. */
  enrolmentSecret: string;
  twoFactorSecret: string;
  pendingCookie: string;
  /** A password reset link an administrator made for the department head. */
  resetToken: string;
};

/** The code an authenticator app shows now for a secret. */
export function totpNow(secret: string): string {
  return generateHOTP(decodeBase32IgnorePadding(secret), BigInt(Math.floor(Date.now() / 30_000)), 6);
}

async function idOf(table: string, orgId: string, where = "true"): Promise<string> {
  const [row] = await rawQuery<{ id: string }>(`select id::text as id from "${table}" where org_id = $1 and ${where} limit 1`, [orgId]);
  if (!row) throw new Error(`The fixture has no row in ${table}.`);
  return row.id;
}

/** A fresh organization with a record in every tenant table and sessions for each role. */
export async function buildFixture(label = "hostile"): Promise<Fixture> {
  const org = await createTestOrg(label);
  await fillEveryTenantTable(org);
  // Three people, and the staff member (invited by their account's email, so that they can answer
  // the open campaign in the app).
  await addRoster(org, [...Array.from({ length: 3 }, () => ({ department: "SW" })), { department: "SW", email: org.ctx.staff.user!.email }]);
  const open = await openWithInvitations(org, { title: "Open survey" });
  const draft = await createCampaign(org.ctx.admin, campaignInput({ title: "Draft survey", opensOn: dayOffset(1), closesOn: dayOffset(20) }));
  const invitee = await createUser("invitee");
  const invited = await createInvitation(org.ctx.admin, { email: invitee.email, role: "staff", departmentId: org.departmentIds[0]! }, BASE_URL);
  const newcomer = await createInvitation(org.ctx.admin, { email: `newcomer-${org.slug}@example.test`, role: "staff", departmentId: org.departmentIds[0]! }, BASE_URL);
  const tokenOf = (link: string) => link.slice(link.lastIndexOf("/") + 1);
  const roles = Object.keys(org.ctx) as Role[];
  const cookies = Object.fromEntries(
    await Promise.all(roles.map(async (r) => [r, cookieFrom(await startSession(org.ctx[r].userId, new Request("http://localhost/")))] as const)),
  ) as Record<Role, string>;
  const orgId = org.orgId;
  const enrolmentSecret = encodeBase32NoPadding(randomBytes(20));
  const twoFactorSecret = encodeBase32NoPadding(randomBytes(20));
  await getDb().insert(userTotp).values([
    { userId: org.ctx.staff.userId, secret: enrolmentSecret },
    { userId: org.ctx.elected_official.userId, secret: twoFactorSecret, enabledAt: new Date() },
  ]);
  const reset = await issueResetLinkFor(org.ctx.department_head.userId, org.ctx.admin.userId, BASE_URL);
  return {
    enrolmentSecret,
    twoFactorSecret,
    pendingCookie: cookieFrom(await startSession(org.ctx.elected_official.userId, new Request("http://localhost/"), { needsSecondFactor: true })),
    resetToken: tokenOf(reset.url),
    org,
    cookies,
    planId: await idOf("plans", orgId),
    goalId: await idOf("goals", orgId),
    objectiveId: await idOf("objectives", orgId),
    measureId: await idOf("measures", orgId),
    budgetLineId: await idOf("budget_lines", orgId),
    workforceGoalId: await idOf("workforce_goals", orgId),
    draftCampaignId: draft.id,
    openCampaignId: open.campaign.id,
    respondToken: open.tokens[0]!.token,
    invitedStaffMemberId: (await rawQuery<{ id: string }>(`select staff_member_id::text as id from assessment_invitations where org_id = $1 and campaign_id = $2 and email is not null limit 1`, [orgId, open.campaign.id]))[0]!.id,
    invitationId: invited.invitation.id,
    joinToken: tokenOf(invited.link),
    inviteeCookie: cookieFrom(await startSession(invitee.id, new Request("http://localhost/"))),
    newAccountToken: tokenOf(newcomer.link),
    communityShareId: await idOf("community_demographics", orgId),
    resourceId: await idOf("org_development_resources", orgId),
  };
}

/** The URL a browser would post to: /o/:org/plans/:planId/edit and the like. */
export function pathOf(file: string, params: Record<string, string>): string {
  const segments = file
    .replace(/\.tsx$/, "")
    .replace(/\[\.\]/g, "~dot~")
    .split(".")
    .filter((s) => s !== "_index")
    .map((s) => s.replace(/_$/, "").replace(/~dot~/g, "."))
    .map((s) => (s.startsWith("$") ? encodeURIComponent(params[s.slice(1).replace(/\..*$/, "")] ?? "") + s.replace(/^\$[^.]*/, "") : s));
  return `/${segments.join("/")}`;
}

export function cookieFor(as: Role | "invitee" | "two-factor-pending" | "signed-out", fx: Fixture): string | undefined {
  if (as === "signed-out") return undefined;
  if (as === "invitee") return fx.inviteeCookie;
  if (as === "two-factor-pending") return fx.pendingCookie;
  return fx.cookies[as];
}

export type FormValue = string | string[] | File;
export type FormFields = Record<string, FormValue>;

/** A POST as the browser sends it: multipart form data, the session cookie, a same-origin Origin. */
export function postRequest(path: string, fields: FormFields, cookie?: string): Request {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (Array.isArray(value)) for (const v of value) body.append(name, v);
    else body.append(name, value);
  }
  const headers = new Headers({ Origin: "http://localhost" });
  if (cookie) headers.set("Cookie", cookie);
  return new Request(`http://localhost${path}`, { method: "POST", headers, body });
}

export type Outcome =
  | { kind: "response"; status: number; thrown: boolean; body: string; location: string | null }
  | { kind: "error"; error: unknown };

type ActionFn = (args: { request: Request; params: Record<string, string>; context: unknown }) => unknown;

/** Calls an action as Remix does; a thrown Response is an answer (404, 400, a redirect), any other
 * throw is what the server would turn into a 500. */
export async function callAction(action: ActionFn, request: Request, params: Record<string, string>): Promise<Outcome> {
  try {
    // A client address of its own per call, so that sign-in throttling (per address) of one case
    // does not decide the next.
    const clientIp = `2001:db8::${randomBytes(6).toString("hex").match(/.{4}/g)!.join(":")}`;
    const result = await action({ request, params, context: { clientIp } });
    if (result instanceof Response) return { kind: "response", status: result.status, thrown: false, body: await bodyText(result), location: result.headers.get("Location") };
    // Remix's json() and redirect() are Responses; a plain object would be serialized as 200.
    return { kind: "response", status: 200, thrown: false, body: JSON.stringify(result ?? null), location: null };
  } catch (error) {
    if (error instanceof Response) return { kind: "response", status: error.status, thrown: true, body: await bodyText(error), location: error.headers.get("Location") };
    return { kind: "error", error };
  }
}

async function bodyText(res: Response): Promise<string> {
  const type = res.headers.get("Content-Type") ?? "";
  if (type.startsWith("application/zip")) return "<zip>";
  return res.text();
}

export type Digest = { tables: Record<string, string>; longestRow: number; users: number; organizations: number };


/**
 * Count and hash of the organization's rows in every tenant table (through the owner connection,
 * which RLS does not filter), the longest row, and the number of users and organizations (sign-up
 * and invitations create those). Equal digests before and after = nothing was written.
 */
export async function digest(orgId: string): Promise<Digest> {
  // An email delivery started in the background by an earlier request (or by the fixture's
  // invitations) updates outbox rows whenever it gets to them: wait for it, or a refused request
  // looks as if it wrote outbox_emails (it failed CI once, under load).
  await deliveriesSettled();
  const tables = await tenantTables();
  const parts = tables.map(
    (t) =>
      `select '${t}' as t, count(*)::int as n, coalesce(md5(string_agg(x::text, '|' order by x::text)), '') as h, coalesce(max(length(x::text)), 0)::int as longest from "${t}" x where org_id = $1`,
  );
  const rows = await rawQuery<{ t: string; n: number; h: string; longest: number }>(parts.join(" union all "), [orgId]);
  const [globals] = await rawQuery<{ users: number; organizations: number }>(
    `select (select count(*)::int from users) as users, (select count(*)::int from organizations) as organizations`,
  );
  return {
    tables: Object.fromEntries(rows.map((r) => [r.t, `${r.n}:${r.h}`])),
    longestRow: Math.max(0, ...rows.map((r) => Number(r.longest))),
    users: Number(globals!.users),
    organizations: Number(globals!.organizations),
  };
}

/** The tables whose rows differ between two digests. */
export function changedTables(before: Digest, after: Digest): string[] {
  const names = new Set([...Object.keys(before.tables), ...Object.keys(after.tables)]);
  const changed = [...names].filter((t) => before.tables[t] !== after.tables[t]);
  if (before.users !== after.users) changed.push("users");
  if (before.organizations !== after.organizations) changed.push("organizations");
  return changed;
}
