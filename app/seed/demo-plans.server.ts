// The demo city's strategic plan: an adopted five-year plan with 6 goals, 30 objectives across the
// departments, 60 measures with two years of monthly or quarterly values, status updates, a few
// stale items, and practice links that cover all 14 practices unevenly, as in a real city.
// Deterministic: the same values every time (a seeded PRNG), with dates relative to `today` so
// the demo always looks current.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Role } from "~/modules/auth/permissions";
import { addDays, addMonths } from "~/modules/core/dates";
import { organizationTodayOf } from "~/modules/core/organization.server";
import { addPeriods, fiscalYearOf, fiscalYearStart, periodStart, type ReportingFrequency } from "~/modules/core/periods";
import type { Transaction } from "#db/client.server";
import {
  auditEvents,
  goalPractices,
  goals,
  measurePractices,
  measurements,
  measures,
  memberships,
  objectivePractices,
  objectiveUpdates,
  objectives,
  organizations,
  plans,
} from "#db/schema";
import catalog from "#db/catalog/icma-2017.json";

type Direction = "higher_is_better" | "lower_is_better";
type Status = "not_started" | "on_track" | "at_risk" | "off_track" | "done";

type MeasureSpec = {
  name: string;
  unit: string;
  direction: Direction;
  baseline: number;
  target: number;
  frequency: ReportingFrequency;
  /** Decimal places of the values. */
  decimals?: number;
  /** Stops reporting this many periods before the last one: a stale measure in the demo. */
  missing?: number;
};

type ObjectiveSpec = {
  dept: string;
  title: string;
  frequency: ReportingFrequency;
  /** Practice numbers; the first is primary. A "n:L" or "n:M" entry links a leadership or
   * management dimension of practice n (the letter is picked deterministically). */
  practices: string[];
  /** The status its latest update reports. */
  status: Status;
  /** No update for this many months: a stale objective in the demo. */
  silentMonths?: number;
  measures: [MeasureSpec, MeasureSpec];
};

type GoalSpec = { title: string; description: string; practices: string[]; objectives: ObjectiveSpec[] };

const m = (
  name: string,
  unit: string,
  direction: Direction,
  baseline: number,
  target: number,
  frequency: ReportingFrequency,
  extra: Partial<MeasureSpec> = {},
): MeasureSpec => ({ name, unit, direction, baseline, target, frequency, ...extra });

