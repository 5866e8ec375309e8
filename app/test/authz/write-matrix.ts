// The write half of the authorization matrix (issue 15, item 1): for every route with an action
// and every intent it handles, who may send it and what it changes in the database. The reads
// (every loader, by role, over HTTP) are in e2e/authz/matrix.ts.
//
// app/test/authz/write-matrix.server.test.ts sends each intent's valid body (the hostile-input
// table's, app/test/hostile/action-table.ts: a body the action accepts) as each role, through the
// route's action with a real session cookie, on a real database:
//   - "ok": the request is accepted (below 400) and every table in `effect` changed;
//   - "own department" (department heads): refused with 404 while the head belongs to another
//     department than the record's (the test moves the head for that request), accepted once back
//     in the record's department;
//   - 403 / 404: exactly that status, and not one row of the organization changed;
//   - always also: signed out → sent to sign-in, a member of another organization → 404, and our
//     administrator with the other organization's record ids in the same body and URL → 404, each
//     changing nothing in either organization.
//
// A route file with an action and no entry here fails the inventory; so does an intent the route
// handles (`intent === "x"`, `case "x"`, a hidden `intent` input) that has no row, and a row whose
// intent the hostile table gives no body for. Adding a route: its bodies in action-table.ts, its
// rows here, its reads in e2e/authz/matrix.ts (docs/security.md, "Authorization matrix").
import type { Role } from "~/modules/auth/permissions";

export type Cell = "ok" | "own department" | 403 | 404;
export type WriteRow = Record<Role, Cell> & {
  /** Tables of the organization the accepted request must change (audit_events included when the
   * action records one). Empty: the step writes nothing yet (a preview), said in `why`. */
  effect: string[];
  why?: string;
  /** Where the id is a choice the form offers (a department picked in a list), not the record the
   * URL acts on: another organization's id, or for a department head a department not theirs, is
   * a field error of that choice — exactly 400, and still nothing changes. */
  foreignIds?: { status: 400; why: string };
  otherDepartment?: { status: 400; why: string };
};

/** Routes outside an organization: authorized by the session's own account, by a token in the
 * URL, or open to anyone (sign-in, sign-up). The write matrix does not send them (it has no
 * roles to compare): the entry says what authorizes them, the hostile-input sweep sends their
 * valid forms, e2e/authz.spec.ts sends them signed out and with unknown tokens, and their own
 * specs send the real thing (e2e/auth.spec.ts, e2e/accounts.spec.ts, e2e/org.spec.ts). */
export type OutsideEntry = { scope: "own account" | "token" | "anyone" | "pending sign-in"; why: string };
export type OrgEntry = { scope: "organization"; intents: Record<string, WriteRow> };
export type WriteEntry = OrgEntry | OutsideEntry;

const refusedAll = { department_head: 403, staff: 403, elected_official: 403 } as const;
/** members.manage, assessments.manage, plans.manage, budget.manage, … : administrators only. */
const admin = (effect: string[], why?: string): WriteRow => ({ admin: "ok", ...refusedAll, effect, why });
/** objectives.edit, budget.link, workforce.edit: department heads for their own department's records. */
const headsOwn = (effect: string[], why?: string): WriteRow => ({ admin: "ok", department_head: "own department", staff: 403, elected_official: 403, effect, why });
const AUDIT = "audit_events";

