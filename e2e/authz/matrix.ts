// The authorization matrix: for every route module of the app (every id in the Remix build's
// manifest, layouts and resource routes included), for each method it answers (GET if it has a
// loader, POST if it has an action) and for each kind of caller, what must happen.
//
// e2e/authz.spec.ts checks every cell over real HTTP against the production build, and fails if
// a route of the build has no entry here or an entry names a route that no longer exists. How to
// add a route: docs/security.md ("Authorization matrix").
//
// Callers (`Who`), all real sessions signed in through /sign-in:
//   admin    the demo city's administrator (manager@riverton.example)
//   head     a department head (Public Works) — records in the URLs belong to ANOTHER
//            department (Finance), so "head" means "department head of another department"
//   staff    a staff member;  elected  an elected official
//   signedOut  no session;  otherOrg  the administrator of another organization (Lakeshore)
//
// Outcomes (each one exact: no status counts both as allowed and as refused):
//   OK        2xx
//   INVALID   POST only: the empty form was refused as invalid (400 or 422) — the caller got past
//             the permission check (a 400 to a caller whose cell is 403 means input is parsed
//             before permission is checked, and fails)
//   REDIRECT  a redirect that is not to /sign-in;  SIGN_IN  a redirect to /sign-in
//   400, 403, 404, 410  exactly that status
//
// How each cell is requested: one route module at a time, as a Remix data request
// (`?_data=<route id>`), so a child route's loader or action is checked on its own and cannot
// lean on its parent layout's check (a document request would run the /o/:org layout first).
//
// Record ids: a route's `$param`s are filled with records of the demo city (see records.ts:
// RECORD_OF_PARAM, or `params` in the entry). Every route with a record parameter is ALSO read
// (GET) by each member of the demo city with the other organization's record ids in the demo
// city's URL, and by the other organization's administrator with the demo city's ids in their own
// organization's URL: where the caller's cell is OK that must give 404; where it is 403/404 it
// must stay so. `foreign` overrides that derived expectation where the route answers a foreign id
// another way (with a comment).
//
// Writes: here every POST carries an empty form (no `intent`), which proves who gets past the
// permission check over real HTTP, and nothing more. Whether a write is really refused — to a
// role, to a department head of another department, with another organization's ids — and really
// done for those allowed is proved with a valid body per intent, rows compared in the database
// before and after, by the write matrix: app/test/authz/write-matrix.ts (every route with an
// action needs an entry there too). The sign-out POST is sent last, as it ends the caller's session.
import type { RecordKind, VariantKind } from "./records";

export const OK = "ok" as const;
export const REDIRECT = "redirect" as const;
export const SIGN_IN = "sign-in" as const;
export const INVALID = "invalid" as const;
export type Outcome = typeof OK | typeof INVALID | typeof REDIRECT | typeof SIGN_IN | 400 | 403 | 404 | 410;

export const WHO = ["admin", "head", "staff", "elected", "signedOut", "otherOrg"] as const;
export type Who = (typeof WHO)[number];
export type Row = Record<Who, Outcome>;

export type RouteRule = {
  GET?: Row;
  POST?: Row;
  /** Record kinds of `$params` whose name alone does not say (RECORD_OF_PARAM). */
  params?: Record<string, RecordKind | "practice" | "token">;
  /** A query string the route needs to answer at all (which table of a page, say); `{kind}` is
   * replaced by a record id like a `$param`. */
  query?: string;
  /** What a foreign record id gives (GET) where it is not the derived 404. */
  foreign?: { GET?: Outcome };
  /** The same route with another record of the demo city where the answer depends on the record:
   * a draft plan, the department head's own department's item, an open campaign. */
  variants?: Record<string, { params: Record<string, VariantKind>; GET?: Row; POST?: Row }>;
};

/** A page or file inside /o/:org: signed out → sign-in, a member of another organization → 404
 * (an organization one does not belong to looks like one that does not exist). */