const GOALS: GoalSpec[] = [
  {
    title: "Safe and resilient community",
    description: "Residents are safe at home, at work and on the move, and the city is ready for emergencies.",
    practices: ["10", "9"],
    objectives: [
      {
        dept: "PD",
        title: "Reduce emergency response times citywide",
        frequency: "monthly",
        practices: ["10:M", "9"],
        status: "on_track",
        measures: [
          m("Median priority-1 police response time", "minutes", "lower_is_better", 7.8, 6.5, "monthly", { decimals: 1 }),
          m("Calls answered within 15 seconds", "%", "higher_is_better", 88, 95, "monthly", { decimals: 1 }),
        ],
      },
      {
        dept: "FD",
        title: "Meet national standards for fire and EMS turnout",
        frequency: "monthly",
        practices: ["10", "4:M"],
        status: "at_risk",
        measures: [
          m("Fire turnout time at the 90th percentile", "seconds", "lower_is_better", 95, 80, "monthly"),
          m("Cardiac arrest patients with return of pulse", "%", "higher_is_better", 24, 30, "quarterly", { decimals: 1 }),
        ],
      },
      {
        dept: "FD",
        title: "Prepare every neighborhood for a major emergency",
        frequency: "quarterly",
        practices: ["2", "14", "9"],
        status: "on_track",
        measures: [
          m("Residents trained in community emergency response", "people", "higher_is_better", 120, 1000, "quarterly"),
          m("Households signed up for emergency alerts", "%", "higher_is_better", 31, 60, "quarterly", { decimals: 1 }),
        ],
      },
      {
        dept: "PD",
        title: "Build trust between police and residents",
        frequency: "quarterly",
        practices: ["3:M", "2", "1"],
        status: "at_risk",
        measures: [
          m("Residents who trust the police (survey)", "%", "higher_is_better", 58, 70, "yearly"),
          m("Use-of-force complaints sustained", "complaints", "lower_is_better", 9, 4, "quarterly"),
        ],
      },
      {
        dept: "PW-ST",
        title: "Eliminate traffic deaths and serious injuries",
        frequency: "quarterly",
        practices: ["10", "8"],
        status: "off_track",
        measures: [
          m("Traffic fatalities and serious injuries", "people", "lower_is_better", 41, 10, "quarterly"),
          m("High-injury intersections redesigned", "intersections", "higher_is_better", 0, 20, "quarterly"),
        ],
      },
    ],
  },
  {
    title: "Reliable infrastructure and environmental stewardship",
    description: "Streets, water and parks are well kept, and the city cuts its emissions and waste.",
    practices: ["10", "12"],
    objectives: [
      {
        dept: "PW-ST",
        title: "Bring the street network to good condition",
        frequency: "quarterly",
        practices: ["10:M", "12"],
        status: "on_track",
        measures: [
          m("Average pavement condition index", "PCI", "higher_is_better", 61, 70, "quarterly", { decimals: 1 }),
          m("Potholes repaired within 48 hours", "%", "higher_is_better", 72, 90, "monthly", { decimals: 1 }),
        ],
      },
      {
        dept: "UTIL",
        title: "Reduce water lost through leaks",
        frequency: "quarterly",
        practices: ["10", "12:M"],
        status: "on_track",
        measures: [
          m("Non-revenue water", "%", "lower_is_better", 14.2, 10, "monthly", { decimals: 1 }),
          m("Water main breaks", "breaks", "lower_is_better", 38, 25, "quarterly"),
        ],
      },
      {
        dept: "UTIL",
        title: "Keep drinking water in full compliance",
        frequency: "monthly",
        practices: ["10", "1"],
        status: "on_track",
        measures: [
          m("Days in compliance with drinking water standards", "%", "higher_is_better", 99.2, 100, "monthly", { decimals: 1 }),
          m("Lead service lines replaced", "lines", "higher_is_better", 0, 1500, "quarterly"),
        ],
      },
      {
        dept: "PW",
        title: "Cut city operations' greenhouse gas emissions",
        frequency: "quarterly",
        practices: ["6", "7", "10"],
        status: "at_risk",
        measures: [
          m("City fleet vehicles that are electric or hybrid", "%", "higher_is_better", 8, 40, "quarterly", { decimals: 1 }),
          m("Electricity use in city buildings", "MWh", "lower_is_better", 5400, 4600, "quarterly"),
        ],
      },
      {
        dept: "PRK",
        title: "Put a park within a 10-minute walk of every home",
        frequency: "quarterly",
        practices: ["3", "9", "7:L"],
        status: "on_track",
        measures: [
          m("Residents within a 10-minute walk of a park", "%", "higher_is_better", 71, 85, "yearly"),
          m("Park acres maintained to standard", "%", "higher_is_better", 80, 92, "quarterly", { decimals: 1 }),
        ],
      },
      {
        dept: "PW",
        title: "Divert more waste from the landfill",
        frequency: "quarterly",
        practices: ["10", "2"],
        status: "not_started",
        silentMonths: 7,
        measures: [
          m("Residential waste diverted from landfill", "%", "higher_is_better", 38, 55, "monthly", { decimals: 1, missing: 4 }),
          m("Contamination in recycling carts", "%", "lower_is_better", 22, 12, "quarterly", { decimals: 1 }),
        ],
      },
    ],
  },
  {
    title: "Thriving economy and housing",
    description: "Businesses start and grow here, and people of every income can find a home.",
    practices: ["8", "9"],
    objectives: [
      {
        dept: "CD",
        title: "Speed up building permit reviews",
        frequency: "monthly",
        practices: ["9:M", "10", "11"],
        status: "on_track",
        measures: [
          m("Median days to issue a residential permit", "days", "lower_is_better", 34, 15, "monthly"),
          m("Permits applied for online", "%", "higher_is_better", 45, 90, "monthly", { decimals: 1 }),
        ],
      },
      {
        dept: "CD",
        title: "Add homes affordable to low- and moderate-income households",
        frequency: "quarterly",
        practices: ["3:M", "8", "7"],
        status: "off_track",
        measures: [
          m("Affordable homes permitted (cumulative)", "homes", "higher_is_better", 0, 800, "quarterly"),
          m("Households spending over 30% of income on rent", "%", "lower_is_better", 48, 40, "yearly"),
        ],
      },
      {
        dept: "CMO",
        title: "Grow small businesses downtown",
        frequency: "quarterly",
        practices: ["8", "2"],
        status: "on_track",
        measures: [
          m("Downtown storefront vacancy rate", "%", "lower_is_better", 14, 8, "quarterly", { decimals: 1 }),
          m("Small businesses helped by the business liaison", "businesses", "higher_is_better", 40, 150, "quarterly"),
        ],
      },
      {
        dept: "CD",
        title: "Reduce homelessness through coordinated services",
        frequency: "quarterly",
        practices: ["3", "9", "8:L"],
        status: "at_risk",
        measures: [
          m("People moved from shelters into housing", "people", "higher_is_better", 35, 90, "quarterly"),
          m("Unsheltered people counted (point-in-time)", "people", "lower_is_better", 212, 120, "yearly"),
        ],
      },
      {
        dept: "LIB",
        title: "Help job seekers build digital skills",
        frequency: "quarterly",
        practices: ["11", "9", "3"],
        status: "on_track",
        measures: [
          m("Residents completing digital skills classes", "people", "higher_is_better", 150, 600, "quarterly"),
          m("Library laptop and hotspot loans", "loans", "higher_is_better", 900, 2400, "monthly"),
        ],
      },
    ],
  },
  {
    title: "Engaged, equitable and inclusive community",
    description: "Every resident can take part in civic life and is served fairly, whatever their neighborhood or background.",
    practices: ["2", "3"],
    objectives: [
      {
        dept: "CMO",
        title: "Widen public participation in city decisions",
        frequency: "quarterly",
        practices: ["2:L", "14", "3"],
        status: "on_track",
        measures: [
          m("Residents taking part in engagement events and surveys", "people", "higher_is_better", 2100, 6000, "quarterly"),
          m("Participants from low-income census tracts", "%", "higher_is_better", 18, 30, "quarterly", { decimals: 1 }),
        ],
      },
      {
        dept: "CMO",
        title: "Apply an equity lens to every major decision",
        frequency: "quarterly",
        practices: ["3:L", "6", "8"],
        status: "at_risk",
        measures: [
          m("Council reports with an equity impact review", "%", "higher_is_better", 10, 100, "quarterly", { decimals: 1 }),
          m("Capital spending in historically underserved neighborhoods", "%", "higher_is_better", 22, 40, "yearly"),
        ],
      },
      {
        dept: "CLK",
        title: "Make public records and meetings easy to reach",
        frequency: "quarterly",
        practices: ["14:M", "1", "11"],
        status: "on_track",
        measures: [
          m("Public records requests closed within 10 days", "%", "higher_is_better", 64, 90, "monthly", { decimals: 1 }),
          m("Council meetings captioned and translated", "%", "higher_is_better", 30, 100, "quarterly", { decimals: 1 }),
        ],
      },
      {
        dept: "PRK",
        title: "Offer recreation programs that reflect the community",
        frequency: "quarterly",
        practices: ["9", "3"],
        status: "on_track",
        silentMonths: 5,
        measures: [
          m("Recreation scholarships awarded", "scholarships", "higher_is_better", 220, 600, "quarterly"),
          m("Program participants from priority neighborhoods", "%", "higher_is_better", 26, 40, "quarterly", { decimals: 1, missing: 2 }),
        ],
      },
      {
        dept: "LIB",
        title: "Bring library services to every neighborhood",
        frequency: "quarterly",
        practices: ["9:L", "10", "2"],
        status: "done",
        measures: [
          m("Bookmobile and pop-up library stops", "stops", "higher_is_better", 60, 180, "quarterly"),
          m("Active library card holders", "% of residents", "higher_is_better", 41, 55, "quarterly", { decimals: 1 }),
        ],
      },
    ],
  },
  {
    title: "High-performing, ethical organization",
    description: "A skilled, healthy and diverse workforce that serves residents with integrity.",
    practices: ["4", "13"],
    objectives: [
      {
        dept: "HR",
        title: "Fill vacancies faster",
        frequency: "monthly",
        practices: ["13:M", "4"],
        status: "on_track",
        measures: [
          m("Median days from job posting to offer", "days", "lower_is_better", 78, 45, "monthly"),
          m("Vacancy rate", "%", "lower_is_better", 12.5, 7, "monthly", { decimals: 1 }),
        ],
      },
      {
        dept: "HR",
        title: "Keep and grow our employees",
        frequency: "quarterly",
        practices: ["13", "4:L", "5"],
        status: "at_risk",
        measures: [
          m("Voluntary turnover (annualized)", "%", "lower_is_better", 13, 8, "quarterly", { decimals: 1 }),
          m("Training hours per employee", "hours", "higher_is_better", 9, 24, "quarterly", { decimals: 1 }),
        ],
      },
      {
        dept: "HR",
        title: "Complete ethics training across the organization",
        frequency: "yearly",
        practices: ["1:M", "13"],
        status: "on_track",
        measures: [
          m("Employees who completed ethics training this year", "%", "higher_is_better", 62, 100, "quarterly", { decimals: 1 }),
          m("Supervisors trained in ethical decision-making", "%", "higher_is_better", 40, 100, "yearly"),
        ],
      },
      {
        dept: "CMO",
        title: "Build a workforce that reflects the community",
        frequency: "quarterly",
        practices: ["3", "13", "4"],
        status: "on_track",
        measures: [
          m("New hires from underrepresented groups", "%", "higher_is_better", 28, 40, "quarterly", { decimals: 1 }),
          m("Employees who say they are treated fairly (survey)", "%", "higher_is_better", 66, 80, "yearly"),
        ],
      },
      {
        dept: "IT",
        title: "Modernize core city systems",
        frequency: "quarterly",
        practices: ["11:M", "10"],
        status: "at_risk",
        measures: [
          m("Core applications on supported platforms", "%", "higher_is_better", 55, 95, "quarterly", { decimals: 1 }),
          m("Help desk tickets resolved within one business day", "%", "higher_is_better", 70, 90, "monthly", { decimals: 1 }),
        ],
      },
      {
        dept: "IT",
        title: "Protect city data from cyber attacks",
        frequency: "quarterly",
        practices: ["11", "1"],
        status: "on_track",
        measures: [
          m("Employees passing phishing simulations", "%", "higher_is_better", 78, 95, "quarterly", { decimals: 1 }),
          m("Critical security patches applied within 14 days", "%", "higher_is_better", 60, 98, "monthly", { decimals: 1, missing: 3 }),
        ],
      },
    ],
  },
  {
    title: "Fiscal sustainability and transparency",
    description: "A balanced budget, healthy reserves and finances that residents can follow.",
    practices: ["12", "14"],
    objectives: [
      {
        dept: "FIN",
        title: "Maintain reserves at policy levels",
        frequency: "quarterly",
        practices: ["12:L", "6"],
        status: "on_track",
        measures: [
          m("General fund reserve", "% of expenditures", "higher_is_better", 13, 17, "quarterly", { decimals: 1 }),
          m("Credit rating outlook (1 = negative, 3 = positive)", "score", "higher_is_better", 2, 3, "yearly"),
        ],
      },
      {
        dept: "FIN",
        title: "Publish an open, easy-to-read budget",
        frequency: "yearly",
        practices: ["14", "12", "2"],
        status: "done",
        measures: [
          m("Visits to the online budget explorer", "visits", "higher_is_better", 1200, 8000, "quarterly"),
          m("Budget documents meeting best-practice criteria", "%", "higher_is_better", 70, 100, "yearly"),
        ],
      },
      {
        dept: "FIN",
        title: "Collect revenue on time",
        frequency: "monthly",
        practices: ["12:M", "10"],
        status: "on_track",
        measures: [
          m("Utility bills paid within 30 days", "%", "higher_is_better", 86, 94, "monthly", { decimals: 1 }),
          m("Business license renewals processed online", "%", "higher_is_better", 35, 85, "quarterly", { decimals: 1 }),
        ],
      },
      {
        dept: "CMO",
        title: "Tie every budget request to the strategic plan",
        frequency: "yearly",
        practices: ["7:M", "12", "6"],
        status: "on_track",
        measures: [
          m("Budget requests linked to a plan objective", "%", "higher_is_better", 20, 100, "yearly"),
          m("Departments reporting plan progress on time", "%", "higher_is_better", 50, 100, "quarterly", { decimals: 1 }),
        ],
      },
    ],
  },
];

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
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

