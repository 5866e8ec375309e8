// The demo city's workforce: ~12 workforce goals (turnover, vacancies, time to hire, training,
// ethics training, representation) with quarterly values, status updates and practice links, and
// a roster of ~600 staff over the demo departments with realistic supervisory levels and
// self-reported demographics (some not reported), plus a few people who have left.
// Deterministic (a seeded PRNG) and inserted in bulk; dates follow `today`, so the goals look
// current on any day the demo is started (two of them are deliberately stale).
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { addMonths } from "~/modules/core/dates";
import { organizationTodayOf } from "~/modules/core/organization.server";
import { addPeriods, periodStart } from "~/modules/core/periods";
import type { Transaction } from "#db/client.server";
import { communityDemographics, organizations, staffMembers, workforceGoalPractices, workforceGoals, workforceGoalUpdates, workforceMeasurements } from "#db/schema";

export type DemoWorkforceInput = {
  orgId: string;
  departmentIdsByCode: Map<string, string> | Record<string, string>;
  /** The author of the seeded status updates (the city manager). */
  authorUserId?: string | null;
  today?: string;
  /** Demo sign-ins who are on the roster too (so a staff account sees its open campaigns): each
   * takes the place of the first active staff-level person of their department. */
  rosterAccounts?: { email: string; name: string; departmentCode: string }[];
};

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rand: () => number, weighted: [T, number][]): T {
  const total = weighted.reduce((n, [, w]) => n + w, 0);
  let r = rand() * total;
  for (const [v, w] of weighted) {
    r -= w;
    if (r < 0) return v;
  }
  return weighted[weighted.length - 1]![0];
}

type GoalSpec = {
  dept: string | null;
  metric: (typeof workforceGoals.$inferInsert)["metric"];
  name: string;
  unit: string;
  direction: "higher_is_better" | "lower_is_better";
  baseline: number;
  target: number;
  /** Quarterly values from the baseline toward (or away from) the target, oldest first. */
  path: number[];
  status: "on_track" | "at_risk" | "off_track" | "done";
  practices: number[];
  /** Stale on purpose: the last two quarters were not reported. */
  stale?: boolean;
  demographic?: [string, string];
  narrative: string;
};

