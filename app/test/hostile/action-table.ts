// What the hostile-input sweep knows about each route that has an action: who may call it, with
// which params, and one valid submission per intent (the sweep derives every hostile case from
// it). Field names come from the route's zod schema where it exports one (`schema`), otherwise
// from the form in the route module (the keys of `valid`). A route module that exports an action
// and has no entry here fails the sweep: a new form is covered the day it is added.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";
import type { ZodTypeAny } from "zod";
import { ssoSettingsSchema } from "~/modules/auth/sso.schema";
import { campaignInputSchema, resourceInputSchema } from "~/modules/assessments/assessments.schema";
import {
  changePasswordSchema,
  forgotPasswordSchema,
  resetPasswordSchema,
  secondFactorSchema,
  signInSchema,
  signUpSchema,
  ssoEmailSchema,
  twoFactorIntentSchema,
} from "~/modules/auth/auth.schema";
import type { Role } from "~/modules/auth/permissions";
import { communityShareSchema } from "~/modules/orgs/community.schema";
import { departmentSchema } from "~/modules/orgs/departments.schema";
import { changeRoleSchema, inviteSchema, memberAccessSchema, removeMemberSchema, resendInvitationSchema, revokeInvitationSchema } from "~/modules/orgs/members.schema";
import { organizationSettingsSchema } from "~/modules/orgs/settings.schema";
import { domainIntentSchema } from "~/modules/orgs/domains.schema";
import { startDnsServer, type DnsServer } from "#db/test/dns-server";
import { getDb } from "#db/client.server";
import { enterTenant } from "#db/tenant.server";
import { orgEmailDomains, orgSsoConfigs } from "#db/schema";
import { alignmentFormSchema, goalSchema, measureSchema, measurementSchema, objectiveSchema, planSchema, statusUpdateSchema } from "~/modules/plans/plans.schema";
import { managerNoteSchema, publishFormSchema } from "~/modules/reports/reports.schema";
import { workforceGoalSchema } from "~/modules/workforce/workforce.schema";
import { rawQuery } from "#db/client.server";
import { saveDraft } from "~/modules/assessments/respond.server";
import { TEST_PASSWORD, uniqueSuffix } from "#db/test/factories";
import { totpNow, type Fixture, type FormFields } from "./harness";
import { dayOffset } from "~/modules/assessments/assessments.test-helpers";

export type Intent = {
  /** A label for reports ("update", "add-goal"); the posted intent, if any, is in `valid`. */
  name: string;
  /** A submission the route accepts (answers below 400): the sweep checks it first. */
  valid: (fx: Fixture) => FormFields;
  schema?: ZodTypeAny;
  /** The action ends what it acts on (a delete, a sign-out, a password change): after an accepted
   * case the sweep builds a fresh fixture. */
  consumes?: boolean;
  /** Puts the fixture in the state the valid submission needs (run after every fixture build). */
  prepare?: (fx: Fixture) => Promise<void>;
  /** Who posts it and with which params, when not the route's. */
  as?: ActionRoute["as"];
  params?: (fx: Fixture) => Record<string, string>;
  /** Tables a refused submission may still write, and why. */
  writesOnRefusal?: { tables: string[]; why: string };
};

export type ActionRoute = {
  /** Signed in as a member of this role, "invitee" (the person an invitation is for),
   * "two-factor-pending" (the elected official, password given, code still owed), or not at all. */
  as: Role | "invitee" | "two-factor-pending" | "signed-out";
  params: (fx: Fixture) => Record<string, string>;
  intents: Intent[];
};

const org = (fx: Fixture) => ({ org: fx.org.slug });
const TODAY = dayOffset(0);
const link = { link: ["3", "3:leadership:A"], primary: "3" };

