// Prepares the authorization matrix's own database (run with tsx before its server starts, as
// PGlite allows one process per data folder): the demo city (Riverton, the organization under
// test) and a second, generated organization (Lakeshore, whose records must never be reachable
// through Riverton's URLs), then writes the record ids the matrix substitutes into URLs.
//
// Ids are read straight from the database (as the owner, which sees every organization), not
// scraped from pages, so a change of page layout cannot break the matrix.
// Usage: PGLITE_DIR=… tsx e2e/authz/seed.ts <output.json>
import fs from "node:fs";
import { closeDb, rawQuery } from "#db/client.server";
import { migrateDatabase } from "#db/migrate.server";
import { seedDemo } from "~/seed/demo.server";
import { seedDemoReports } from "~/seed/demo-reports.server";
import { seedLarge } from "~/seed/large/large.server";
import type { OrgRecords, SeededIds } from "./records";
import { DRAFT_MARKER, LEAVING_MEMBER_EMAIL, OTHER_ORG_PASSWORD } from "./records";

/** The department head of the demo (publicworks@) heads Public Works: records of another
 * department are what "a department head of another department" must not edit. */
const NOT_PUBLIC_WORKS = "FIN";

async function one(label: string, text: string, params: unknown[]): Promise<string> {
  const rows = await rawQuery<{ id: string }>(text, params);
  const id = rows[0]?.id;
  if (!id) throw new Error(`The authorization seed found no ${label}.`);
  return String(id);
}

async function recordsOf(orgId: string, preferDepartmentCode: string | null): Promise<OrgRecords> {
  // A department other than Public Works where the organization has one (the demo); else any
  // department that owns an objective (the generated organization).
  const department = await one(
    "department",
    `select d.id::text as id from departments d
     where d.org_id = $1 and ($2::text is null or d.code = $2)
       and exists (select 1 from objectives o where o.org_id = d.org_id and o.owner_department_id = d.id)
     order by d.code limit 1`,
    [orgId, preferDepartmentCode],
  ).catch(() =>
    one("department", `select id::text as id from departments where org_id = $1 order by code limit 1`, [orgId]),
  );
  const plan = await one("adopted plan", `select id::text as id from plans where org_id = $1 order by (status = 'adopted') desc, created_at limit 1`, [orgId]);
  const objective = await one(
    "objective",
    `select id::text as id from objectives where org_id = $1 and plan_id = $2 order by (owner_department_id = $3) desc, code limit 1`,
    [orgId, plan, department],
  );
  return {
    orgId,
    department,
    plan,
    planGoal: await one("goal", `select id::text as id from goals where org_id = $1 and plan_id = $2 order by position limit 1`, [orgId, plan]),
    objective,
    measure: await one("measure", `select id::text as id from measures where org_id = $1 and objective_id = $2 order by code limit 1`, [orgId, objective]),
    budgetLine: await one(
      "budget line",
      `select id::text as id from budget_lines where org_id = $1 order by (department_id = $2) desc, fiscal_year desc, line_key limit 1`,
      [orgId, department],
    ),
    workforceGoal: await one(
      "workforce goal",
      `select id::text as id from workforce_goals where org_id = $1 and department_id is not null and department_id <> coalesce((select id from departments where org_id = $1 and code = 'PW'), '00000000-0000-0000-0000-000000000000'::uuid) order by name limit 1`,
      [orgId],
    ),
    campaign: await one(
      "closed campaign",
      `select id::text as id from assessment_campaigns where org_id = $1 order by (status = 'closed') desc, created_at desc limit 1`,
      [orgId],
    ),
    report: await one("published report", `select id::text as id from reports where org_id = $1 and status = 'published' limit 1`, [orgId]),
    auditEvent: await one("audit event", `select id::text as id from audit_events where org_id = $1 order by created_at limit 1`, [orgId]),
    membership: await one("staff membership", `select id::text as id from memberships where org_id = $1 and role = 'staff' order by created_at desc limit 1`, [orgId]),
  };
}

