// The demo city's staff assessments: last year's and this year's organizational campaigns
// (closed, every active person on the roster invited, ~70% answering, departments differing in
// how they see each practice, and two small departments answering fewer than the threshold) and
// one open pulse campaign. Deterministic (a seeded PRNG) and inserted in bulk.
//
// Anonymity holds in the seed as in the app: invitations and responses are written apart, the
// responses in shuffled order with random keys and the day only; the whole seed is one
// transaction, so every row shares one transaction id.
import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import type { Transaction } from "#db/client.server";
import {
  assessmentAnswers,
  assessmentCampaigns,
  assessmentComments,
  assessmentInvitations,
  assessmentItems,
  assessmentResponses,
  departments,
  memberships,
  practices,
  staffMembers,
  users,
  type DemographicQuestion,
} from "#db/schema";
import { refreshAssessmentRollups } from "~/modules/assessments/rollups.server";

export type DemoAssessmentsInput = {
  orgId: string;
  createdBy?: string | null;
  today?: string;
  anonymityThreshold?: number;
  /** Roster emails that have not answered the open campaign yet (the demo staff sign-in). */
  notYetAnswered?: string[];
};

export type DemoCampaignSummary = { id: string; title: string; status: "open" | "closed"; invited: number; responded: number };

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

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const AGREEMENT = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"];

/** Share of each department answering: last year, this year. HR and the Clerk's office answer
 * fewer than the threshold both years (their cells are hidden in the results). */
const RESPONSE_RATES: Record<string, [number, number]> = {
  CMO: [0.8, 0.93], FIN: [0.72, 0.84], HR: [0.25, 0.27], IT: [0.7, 0.85], PW: [0.62, 0.7], "PW-ST": [0.58, 0.72],
  UTIL: [0.6, 0.68], PD: [0.55, 0.63], FD: [0.66, 0.72], PRK: [0.74, 0.8], LIB: [0.8, 0.86], CD: [0.7, 0.8], CLK: [0.3, 0.3],
};

/** How the organization sees each practice (mean on the 1–5 scale, before noise). */
const PRACTICE_BASE: Record<number, number> = { 1: 4.0, 2: 3.5, 3: 3.0, 4: 3.3, 5: 3.2, 6: 3.4, 7: 3.5, 8: 3.3, 9: 3.8, 10: 3.7, 11: 3.1, 12: 3.6, 13: 3.0, 14: 3.2 };

/** Departments that see some practices differently. */
const DEPARTMENT_EFFECT: Record<string, Record<number, number> & { all?: number }> = {
  CMO: { all: 0.4, 14: 0.3 },
  FIN: { 12: 0.6, 11: 0.3 },
  IT: { 11: 0.8, 9: -0.3 },
  PW: { 10: 0.3, 13: -0.4 },
  "PW-ST": { 10: 0.2, 13: -0.5, 3: -0.3 },
  UTIL: { 10: 0.4, 11: -0.4, 4: -0.3 },
  PD: { 13: -0.6, 3: -0.5, 5: -0.4, 1: 0.2 },
  FD: { 4: 0.4, 5: 0.2, 9: 0.3 },
  PRK: { 2: 0.5, 9: 0.4 },
  LIB: { 2: 0.6, 3: 0.5, 14: 0.3 },
  CD: { 7: 0.4, 2: 0.3 },
};

const LEVEL_EFFECT: Record<string, number> = { executive: 0.5, manager: 0.3, supervisor: 0.1, staff: 0 };

const COMMENTS: Record<number, string[]> = {
  3: [
    "Hiring panels are more diverse than a few years ago, but promotions still feel closed.",
    "Translation for public meetings has made a real difference for residents.",
    "We talk about equity in trainings more than we act on it in scheduling.",
    "Accessibility of our facilities is still uneven between buildings.",
  ],
  4: [
    "Clear goals this year; more feedback between annual reviews would help.",
    "Workloads are uneven across crews.",
    "Supervisors are supportive, but vacancies stretch everyone thin.",
  ],
  13: [
    "Recognition is inconsistent between divisions.",
    "The new onboarding program is a big improvement.",
    "Pay compression makes it hard to keep experienced staff.",
    "More cross-training would help cover vacancies.",
  ],
};