const campaignForm = (): FormFields => ({
  title: "Hostile input survey",
  description: "About the practices",
  kind: "organizational",
  depth: "practice",
  practiceNumbers: ["3", "4"],
  opensOn: dayOffset(2),
  closesOn: dayOffset(30),
  anonymityThreshold: "5",
});
const measureForm = (): FormFields => ({
  intent: "update",
  code: "",
  name: "Potholes filled",
  unit: "count",
  direction: "higher_is_better",
  baseline: "10",
  target: "20",
  reportingFrequency: "quarterly",
});
const workforceGoalForm = (fx: Fixture): FormFields => ({
  name: "Lower turnover",
  description: "Keep people",
  departmentId: fx.org.departmentIds[0]!,
  metric: "turnover_rate",
  unit: "%",
  direction: "lower_is_better",
  baseline: "12",
  target: "8",
  dueDate: "2027-06-30",
  reportingFrequency: "quarterly",
});
const planForm = (): FormFields => ({ title: "Strategic plan", startFiscalYear: "2026", endFiscalYear: "2030", vision: "A city", mission: "Serve", values: "Care" });
const objectiveForm = (fx: Fixture): FormFields => ({
  code: "",
  title: "Fill the potholes",
  description: "All of them",
  ownerDepartmentId: fx.org.departmentIds[0]!,
  ownerMembershipId: fx.org.ctx.department_head.membershipId,
  dueDate: "2027-06-30",
  reportingFrequency: "quarterly",
});
const signInEmail = (fx: Fixture) => fx.org.ctx.staff.user!.email;

/** A domain of the fixture's organization with a fixed id (the sweep's valid forms are built
 * before anything is read), its TXT record published on a local DNS server. */
const SWEEP_DOMAIN_ID = "00000000-0000-4000-8000-00000000d0a1";
let sweepDns: Promise<DnsServer> | undefined;
async function publishSweepDomain(fx: Fixture): Promise<void> {
  sweepDns ??= startDnsServer();
  const dns = await sweepDns;
  process.env.PRAXIS_DNS_SERVERS = dns.address;
  const domain = `sweep-${fx.org.slug}.example.gov`;
  await getDb().transaction(async (tx) => {
    await enterTenant(tx, { orgId: fx.org.orgId, userId: null });
    await tx.insert(orgEmailDomains).values({ orgId: fx.org.orgId, id: SWEEP_DOMAIN_ID, domain, verificationToken: "sweep-token" });
  });
  dns.txt.set(`_praxis-verification.${domain}`, ["praxis-verification=sweep-token"]);
}

/** The fixture organization signs in through a directory for its own verified domain (the sign-in
 * page's "Use my organization's directory" finds it from an address there). */
async function enableSweepSso(fx: Fixture): Promise<void> {
  await getDb().transaction(async (tx) => {
    await enterTenant(tx, { orgId: fx.org.orgId, userId: null });
    await tx
      .insert(orgEmailDomains)
      .values({ orgId: fx.org.orgId, domain: `sso-${fx.org.slug}.example.gov`, verificationToken: "sweep-sso", verifiedAt: new Date() })
      .onConflictDoNothing();
    await tx
      .insert(orgSsoConfigs)
      .values({ orgId: fx.org.orgId, issuer: "https://login.example.gov", clientId: "praxis", clientSecret: "sweep", enabled: true })
      .onConflictDoUpdate({ target: orgSsoConfigs.orgId, set: { enabled: true } });
  });
}

/** A real OpenID provider on localhost for the single sign-on settings (they are saved only after
 * the directory answers its discovery request), started once for the sweep. */
let sweepDirectory: Promise<string> | undefined;
function sweepIssuer(): Promise<string> {
  sweepDirectory ??= (async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    server.unref();
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const provider = new Provider(issuer, { clients: [{ client_id: "praxis", client_secret: "sweep-client-secret", redirect_uris: ["http://localhost/cb"] }] });
    server.on("request", provider.callback());
    return issuer;
  })();
  return sweepDirectory;
}
let SWEEP_ISSUER = "";