const GOALS: GoalSpec[] = [
  { dept: null, metric: "turnover_rate", name: "Bring citywide voluntary turnover under 9%", unit: "%", direction: "lower_is_better", baseline: 12.4, target: 9, path: [12.1, 11.6, 11.2, 10.9, 10.4, 10.1], status: "on_track", practices: [13, 4], narrative: "Stay interviews in every department; exits down for the third quarter in a row." },
  { dept: null, metric: "ethics_training_completion", name: "Every employee completes ethics training each year", unit: "%", direction: "higher_is_better", baseline: 71, target: 100, path: [74, 79, 83, 88, 91, 94], status: "on_track", practices: [1, 13], narrative: "Online module launched; supervisors follow up with their teams." },
  { dept: null, metric: "representation", name: "Workforce reflects the community: women in supervisory roles", unit: "%", direction: "higher_is_better", baseline: 31, target: 40, path: [31.5, 32, 32.8, 33.1, 33.9, 34.2], status: "at_risk", practices: [3, 13], demographic: ["gender", "Female"], narrative: "Progress is slower than planned; mentoring program starts next quarter." },
  { dept: "PD", metric: "vacancy_rate", name: "Cut sworn officer vacancies to 5%", unit: "%", direction: "lower_is_better", baseline: 11.5, target: 5, path: [11.2, 10.8, 10.1, 9.6, 9.9, 9.4], status: "at_risk", practices: [13, 10], narrative: "Two academies filled; lateral hiring still behind plan." },
  { dept: "PD", metric: "training_hours_per_fte", name: "40 hours of de-escalation and crisis training per officer", unit: "hours per FTE", direction: "higher_is_better", baseline: 18, target: 40, path: [21, 24, 27, 31, 33, 36], status: "on_track", practices: [4, 3], narrative: "Crisis intervention course now part of annual in-service." },
  { dept: "FD", metric: "time_to_hire_days", name: "Hire firefighters within 75 days of posting", unit: "days", direction: "lower_is_better", baseline: 118, target: 75, path: [114, 109, 101, 96, 92, 88], status: "on_track", practices: [13, 12], narrative: "Testing and background checks now run in parallel." },
  { dept: "PW", metric: "turnover_rate", name: "Reduce Public Works turnover to 8%", unit: "%", direction: "lower_is_better", baseline: 14.2, target: 8, path: [13.8, 13.5, 12.9, 12.1, 11.8, 11.2], status: "on_track", practices: [13, 4, 3, 1], narrative: "Career ladders for maintenance workers approved; exits falling." },
  { dept: "PW-ST", metric: "training_hours_per_fte", name: "Equipment safety training for every Streets crew member", unit: "hours per FTE", direction: "higher_is_better", baseline: 6, target: 16, path: [7, 8, 10, 11], status: "at_risk", practices: [4, 13], stale: true, narrative: "Training calendar slipped during the paving season." },
  { dept: "UTIL", metric: "vacancy_rate", name: "Keep licensed operator vacancies under 6%", unit: "%", direction: "lower_is_better", baseline: 9.8, target: 6, path: [9.5, 9.1, 8.4, 7.9, 7.2, 6.8], status: "on_track", practices: [13, 10], narrative: "Apprenticeship with the community college produced four new operators." },
  { dept: "PRK", metric: "time_to_hire_days", name: "Seasonal staff hired within 30 days", unit: "days", direction: "lower_is_better", baseline: 52, target: 30, path: [50, 46, 41, 38, 33, 29], status: "done", practices: [13, 9], narrative: "Target met: seasonal hiring now opens in January." },
  { dept: "LIB", metric: "custom", name: "Staff trained in bilingual service", unit: "people", direction: "higher_is_better", baseline: 4, target: 15, path: [5, 6, 8], status: "off_track", practices: [3, 9], stale: true, narrative: "Instructor contract lapsed; looking for a new provider." },
  { dept: "HR", metric: "time_to_hire_days", name: "Citywide average time to hire under 60 days", unit: "days", direction: "lower_is_better", baseline: 84, target: 60, path: [82, 79, 74, 70, 67, 63], status: "on_track", practices: [13, 12, 11], narrative: "Applicant tracking system went live in two more departments." },
];

const STAFF_BY_DEPARTMENT: [string, number][] = [
  ["CMO", 15], ["FIN", 25], ["HR", 15], ["IT", 20], ["PW", 65], ["PW-ST", 45], ["UTIL", 60],
  ["PD", 120], ["FD", 95], ["PRK", 65], ["LIB", 35], ["CD", 30], ["CLK", 10],
];