async function variantsOf(orgId: string): Promise<SeededIds["variants"]> {
  const pw = await one("Public Works", `select id::text as id from departments where org_id = $1 and code = 'PW'`, [orgId]);
  // The demo has only an adopted plan: a draft beside it, as an administrator would start one.
  const draftPlan = await one(
    "draft plan",
    `insert into plans (org_id, title, start_fiscal_year, end_fiscal_year, status)
     values ($1, $2, 2031, 2035, 'draft') returning id::text as id`,
    [orgId, `Draft plan (${DRAFT_MARKER})`],
  );
  // …with a goal and an objective (of the staff member's department, linked to practice 1 and
  // overdue), so that every list that could show it to staff or elected officials would.
  const draftGoal = await one(
    "draft goal",
    `insert into goals (org_id, plan_id, title, position) values ($1, $2, $3, 1) returning id::text as id`,
    [orgId, draftPlan, `Draft goal (${DRAFT_MARKER})`],
  );
  const draftObjective = await one(
    "draft objective",
    `insert into objectives (org_id, plan_id, goal_id, code, title, owner_department_id, due_date)
     select $1, $2, $3, 'D.1', $4, d.id, date '2020-01-01' from departments d where d.org_id = $1 and d.code = 'PRK'
     returning id::text as id`,
    [orgId, draftPlan, draftGoal, `Draft objective (${DRAFT_MARKER})`],
  );
  await rawQuery(
    `insert into objective_practices (org_id, objective_id, framework_code, practice_number, is_primary) values ($1, $2, 'ICMA-2017', 1, true)`,
    [orgId, draftObjective],
  );
  const headsObjective = await one(
    "Public Works objective",
    `select id::text as id from objectives where org_id = $1 and owner_department_id = $2 and exists (select 1 from measures m where m.org_id = objectives.org_id and m.objective_id = objectives.id) order by code limit 1`,
    [orgId, pw],
  );
  return {
    draftPlan,
    draftObjective,
    // The demo's current fiscal year's report is a draft (a manager's note in progress).
    draftReport: await one("draft report", `select id::text as id from reports where org_id = $1 and status = 'draft' limit 1`, [orgId]),
    headsObjective,
    headsMeasure: await one("Public Works measure", `select id::text as id from measures where org_id = $1 and objective_id = $2 order by code limit 1`, [orgId, headsObjective]),
    headsWorkforceGoal: await one("Public Works workforce goal", `select id::text as id from workforce_goals where org_id = $1 and department_id = $2 order by name limit 1`, [orgId, pw]),
    headsBudgetLine: await one(
      "Public Works budget line",
      `select id::text as id from budget_lines where org_id = $1 and department_id = $2 order by fiscal_year desc, line_key limit 1`,
      [orgId, pw],
    ),
    openCampaign: await one("open campaign", `select id::text as id from assessment_campaigns where org_id = $1 and status = 'open' limit 1`, [orgId]),
  };
}

async function membershipsOf(ourOrg: string, otherOrg: string, otherAdminEmail: string): Promise<SeededIds["memberships"]> {
  const user = await one(
    "leaving user",
    `insert into users (email, display_name, password_hash) values ($1, 'Leaving Member', 'not-a-hash') returning id::text as id`,
    [LEAVING_MEMBER_EMAIL],
  );
  return {
    leaving: await one("leaving membership", `insert into memberships (org_id, user_id, role) values ($1, $2, 'staff') returning id::text as id`, [ourOrg, user]),
    otherOrgAdmin: await one(
      "other administrator's membership",
      `select m.id::text as id from memberships m join users u on u.id = m.user_id where m.org_id = $1 and u.email = $2`,
      [otherOrg, otherAdminEmail],
    ),
  };
}

const out = process.argv[2];
if (!out) throw new Error("Usage: tsx e2e/authz/seed.ts <output.json>");
try {
  await migrateDatabase();
  const ourOrg = await seedDemo();
  const other = await seedLarge({ scale: 0.01, orgs: 0, password: OTHER_ORG_PASSWORD });
  // The generated organization has no reports; publish one as the demo does.
  await seedDemoReports({ orgId: other.orgId, managerEmail: other.signIns.find((s) => s.role === "admin")!.email });
  const ids: SeededIds = {
    ours: await recordsOf(ourOrg, NOT_PUBLIC_WORKS),
    variants: await variantsOf(ourOrg),
    other: await recordsOf(other.orgId, null),
    memberships: await membershipsOf(ourOrg, other.orgId, other.signIns.find((s) => s.role === "admin")!.email),
    otherOrgSlug: other.orgSlug,
    otherOrgAdmin: other.signIns.find((s) => s.role === "admin")!.email,
  };
  fs.writeFileSync(out, JSON.stringify(ids, null, 2));
} finally {
  await closeDb();
}