export const ACTION_ROUTES: Record<string, ActionRoute> = {
  "account.tsx": {
    as: "staff",
    params: () => ({}),
    intents: [
      {
        name: "change-password",
        schema: changePasswordSchema,
        valid: () => ({ currentPassword: TEST_PASSWORD, newPassword: "a fresh passphrase for nine", confirmPassword: "a fresh passphrase for nine" }),
        consumes: true,
      },
    ],
  },
  "account_.two-factor.tsx": {
    as: "staff",
    params: () => ({}),
    intents: [
      // Each turns two-factor on or uses up the time step's code: a fresh fixture after each.
      { name: "confirm", schema: twoFactorIntentSchema, valid: (fx) => ({ intent: "confirm", code: totpNow(fx.enrolmentSecret), redirectTo: "/orgs" }), consumes: true },
      { name: "regenerate", as: "elected_official", schema: twoFactorIntentSchema, valid: (fx) => ({ intent: "regenerate", code: totpNow(fx.twoFactorSecret) }), consumes: true },
      {
        name: "verify",
        as: "elected_official",
        schema: twoFactorIntentSchema,
        valid: (fx) => ({ intent: "verify", code: totpNow(fx.twoFactorSecret), redirectTo: "/orgs" }),
        consumes: true,
        writesOnRefusal: { tables: ["audit_events", "org_data_versions"], why: "a wrong code is audited in the account's organizations (which raises their data version)" },
      },
      { name: "disable", as: "elected_official", schema: twoFactorIntentSchema, valid: (fx) => ({ intent: "disable", code: totpNow(fx.twoFactorSecret) }), consumes: true },
    ],
  },
  "forgot-password.tsx": {
    as: "signed-out",
    params: () => ({}),
    intents: [{ name: "request", schema: forgotPasswordSchema, valid: (fx) => ({ email: signInEmail(fx) }) }],
  },
  "reset-password.$token.tsx": {
    as: "signed-out",
    params: (fx) => ({ token: fx.resetToken }),
    intents: [
      {
        name: "reset",
        schema: resetPasswordSchema,
        valid: () => ({ newPassword: "a fresh passphrase for nine", confirmPassword: "a fresh passphrase for nine" }),
        consumes: true,
      },
    ],
  },
  "sign-in_.two-factor.tsx": {
    as: "two-factor-pending",
    params: () => ({}),
    intents: [
      {
        name: "code",
        schema: secondFactorSchema,
        valid: (fx) => ({ code: totpNow(fx.twoFactorSecret), redirectTo: "/orgs" }),
        consumes: true,
        writesOnRefusal: { tables: ["audit_events", "org_data_versions"], why: "a wrong code is audited in the account's organizations (which raises their data version)" },
      },
    ],
  },
  "o.$org.members_.$membershipId.sign-in.tsx": {
    as: "admin",
    params: (fx) => ({ org: fx.org.slug, membershipId: fx.org.ctx.staff.membershipId }),
    intents: [
      { name: "reset-link", schema: memberAccessSchema, valid: () => ({ intent: "reset-link", confirmed: "on" }) },
      { name: "reset-two-factor", schema: memberAccessSchema, valid: () => ({ intent: "reset-two-factor", confirmed: "on" }), consumes: true },
    ],
  },
  "invite.$token.tsx": {
    as: "invitee",
    params: (fx) => ({ token: fx.joinToken }),
    intents: [
      { name: "join", valid: () => ({ intent: "join" }), consumes: true },
      {
        name: "create-account",
        as: "signed-out",
        params: (fx) => ({ token: fx.newAccountToken }),
        valid: () => ({ intent: "create-account", displayName: "Robin Newcomer", password: "a long and unusual passphrase" }),
        consumes: true,
      },
    ],
  },
  "sign-up.tsx": {
    as: "signed-out",
    params: () => ({}),
    intents: [
      {
        name: "sign-up",
        schema: signUpSchema,
        valid: () => {
          const s = uniqueSuffix();
          return {
            displayName: "Pat Example",
            email: `signup-${s}@example.test`,
            password: "a long and unusual passphrase",
            orgName: "City of Hostile Input",
            orgSlug: `hostile-${s}`.slice(0, 48),
            orgKind: "city",
            orgState: "OR",
          };
        },
      },
    ],
  },
  "sign-in.tsx": {
    as: "signed-out",
    params: () => ({}),
    intents: [
      {
        name: "sign-in",
        schema: signInSchema,
        valid: (fx) => ({ email: signInEmail(fx), password: TEST_PASSWORD, redirectTo: "/orgs" }),
        writesOnRefusal: { tables: ["audit_events", "org_data_versions"], why: "a failed sign-in and a lockout are audited in the account's organizations (which raises their data version)" },
      },
      { name: "sso", schema: ssoEmailSchema, prepare: enableSweepSso, valid: (fx) => ({ intent: "sso", ssoEmail: `clerk@sso-${fx.org.slug}.example.gov`, redirectTo: "/orgs" }) },
    ],
  },
  "sign-out.tsx": { as: "staff", params: () => ({}), intents: [{ name: "sign-out", valid: () => ({}), consumes: true }] },
  "respond.$token.tsx": {
    as: "signed-out",
    params: (fx) => ({ token: fx.respondToken }),
    intents: [
      {
        name: "next",
        valid: () => ({ intent: "next", step: "" }),
        writesOnRefusal: { tables: ["assessment_drafts"], why: "the survey saves the respondent's draft before it validates, so a refused step loses nothing" },
      },
      {
        name: "submit",
        // Every statement answered in the draft, so that submitting is accepted.
        prepare: async (fx) => {
          const items = await rawQuery<{ id: string }>(`select id::text as id from assessment_items where org_id = $1 and campaign_id = $2`, [fx.org.orgId, fx.openCampaignId]);
          await saveDraft({ token: fx.respondToken }, { answers: Object.fromEntries(items.map((i) => [i.id, 4])) });
        },
        valid: () => ({ intent: "submit", step: "" }),
        consumes: true,
        writesOnRefusal: { tables: ["assessment_drafts"], why: "the survey saves the respondent's draft before it validates, so a refused step loses nothing" },
      },
    ],
  },
  "o.$org.assessments.$campaignId.answer.tsx": {
    as: "staff",
    params: (fx) => ({ ...org(fx), campaignId: fx.openCampaignId }),
    intents: [
      {
        name: "next",
        valid: () => ({ intent: "next", step: "" }),
        writesOnRefusal: { tables: ["assessment_drafts"], why: "the survey saves the respondent's draft before it validates" },
      },
    ],
  },
  "o.$org.assessments.$campaignId._index.tsx": {
    as: "admin",
    params: (fx) => ({ ...org(fx), campaignId: fx.openCampaignId }),
    intents: [
      { name: "extend", valid: () => ({ intent: "extend", closesOn: dayOffset(40) }) },
      { name: "invite", valid: () => ({ intent: "invite", audience: "everyone" }) },
      { name: "resend", valid: (fx) => ({ intent: "resend", staffMemberId: fx.invitedStaffMemberId }) },
      { name: "email", valid: () => ({ intent: "email" }) },
      { name: "remind", valid: () => ({ intent: "remind" }) },
      { name: "close", valid: () => ({ intent: "close" }), consumes: true },
      { name: "open", params: (fx) => ({ ...org(fx), campaignId: fx.draftCampaignId }), valid: () => ({ intent: "open" }), consumes: true },
      { name: "delete", params: (fx) => ({ ...org(fx), campaignId: fx.draftCampaignId }), valid: () => ({ intent: "delete" }), consumes: true },
    ],
  },
  "o.$org.assessments.$campaignId.edit.tsx": {
    as: "admin",
    params: (fx) => ({ ...org(fx), campaignId: fx.draftCampaignId }),
    intents: [{ name: "update", schema: campaignInputSchema, valid: campaignForm }],
  },
  "o.$org.assessments.new.tsx": { as: "admin", params: org, intents: [{ name: "create", schema: campaignInputSchema, valid: campaignForm }] },
  "o.$org.assessments.resources.tsx": {
    as: "admin",
    params: org,
    intents: [
      { name: "add", schema: resourceInputSchema, valid: () => ({ intent: "add", title: "Guide", description: "Read it", url: "https://example.org/guide", practiceNumbers: ["3"] }) },
      { name: "delete", valid: (fx) => ({ intent: "delete", id: fx.resourceId }), consumes: true },
    ],
  },
  "o.$org.budget.import.tsx": {
    as: "admin",
    params: org,
    intents: [
      {
        name: "upload",
        valid: () => ({ step: "upload", fiscalYear: "2027", mode: "update", csv: "fund,department,account,description,adopted\n100,PW,5100,Salaries,1000\n", fileName: "budget.csv" }),
      },
    ],
  },
  "o.$org.budget.lines.$lineId.tsx": {
    as: "admin",
    params: (fx) => ({ ...org(fx), lineId: fx.budgetLineId }),
    intents: [
      {
        name: "fund-objective",
        // The fixture's line already funds its objective: unlinked first, so that funding it is a change.
        prepare: async (fx) => {
          await rawQuery(`delete from budget_line_objectives where org_id = $1 and budget_line_id = $2`, [fx.org.orgId, fx.budgetLineId]);
        },
        valid: (fx) => ({ intent: "fund-objective", objectiveId: fx.objectiveId }),
      },
      { name: "unfund-objective", valid: (fx) => ({ intent: "unfund-objective", objectiveId: fx.objectiveId }) },
    ],
  },
  "o.$org.budget.lines.$lineId_.practices.tsx": {
    as: "admin",
    params: (fx) => ({ ...org(fx), lineId: fx.budgetLineId }),
    intents: [{ name: "align", schema: alignmentFormSchema, valid: () => ({ ...link }) }],
  },
  "o.$org.departments.$departmentId.tsx": {
    as: "admin",
    params: (fx) => ({ ...org(fx), departmentId: fx.org.departmentIds[1]! }),
    intents: [
      { name: "update", schema: departmentSchema, valid: () => ({ intent: "update", name: "Finance and Budget", code: "FIN", parentId: "" }) },
      { name: "archive", valid: () => ({ intent: "archive" }), consumes: true },
      {
        name: "restore",
        prepare: async (fx) => {
          await rawQuery(`update departments set archived_at = now() where org_id = $1 and id = $2`, [fx.org.orgId, fx.org.departmentIds[1]]);
        },
        valid: () => ({ intent: "restore" }),
        consumes: true,
      },
    ],
  },
  "o.$org.departments._index.tsx": {
    as: "admin",
    params: org,
    intents: [{ name: "create", schema: departmentSchema, valid: () => ({ name: `Parks ${uniqueSuffix()}`, code: `PK-${uniqueSuffix().slice(-6)}`, parentId: "" }) }],
  },
  "o.$org.export[.]zip.tsx": { as: "admin", params: org, intents: [{ name: "export", valid: () => ({ confirm: "yes" }) }] },
  "o.$org.measures.$measureId.edit.tsx": {
    as: "admin",
    params: (fx) => ({ ...org(fx), measureId: fx.measureId }),
    intents: [
      { name: "update", schema: measureSchema, valid: measureForm },
      { name: "delete", valid: () => ({ intent: "delete" }), consumes: true },
    ],
  },
  "o.$org.measures.$measureId.practices.tsx": {
    as: "admin",
    params: (fx) => ({ ...org(fx), measureId: fx.measureId }),
    intents: [{ name: "align", schema: alignmentFormSchema, valid: () => ({ ...link }) }],
  },
  "o.$org.members.tsx": {
    as: "admin",
    params: org,
    intents: [
      { name: "invite", schema: inviteSchema, valid: (fx) => ({ intent: "invite", email: `new-${uniqueSuffix()}@example.test`, role: "staff", departmentId: fx.org.departmentIds[0]! }) },
      { name: "resend", schema: resendInvitationSchema, valid: (fx) => ({ intent: "resend", invitationId: fx.invitationId }) },
      {
        name: "change-role",
        schema: changeRoleSchema,
        valid: (fx) => ({ intent: "change-role", membershipId: fx.org.ctx.staff.membershipId, role: "department_head", departmentId: fx.org.departmentIds[1]! }),
      },
      { name: "remove", schema: removeMemberSchema, valid: (fx) => ({ intent: "remove", membershipId: fx.org.ctx.staff.membershipId }), consumes: true },
      { name: "revoke", schema: revokeInvitationSchema, valid: (fx) => ({ intent: "revoke", invitationId: fx.invitationId }), consumes: true },
    ],
  },
  "o.$org.objectives.$objectiveId.tsx": {
    as: "admin",
    params: (fx) => ({ ...org(fx), objectiveId: fx.objectiveId }),
    intents: [
      { name: "status-update", schema: statusUpdateSchema, valid: () => ({ intent: "status-update", status: "at_risk", narrative: "Rain delayed the work", asOf: TODAY }) },
      { name: "measurement", schema: measurementSchema, valid: (fx) => ({ intent: "measurement", measureId: fx.measureId, period: "2026-01-01", value: "7.5", note: "Counted" }) },
      { name: "delete-objective", valid: () => ({ intent: "delete-objective" }), consumes: true },
    ],
  },
  "o.$org.objectives.$objectiveId_.edit.tsx": {
    as: "admin",
    params: (fx) => ({ ...org(fx), objectiveId: fx.objectiveId }),
    intents: [{ name: "update", schema: objectiveSchema, valid: (fx) => ({ ...objectiveForm(fx), goalId: fx.goalId }) }],
  },
  "o.$org.objectives.$objectiveId_.measures.new.tsx": {
    as: "admin",
    params: (fx) => ({ ...org(fx), objectiveId: fx.objectiveId }),
    intents: [{ name: "create", schema: measureSchema, valid: () => ({ ...measureForm(), intent: "" }) }],
  },
  "o.$org.objectives.$objectiveId_.practices.tsx": {
    as: "admin",
    params: (fx) => ({ ...org(fx), objectiveId: fx.objectiveId }),
    intents: [{ name: "align", schema: alignmentFormSchema, valid: () => ({ ...link }) }],
  },
  "o.$org.plans.$planId._index.tsx": {
    as: "admin",
    params: (fx) => ({ ...org(fx), planId: fx.planId }),
    intents: [
      { name: "add-objective", schema: objectiveSchema, valid: (fx) => ({ intent: "add-objective", ...objectiveForm(fx), goalId: fx.goalId }) },
      { name: "add-goal", schema: goalSchema, valid: () => ({ intent: "add-goal", title: "Safe streets", description: "For all" }) },
      {
        name: "move-goal",
        // A second goal below the fixture's, so that moving it down is a change.
        prepare: async (fx) => {
          await rawQuery(`insert into goals (org_id, plan_id, title, position) values ($1, $2, 'Second goal', 2)`, [fx.org.orgId, fx.planId]);
        },
        valid: (fx) => ({ intent: "move-goal", goalId: fx.goalId, direction: "down" }),
      },
      { name: "set-status", valid: () => ({ intent: "set-status", status: "archived" }), consumes: true },
      { name: "delete-plan", valid: () => ({ intent: "delete-plan" }), consumes: true },
    ],
  },
  "o.$org.plans.$planId.edit.tsx": {
    as: "admin",
    params: (fx) => ({ ...org(fx), planId: fx.planId }),
    intents: [{ name: "update", schema: planSchema, valid: planForm }],
  },
  "o.$org.plans.$planId.goals.$goalId.tsx": {
    as: "admin",
    params: (fx) => ({ ...org(fx), planId: fx.planId, goalId: fx.goalId }),
    intents: [
      { name: "update", schema: goalSchema, valid: () => ({ intent: "update", title: "Safe streets", description: "For all" }) },
      { name: "align", schema: alignmentFormSchema, valid: () => ({ intent: "align", ...link }) },
      { name: "delete", valid: () => ({ intent: "delete" }), consumes: true },
    ],
  },
  "o.$org.plans.$planId.import.tsx": {
    as: "admin",
    params: (fx) => ({ ...org(fx), planId: fx.planId }),
    intents: [{ name: "preview", valid: () => ({ step: "preview", kind: "measurements", csv: "measure,period,value,note\n1.1.1,2026-04-01,5,ok\n" }) }],
  },
  "o.$org.plans._index.tsx": { as: "admin", params: org, intents: [{ name: "create", schema: planSchema, valid: planForm }] },
  "o.$org.reports.preview.tsx": {
    as: "admin",
    params: org,
    intents: [
      { name: "note", schema: managerNoteSchema, valid: () => ({ intent: "note", period: "FY2026", note: "A good year" }) },
      { name: "publish", schema: publishFormSchema, valid: () => ({ intent: "publish", period: "FY2026", confirm: "on" }), consumes: true },
    ],
  },
  "o.$org.roster.import.tsx": {
    as: "admin",
    params: org,
    intents: [{ name: "preview", valid: () => ({ step: "preview", mode: "update", csv: "employee_number,full_name,department\nE-77,Kim Lee,PW\n" }) }],
  },
  "o.$org.settings.tsx": {
    as: "admin",
    params: org,
    intents: [
      {
        name: "save",
        schema: organizationSettingsSchema,
        valid: () => ({ name: "City of Hostile Input", kind: "city", state: "OR", population: "48500", fiscalYearStartMonth: "7", timeZone: "America/Los_Angeles", anonymityThreshold: "5" }),
      },
    ],
  },
  "o.$org.settings_.sign-in.tsx": {
    as: "admin",
    params: org,
    intents: [
      { name: "add-domain", schema: domainIntentSchema, valid: () => ({ intent: "add-domain", domain: `added-${uniqueSuffix()}.example.gov` }) },
      { name: "verify-domain", schema: domainIntentSchema, prepare: publishSweepDomain, valid: () => ({ intent: "verify-domain", domainId: SWEEP_DOMAIN_ID }) },
      { name: "remove-domain", schema: domainIntentSchema, prepare: publishSweepDomain, valid: () => ({ intent: "remove-domain", domainId: SWEEP_DOMAIN_ID }), consumes: true },
    ],
  },
  "o.$org.settings_.single-sign-on.tsx": {
    as: "admin",
    params: org,
    intents: [
      {
        name: "save",
        schema: ssoSettingsSchema,
        prepare: async () => {
          SWEEP_ISSUER = await sweepIssuer();
        },
        valid: () => ({ issuer: SWEEP_ISSUER, clientId: "praxis", clientSecret: "sweep-client-secret", roleClaim: "groups", roleMap: "praxis-admins = Administrator" }),
      },
    ],
  },
  "o.$org.settings_.community.tsx": {
    as: "admin",
    params: org,
    intents: [
      {
        name: "save",
        schema: communityShareSchema,
        valid: (fx) => ({ intent: "save", id: fx.communityShareId, category: "gender", groupLabel: "Female", share: "51.2", source: "ACS 2023 5-year", year: "2023" }),
      },
      { name: "remove", valid: (fx) => ({ intent: "remove", id: fx.communityShareId }), consumes: true },
    ],
  },
  "o.$org.workforce.$goalId.tsx": {
    as: "admin",
    params: (fx) => ({ ...org(fx), goalId: fx.workforceGoalId }),
    intents: [
      { name: "status-update", schema: statusUpdateSchema, valid: () => ({ intent: "status-update", status: "on_track", narrative: "Hiring done", asOf: TODAY }) },
      { name: "measurement", schema: measurementSchema, valid: () => ({ intent: "measurement", period: "2026-01-01", value: "9", note: "HR data" }) },
      { name: "delete-goal", valid: () => ({ intent: "delete-goal" }), consumes: true },
    ],
  },
  "o.$org.workforce.$goalId_.edit.tsx": {
    as: "admin",
    params: (fx) => ({ ...org(fx), goalId: fx.workforceGoalId }),
    intents: [{ name: "update", schema: workforceGoalSchema, valid: workforceGoalForm }],
  },
  "o.$org.workforce.$goalId_.practices.tsx": {
    as: "admin",
    params: (fx) => ({ ...org(fx), goalId: fx.workforceGoalId }),
    intents: [{ name: "align", schema: alignmentFormSchema, valid: () => ({ ...link }) }],
  },
  "o.$org.workforce._index.tsx": { as: "admin", params: org, intents: [{ name: "create", schema: workforceGoalSchema, valid: workforceGoalForm }] },
};