const TITLES: Record<string, { executive: string; manager: string; supervisor: string; staff: string[] }> = {
  CMO: { executive: "City Manager", manager: "Assistant City Manager", supervisor: "Communications Supervisor", staff: ["Management Analyst", "Communications Specialist", "Executive Assistant"] },
  FIN: { executive: "Finance Director", manager: "Accounting Manager", supervisor: "Payroll Supervisor", staff: ["Accountant", "Budget Analyst", "Accounting Technician", "Buyer"] },
  HR: { executive: "Human Resources Director", manager: "HR Manager", supervisor: "Recruitment Supervisor", staff: ["HR Analyst", "HR Technician", "Benefits Specialist"] },
  IT: { executive: "Chief Information Officer", manager: "IT Manager", supervisor: "Help Desk Supervisor", staff: ["Systems Administrator", "Network Engineer", "IT Support Specialist", "GIS Analyst"] },
  PW: { executive: "Public Works Director", manager: "Operations Manager", supervisor: "Facilities Supervisor", staff: ["Maintenance Worker", "Engineer", "Engineering Technician", "Fleet Mechanic"] },
  "PW-ST": { executive: "Streets Division Manager", manager: "Streets Superintendent", supervisor: "Street Crew Supervisor", staff: ["Street Maintenance Worker", "Equipment Operator", "Traffic Technician"] },
  UTIL: { executive: "Utilities Division Manager", manager: "Treatment Plant Manager", supervisor: "Utility Crew Supervisor", staff: ["Water Operator", "Wastewater Operator", "Utility Worker", "Lab Technician"] },
  PD: { executive: "Police Chief", manager: "Police Captain", supervisor: "Police Sergeant", staff: ["Police Officer", "Police Officer", "Police Officer", "Dispatcher", "Records Specialist"] },
  FD: { executive: "Fire Chief", manager: "Battalion Chief", supervisor: "Fire Captain", staff: ["Firefighter", "Firefighter", "Firefighter/Paramedic", "Fire Inspector"] },
  PRK: { executive: "Parks and Recreation Director", manager: "Recreation Manager", supervisor: "Parks Supervisor", staff: ["Park Maintenance Worker", "Recreation Coordinator", "Lifeguard", "Groundskeeper"] },
  LIB: { executive: "Library Director", manager: "Branch Manager", supervisor: "Circulation Supervisor", staff: ["Librarian", "Library Assistant", "Library Page"] },
  CD: { executive: "Community Development Director", manager: "Planning Manager", supervisor: "Permit Center Supervisor", staff: ["Planner", "Building Inspector", "Permit Technician", "Code Enforcement Officer"] },
  CLK: { executive: "City Clerk", manager: "Deputy City Clerk", supervisor: "Records Supervisor", staff: ["Records Clerk", "Office Assistant"] },
};

const FIRST = ["Maria", "James", "Aisha", "Wei", "Daniel", "Priya", "Carlos", "Emily", "Kwame", "Sofia", "Noah", "Linh", "Omar", "Grace", "Mateo", "Hannah", "Jamal", "Mei", "Lucas", "Fatima", "Ethan", "Ana", "Tyrone", "Olivia", "Diego", "Nia", "Ryan", "Keiko", "Samuel", "Leah", "Andre", "Rosa", "Victor", "Chloe", "Isaac", "Imani", "Kevin", "Elena", "Marcus", "Yuki"];
const LAST = ["Garcia", "Johnson", "Nguyen", "Smith", "Patel", "Williams", "Hernandez", "Brown", "Kim", "Jones", "Lopez", "Davis", "Chen", "Miller", "Martinez", "Wilson", "Okafor", "Anderson", "Rodriguez", "Taylor", "Singh", "Thomas", "Ramirez", "Moore", "Tran", "Jackson", "Flores", "White", "Ali", "Harris", "Rivera", "Clark", "Yamamoto", "Lewis", "Torres", "Walker", "Haddad", "Young", "Reyes", "King"];

const RACE: [string | null, number][] = [
  ["White", 52], ["Hispanic or Latino", 20], ["Black or African American", 9], ["Asian", 8], ["Two or more races", 4],
  ["American Indian or Alaska Native", 1.5], ["Native Hawaiian or Other Pacific Islander", 0.5], [null, 5],
];
const AGE: [string | null, number][] = [["Under 25", 8], ["25–34", 24], ["35–44", 26], ["45–54", 22], ["55–64", 15], ["65 and over", 2], [null, 3]];