const NARRATIVES: Record<Status, string[]> = {
  not_started: ["Scoping is under way; work starts once funding is confirmed.", "Waiting on the consultant contract before work can begin."],
  on_track: [
    "Milestones for the period were met and the trend is moving toward the target.",
    "Work is proceeding as planned; no new risks this period.",
    "Crews and contractors kept to schedule; numbers improved again.",
  ],
  at_risk: [
    "Progress slowed this period because of staffing gaps; a recovery plan is in place.",
    "Costs came in above estimate; options go to council next month.",
  ],
  off_track: [
    "Results moved away from the target; the department is revising its approach.",
    "Key project delayed by permitting and supply problems; new timeline being prepared.",
  ],
  done: ["Completed: the objective's deliverables are in place and handed to operations."],
};

type Links = { practiceNumber: number; dimensionKind: "leadership" | "management" | null; dimensionLetter: string | null; isPrimary: boolean }[];

function linksOf(specs: string[], rand: () => number): Links {
  const out: Links = [];
  specs.forEach((s, i) => {
    const [num, kind] = s.split(":");
    const n = Number(num);
    const practice = catalog.practices.find((p) => p.number === n);
    if (!practice) throw new Error(`Demo plan links to unknown practice ${s}`);
    if (kind === "L" || kind === "M") {
      const list = kind === "L" ? practice.leadership : practice.management;
      const letter = list[Math.floor(rand() * list.length)]!.letter;
      out.push({ practiceNumber: n, dimensionKind: kind === "L" ? "leadership" : "management", dimensionLetter: letter, isPrimary: i === 0 });
    } else {
      out.push({ practiceNumber: n, dimensionKind: null, dimensionLetter: null, isPrimary: i === 0 });
    }
  });
  return out;
}