function member(roles: Pick<Row, "admin" | "head" | "staff" | "elected">): Row {
  return { ...roles, signedOut: SIGN_IN, otherOrg: 404 };
}

/** The same outcome for every caller (public pages, token links). */
function anyone(outcome: Outcome): Row {
  return { admin: outcome, head: outcome, staff: outcome, elected: outcome, signedOut: outcome, otherOrg: outcome };
}

/** A page of one's own account: any signed-in user, whatever their organization. */
function signedIn(outcome: Outcome, signedOut: Outcome = SIGN_IN): Row {
  return { ...anyone(outcome), signedOut };
}

export const MATRIX: Record<string, RouteRule> = {
  // The document shell: no loader or action of its own.
  "root": {},
  "routes/_index": {
    // The welcome page; a signed-in visitor is sent on to their organization (or the list of them).
    GET: signedIn(REDIRECT, OK),
  },
  "routes/account": {
    GET: signedIn(OK),
    POST: signedIn(INVALID), // the empty form is a 400: no password change
  },
  "routes/account_.two-factor": {
    // One's own authenticator: enrol, prove, new recovery codes, turn off.
    GET: signedIn(OK),
    POST: signedIn(INVALID), // the empty form is a 400
  },
  "routes/forgot-password": {
    GET: anyone(OK),
    POST: anyone(INVALID), // the empty form is a 400; a real one answers the same for any address
  },
  "routes/reset-password.$token": {
    // The token is the credential (real links in app/modules/auth/password-reset.server.test.ts
    // and e2e/accounts.spec.ts): an unknown one is a 404 page; the empty form is a 400.
    params: { token: "token" },
    GET: anyone(404),
    POST: anyone(400),
  },
  "routes/sso.$org": {
    // Leaves for the organization's directory: the demo city has no single sign-on, so its
    // address is a 404 for anyone (an organization with one: e2e/sso.spec.ts).
    GET: anyone(404),
  },
  "routes/sso.$org_.callback": {
    // Back from the directory: without the attempt's cookie and state, a refusal page (400) for
    // anyone, signed in or not (real sign-ins: app/modules/auth/sso.server.test.ts, e2e/sso.spec.ts).
    GET: anyone(400),
  },
  "routes/sign-in_.two-factor": {
    // Only for a session that gave the right password and owes the code (e2e/accounts.spec.ts):
    // anyone else is sent on (signed in) or to sign-in.
    GET: signedIn(REDIRECT, SIGN_IN),
    POST: anyone(SIGN_IN),
  },
  "routes/invite.$token": {
    // The token in the URL is the credential (tested with real invitations in e2e/org.spec.ts);
    // an unknown one is a 404 whoever asks, and a form to it a 400.
    params: { token: "token" },
    GET: anyone(404),
    POST: anyone(400),
  },
  "routes/o.$org": {
    GET: member({ admin: OK, head: OK, staff: OK, elected: OK }), // signed-in member
  },
  "routes/o.$org._index": {
    GET: member({ admin: OK, head: OK, staff: OK, elected: OK }), // org.read
  },
  "routes/o.$org.assessments._index": {
    GET: member({ admin: OK, head: OK, staff: OK, elected: OK }), // assessments.respond
  },
  "routes/o.$org.assessments.$campaignId._index": {
    GET: member({ admin: OK, head: OK, staff: 403, elected: 403 }), // assessments.read
    POST: member({ admin: INVALID, head: 403, staff: 403, elected: 403 }), // assessments.manage
  },
  "routes/o.$org.assessments.$campaignId.answer": {
    // The campaign is closed: the staff member it invited is told so (410, and a form is sent back
    // to that page); anyone it did not invite finds no survey (404), by GET or POST.
    GET: member({ admin: 404, head: 404, staff: 410, elected: 404 }), // assessments.respond
    POST: member({ admin: 404, head: 404, staff: REDIRECT, elected: 404 }), // assessments.respond
    variants: {
      // The open campaign invited the staff member, who has not answered yet.
      "an open campaign": { params: { campaignId: "openCampaign" }, GET: member({ admin: 404, head: 404, staff: OK, elected: 404 }) },
    },
  },
  "routes/o.$org.assessments.$campaignId.edit": {
    GET: member({ admin: OK, head: 403, staff: 403, elected: 403 }), // assessments.manage
    POST: member({ admin: INVALID, head: 403, staff: 403, elected: 403 }), // assessments.manage
  },
  "routes/o.$org.assessments.$campaignId.anonymity": {
    // How anonymity works in the campaign, for the account it invited (whatever the campaign's
    // status); anyone else finds no survey.
    GET: member({ admin: 404, head: 404, staff: OK, elected: 404 }), // assessments.respond
  },
  "routes/o.$org.assessments.$campaignId.my-results": {
    // One's own answers to a self-assessment; the campaign is an organizational one, so there are
    // none to show to anyone.
    GET: member({ admin: 404, head: 404, staff: 404, elected: 404 }), // assessments.respond
  },
  "routes/o.$org.assessments.$campaignId.participation[.]csv": {
    GET: member({ admin: OK, head: OK, staff: 403, elected: 403 }), // assessments.read
  },
  "routes/o.$org.assessments.$campaignId.results": {
    GET: member({ admin: OK, head: OK, staff: 403, elected: 403 }), // assessments.results
    variants: {
      "an open campaign": { params: { campaignId: "openCampaign" }, GET: member({ admin: OK, head: OK, staff: 403, elected: 403 }) },
    },
  },
  "routes/o.$org.assessments.$campaignId.results[.]csv": {
    GET: member({ admin: OK, head: OK, staff: 403, elected: 403 }), // assessments.results
  },
  "routes/o.$org.assessments.new": {
    GET: member({ admin: OK, head: 403, staff: 403, elected: 403 }), // assessments.manage
    POST: member({ admin: INVALID, head: 403, staff: 403, elected: 403 }), // assessments.manage
  },
  "routes/o.$org.assessments.resources": {
    // Everyone reads the development resources; only managing assessments changes them.
    GET: member({ admin: OK, head: OK, staff: OK, elected: OK }), // catalog.read
    POST: member({ admin: INVALID, head: 403, staff: 403, elected: 403 }), // catalog.read and assessments.manage
  },
  "routes/o.$org.assessments[.]csv": {
    GET: member({ admin: OK, head: OK, staff: 403, elected: 403 }), // assessments.read
  },
  "routes/o.$org.audit._index": {
    GET: member({ admin: OK, head: 403, staff: 403, elected: 403 }), // audit.read
  },
  "routes/o.$org.audit.$eventId": {
    GET: member({ admin: OK, head: 403, staff: 403, elected: 403 }), // audit.read
  },
  "routes/o.$org.audit[.]csv": {
    GET: member({ admin: OK, head: 403, staff: 403, elected: 403 }), // audit.read
  },
  "routes/o.$org.budget._index": {
    GET: member({ admin: OK, head: OK, staff: 403, elected: OK }), // budget.read
  },
  "routes/o.$org.budget.import": {
    GET: member({ admin: OK, head: 403, staff: 403, elected: 403 }), // budget.manage
    POST: member({ admin: INVALID, head: 403, staff: 403, elected: 403 }), // budget.manage
  },
  "routes/o.$org.budget.lines._index": {
    GET: member({ admin: OK, head: OK, staff: 403, elected: OK }), // budget.read
  },
  "routes/o.$org.budget.lines.$lineId": {
    GET: member({ admin: OK, head: OK, staff: 403, elected: OK }), // budget.read
    POST: member({ admin: INVALID, head: INVALID, staff: 403, elected: 403 }), // budget.link
  },
  "routes/o.$org.budget.lines.$lineId_.practices": {
    // An empty form is a valid alignment (no practices linked): saved, and sent back to the page.
    // A department head links only their own department's lines: another's is not found.
    GET: member({ admin: OK, head: 404, staff: 403, elected: 403 }), // budget.link
    POST: member({ admin: REDIRECT, head: 404, staff: 403, elected: 403 }), // budget.link
    variants: {
      "a budget line of the department head's department": {
        params: { lineId: "headsBudgetLine" },
        GET: member({ admin: OK, head: OK, staff: 403, elected: 403 }),
        POST: member({ admin: REDIRECT, head: REDIRECT, staff: 403, elected: 403 }),
      },
    },
  },
  "routes/o.$org.budget.lines.$lineId_.tables[.]csv": {
    query: "table=objectives",
    GET: member({ admin: OK, head: OK, staff: 403, elected: OK }), // budget.read
  },
  "routes/o.$org.budget.lines[.]csv": {
    GET: member({ admin: OK, head: OK, staff: 403, elected: OK }), // budget.read
  },
  "routes/o.$org.budget[.]csv": {
    GET: member({ admin: OK, head: OK, staff: 403, elected: OK }), // budget.read
  },
  "routes/o.$org.dashboards._index": {
    GET: member({ admin: OK, head: OK, staff: 403, elected: OK }), // dashboards.read
  },
  "routes/o.$org.dashboards.equity": {
    GET: member({ admin: OK, head: OK, staff: 403, elected: OK }), // dashboards.read
  },
  "routes/o.$org.dashboards.representation[.]csv": {
    // Counts by demographic group of the roster: for those who manage the roster only.
    GET: member({ admin: OK, head: 403, staff: 403, elected: 403 }), // dashboards.read and roster.manage
  },
  "routes/o.$org.dashboards.service-delivery": {
    GET: member({ admin: OK, head: OK, staff: 403, elected: OK }), // dashboards.read
  },
  "routes/o.$org.dashboards.staff-effectiveness": {
    GET: member({ admin: OK, head: OK, staff: 403, elected: OK }), // dashboards.read
  },
  "routes/o.$org.dashboards[.]csv": {
    query: "table=budget-by-department",
    GET: member({ admin: OK, head: OK, staff: 403, elected: OK }), // dashboards.read
  },
  "routes/o.$org.departments._index": {
    GET: member({ admin: OK, head: OK, staff: OK, elected: 403 }), // departments.read
    POST: member({ admin: INVALID, head: 403, staff: 403, elected: 403 }), // departments.manage
  },
  "routes/o.$org.departments.$departmentId": {
    GET: member({ admin: OK, head: OK, staff: OK, elected: 403 }), // departments.read
    POST: member({ admin: INVALID, head: 403, staff: 403, elected: 403 }), // departments.manage
  },
  "routes/o.$org.departments.$departmentId_.dashboard[.]csv": {
    query: "table=objectives",
    GET: member({ admin: OK, head: OK, staff: OK, elected: 403 }), // departments.read
  },
  "routes/o.$org.departments.$departmentId_.scores[.]csv": {
    GET: member({ admin: OK, head: OK, staff: 403, elected: 403 }), // assessments.results
  },
  "routes/o.$org.departments[.]csv": {
    GET: member({ admin: OK, head: OK, staff: OK, elected: 403 }), // departments.read
  },
  "routes/o.$org.export": {
    GET: member({ admin: OK, head: 403, staff: 403, elected: 403 }), // org.export
  },
  "routes/o.$org.export[.]zip": {
    // The export is made only by a POST (it is audited); a GET is sent to the export page.
    // A POST without the confirmation is sent back to the export page.
    GET: member({ admin: REDIRECT, head: 403, staff: 403, elected: 403 }), // org.export
    POST: member({ admin: REDIRECT, head: 403, staff: 403, elected: 403 }), // org.export
  },
  "routes/o.$org.measures.$measureId.edit": {
    // A department head edits only their own department's measures: another's is not found. The
    // POST's empty form is refused as invalid before the measure is looked up.
    GET: member({ admin: OK, head: 404, staff: 403, elected: 403 }), // objectives.edit
    POST: member({ admin: INVALID, head: INVALID, staff: 403, elected: 403 }), // objectives.edit
    variants: {
      "a measure of the department head's department": {
        params: { measureId: "headsMeasure" },
        GET: member({ admin: OK, head: OK, staff: 403, elected: 403 }),
      },
    },
  },
  "routes/o.$org.measures.$measureId.practices": {
    // An empty form is a valid alignment (no practices linked): saved, and sent back to the page.
    GET: member({ admin: OK, head: 404, staff: 403, elected: 403 }), // objectives.edit
    POST: member({ admin: REDIRECT, head: 404, staff: 403, elected: 403 }), // objectives.edit
    variants: {
      "a measure of the department head's department": {
        params: { measureId: "headsMeasure" },
        GET: member({ admin: OK, head: OK, staff: 403, elected: 403 }),
        POST: member({ admin: REDIRECT, head: REDIRECT, staff: 403, elected: 403 }),
      },
    },
  },
  "routes/o.$org.members_.$membershipId.sign-in": {
    // Sign-in help for a member (a reset link, a two-factor reset): members.manage.
    GET: member({ admin: OK, head: 403, staff: 403, elected: 403 }),
    POST: member({ admin: INVALID, head: 403, staff: 403, elected: 403 }),
  },
  "routes/o.$org.members": {
    GET: member({ admin: OK, head: OK, staff: 403, elected: 403 }), // members.read
    POST: member({ admin: INVALID, head: 403, staff: 403, elected: 403 }), // members.manage
  },
  "routes/o.$org.members.invitations[.]csv": {
    GET: member({ admin: OK, head: 403, staff: 403, elected: 403 }), // members.manage
  },
  "routes/o.$org.members[.]csv": {
    GET: member({ admin: OK, head: OK, staff: 403, elected: 403 }), // members.read
  },
  "routes/o.$org.my-department": {
    GET: member({ admin: OK, head: OK, staff: OK, elected: OK }), // plans.read
  },
  "routes/o.$org.my-department[.]csv": {
    GET: member({ admin: OK, head: OK, staff: OK, elected: OK }), // plans.read
  },
  "routes/o.$org.objectives.$objectiveId": {
    GET: member({ admin: OK, head: OK, staff: OK, elected: OK }), // plans.read
    POST: member({ admin: INVALID, head: INVALID, staff: 403, elected: 403 }), // objectives.edit
    variants: {
      "an objective of a draft plan": { params: { objectiveId: "draftObjective" }, GET: member({ admin: OK, head: OK, staff: 404, elected: 404 }) },
    },
  },
  "routes/o.$org.objectives.$objectiveId_.edit": {
    // Another department's objective is not found for a department head (as for measures).
    GET: member({ admin: OK, head: 404, staff: 403, elected: 403 }), // objectives.edit
    POST: member({ admin: INVALID, head: INVALID, staff: 403, elected: 403 }), // objectives.edit
    variants: {
      "an objective of the department head's department": {
        params: { objectiveId: "headsObjective" },
        GET: member({ admin: OK, head: OK, staff: 403, elected: 403 }),
      },
    },
  },
  "routes/o.$org.objectives.$objectiveId_.history[.]csv": {
    GET: member({ admin: OK, head: OK, staff: OK, elected: OK }), // plans.read
    variants: {
      "an objective of a draft plan": { params: { objectiveId: "draftObjective" }, GET: member({ admin: OK, head: OK, staff: 404, elected: 404 }) },
    },
  },
  "routes/o.$org.objectives.$objectiveId_.measures.new": {
    GET: member({ admin: OK, head: 404, staff: 403, elected: 403 }), // objectives.edit
    POST: member({ admin: INVALID, head: INVALID, staff: 403, elected: 403 }), // objectives.edit
    variants: {
      "an objective of the department head's department": {
        params: { objectiveId: "headsObjective" },
        GET: member({ admin: OK, head: OK, staff: 403, elected: 403 }),
      },
    },
  },
  "routes/o.$org.objectives.$objectiveId_.practices": {
    // An empty form is a valid alignment (no practices linked): saved, and sent back to the page.
    GET: member({ admin: OK, head: 404, staff: 403, elected: 403 }), // objectives.edit
    POST: member({ admin: REDIRECT, head: 404, staff: 403, elected: 403 }), // objectives.edit
    variants: {
      "an objective of the department head's department": {
        params: { objectiveId: "headsObjective" },
        GET: member({ admin: OK, head: OK, staff: 403, elected: 403 }),
        POST: member({ admin: REDIRECT, head: REDIRECT, staff: 403, elected: 403 }),
      },
    },
  },
  "routes/o.$org.plans._index": {
    GET: member({ admin: OK, head: OK, staff: OK, elected: OK }), // plans.read
    POST: member({ admin: INVALID, head: 403, staff: 403, elected: 403 }), // plans.manage
  },
  "routes/o.$org.plans.$planId._index": {
    GET: member({ admin: OK, head: OK, staff: OK, elected: OK }), // plans.read
    POST: member({ admin: INVALID, head: 403, staff: 403, elected: 403 }), // by intent: objectives.edit to add an objective, plans.manage for the rest
    variants: {
      // Drafts are for those who make plans; staff and elected officials see adopted plans only.
      "a draft plan": { params: { planId: "draftPlan" }, GET: member({ admin: OK, head: OK, staff: 404, elected: 404 }) },
    },
  },
  "routes/o.$org.plans.$planId.edit": {
    GET: member({ admin: OK, head: 403, staff: 403, elected: 403 }), // plans.manage
    POST: member({ admin: INVALID, head: 403, staff: 403, elected: 403 }), // plans.manage
  },
  "routes/o.$org.plans.$planId.goals.$goalId": {
    params: { goalId: "planGoal" },
    GET: member({ admin: OK, head: 403, staff: 403, elected: 403 }), // plans.manage
    POST: member({ admin: INVALID, head: 403, staff: 403, elected: 403 }), // plans.manage
  },
  "routes/o.$org.plans.$planId.import": {
    GET: member({ admin: OK, head: OK, staff: 403, elected: 403 }), // objectives.edit
    POST: member({ admin: INVALID, head: INVALID, staff: 403, elected: 403 }), // objectives.edit
  },
  "routes/o.$org.plans.$planId.measurements[.]csv": {
    GET: member({ admin: OK, head: OK, staff: OK, elected: OK }), // plans.read
    variants: {
      // Drafts are for those who make plans; staff and elected officials see adopted plans only.
      "a draft plan": { params: { planId: "draftPlan" }, GET: member({ admin: OK, head: OK, staff: 404, elected: 404 }) },
    },
  },
  "routes/o.$org.plans.$planId.objectives[.]csv": {
    GET: member({ admin: OK, head: OK, staff: OK, elected: OK }), // plans.read
    variants: {
      // Drafts are for those who make plans; staff and elected officials see adopted plans only.
      "a draft plan": { params: { planId: "draftPlan" }, GET: member({ admin: OK, head: OK, staff: 404, elected: 404 }) },
    },
  },
  "routes/o.$org.plans.stale": {
    GET: member({ admin: OK, head: OK, staff: OK, elected: OK }), // plans.read
  },
  "routes/o.$org.plans.stale[.]csv": {
    GET: member({ admin: OK, head: OK, staff: OK, elected: OK }), // plans.read
  },
  "routes/o.$org.plans[.]csv": {
    GET: member({ admin: OK, head: OK, staff: OK, elected: OK }), // plans.read
  },
  "routes/o.$org.practices._index": {
    GET: member({ admin: OK, head: OK, staff: OK, elected: OK }), // catalog.read
  },
  "routes/o.$org.practices.$number": {
    params: { number: "practice" },
    GET: member({ admin: OK, head: OK, staff: OK, elected: OK }), // catalog.read
  },
  "routes/o.$org.practices.$number_.dashboard[.]csv": {
    query: "table=objectives",
    params: { number: "practice" },
    GET: member({ admin: OK, head: OK, staff: OK, elected: OK }), // catalog.read
  },
  "routes/o.$org.practices.$number_.linked[.]csv": {
    params: { number: "practice" },
    GET: member({ admin: OK, head: OK, staff: OK, elected: OK }), // plans.read
  },
  "routes/o.$org.practices.$number_.scores[.]csv": {
    params: { number: "practice" },
    GET: member({ admin: OK, head: OK, staff: 403, elected: 403 }), // assessments.results
  },
  "routes/o.$org.reports._index": {
    GET: member({ admin: OK, head: OK, staff: OK, elected: OK }), // reports.read
  },
  "routes/o.$org.reports.$reportId": {
    GET: member({ admin: OK, head: OK, staff: OK, elected: OK }), // reports.read
    variants: {
      // A report is read once published; the draft is worked on in the preview (reports.manage).
      "the draft report": { params: { reportId: "draftReport" }, GET: member({ admin: 404, head: 404, staff: 404, elected: 404 }) },
    },
  },
  "routes/o.$org.reports.$reportId_.pdf": {
    GET: member({ admin: OK, head: OK, staff: OK, elected: OK }), // reports.read
    variants: {
      // A report is read once published; the draft is worked on in the preview (reports.manage).
      "the draft report": { params: { reportId: "draftReport" }, GET: member({ admin: 404, head: 404, staff: 404, elected: 404 }) },
    },
  },
  "routes/o.$org.reports.compare": {
    // A report compared with itself is a valid comparison.
    query: "a={report}&b={report}",
    GET: member({ admin: OK, head: OK, staff: OK, elected: OK }), // reports.read
  },
  "routes/o.$org.reports.compare[.]csv": {
    query: "a={report}&b={report}",
    GET: member({ admin: OK, head: OK, staff: OK, elected: OK }), // reports.read
  },
  "routes/o.$org.reports.periods[.]csv": {
    GET: member({ admin: OK, head: 403, staff: 403, elected: 403 }), // reports.manage
  },
  "routes/o.$org.reports.preview": {
    GET: member({ admin: OK, head: 403, staff: 403, elected: 403 }), // reports.manage
    POST: member({ admin: INVALID, head: 403, staff: 403, elected: 403 }), // reports.manage
  },
  "routes/o.$org.reports[.]csv": {
    GET: member({ admin: OK, head: OK, staff: OK, elected: OK }), // reports.read
  },
  "routes/o.$org.roster._index": {
    GET: member({ admin: OK, head: OK, staff: 403, elected: 403 }), // roster.read
  },
  "routes/o.$org.roster.demographics[.]csv": {
    GET: member({ admin: OK, head: 403, staff: 403, elected: 403 }), // roster.manage
  },
  "routes/o.$org.roster.import": {
    GET: member({ admin: OK, head: 403, staff: 403, elected: 403 }), // roster.manage
    POST: member({ admin: INVALID, head: 403, staff: 403, elected: 403 }), // roster.manage
  },
  "routes/o.$org.roster[.]csv": {
    GET: member({ admin: OK, head: OK, staff: 403, elected: 403 }), // roster.read
  },
  "routes/o.$org.settings": {
    GET: member({ admin: OK, head: 403, staff: 403, elected: 403 }), // org.settings.manage
    POST: member({ admin: INVALID, head: 403, staff: 403, elected: 403 }), // org.settings.manage
  },
  "routes/o.$org.settings_.sign-in": {
    // Email domains (and, with them, single sign-on): org.settings.manage.
    GET: member({ admin: OK, head: 403, staff: 403, elected: 403 }),
    POST: member({ admin: INVALID, head: 403, staff: 403, elected: 403 }),
  },
  "routes/o.$org.settings_.single-sign-on": {
    // The organization's directory (issuer, client, role map, required or not): org.settings.manage.
    GET: member({ admin: OK, head: 403, staff: 403, elected: 403 }),
    POST: member({ admin: INVALID, head: 403, staff: 403, elected: 403 }),
  },
  "routes/o.$org.settings_.community": {
    GET: member({ admin: OK, head: 403, staff: 403, elected: 403 }), // org.settings.manage
    POST: member({ admin: INVALID, head: 403, staff: 403, elected: 403 }), // org.settings.manage
  },
  "routes/o.$org.workforce._index": {
    GET: member({ admin: OK, head: OK, staff: 403, elected: 403 }), // workforce.read
    POST: member({ admin: INVALID, head: INVALID, staff: 403, elected: 403 }), // workforce.edit
  },
  "routes/o.$org.workforce.$goalId": {
    params: { goalId: "workforceGoal" },
    GET: member({ admin: OK, head: OK, staff: 403, elected: 403 }), // workforce.read
    POST: member({ admin: INVALID, head: INVALID, staff: 403, elected: 403 }), // workforce.edit
  },
  "routes/o.$org.workforce.$goalId_.edit": {
    // Another department's workforce goal is not found for a department head.
    params: { goalId: "workforceGoal" },
    GET: member({ admin: OK, head: 404, staff: 403, elected: 403 }), // workforce.edit
    POST: member({ admin: INVALID, head: INVALID, staff: 403, elected: 403 }), // workforce.edit
    variants: {
      "a workforce goal of the department head's department": {
        params: { goalId: "headsWorkforceGoal" },
        GET: member({ admin: OK, head: OK, staff: 403, elected: 403 }),
      },
    },
  },
  "routes/o.$org.workforce.$goalId_.history[.]csv": {
    params: { goalId: "workforceGoal" },
    GET: member({ admin: OK, head: OK, staff: 403, elected: 403 }), // workforce.read
  },
  "routes/o.$org.workforce.$goalId_.practices": {
    // An empty form is a valid alignment (no practices linked): saved, and sent back to the page.
    params: { goalId: "workforceGoal" },
    GET: member({ admin: OK, head: 404, staff: 403, elected: 403 }), // workforce.edit
    POST: member({ admin: REDIRECT, head: 404, staff: 403, elected: 403 }), // workforce.edit
    variants: {
      "a workforce goal of the department head's department": {
        params: { goalId: "headsWorkforceGoal" },
        GET: member({ admin: OK, head: OK, staff: 403, elected: 403 }),
        POST: member({ admin: REDIRECT, head: REDIRECT, staff: 403, elected: 403 }),
      },
    },
  },
  "routes/o.$org.workforce[.]csv": {
    GET: member({ admin: OK, head: OK, staff: 403, elected: 403 }), // workforce.read
  },
  "routes/orgs._index": {
    GET: signedIn(OK),
  },
  "routes/orgs.switch": {
    GET: signedIn(REDIRECT),
  },
  "routes/respond.$token": {
    // A survey link: the token is the credential (real links in e2e/assessments.spec.ts); an
    // unknown one is a 404, and a form to it is sent back to the (unavailable) page.
    params: { token: "token" },
    GET: anyone(404),
    POST: anyone(REDIRECT),
  },
  "routes/respond.$token_.anonymity": {
    // The token is the credential, as for the survey (real links in e2e/anonymity.spec.ts).
    params: { token: "token" },
    GET: anyone(404),
  },
  "routes/respond.$token_.results": {
    params: { token: "token" },
    GET: anyone(404),
  },
  "routes/sign-in": {
    GET: signedIn(REDIRECT, OK),
    POST: anyone(INVALID), // the empty form is a 400
  },
  "routes/sign-out": {
    GET: anyone(REDIRECT),
    // Sent last: it ends the caller's session.
    POST: anyone(SIGN_IN),
  },
  "routes/sign-up": {
    GET: anyone(OK),
    POST: anyone(INVALID), // the empty form is a 400: no account is made
  },};
