// The large-tenant generator behind `npm run seed:large` (issue 8): one organization the size of a
// large city (5,000 staff in 60 departments, 3 closed campaigns at dimension depth, 2,000 budget
// lines over 2 fiscal years, 500 objectives with 1,000 measures and 3 years of monthly values,
// workforce goals) and, beside it, many small organizations, so that benchmarks and query plans
// see a shared database as a SaaS holds it.
//
// Every row is made by the database itself (INSERT … SELECT over generate_series), so a million
// answers take seconds, not the minutes row-by-row inserts would. Everything is deterministic:
// ids are md5(seed, kind, key)::uuid and every "random" choice is a slice of md5(seed, key), so
// the same seed, scale and day give the same database. Dates follow `today` (as the demo does),
// so the data always looks current.
//
// It runs as the owner connection (not the app role), one transaction per organization, with
// app.org_id set to that organization so it also works where the owner is bound by forced RLS.
import { sql } from "drizzle-orm";
import { refreshAssessmentRollups } from "~/modules/assessments/rollups.server";
import { hashPassword } from "~/modules/auth/password.server";
import { addMonths } from "~/modules/core/dates";
import { organizationToday } from "~/modules/core/today";
import { currentFiscalYear, fiscalYearRange } from "~/modules/core/periods";
import { getDb, type Transaction } from "#db/client.server";

export type LargeSeedOptions = {
  /** Any integer: the same seed gives the same data. */
  seed?: number;
  /** Multiplies staff (hence answers), budget lines, objectives, measures and members. 1 = a large city. */
  scale?: number;
  /** Small organizations created beside the large one. */
  orgs?: number;
  /** The day the data is "as of" (YYYY-MM-DD). */
  today?: string;
  /** Password of every sign-in created. */
  password?: string;
  /** Put before every slug, email domain and id key, so that several generated tenants can share a
   * database (tests). Empty by default: /o/lakeshore. */
  namespace?: string;
  log?: (line: string) => void;
};

export type LargeSeedSummary = {
  orgSlug: string;
  orgId: string;
  password: string;
  signIns: { role: string; email: string }[];
  counts: Record<string, number>;
  smallOrgs: number;
  seconds: number;
  /** Counting the large tenant's closed campaigns into their rollups (part of `seconds`). */
  rollups: RollupTiming;
};

export type RollupTiming = { campaigns: number; tallies: number; seconds: number; largestCampaignSeconds: number };

export const LARGE_ORG_SLUG = "lakeshore";
export const LARGE_DEFAULT_PASSWORD = "Lakeshore-bench-2026";

/** The size of one organization. */
type OrgSpec = {
  /** Names the organization's draws; with the namespace, its ids. */
  key: string;
  ns: string;
  slug: string;
  name: string;
  kind: "city" | "county" | "town";
  emailDomain: string;
  departments: number;
  staff: number;
  campaigns: number;
  depth: "practice" | "dimension";
  budgetLinesPerYear: number;
  goals: number;
  objectives: number;
  measuresPerObjective: number;
  months: number;
  staffUsers: number;
  departmentHeads: number;
};

const DEPARTMENT_NAMES: [string, string][] = [
  ["CMO", "Office of the City Manager"], ["FIN", "Finance"], ["HR", "Human Resources"], ["IT", "Information Technology"],
  ["PW", "Public Works"], ["UTIL", "Water and Sewer Utilities"], ["PD", "Police"], ["FD", "Fire and Emergency Services"],
  ["PRK", "Parks and Recreation"], ["LIB", "Library"], ["CD", "Community Development"], ["CLK", "City Clerk"],
  ["ATT", "City Attorney"], ["AUD", "Internal Audit"], ["BUD", "Budget Office"], ["PUR", "Purchasing"],
  ["RISK", "Risk Management"], ["PW-ST", "Streets and Traffic"], ["PW-FAC", "Facilities Maintenance"], ["PW-FLT", "Fleet Services"],
  ["PW-ENG", "Engineering"], ["PW-SW", "Solid Waste"], ["UTIL-WT", "Water Treatment"], ["UTIL-WW", "Wastewater Treatment"],
  ["UTIL-STM", "Stormwater"], ["PD-PAT", "Patrol"], ["PD-INV", "Investigations"], ["PD-COM", "Emergency Communications"],
  ["PD-REC", "Police Records"], ["FD-OPS", "Fire Operations"], ["FD-EMS", "Emergency Medical Services"], ["FD-PRV", "Fire Prevention"],
  ["OEM", "Emergency Management"], ["PRK-MNT", "Park Maintenance"], ["PRK-REC", "Recreation Programs"], ["PRK-AQ", "Aquatics"],
  ["LIB-BR", "Branch Libraries"], ["CD-PLN", "Planning"], ["CD-BLD", "Building Safety"], ["CD-CE", "Code Enforcement"],
  ["HSG", "Housing"], ["ECD", "Economic Development"], ["TRN", "Transit"], ["AIR", "Airport"],
  ["PORT", "Port and Harbor"], ["CONV", "Convention Center"], ["ANIM", "Animal Services"], ["HLTH", "Public Health"],
  ["SOC", "Human Services"], ["SUS", "Sustainability"], ["COMM", "Communications"], ["EQ", "Equity and Inclusion"],
  ["311", "Customer Service (311)"], ["CRT", "Municipal Court"], ["ELEC", "Elections"], ["ARTS", "Arts and Culture"],
  ["YTH", "Youth Services"], ["SEN", "Senior Services"], ["GIS", "Geographic Information Systems"], ["PRM", "Permits Center"],
];
/** Divisions (index ≥ 17) belong to the department named before them in this map. */
const PARENT_OF: Record<string, string> = {
  "PW-ST": "PW", "PW-FAC": "PW", "PW-FLT": "PW", "PW-ENG": "PW", "PW-SW": "PW", "UTIL-WT": "UTIL", "UTIL-WW": "UTIL", "UTIL-STM": "UTIL",
  "PD-PAT": "PD", "PD-INV": "PD", "PD-COM": "PD", "PD-REC": "PD", "FD-OPS": "FD", "FD-EMS": "FD", "FD-PRV": "FD", "PRK-MNT": "PRK",
  "PRK-REC": "PRK", "PRK-AQ": "PRK", "LIB-BR": "LIB", "CD-PLN": "CD", "CD-BLD": "CD", "CD-CE": "CD",
};