function round(value: number, decimals: number): string {
  return value.toFixed(decimals);
}

export type DemoPlanInput = {
  orgId: string;
  departmentIdsByCode: Map<string, string> | Record<string, string>;
  userIdsByRole: Partial<Record<Role, string>>;
  /** The demo's "now" (YYYY-MM-DD); defaults to today. */
  today?: string;
};

/**
 * Seeds the plan inside the caller's tenant transaction (enterTenant already done, departments
 * and memberships already inserted). Returns the plan's id and how much was created.
 */
export async function seedDemoPlans(
  tx: Transaction,
  input: DemoPlanInput,
): Promise<{ planId: string; goals: number; objectives: number; measures: number; measurements: number; updates: number }> {
  const { orgId } = input;
  const today = input.today ?? (await organizationTodayOf(tx, orgId));
  const deptId = (code: string): string => {
    const id = input.departmentIdsByCode instanceof Map ? input.departmentIdsByCode.get(code) : input.departmentIdsByCode[code];
    if (!id) throw new Error(`Demo plan needs department ${code}`);
    return id;
  };
  const rand = prng(20260701);
  const [org] = await tx.select({ fy: organizations.fiscalYearStartMonth }).from(organizations).where(eq(organizations.id, orgId));
  const fyStart = org?.fy ?? 7;
  const currentFy = fiscalYearOf(today, fyStart);
  const startFy = currentFy - 2;
  const planStart = fiscalYearStart(startFy, fyStart);
  const planCreatedAt = new Date(`${addMonths(planStart, -2)}T16:00:00Z`);
  const memberRows = await tx.select({ id: memberships.id, userId: memberships.userId, departmentId: memberships.departmentId }).from(memberships).where(eq(memberships.orgId, orgId));
  const membershipOfUser = new Map(memberRows.map((r) => [r.userId, r]));
  const adminUserId = input.userIdsByRole.admin ?? null;
  const headUserId = input.userIdsByRole.department_head ?? null;
  const head = headUserId ? membershipOfUser.get(headUserId) : undefined;

  const [plan] = await tx
    .insert(plans)
    .values({
      orgId,
      title: "Riverton Forward: Strategic Plan",
      startFiscalYear: startFy,
      endFiscalYear: startFy + 4,
      status: "adopted",
      vision: "A safe, welcoming and prosperous Riverton where every neighborhood thrives.",
      mission: "We deliver excellent public services with integrity, listen to our residents, and plan responsibly for the future.",
      values: "Integrity. Equity. Service. Stewardship. Collaboration.",
      createdAt: planCreatedAt,
      updatedAt: planCreatedAt,
    })
    .returning({ id: plans.id });
  const planId = plan!.id;

  const goalRows: (typeof goals.$inferInsert)[] = [];
  const goalLinkRows: (typeof goalPractices.$inferInsert)[] = [];
  const objectiveRows: (typeof objectives.$inferInsert)[] = [];
  const objectiveLinkRows: (typeof objectivePractices.$inferInsert)[] = [];
  const updateRows: (typeof objectiveUpdates.$inferInsert)[] = [];
  const measureRows: (typeof measures.$inferInsert)[] = [];
  const measureLinkRows: (typeof measurePractices.$inferInsert)[] = [];
  const measurementRows: (typeof measurements.$inferInsert)[] = [];
  const framework = catalog.framework.code;

  GOALS.forEach((g, gi) => {
    const goalId = randomUUID();
    goalRows.push({ orgId, id: goalId, planId, title: g.title, description: g.description, position: gi + 1, createdAt: planCreatedAt });
    for (const l of linksOf(g.practices, rand)) goalLinkRows.push({ orgId, goalId, frameworkCode: framework, ...l });

    g.objectives.forEach((o, oi) => {
      const objectiveId = randomUUID();
      const code = `${gi + 1}.${oi + 1}`;
      const ownerMembershipId = o.dept === "PW" && head ? head.id : null;
      const months = o.frequency === "monthly" ? 1 : o.frequency === "quarterly" ? 3 : 12;
      // Updates from the plan's start, one per reporting interval, up to the latest one (or up to
      // `silentMonths` ago for the demo's stale objectives).
      const silent = o.silentMonths ?? Math.floor(rand() * Math.min(months, 2));
      const lastUpdate = addMonths(today, -silent);
      const asOfDates: string[] = [];
      for (let d = lastUpdate; d >= planStart && asOfDates.length < 30; d = addMonths(d, -months)) asOfDates.unshift(d);
      const statuses: Status[] = asOfDates.map((_, i) => {
        if (i === asOfDates.length - 1) return o.status;
        if (i === 0) return "on_track";
        const r = rand();
        return o.status === "done" ? "on_track" : r < 0.6 ? "on_track" : r < 0.85 ? "at_risk" : "off_track";
      });
      const latestStatus = statuses[statuses.length - 1] ?? "not_started";
      objectiveRows.push({
        orgId,
        id: objectiveId,
        planId,
        goalId,
        code,
        title: o.title,
        description: `${o.title}, as set out in goal ${gi + 1} of the plan. Owned by the ${o.dept} department.`,
        ownerDepartmentId: deptId(o.dept),
        ownerMembershipId,
        // The last day of the plan's third, fourth or fifth fiscal year.
        dueDate: addDays(fiscalYearStart(startFy + 3 + (oi % 3), fyStart), -1),
        status: latestStatus,
        reportingFrequency: o.frequency,
        lastUpdateAsOf: asOfDates[asOfDates.length - 1] ?? null,
        position: oi + 1,
        createdAt: planCreatedAt,
        updatedAt: planCreatedAt,
      });
      const links = linksOf(o.practices, rand);
      for (const l of links) objectiveLinkRows.push({ orgId, objectiveId, frameworkCode: framework, ...l });
      asOfDates.forEach((asOf, i) => {
        const status = statuses[i]!;
        const choices = NARRATIVES[status];
        updateRows.push({
          orgId,
          objectiveId,
          status,
          narrative: choices[Math.floor(rand() * choices.length)]!,
          asOf,
          authorUserId: o.dept === "PW" || o.dept === "PW-ST" || o.dept === "UTIL" ? (headUserId ?? adminUserId) : adminUserId,
          // Never in the future: an update entered today by a person must come after the seeded one
          // of the same as-of date (the most recently entered one sets the status).
          createdAt: new Date(Math.min(Date.parse(`${asOf}T17:${String(10 + i).padStart(2, "0")}:00Z`), Date.now() - (asOfDates.length - i) * 60_000)),
        });
      });

      o.measures.forEach((spec, mi) => {
        const measureId = randomUUID();
        measureRows.push({
          orgId,
          id: measureId,
          planId,
          objectiveId,
          code: `${code}.${mi + 1}`,
          name: spec.name,
          unit: spec.unit,
          direction: spec.direction,
          baseline: String(spec.baseline),
          target: String(spec.target),
          reportingFrequency: spec.frequency,
          position: mi + 1,
          createdAt: planCreatedAt,
          updatedAt: planCreatedAt,
        });
        // The measure inherits the objective's primary practice (sometimes through a dimension);
        // every third measure is also linked to a second practice of its objective.
        const primary = links[0]!;
        measureLinkRows.push({ orgId, measureId, frameworkCode: framework, ...primary, isPrimary: true });
        const second = links[1];
        if (second && (gi + oi + mi) % 3 === 0 && second.practiceNumber !== primary.practiceNumber) {
          measureLinkRows.push({ orgId, measureId, frameworkCode: framework, ...second, isPrimary: false });
        }
        // Two years of values up to the last completed period (minus `missing` for stale ones).
        const lastPeriod = addPeriods(periodStart(today, spec.frequency, fyStart), -1 - (spec.missing ?? 0), spec.frequency);
        const first = periodStart(addMonths(today, -24), spec.frequency, fyStart);
        const periods: string[] = [];
        for (let p = first; p <= lastPeriod; p = addPeriods(p, 1, spec.frequency)) periods.push(p);
        const progress = o.status === "off_track" ? 0.15 : o.status === "at_risk" ? 0.4 : o.status === "done" ? 1 : o.status === "not_started" ? 0.05 : 0.65;
        const span = spec.target - spec.baseline;
        const noise = Math.abs(span) * 0.08 + Math.abs(spec.baseline) * 0.01;
        periods.forEach((period, i) => {
          const t = periods.length > 1 ? i / (periods.length - 1) : 1;
          const value = spec.baseline + span * progress * t + (rand() - 0.5) * 2 * noise;
          const bounded = spec.unit.startsWith("%") ? Math.min(100, Math.max(0, value)) : Math.max(0, value);
          measurementRows.push({
            orgId,
            measureId,
            period,
            value: round(bounded, spec.decimals ?? 0),
            note: i === periods.length - 1 && rand() < 0.3 ? "Preliminary figure; to be confirmed next period." : "",
            recordedBy: adminUserId,
            createdAt: new Date(`${addMonths(period, 1)}T15:00:00Z`),
            updatedAt: new Date(`${addMonths(period, 1)}T15:00:00Z`),
          });
        });
      });
    });
  });

  const chunked = async <T,>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500));
  };
  await tx.insert(goals).values(goalRows);
  await tx.insert(goalPractices).values(goalLinkRows);
  await chunked(objectiveRows, (c) => tx.insert(objectives).values(c));
  await chunked(objectiveLinkRows, (c) => tx.insert(objectivePractices).values(c));
  await chunked(updateRows, (c) => tx.insert(objectiveUpdates).values(c));
  await chunked(measureRows, (c) => tx.insert(measures).values(c));
  await chunked(measureLinkRows, (c) => tx.insert(measurePractices).values(c));
  await chunked(measurementRows, (c) => tx.insert(measurements).values(c));

  const result = {
    planId,
    goals: goalRows.length,
    objectives: objectiveRows.length,
    measures: measureRows.length,
    measurements: measurementRows.length,
    updates: updateRows.length,
  };
  await tx.insert(auditEvents).values({
    orgId,
    actorUserId: adminUserId,
    action: "plan.seed_demo",
    entityType: "plan",
    entityId: planId,
    after: result,
  });
  return result;
}