// Riverton's community, as an administrator would enter it from the census (plausible figures for a
// mid-size city; ages and veteran status of adults). "Some other race" has no one on the roster;
// the roster's "Non-binary" has no census figure.
const ACS = "US Census Bureau, American Community Survey 2023 5-year estimates";
const COMMUNITY: [(typeof communityDemographics.$inferInsert)["category"], string, [string, number][]][] = [
  ["raceEthnicity", `${ACS}, table DP05`, [["White", 5410], ["Hispanic or Latino", 2130], ["Black or African American", 1020], ["Asian", 740], ["Two or more races", 460], ["American Indian or Alaska Native", 110], ["Native Hawaiian or Other Pacific Islander", 30], ["Some other race", 100]]],
  ["gender", `${ACS}, table DP05 (sex)`, [["Female", 5080], ["Male", 4920]]],
  ["ageBand", `${ACS}, table S0101 (adults 18 and over)`, [["Under 25", 1190], ["25–34", 1860], ["35–44", 1710], ["45–54", 1580], ["55–64", 1620], ["65 and over", 2040]]],
  ["veteran", `${ACS}, table S2101 (civilians 18 and over)`, [["Veteran", 680], ["Not a veteran", 9320]]],
  ["disability", `${ACS}, table S1810`, [["Has a disability", 1290], ["No disability", 8710]]],
];