const FIRST = ["Maria", "James", "Aisha", "Wei", "Daniel", "Priya", "Carlos", "Emily", "Kwame", "Sofia", "Noah", "Linh", "Omar", "Grace", "Mateo", "Hannah", "Jamal", "Mei", "Lucas", "Fatima"];
const LAST = ["Garcia", "Johnson", "Nguyen", "Smith", "Patel", "Williams", "Hernandez", "Brown", "Kim", "Jones", "Lopez", "Davis", "Chen", "Miller", "Okafor", "Singh", "Tran", "Rivera", "Haddad", "Reyes"];
const AGREEMENT = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"];
const GENDERS = ["Female", "Male", "Non-binary"];
const RACES = ["White", "Hispanic or Latino", "Black or African American", "Asian", "Two or more races", "American Indian or Alaska Native"];
const COMMENTS = [
  "Clear goals this year; more feedback between reviews would help.",
  "Workloads are uneven across crews.",
  "Hiring panels are more diverse than a few years ago.",
  "Recognition is inconsistent between divisions.",
  "The new onboarding program is a big improvement.",
  "More cross-training would help cover vacancies.",
];
const FUNDS = ["100", "210", "220", "250", "310", "410", "510", "520", "610", "620"];
const ACCOUNTS: [string, string, string][] = [
  ["5110", "Salaries and wages", "personnel"], ["5120", "Overtime", "personnel"], ["5210", "Health insurance", "personnel"],
  ["5220", "Retirement and payroll taxes", "personnel"], ["6120", "Operating supplies", "operating"], ["6210", "Professional services", "operating"],
  ["6220", "Contract services", "operating"], ["6310", "Utilities", "operating"], ["6410", "Repairs and maintenance", "operating"],
  ["6510", "Training and travel", "operating"], ["6610", "Software licenses", "operating"], ["7110", "Vehicles", "capital"],
  ["7310", "Infrastructure", "capital"], ["8110", "Bond principal", "debt_service"], ["9210", "Contingency", "other"],
];
const WORKFORCE_METRICS: [string, string, string, number, number][] = [
  ["turnover_rate", "%", "lower_is_better", 12, 8],
  ["vacancy_rate", "%", "lower_is_better", 10, 5],
  ["time_to_hire_days", "days", "lower_is_better", 90, 60],
  ["training_hours_per_fte", "hours per FTE", "higher_is_better", 12, 30],
  ["ethics_training_completion", "%", "higher_is_better", 70, 100],
];

/** A SQL string literal. */
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const textArray = (xs: string[]) => `array[${xs.map(lit).join(",")}]::text[]`;

/** SQL builders bound to a seed and an organization: draws from its key (the same data in every
 * namespace), ids from its key with the namespace (so namespaces never collide). */
function sqlRandom(seed: number, drawKey: string, idKey = drawKey) {
  const prefix = `${seed}:${drawKey}:`;
  /** A uniform number in [0, 1) from md5(seed, org, key); part 0–3 picks an independent slice. */
  const r = (key: string, part = 0) => `((('x' || substr(md5(${lit(prefix)} || ${key}), ${1 + 8 * part}, 8))::bit(32)::bigint)::float8 / 4294967296.0)`;
  /** A deterministic uuid. */
  const id = (kind: string, key: string) => `md5(${lit(`${seed}:${idKey}:${kind}:`)} || ${key})::uuid`;
  /** An element of a text array by a uniform number. */
  const pick = (xs: string[], u: string) => `(${textArray(xs)})[1 + floor(${u} * ${xs.length})::int]`;
  return { r, id, pick };
}

async function exec(tx: Transaction, text: string): Promise<void> {
  await tx.execute(sql.raw(text));
}

/** Counts every closed campaign of the organization into its rollups, as closing it in the app
 * does (the app would otherwise do it on the first read), timing each. In the caller's transaction,
 * with app.org_id set to the organization. */