export const WRITE_MATRIX: Record<string, WriteEntry> = {
  "account.tsx": { scope: "own account", why: "one's own password; the current password is asked" },
  "account_.two-factor.tsx": { scope: "own account", why: "one's own authenticator" },
  "forgot-password.tsx": { scope: "anyone", why: "answers the same for any address" },
  "reset-password.$token.tsx": { scope: "token", why: "the emailed single-use link is the credential" },
  "sign-in_.two-factor.tsx": { scope: "pending sign-in", why: "only a session that gave the password and owes the code" },
  "invite.$token.tsx": { scope: "token", why: "the invitation link is the credential" },
  "sign-up.tsx": { scope: "anyone", why: "makes a new account and organization" },
  "sign-in.tsx": { scope: "anyone", why: "the password is the credential" },
  "sign-out.tsx": { scope: "own account", why: "ends one's own session" },
  "respond.$token.tsx": { scope: "token", why: "the survey link is the credential (anonymous)" },
  "o.$org.members_.$membershipId.sign-in.tsx": {
    scope: "organization",
    intents: { "reset-link": admin([AUDIT]), "reset-two-factor": admin([AUDIT]) },
  },
  "o.$org.assessments.$campaignId.answer.tsx": {
    scope: "organization",
    // Anyone on the roster the campaign invited answers it; the fixture's staff member is.
    intents: { next: { admin: 404, department_head: 404, staff: "ok", elected_official: 404, effect: ["assessment_drafts"] } },
  },
  "o.$org.assessments.$campaignId._index.tsx": {
    scope: "organization",
    intents: {
      extend: admin([AUDIT]),
      invite: admin([AUDIT]),
      resend: admin([AUDIT]),
      email: admin([AUDIT]),
      remind: admin([AUDIT]),
      close: admin([AUDIT]),
      open: admin([AUDIT]),
      delete: admin([AUDIT]),
    },
  },
  "o.$org.assessments.$campaignId.edit.tsx": { scope: "organization", intents: { update: admin([AUDIT]) } },
  "o.$org.assessments.new.tsx": { scope: "organization", intents: { create: admin([AUDIT]) } },
  "o.$org.assessments.resources.tsx": { scope: "organization", intents: { add: admin([AUDIT]), delete: admin([AUDIT]) } },
  "o.$org.budget.import.tsx": { scope: "organization", intents: { upload: admin([], "the upload step reads the file and shows a preview") } },
  "o.$org.budget.lines.$lineId.tsx": {
    scope: "organization",
    intents: { "fund-objective": headsOwn([AUDIT]), "unfund-objective": headsOwn([AUDIT]) },
  },
  "o.$org.budget.lines.$lineId_.practices.tsx": { scope: "organization", intents: { align: headsOwn([AUDIT]) } },
  "o.$org.departments.$departmentId.tsx": { scope: "organization", intents: { update: admin([AUDIT]), archive: admin([AUDIT]), restore: admin([AUDIT]) } },
  "o.$org.departments._index.tsx": { scope: "organization", intents: { create: admin([AUDIT]) } },
  "o.$org.export[.]zip.tsx": { scope: "organization", intents: { export: admin([AUDIT]) } },
  "o.$org.measures.$measureId.edit.tsx": { scope: "organization", intents: { update: headsOwn([AUDIT]), delete: headsOwn([AUDIT]) } },
  "o.$org.measures.$measureId.practices.tsx": { scope: "organization", intents: { align: headsOwn([AUDIT]) } },
  "o.$org.members.tsx": {
    scope: "organization",
    intents: {
      invite: { ...admin([AUDIT]), foreignIds: { status: 400, why: "the department is picked from the organization's list" } },
      resend: admin([AUDIT]),
      "change-role": admin([AUDIT]),
      remove: admin([AUDIT]),
      revoke: admin([AUDIT]),
    },
  },
  "o.$org.objectives.$objectiveId.tsx": {
    scope: "organization",
    intents: { "status-update": headsOwn([AUDIT]), measurement: headsOwn([AUDIT]), "delete-objective": headsOwn([AUDIT]) },
  },
  "o.$org.objectives.$objectiveId_.edit.tsx": { scope: "organization", intents: { update: headsOwn([AUDIT]) } },
  "o.$org.objectives.$objectiveId_.measures.new.tsx": { scope: "organization", intents: { create: headsOwn([AUDIT]) } },
  "o.$org.objectives.$objectiveId_.practices.tsx": { scope: "organization", intents: { align: headsOwn([AUDIT]) } },
  "o.$org.plans.$planId._index.tsx": {
    scope: "organization",
    intents: {
      "add-objective": {
        ...headsOwn([AUDIT]),
        otherDepartment: { status: 400, why: "the owning department is picked from the head's own departments" },
      },
      "add-goal": admin([AUDIT]),
      "move-goal": admin([AUDIT]),
      "set-status": admin([AUDIT]),
      "delete-plan": admin([AUDIT]),
    },
  },
  "o.$org.plans.$planId.edit.tsx": { scope: "organization", intents: { update: admin([AUDIT]) } },
  "o.$org.plans.$planId.goals.$goalId.tsx": { scope: "organization", intents: { update: admin([AUDIT]), align: admin([AUDIT]), delete: admin([AUDIT]) } },
  "o.$org.plans.$planId.import.tsx": {
    scope: "organization",
    // objectives.edit; each previewed row is checked against the head's departments at the commit.
    intents: { preview: { admin: "ok", department_head: "ok", staff: 403, elected_official: 403, effect: [], why: "the preview step writes nothing" } },
  },
  "o.$org.plans._index.tsx": { scope: "organization", intents: { create: admin([AUDIT]) } },
  "o.$org.reports.preview.tsx": { scope: "organization", intents: { note: admin([AUDIT]), publish: admin([AUDIT]) } },
  "o.$org.roster.import.tsx": { scope: "organization", intents: { preview: admin([], "the preview step writes nothing") } },
  "o.$org.settings.tsx": { scope: "organization", intents: { save: admin([AUDIT]) } },
  "o.$org.settings_.sign-in.tsx": {
    scope: "organization",
    intents: { "add-domain": admin([AUDIT]), "verify-domain": admin([AUDIT]), "remove-domain": admin([AUDIT]) },
  },
  "o.$org.settings_.single-sign-on.tsx": { scope: "organization", intents: { save: admin(["org_sso_configs", AUDIT]) } },
  "o.$org.settings_.community.tsx": { scope: "organization", intents: { save: admin([AUDIT]), remove: admin([AUDIT]) } },
  "o.$org.workforce.$goalId.tsx": {
    scope: "organization",
    intents: { "status-update": headsOwn([AUDIT]), measurement: headsOwn([AUDIT]), "delete-goal": headsOwn([AUDIT]) },
  },
  "o.$org.workforce.$goalId_.edit.tsx": { scope: "organization", intents: { update: headsOwn([AUDIT]) } },
  "o.$org.workforce.$goalId_.practices.tsx": { scope: "organization", intents: { align: headsOwn([AUDIT]) } },
  "o.$org.workforce._index.tsx": {
    scope: "organization",
    intents: {
      create: {
        ...headsOwn([AUDIT]),
        foreignIds: { status: 400, why: "the department is picked from the organization's list" },
        otherDepartment: { status: 400, why: "the department is picked from the head's own departments" },
      },
    },
  },
};