export async function seedDemoWorkforce(
  tx: Transaction,
  input: DemoWorkforceInput,
): Promise<{ goals: number; measurements: number; updates: number; staff: number; inactive: number; community: number }> {
  const { orgId } = input;
  const today = input.today ?? (await organizationTodayOf(tx, orgId));
  const deptId = (code: string): string => {
    const id = input.departmentIdsByCode instanceof Map ? input.departmentIdsByCode.get(code) : input.departmentIdsByCode[code];
    if (!id) throw new Error(`Demo workforce needs department ${code}`);
    return id;
  };
  const [org] = await tx.select({ fy: organizations.fiscalYearStartMonth }).from(organizations).where(eq(organizations.id, orgId));
  const fyStart = org?.fy ?? 7;
  const current = periodStart(today, "quarterly", fyStart);
  const rand = prng(20260415);

  // --- Goals, values, updates and practice links.
  const goalRows = GOALS.map((g, i) => ({
    orgId,
    id: randomUUID(),
    departmentId: g.dept ? deptId(g.dept) : null,
    metric: g.metric,
    name: g.name,
    description: "",
    unit: g.unit,
    direction: g.direction,
    baseline: String(g.baseline),
    target: String(g.target),
    dueDate: addMonths(current, 12 + 3 * (i % 4)),
    reportingFrequency: "quarterly" as const,
    status: g.status,
    lastUpdateAsOf: g.stale ? addMonths(today, -5) : addMonths(today, -1),
    demographicField: g.demographic?.[0] ?? null,
    demographicGroup: g.demographic?.[1] ?? null,
    position: i + 1,
    createdBy: input.authorUserId ?? null,
    createdAt: new Date(`${addMonths(current, -21)}T12:00:00Z`),
  }));
  await tx.insert(workforceGoals).values(goalRows);
  const measurementRows: (typeof workforceMeasurements.$inferInsert)[] = [];
  const updateRows: (typeof workforceGoalUpdates.$inferInsert)[] = [];
  const linkRows: (typeof workforceGoalPractices.$inferInsert)[] = [];
  GOALS.forEach((g, i) => {
    const goalId = goalRows[i]!.id;
    // The latest value is for the last complete quarter (two more back for the stale goals).
    const last = addPeriods(current, g.stale ? -3 : -1, "quarterly");
    g.path.forEach((value, j) => {
      measurementRows.push({ orgId, goalId, period: addPeriods(last, j - (g.path.length - 1), "quarterly"), value: String(value), recordedBy: input.authorUserId ?? null });
    });
    const lastUpdate = goalRows[i]!.lastUpdateAsOf;
    updateRows.push(
      { orgId, goalId, status: "on_track", narrative: "Baseline set and the first actions under way.", asOf: addMonths(lastUpdate, -6), authorUserId: input.authorUserId ?? null },
      { orgId, goalId, status: g.status === "done" ? "on_track" : g.status, narrative: "Mid-year review with the department.", asOf: addMonths(lastUpdate, -3), authorUserId: input.authorUserId ?? null },
      { orgId, goalId, status: g.status, narrative: g.narrative, asOf: lastUpdate, authorUserId: input.authorUserId ?? null },
    );
    g.practices.forEach((n, j) => linkRows.push({ orgId, workforceGoalId: goalId, frameworkCode: "ICMA-2017", practiceNumber: n, isPrimary: j === 0 }));
  });
  await tx.insert(workforceMeasurements).values(measurementRows);
  await tx.insert(workforceGoalUpdates).values(updateRows);
  await tx.insert(workforceGoalPractices).values(linkRows);

  // --- The roster.
  const staff: (typeof staffMembers.$inferInsert)[] = [];
  let number = 10001;
  for (const [code, size] of STAFF_BY_DEPARTMENT) {
    const titles = TITLES[code]!;
    const managers = Math.max(1, Math.round(size * 0.05));
    const supervisors = Math.max(1, Math.round(size * 0.12));
    for (let k = 0; k < size; k += 1) {
      const level = k === 0 ? "executive" : k <= managers ? "manager" : k <= managers + supervisors ? "supervisor" : "staff";
      const jobTitle = level === "staff" ? titles.staff[Math.floor(rand() * titles.staff.length)]! : titles[level];
      const firstName = FIRST[Math.floor(rand() * FIRST.length)]!;
      const lastName = LAST[Math.floor(rand() * LAST.length)]!;
      const employeeNumber = `E${number}`;
      number += 1;
      // Uniformed and field departments skew male; leadership skews older.
      const field = ["PD", "FD", "PW", "PW-ST", "UTIL"].includes(code);
      const gender = pick<string | null>(rand, [["Female", field ? 22 : 58], ["Male", field ? 74 : 38], ["Non-binary", 1], [null, 3]]);
      const years = level === "staff" ? Math.floor(rand() * 18) : 6 + Math.floor(rand() * 22);
      staff.push({
        orgId,
        employeeNumber,
        fullName: `${firstName} ${lastName}`,
        email: `${firstName}.${lastName}.${employeeNumber}`.toLowerCase() + "@riverton.example",
        departmentId: deptId(code),
        jobTitle,
        supervisoryLevel: level,
        hireDate: addMonths(today, -(years * 12 + Math.floor(rand() * 12) + 1)),
        raceEthnicity: pick(rand, RACE),
        gender,
        ageBand: level === "staff" ? pick(rand, AGE) : pick(rand, AGE.slice(2)),
        veteran: pick<string | null>(rand, [["Veteran", field ? 14 : 5], ["Not a veteran", field ? 80 : 89], [null, 6]]),
        disability: pick<string | null>(rand, [["Has a disability", 6], ["No disability", 84], [null, 10]]),
      });
    }
  }
  // A few people have left this year (kept, inactive).
  let inactive = 0;
  for (let k = 7; k < staff.length; k += 29) {
    staff[k] = { ...staff[k]!, isActive: false, leftOn: addMonths(today, -1 - (k % 9)) };
    inactive += 1;
  }
  for (const account of input.rosterAccounts ?? []) {
    const department = deptId(account.departmentCode);
    const k = staff.findIndex((p) => p.departmentId === department && p.supervisoryLevel === "staff" && p.isActive !== false);
    if (k < 0) throw new Error(`Demo roster has no staff member in ${account.departmentCode} for ${account.email}`);
    staff[k] = { ...staff[k]!, fullName: account.name, email: account.email };
  }
  for (let i = 0; i < staff.length; i += 500) await tx.insert(staffMembers).values(staff.slice(i, i + 500));

  const community = COMMUNITY.flatMap(([category, source, shares]) =>
    shares.map(([groupLabel, shareBasisPoints]) => ({ orgId, category, groupLabel, shareBasisPoints, source, year: 2023 })),
  );
  await tx.insert(communityDemographics).values(community);

  return { goals: goalRows.length, measurements: measurementRows.length, updates: updateRows.length, staff: staff.length, inactive, community: community.length };
}