export async function refreshLargeRollups(tx: Transaction, orgId: string): Promise<RollupTiming> {
  const result = await tx.execute(
    sql`select id from assessment_campaigns where org_id = ${orgId} and kind = 'organizational' and status = 'closed' order by closes_on, id`,
  );
  const campaigns = (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as { id: string }[];
  const timing: RollupTiming = { campaigns: campaigns.length, tallies: 0, seconds: 0, largestCampaignSeconds: 0 };
  for (const { id } of campaigns) {
    const started = performance.now();
    const { tallies } = await refreshAssessmentRollups(tx, orgId, id);
    const seconds = (performance.now() - started) / 1000;
    timing.tallies += tallies;
    timing.seconds += seconds;
    timing.largestCampaignSeconds = Math.max(timing.largestCampaignSeconds, seconds);
  }
  return timing;
}

async function count(tx: Transaction, text: string): Promise<number> {
  const result = await tx.execute(sql.raw(text));
  const rows = (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as { n: number | string }[];
  return Number(rows[0]?.n ?? 0);
}

type OrgContext = { orgId: string; today: string; fyStartMonth: number; passwordHash: string; seed: number };

/** Seeds one organization in the caller's transaction. Returns the sign-ins it created. */
async function seedOrganization(tx: Transaction, spec: OrgSpec, c: OrgContext): Promise<{ role: string; email: string }[]> {
  const { r, id, pick } = sqlRandom(c.seed, spec.key, spec.ns + spec.key);
  const org = lit(c.orgId);
  const today = `${lit(c.today)}::date`;
  const fy = currentFiscalYear(c.fyStartMonth, c.today);
  const years = [fy - 1, fy];
  await exec(tx, `select set_config('app.org_id', ${org}, true)`);

  await exec(
    tx,
    `insert into organizations (id, slug, name, kind, state, time_zone, population, fiscal_year_start_month, anonymity_threshold, community_demographics)
     values (${org}, ${lit(spec.slug)}, ${lit(spec.name)}, ${lit(spec.kind)}, 'WA', ${lit(LARGE_TIME_ZONE)}, ${Math.round(spec.staff * 180)}, ${c.fyStartMonth}, 5,
       '{"gender": {"Female": 51, "Male": 48, "Non-binary": 1}}'::jsonb)`,
  );

  // --- Departments: the first ones are parents of the divisions listed in PARENT_OF.
  const depts = DEPARTMENT_NAMES.slice(0, spec.departments);
  const codes = depts.map(([code]) => code);
  await exec(
    tx,
    `insert into departments (org_id, id, code, name, parent_id)
     select ${org}, ${id("dept", "d.code")}, d.code, d.name, case when d.parent is null then null else ${id("dept", "d.parent")} end
     from (values ${depts.map(([code, name]) => `(${lit(code)}, ${lit(name)}, ${PARENT_OF[code] && codes.includes(PARENT_OF[code]) ? lit(PARENT_OF[code]) : "null"})`).join(",")}) d(code, name, parent)
     order by d.parent nulls first`,
  );
  // Department n (1-based) of the list, as an id; big departments first (a skewed draw).
  const deptByIndex = (n: string) => `${id("dept", `(${textArray(codes)})[${n}]`)}`;
  const skewedDept = (u: string) => deptByIndex(`1 + floor(power(${u}, 1.6) * ${codes.length})::int`);

  // --- Users and memberships: the admin, an elected official, department heads and staff users.
  const admin = `admin@${spec.emailDomain}`;
  const signIns = [{ role: "admin", email: admin }];
  await exec(
    tx,
    `insert into users (id, email, display_name, password_hash)
     select ${id("user", "u.email")}, u.email, u.name, ${lit(c.passwordHash)}
     from (
       select ${lit(admin)} as email, 'Robin Administrator' as name
       union all select ${lit(`council@${spec.emailDomain}`)}, 'Casey Councilmember'
       union all select 'head' || n || ${lit("@" + spec.emailDomain)}, 'Department Head ' || n from generate_series(1, ${spec.departmentHeads}) n
       union all select 'staff' || n || ${lit("@" + spec.emailDomain)}, 'Staff Member ' || n from generate_series(1, ${spec.staffUsers}) n
     ) u`,
  );
  await exec(
    tx,
    `insert into memberships (org_id, id, user_id, role, department_id)
     select ${org}, ${id("membership", "u.email")}, ${id("user", "u.email")}, u.role::member_role, u.dept
     from (
       select ${lit(admin)} as email, 'admin' as role, null::uuid as dept
       union all select ${lit(`council@${spec.emailDomain}`)}, 'elected_official', null
       union all select 'head' || n || ${lit("@" + spec.emailDomain)}, 'department_head', ${deptByIndex(`1 + (n - 1) % ${codes.length}`)} from generate_series(1, ${spec.departmentHeads}) n
       union all select 'staff' || n || ${lit("@" + spec.emailDomain)}, 'staff', ${skewedDept(r("'member:' || n"))} from generate_series(1, ${spec.staffUsers}) n
     ) u`,
  );
  if (spec.departmentHeads > 0) signIns.push({ role: "department_head", email: `head1@${spec.emailDomain}` });
  signIns.push({ role: "elected_official", email: `council@${spec.emailDomain}` });

  // --- The roster: levels, demographics (some not reported), 3% who left.
  await exec(
    tx,
    `insert into staff_members (org_id, id, employee_number, full_name, email, department_id, job_title, supervisory_level, hire_date,
       is_active, left_on, race_ethnicity, gender, age_band, veteran, disability)
     select ${org}, ${id("staff", "n::text")}, 'E' || lpad(n::text, 6, '0'),
       ${pick(FIRST, r("'fn:' || n"))} || ' ' || ${pick(LAST, r("'fn:' || n", 1))},
       'person' || n || ${lit("@" + spec.emailDomain)},
       ${skewedDept(r("'dept:' || n"))},
       case lvl when 'staff' then 'Specialist' else initcap(lvl) end,
       lvl::supervisory_level,
       ${today} - (floor(${r("'hire:' || n")} * 30 * 365))::int,
       ${r("'left:' || n")} >= 0.03,
       case when ${r("'left:' || n")} < 0.03 then ${today} - (1 + floor(${r("'left:' || n", 1)} * 300))::int end,
       case when ${r("'race:' || n")} < 0.05 then null else ${pick(RACES, `power(${r("'race:' || n", 1)}, 1.8)`)} end,
       case when ${r("'gender:' || n")} < 0.03 then null when ${r("'gender:' || n", 1)} < 0.01 then 'Non-binary' when ${r("'gender:' || n", 2)} < 0.45 then 'Female' else 'Male' end,
       ${pick(["Under 25", "25–34", "35–44", "45–54", "55–64", "65 and over"], r("'age:' || n"))},
       case when ${r("'vet:' || n")} < 0.08 then 'Veteran' else 'Not a veteran' end,
       case when ${r("'dis:' || n")} < 0.06 then 'Has a disability' else 'No disability' end
     from (select n, case when ${r("'level:' || n")} < 0.015 then 'executive' when ${r("'level:' || n")} < 0.07 then 'manager'
                        when ${r("'level:' || n")} < 0.19 then 'supervisor' else 'staff' end as lvl
           from generate_series(1, ${spec.staff}) n) s`,
  );

  // --- Assessments: closed organizational campaigns a year apart, every active person invited.
  const practiceBase = [4.0, 3.5, 3.0, 3.3, 3.2, 3.4, 3.5, 3.3, 3.8, 3.7, 3.1, 3.6, 3.0, 3.2];
  await exec(
    tx,
    `insert into assessment_campaigns (org_id, id, title, description, kind, depth, framework_code, practice_numbers, scale_labels,
       comments_enabled, demographic_categories, demographic_questions, opens_on, closes_on, anonymity_threshold, status, created_at, updated_at)
     select ${org}, ${id("campaign", "k::text")},
       extract(year from closes)::text || ' Staff Assessment of the ICMA Practices', 'Our yearly look at how we live the practices. Anonymous.',
       'organizational', ${lit(spec.depth)}, 'ICMA-2017', array[1,2,3,4,5,6,7,8,9,10,11,12,13,14], ${textArray(AGREEMENT)},
       true, array['gender','raceEthnicity']::text[],
       jsonb_build_array(jsonb_build_object('category','gender','label','Gender','options', to_jsonb(${textArray([...GENDERS].sort())})),
                         jsonb_build_object('category','raceEthnicity','label','Race/ethnicity','options', to_jsonb(${textArray([...RACES].sort())}))),
       closes - 28, closes, 5, 'closed', (closes - 35)::timestamptz, (closes + 1)::timestamptz
     from (select k, ${today} - 20 - 365 * (${spec.campaigns} - k) as closes from generate_series(1, ${spec.campaigns}) k) c`,
  );
  await exec(
    tx,
    spec.depth === "dimension"
      ? `insert into assessment_items (org_id, id, campaign_id, position, framework_code, practice_number, dimension_kind, dimension_letter, statement)
         select ${org}, ${id("item", "k || ':' || pos")}, ${id("campaign", "k::text")}, pos, 'ICMA-2017', practice_number, kind, letter, text
         from generate_series(1, ${spec.campaigns}) k,
              (select row_number() over (order by practice_number, kind, position)::int as pos, practice_number, kind, letter, text
               from practice_dimensions where framework_code = 'ICMA-2017') d`
      : `insert into assessment_items (org_id, id, campaign_id, position, framework_code, practice_number, statement)
         select ${org}, ${id("item", "k || ':' || number")}, ${id("campaign", "k::text")}, number, 'ICMA-2017', number,
           'My department and our organization demonstrate ' || lower(name) || ': ' || definition || '.'
         from generate_series(1, ${spec.campaigns}) k, practices where framework_code = 'ICMA-2017'`,
  );
  // Who answers: a response rate per department and campaign between 35 % and 80 %.
  await exec(
    tx,
    `create temporary table seed_participants on commit drop as
     select k, s.id as staff_id, s.employee_number, s.department_id, s.supervisory_level, s.gender, s.race_ethnicity,
       ${r("'answers:' || k || ':' || s.employee_number")} < 0.35 + 0.45 * ${r("'rate:' || k || ':' || coalesce((select d.code from departments d where d.org_id = s.org_id and d.id = s.department_id), '')")} as responded
     from staff_members s, generate_series(1, ${spec.campaigns}) k
     where s.org_id = ${org} and s.is_active`,
  );
  await exec(
    tx,
    `insert into assessment_invitations (org_id, id, campaign_id, staff_member_id, token_hash, department_id, supervisory_level, email_sent, reminders_sent, completed)
     select ${org}, ${id("invitation", "k || ':' || employee_number")}, ${id("campaign", "k::text")}, staff_id,
       md5(${lit(`${c.seed}:${spec.ns}${spec.key}:token:`)} || k || ':' || employee_number) || md5(${lit(`${c.seed}:${spec.ns}${spec.key}:token2:`)} || k || ':' || employee_number),
       department_id, supervisory_level, true, 1, responded
     from seed_participants`,
  );
  // Responses in an order that has nothing to do with the invitations', keyed by that order.
  await exec(
    tx,
    `create temporary table seed_responses on commit drop as
     select p.k, p.rn, ${id("response", "p.k || ':' || p.rn")} as id, p.department_id, p.supervisory_level, p.gender, p.race_ethnicity,
       (${r("'personal:' || p.k || ':' || p.rn")} - 0.5) * 0.9 as personal
     from (select p.*, row_number() over (partition by k order by md5(${lit(`${c.seed}:shuffle:`)} || k || ':' || employee_number)) as rn
           from seed_participants p where responded) p`,
  );
  await exec(
    tx,
    `insert into assessment_responses (org_id, id, campaign_id, department_id, supervisory_level, demographics, submitted_on)
     select ${org}, p.id, ${id("campaign", "k::text")}, department_id, supervisory_level,
       jsonb_strip_nulls(jsonb_build_object(
         'gender', case when ${r("'pnts:' || k || ':' || rn")} < 0.08 then 'prefer_not_to_say' else gender end,
         'raceEthnicity', case when ${r("'pnts:' || k || ':' || rn", 1)} < 0.08 then 'prefer_not_to_say' else race_ethnicity end)),
       c.closes_on - 28 + floor(power(${r("'day:' || k || ':' || rn")}, 2) * 28)::int
     from seed_responses p
     join assessment_campaigns c on c.org_id = ${org} and c.id = ${id("campaign", "p.k::text")}`,
  );
  // Answers: a practice's base, how the department sees it, the level, the person, the year, noise.
  await exec(
    tx,
    `create temporary table seed_department_effect on commit drop as
     select d.id as department_id, p as practice_number, (${r("'effect:' || d.code || ':' || p")} - 0.5) * 1.4 as effect
     from departments d, generate_series(1, 14) p where d.org_id = ${org}`,
  );
  await exec(
    tx,
    `insert into assessment_answers (org_id, response_id, item_id, value)
     select ${org}, x.id, x.item_id,
       case when x.h1 < 0.03 then null else least(5, greatest(1, round(
         (array[${practiceBase.join(",")}])[x.practice_number] + coalesce(e.effect, 0)
         + case x.supervisory_level when 'executive' then 0.5 when 'manager' then 0.3 when 'supervisor' then 0.1 else 0 end
         + 0.12 * x.k + x.personal + (x.h2 + x.h3 - 1) * 1.7)))::smallint end
     from (
       select r.id, r.department_id, r.supervisory_level, i.id as item_id, i.practice_number, r.k, r.personal,
         ((('x' || substr(m, 1, 8))::bit(32)::bigint)::float8 / 4294967296.0) as h1,
         ((('x' || substr(m, 9, 8))::bit(32)::bigint)::float8 / 4294967296.0) as h2,
         ((('x' || substr(m, 17, 8))::bit(32)::bigint)::float8 / 4294967296.0) as h3
       from seed_responses r
       join assessment_items i on i.org_id = ${org} and i.campaign_id = ${id("campaign", "r.k::text")}
       cross join lateral (select md5(${lit(`${c.seed}:${spec.key}:answer:`)} || r.k || ':' || r.rn || ':' || i.position) as m) h
     ) x
     left join seed_department_effect e on e.department_id = x.department_id and e.practice_number = x.practice_number`,
  );
  await exec(
    tx,
    `insert into assessment_comments (org_id, response_id, practice_number, body)
     select ${org}, x.id, p, ${pick(COMMENTS, r("'comment:' || x.k || ':' || x.rn || ':' || p", 1))}
     from seed_responses x, unnest(array[3, 4, 13]) p
     where ${r("'comment:' || x.k || ':' || x.rn || ':' || p")} < 0.08`,
  );

  // --- The strategic plan: one adopted plan, goals, objectives, measures, monthly values.
  const planId = id("plan", "'adopted'");
  await exec(
    tx,
    `insert into plans (org_id, id, title, start_fiscal_year, end_fiscal_year, status, vision, mission, "values")
     values (${org}, ${planId}, ${lit(`${spec.name} Strategic Plan FY${fy - 2}–FY${fy + 2}`)}, ${fy - 2}, ${fy + 2}, 'adopted',
       'A safe, thriving and welcoming community.', 'We deliver services residents trust.', 'Integrity, equity, stewardship')`,
  );
  await exec(
    tx,
    `insert into goals (org_id, id, plan_id, title, description, position)
     select ${org}, ${id("goal", "g::text")}, ${planId}, 'Strategic priority ' || g, 'What the community asked for, priority ' || g || '.', g
     from generate_series(1, ${spec.goals}) g`,
  );
  await exec(
    tx,
    `insert into goal_practices (org_id, id, goal_id, framework_code, practice_number, is_primary)
     select ${org}, ${id("goal-practice", "g::text")}, ${id("goal", "g::text")}, 'ICMA-2017', 1 + (g * 5) % 14, true
     from generate_series(1, ${spec.goals}) g`,
  );
  const objectiveStatus = (u: string) =>
    `(case when ${u} < 0.1 then 'not_started' when ${u} < 0.6 then 'on_track' when ${u} < 0.8 then 'at_risk' when ${u} < 0.9 then 'off_track' else 'done' end)::objective_status`;
  await exec(
    tx,
    `insert into objectives (org_id, id, plan_id, goal_id, code, title, description, owner_department_id, owner_membership_id, due_date, status,
       reporting_frequency, last_update_as_of, position, created_at)
     select ${org}, ${id("objective", "n::text")}, ${planId}, ${id("goal", `(1 + (n - 1) % ${spec.goals})::text`)},
       (1 + (n - 1) % ${spec.goals}) || '.' || (1 + (n - 1) / ${spec.goals}), 'Objective ' || n || ': improve a service residents rely on', '',
       ${skewedDept(r("'owner:' || n"))}, null, ${today} + (30 * (1 + n % 36))::int, ${objectiveStatus(r("'status:' || n"))},
       (case when n % 3 = 0 then 'quarterly' else 'monthly' end)::reporting_frequency,
       ${today} - (case when ${r("'stale:' || n")} < 0.08 then 200 else 5 + floor(${r("'stale:' || n", 1)} * 25)::int end),
       1 + (n - 1) / ${spec.goals}, (${today} - 1000)::timestamptz
     from generate_series(1, ${spec.objectives}) n`,
  );
  await exec(
    tx,
    `insert into objective_updates (org_id, id, objective_id, status, narrative, as_of)
     select ${org}, ${id("objective-update", "o.n || ':' || u")}, ${id("objective", "o.n::text")},
       case when u = 3 then o.status else 'on_track' end, 'Quarterly review ' || u || '.', o.last_update_as_of - 90 * (3 - u)
     from (select n, ${objectiveStatus(r("'status:' || n"))} as status,
             ${today} - (case when ${r("'stale:' || n")} < 0.08 then 200 else 5 + floor(${r("'stale:' || n", 1)} * 25)::int end) as last_update_as_of
           from generate_series(1, ${spec.objectives}) n) o, generate_series(1, 3) u`,
  );
  await exec(
    tx,
    `insert into objective_practices (org_id, id, objective_id, framework_code, practice_number, is_primary)
     select ${org}, ${id("objective-practice", "n || ':' || j")}, ${id("objective", "n::text")}, 'ICMA-2017',
       1 + ((floor(${r("'op:' || n")} * 14)::int + (j - 1) * (1 + floor(${r("'op:' || n", 1)} * 13)::int)) % 14), j = 1
     from generate_series(1, ${spec.objectives}) n, generate_series(1, 2) j
     where j = 1 or ${r("'op2:' || n")} < 0.5`,
  );
  await exec(
    tx,
    `insert into measures (org_id, id, plan_id, objective_id, code, name, unit, direction, baseline, target, reporting_frequency, position, created_at)
     select ${org}, ${id("measure", "n || ':' || j")}, ${planId}, ${id("objective", "n::text")},
       (1 + (n - 1) % ${spec.goals}) || '.' || (1 + (n - 1) / ${spec.goals}) || '.' || j, 'Measure ' || j || ' of objective ' || n,
       case when j % 2 = 0 then '%' else 'days' end,
       (case when j % 2 = 0 then 'higher_is_better' else 'lower_is_better' end)::measure_direction,
       case when j % 2 = 0 then 60 else 30 end, case when j % 2 = 0 then 90 else 15 end, 'monthly', j, (${today} - 1200)::timestamptz
     from generate_series(1, ${spec.objectives}) n, generate_series(1, ${spec.measuresPerObjective}) j`,
  );
  await exec(
    tx,
    `insert into measurements (org_id, id, measure_id, period, value)
     select ${org}, ${id("measurement", "n || ':' || j || ':' || m")}, ${id("measure", "n || ':' || j")},
       (date_trunc('month', ${today}) - make_interval(months => m))::date,
       round((case when j % 2 = 0 then 60 + 30 * (1 - m / ${spec.months}.0) else 30 - 15 * (1 - m / ${spec.months}.0) end
              + (${r("'value:' || n || ':' || j || ':' || m")} - 0.5) * 6)::numeric, 1)
     from generate_series(1, ${spec.objectives}) n, generate_series(1, ${spec.measuresPerObjective}) j, generate_series(1, ${spec.months}) m
     where m > case when ${r("'mstale:' || n || ':' || j")} < 0.05 then 6 else 0 end`,
  );
  await exec(
    tx,
    `insert into measure_practices (org_id, id, measure_id, framework_code, practice_number, is_primary)
     select ${org}, ${id("measure-practice", "n || ':' || j")}, ${id("measure", "n || ':' || j")}, 'ICMA-2017', 1 + floor(${r("'mp:' || n || ':' || j")} * 14)::int, true
     from generate_series(1, ${spec.objectives}) n, generate_series(1, ${spec.measuresPerObjective}) j
     where ${r("'mp?:' || n || ':' || j")} < 0.4`,
  );

  // --- Budget: two fiscal years, the same line keys in both, amounts in whole dollars (cents).
  await exec(
    tx,
    `insert into fiscal_years (org_id, fiscal_year, starts_on, ends_on) values ${years
      .map((y) => fiscalYearRange(y, c.fyStartMonth))
      .map((y) => `(${org}, ${y.fiscalYear}, ${lit(y.startsOn)}, ${lit(y.endsOn)})`)
      .join(",")}`,
  );
  const monthsElapsed = Math.max(1, (Number(c.today.slice(5, 7)) - c.fyStartMonth + 12) % 12);
  await exec(
    tx,
    `insert into budget_lines (org_id, id, fiscal_year, line_key, department_id, category, fund_code, fund_name, unit_code, unit_name,
       program_code, program_name, account_code, account_name, description, adopted_cents, amended_cents, actual_cents, encumbered_cents)
     select ${org}, ${id("line", "fy || ':' || n")}, fy, fund || '|' || dcode || '|' || program || '|' || account || '|' || n, ${id("dept", "dcode")},
       category::budget_category, fund, 'Fund ' || fund, dcode, dcode, program, 'Program ' || program, account, account_name, '',
       adopted * 100, amended * 100,
       (amended * case when fy = ${fy} then ${monthsElapsed} / 12.0 * (0.85 + 0.2 * ${r("'actual:' || fy || ':' || n")})
                       else 0.9 + 0.1 * ${r("'actual:' || fy || ':' || n")} end)::bigint * 100,
       (amended * 0.03 * ${r("'enc:' || fy || ':' || n")})::bigint * 100
     from (
       select fy, n, (${textArray(codes)})[1 + floor(power(${r("'ldept:' || n")}, 1.6) * ${codes.length})::int] as dcode,
         ${pick(FUNDS, r("'fund:' || n"))} as fund, 'P' || lpad((1 + n / 12)::text, 4, '0') as program,
         a.account, a.account_name, a.category,
         adopted, (adopted * case when ${r("'amend:' || fy || ':' || n")} < 0.2 then 0.97 + 0.12 * ${r("'amend:' || fy || ':' || n", 1)} else 1 end)::bigint as amended
       from generate_series(1, ${spec.budgetLinesPerYear}) n,
            unnest(array[${years.join(",")}]) fy,
            lateral (select (5000 + power(${r("'size:' || n")}, 3) * 4000000 * (case when fy = ${fy} then 1.04 else 1 end))::bigint as adopted) s,
            lateral (select v.* from (values ${ACCOUNTS.map(([a, name, cat], i) => `(${i}, ${lit(a)}, ${lit(name)}, ${lit(cat)})`).join(",")}) v(i, account, account_name, category)
                     where v.i = floor(${r("'account:' || n")} * ${ACCOUNTS.length})::int) a
     ) l`,
  );
  await exec(
    tx,
    `insert into budget_line_practices (org_id, id, budget_line_id, framework_code, practice_number, is_primary)
     select ${org}, ${id("line-practice", "fy || ':' || n || ':' || j")}, ${id("line", "fy || ':' || n")}, 'ICMA-2017',
       1 + ((floor(${r("'lp:' || n")} * 14)::int + (j - 1) * (1 + floor(${r("'lp:' || n", 1)} * 13)::int)) % 14), j = 1
     from generate_series(1, ${spec.budgetLinesPerYear}) n, unnest(array[${years.join(",")}]) fy, generate_series(1, 2) j
     where (j = 1 and ${r("'linked:' || n")} < 0.85) or (j = 2 and ${r("'linked:' || n")} < 0.3)`,
  );
  await exec(
    tx,
    `insert into budget_line_objectives (org_id, id, budget_line_id, objective_id)
     select ${org}, ${id("funding", "n::text")}, ${id("line", `${fy} || ':' || n`)}, ${id("objective", `(1 + floor(${r("'funds:' || n", 1)} * ${spec.objectives})::int)::text`)}
     from generate_series(1, ${spec.budgetLinesPerYear}) n where ${r("'funds:' || n")} < 0.25`,
  );

  // --- Workforce goals: each department one metric, and the organization-wide ones.
  await exec(
    tx,
    `insert into workforce_goals (org_id, id, department_id, metric, name, unit, direction, baseline, target, due_date, reporting_frequency,
       status, last_update_as_of, position)
     select ${org}, ${id("wgoal", "n::text")}, case when n <= ${codes.length} then ${deptByIndex("n")} end, m.metric::workforce_metric,
       initcap(replace(m.metric, '_', ' ')) || case when n <= ${codes.length} then ' in ' || (${textArray(depts.map(([, name]) => name))})[n] else ' citywide' end,
       m.unit, m.direction::measure_direction, m.baseline, m.target, ${today} + 365, 'quarterly', ${objectiveStatus(r("'wstatus:' || n"))},
       ${today} - 20, n
     from generate_series(1, ${codes.length + 5}) n,
          lateral (select v.* from (values ${WORKFORCE_METRICS.map(([m, unit, dir, b, t], i) => `(${i}, ${lit(m)}, ${lit(unit)}, ${lit(dir)}, ${b}, ${t})`).join(",")})
                   v(i, metric, unit, direction, baseline, target) where v.i = n % ${WORKFORCE_METRICS.length}) m`,
  );
  await exec(
    tx,
    `insert into workforce_measurements (org_id, id, goal_id, period, value)
     select ${org}, ${id("wvalue", "g.id::text || ':' || q")}, g.id,
       (date_trunc('quarter', ${today}) - make_interval(months => 3 * q))::date,
       round((g.baseline + (g.target - g.baseline) * (12 - q) / 16.0 + (${r("'wv:' || g.position || ':' || q")} - 0.5))::numeric, 1)
     from workforce_goals g, generate_series(1, 12) q where g.org_id = ${org}`,
  );
  await exec(
    tx,
    `insert into workforce_goal_updates (org_id, id, goal_id, status, narrative, as_of)
     select ${org}, ${id("wupdate", "g.id::text || ':' || u")}, g.id, g.status, 'Quarterly review.', g.last_update_as_of - 90 * (2 - u)
     from workforce_goals g, generate_series(1, 2) u where g.org_id = ${org}`,
  );
  await exec(
    tx,
    `insert into workforce_goal_practices (org_id, id, workforce_goal_id, framework_code, practice_number, is_primary)
     select ${org}, ${id("wpractice", "g.id::text || ':' || j")}, g.id, 'ICMA-2017', case j when 1 then 13 else 4 end, j = 1
     from workforce_goals g, generate_series(1, 2) j where g.org_id = ${org}`,
  );
  await exec(
    tx,
    `insert into audit_events (org_id, actor_user_id, action, entity_type, entity_id, after)
     values (${org}, ${id("user", lit(admin))}, 'organization.seed_large', 'organization', ${org}, ${lit(JSON.stringify({ staff: spec.staff }))}::jsonb)`,
  );
  return signIns;
}

function largeSpec(scale: number, ns: string): OrgSpec {
  const s = (n: number) => Math.max(1, Math.round(n * scale));
  return {
    key: "large",
    ns,
    slug: `${ns}${LARGE_ORG_SLUG}`,
    name: "City of Lakeshore",
    kind: "city",
    emailDomain: `${ns}lakeshore.example`,
    departments: 60,
    staff: s(5000),
    campaigns: 3,
    depth: "dimension",
    budgetLinesPerYear: s(1000),
    goals: 10,
    objectives: s(500),
    measuresPerObjective: 2,
    months: 36,
    staffUsers: s(200),
    departmentHeads: 60,
  };
}

function smallSpec(n: number, ns: string): OrgSpec {
  const k = String(n).padStart(3, "0");
  return {
    key: `small-${k}`,
    ns,
    slug: `${ns}town-${k}`,
    name: `Town ${k}`,
    kind: "town",
    emailDomain: `${ns}town-${k}.example`,
    departments: 5,
    staff: 40,
    campaigns: 1,
    depth: "practice",
    budgetLinesPerYear: 30,
    goals: 3,
    objectives: 8,
    measuresPerObjective: 2,
    months: 12,
    staffUsers: 2,
    departmentHeads: 2,
  };
}

const TABLES = [
  "staff_members", "departments", "memberships", "assessment_campaigns", "assessment_items", "assessment_invitations", "assessment_responses",
  "assessment_answers", "assessment_comments", "objectives", "measures", "measurements", "budget_lines", "budget_line_practices",
  "workforce_goals", "workforce_measurements",
];

/** Every organization the generator makes is in Washington state. */
const LARGE_TIME_ZONE = "America/Los_Angeles";

export async function seedLarge(options: LargeSeedOptions = {}): Promise<LargeSeedSummary> {
  const started = Date.now();
  const seed = options.seed ?? 8;
  const scale = options.scale ?? 1;
  const orgs = options.orgs ?? 200;
  const today = options.today ?? organizationToday({ timeZone: LARGE_TIME_ZONE });
  const password = options.password ?? LARGE_DEFAULT_PASSWORD;
  const log = options.log ?? (() => {});
  if (!(scale > 0)) throw new Error("--scale must be a positive number");
  if (!Number.isInteger(orgs) || orgs < 0 || orgs > 999) throw new Error("--orgs must be a whole number from 0 to 999");
  if (addMonths(today, 0) !== today) throw new Error("--today must be a date (YYYY-MM-DD)");
  const db = getDb();
  const passwordHash = await hashPassword(password);
  const ns = options.namespace ?? "";
  if (!/^[a-z0-9-]*$/.test(ns)) throw new Error("The namespace may only hold lower-case letters, digits and hyphens");
  const large = largeSpec(scale, ns);
  const exists = await count(db as unknown as Transaction, `select count(*) as n from organizations where slug = ${lit(large.slug)}`);
  if (exists > 0) throw new Error(`An organization "${large.slug}" already exists: seed:large needs a database without it (create a fresh one).`);
  const { id } = sqlRandom(seed, "org");
  const orgIdOf = async (key: string) => {
    const result = await db.execute(sql.raw(`select ${id("org", lit(key))}::text as id`));
    const rows = (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as { id: string }[];
    return rows[0]!.id;
  };
  const largeId = await orgIdOf(ns + large.key);
  const ctx = { today, fyStartMonth: 7, passwordHash, seed };
  log(`Seeding ${large.name} (/o/${large.slug}) at scale ${scale}…`);
  let rollups: RollupTiming | undefined;
  const signIns = await db.transaction(async (tx) => {
    const made = await seedOrganization(tx, large, { ...ctx, orgId: largeId });
    rollups = await refreshLargeRollups(tx, largeId);
    return made;
  });
  const counts: Record<string, number> = {};
  for (const t of TABLES) counts[t] = await count(db as unknown as Transaction, `select count(*) as n from ${t} where org_id = ${lit(largeId)}`);
  log(`  ${counts.staff_members} staff, ${counts.assessment_answers} answers, ${counts.budget_lines} budget lines, ${counts.objectives} objectives, ${counts.measurements} measurements (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  log(
    `  results of its ${rollups!.campaigns} closed campaigns counted into ${rollups!.tallies} rollup rows in ${rollups!.seconds.toFixed(2)} s (the largest campaign: ${rollups!.largestCampaignSeconds.toFixed(2)} s)`,
  );
  for (let n = 1; n <= orgs; n += 1) {
    const spec = smallSpec(n, ns);
    const smallId = await orgIdOf(ns + spec.key);
    await db.transaction(async (tx) => {
      await seedOrganization(tx, spec, { ...ctx, orgId: smallId });
      await refreshLargeRollups(tx, smallId);
    });
    if (n % 50 === 0 || n === orgs) log(`  ${n} of ${orgs} small organizations (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  // What autovacuum would do soon after a bulk load, done now: planner statistics, and the
  // visibility map that index-only scans need (and no vacuum running under a benchmark).
  await db.execute(sql.raw("vacuum analyze"));
  return { orgSlug: large.slug, orgId: largeId, password, signIns, counts, smallOrgs: orgs, seconds: (Date.now() - started) / 1000, rollups: rollups! };
}