export async function seedDemoAssessments(tx: Transaction, input: DemoAssessmentsInput): Promise<DemoCampaignSummary[]> {
  const { orgId } = input;
  const today = input.today ?? new Date().toISOString().slice(0, 10);
  const k = input.anonymityThreshold ?? 5;
  const rand = prng(20261124);
  const shuffle = <T,>(xs: T[]): T[] => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());

  const codes = new Map(
    (await tx.select({ id: departments.id, code: departments.code }).from(departments).where(eq(departments.orgId, orgId))).map((d) => [d.id, d.code]),
  );
  const roster = await tx
    .select({
      id: staffMembers.id,
      departmentId: staffMembers.departmentId,
      email: staffMembers.email,
      level: staffMembers.supervisoryLevel,
      gender: staffMembers.gender,
      raceEthnicity: staffMembers.raceEthnicity,
    })
    .from(staffMembers)
    .where(and(eq(staffMembers.orgId, orgId), eq(staffMembers.isActive, true)))
    .orderBy(asc(staffMembers.employeeNumber));
  // The member accounts the invitations are bound to (a demo sign-in on the roster answers in the app).
  const accounts = new Map(
    (await tx.select({ id: users.id, email: users.email }).from(memberships).innerJoin(users, eq(users.id, memberships.userId)).where(eq(memberships.orgId, orgId))).map(
      (u) => [u.email.toLowerCase(), u.id],
    ),
  );
  const practiceRows = await tx
    .select({ number: practices.number, name: practices.name, definition: practices.definition })
    .from(practices)
    .where(eq(practices.frameworkCode, "ICMA-2017"))
    .orderBy(asc(practices.number));

  const options = (field: "gender" | "raceEthnicity") => [...new Set(roster.map((p) => p[field]).filter((v): v is string => Boolean(v)))].sort();
  const demographicQuestions: DemographicQuestion[] = [
    { category: "gender", label: "Gender", options: options("gender") },
    { category: "raceEthnicity", label: "Race/ethnicity", options: options("raceEthnicity") },
  ];

  const year = (day: string) => day.slice(0, 4);
  const lastYearCloses = addDays(today, -365 - 20);
  const thisYearCloses = addDays(today, -20);
  const specs = [
    { title: `${year(lastYearCloses)} Staff Assessment of the ICMA Practices`, opensOn: addDays(lastYearCloses, -28), closesOn: lastYearCloses, status: "closed" as const, practiceNumbers: practiceRows.map((p) => p.number), rateIndex: 0, improvement: 0, comments: true },
    { title: `${year(thisYearCloses)} Staff Assessment of the ICMA Practices`, opensOn: addDays(thisYearCloses, -28), closesOn: thisYearCloses, status: "closed" as const, practiceNumbers: practiceRows.map((p) => p.number), rateIndex: 1, improvement: 0.12, comments: true },
    { title: "Staff effectiveness pulse", opensOn: addDays(today, -5), closesOn: addDays(today, 16), status: "open" as const, practiceNumbers: [4, 5, 13], rateIndex: -1, improvement: 0.15, comments: false },
  ];

  const summaries: DemoCampaignSummary[] = [];
  let previousCounts = new Map<string, number>();
  for (const spec of specs) {
    const campaignId = randomUUID();
    await tx.insert(assessmentCampaigns).values({
      orgId,
      id: campaignId,
      title: spec.title,
      description: spec.status === "open" ? "A short check-in on three practices. Five minutes, anonymous." : "Our yearly look at how we live the ICMA practices, department by department. Anonymous.",
      kind: "organizational",
      depth: "practice",
      frameworkCode: "ICMA-2017",
      practiceNumbers: spec.practiceNumbers,
      scaleLabels: AGREEMENT,
      commentsEnabled: spec.comments,
      demographicCategories: ["gender", "raceEthnicity"],
      demographicQuestions,
      opensOn: spec.opensOn,
      closesOn: spec.closesOn,
      anonymityThreshold: k,
      status: spec.status,
      createdBy: input.createdBy ?? null,
      createdAt: new Date(`${addDays(spec.opensOn, -7)}T15:00:00Z`),
    });
    const items = spec.practiceNumbers.map((n, i) => {
      const p = practiceRows.find((x) => x.number === n)!;
      return {
        orgId,
        id: randomUUID(),
        campaignId,
        position: i + 1,
        frameworkCode: "ICMA-2017",
        practiceNumber: n,
        statement: `My department and our organization demonstrate ${p.name.toLowerCase()}: ${p.definition}.`,
      };
    });
    await tx.insert(assessmentItems).values(items);

    // Who answers: a set number per department (so that small departments stay small, and a
    // department's count moves by zero or at least k between the two yearly campaigns).
    const byDepartment = new Map<string, typeof roster>();
    for (const p of roster) {
      const key = p.departmentId ?? "none";
      byDepartment.set(key, [...(byDepartment.get(key) ?? []), p]);
    }
    const responders = new Set<string>();
    const counts = new Map<string, number>();
    for (const [departmentId, people] of byDepartment) {
      const code = codes.get(departmentId) ?? "";
      const rate = spec.rateIndex < 0 ? 0.3 + rand() * 0.15 : (RESPONSE_RATES[code]?.[spec.rateIndex] ?? 0.7);
      let n = Math.round(people.length * rate);
      const before = previousCounts.get(departmentId);
      if (spec.rateIndex === 1 && before !== undefined && n !== before && Math.abs(n - before) < k) {
        const up = before + k <= people.length ? before + k : before;
        n = n > before ? up : before - k >= 0 ? before - k : before;
      }
      counts.set(departmentId, n);
      const waiting = new Set(spec.status === "open" ? (input.notYetAnswered ?? []) : []);
      const shuffled = shuffle([...people]).filter((p) => !waiting.has(p.email ?? ""));
      for (const p of shuffled.slice(0, n)) responders.add(p.id);
    }
    if (spec.rateIndex === 0) previousCounts = counts;

    const invitationRows = roster.map((p) => ({
      orgId,
      campaignId,
      staffMemberId: p.id,
      // Nobody holds these links: the demo's people are fictional.
      tokenHash: randomUUID().replace(/-/g, "") + randomUUID().replace(/-/g, ""),
      departmentId: p.departmentId,
      supervisoryLevel: p.level,
      email: p.email?.includes("@") ? p.email.toLowerCase() : null,
      userId: p.email ? (accounts.get(p.email.toLowerCase()) ?? null) : null,
      emailSent: true,
      remindersSent: spec.status === "closed" ? 1 : 0,
      completed: responders.has(p.id),
    }));
    for (let i = 0; i < invitationRows.length; i += 500) await tx.insert(assessmentInvitations).values(invitationRows.slice(i, i + 500));

    // The responses, in an order that has nothing to do with the invitations'.
    const respondents = shuffle(roster.filter((p) => responders.has(p.id)));
    const responseRows: (typeof assessmentResponses.$inferInsert)[] = [];
    const answerRows: (typeof assessmentAnswers.$inferInsert)[] = [];
    const commentRows: (typeof assessmentComments.$inferInsert)[] = [];
    const span = Math.max(1, Math.round((Date.parse(spec.closesOn < today ? spec.closesOn : today) - Date.parse(spec.opensOn)) / 86_400_000));
    for (const p of respondents) {
      const id = randomUUID();
      const code = codes.get(p.departmentId ?? "") ?? "";
      const demographics: Record<string, string> = {};
      for (const field of ["gender", "raceEthnicity"] as const) {
        const v = p[field];
        if (rand() < 0.08) demographics[field] = "prefer_not_to_say";
        else if (v) demographics[field] = v;
      }
      responseRows.push({
        orgId,
        id,
        campaignId,
        departmentId: p.departmentId,
        supervisoryLevel: p.level,
        demographics,
        submittedOn: addDays(spec.opensOn, Math.floor(Math.pow(rand(), 2) * span)),
      });
      const personal = normal() * 0.35;
      for (const item of items) {
        if (rand() < 0.03) {
          answerRows.push({ orgId, responseId: id, itemId: item.id, value: null });
          continue;
        }
        const effect = DEPARTMENT_EFFECT[code] ?? {};
        const mean = PRACTICE_BASE[item.practiceNumber]! + (effect.all ?? 0) + (effect[item.practiceNumber] ?? 0) + LEVEL_EFFECT[p.level]! + spec.improvement + personal;
        const value = Math.min(5, Math.max(1, Math.round(mean + normal() * 0.8)));
        answerRows.push({ orgId, responseId: id, itemId: item.id, value });
      }
      if (spec.comments) {
        for (const n of [3, 4, 13]) {
          if (rand() < 0.1) {
            const pool = COMMENTS[n]!;
            commentRows.push({ orgId, responseId: id, practiceNumber: n, body: pool[Math.floor(rand() * pool.length)]! });
          }
        }
      }
    }
    for (let i = 0; i < responseRows.length; i += 500) await tx.insert(assessmentResponses).values(responseRows.slice(i, i + 500));
    for (let i = 0; i < answerRows.length; i += 2000) await tx.insert(assessmentAnswers).values(answerRows.slice(i, i + 2000));
    for (let i = 0; i < commentRows.length; i += 500) await tx.insert(assessmentComments).values(commentRows.slice(i, i + 500));
    // Closed campaigns get their results counted, as closing one in the app does.
    if (spec.status === "closed") await refreshAssessmentRollups(tx, orgId, campaignId);
    summaries.push({ id: campaignId, title: spec.title, status: spec.status, invited: roster.length, responded: respondents.length });
  }
  return summaries;
}
