// Counts of a plan's objectives and measures (by status, stale or not) computed by the database in
// grouped queries, so a page that prints counts reads a few rows per plan, goal or department,
// never every objective and measure. The stale rule is staleness.ts's: it gives the day
// boundaries (staleThresholds) and these predicates only compare columns with them.
// plan-counts.server.test.ts checks the counts against the rule applied in JavaScript.
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Transaction } from "#db/client.server";
import { measurePractices, measures, objectivePractices, objectives, plans } from "#db/schema";
import type { ObjectiveStatus, ReportingFrequency } from "./plans.schema";
import { OBJECTIVE_STATUSES } from "./plans.schema";
import { organizationStartOfDay, type InTimeZone } from "~/modules/core/today";
import { REPORTING_FREQUENCY_VALUES } from "~/modules/core/periods";
import { staleThresholds } from "./staleness";

export type StatusCounts = Record<ObjectiveStatus, number>;

export const emptyStatusCounts = (): StatusCounts => Object.fromEntries(OBJECTIVE_STATUSES.map((s) => [s, 0])) as StatusCounts;

/** The stale rule of one day, as SQL predicates over the `objectives` and `measures` tables (used
 * without aliases). Only items of adopted plans are tracked: callers join `plans` and use
 * `trackedObjectiveIsStale` / `trackedMeasureIsStale`, or add that condition themselves. */
export type StaleRule = { objectiveIsStale: SQL; measureIsStale: SQL };

// The frequencies are this module's own constants, written as literals so they compare with the
// enum column whatever type a driver gives a parameter.
function byFrequency(column: SQL | typeof objectives.reportingFrequency, value: (f: ReportingFrequency) => SQL): SQL {
  return sql`(case ${column} ${sql.join(
    REPORTING_FREQUENCY_VALUES.map((f) => sql`when ${sql.raw(`'${f}'`)} then ${value(f)}`),
    sql` `,
  )} end)`;
}

export function staleRule(org: InTimeZone, today: string, fiscalYearStartMonth: number): StaleRule {
  const t = staleThresholds(today, fiscalYearStartMonth);
  const day = (iso: string) => sql`${iso}::date`;
  const instant = (iso: string) => sql`${organizationStartOfDay(org, iso).toISOString()}::timestamptz`;
  // The latest period of the measure: one step down the (org_id, measure_id, period) index.
  const latestPeriod = sql`(select max(ms.period) from measurements ms where ms.org_id = ${measures.orgId} and ms.measure_id = ${measures.id})`;
  return {
    objectiveIsStale: sql`(${objectives.status} <> 'done' and coalesce(
      ${objectives.lastUpdateAsOf} < ${byFrequency(objectives.reportingFrequency, (f) => day(t[f].objectiveFreshFrom))},
      ${objectives.createdAt} < ${byFrequency(objectives.reportingFrequency, (f) => instant(t[f].objectiveFreshFrom))}))`,
    measureIsStale: sql`(${objectives.status} <> 'done' and coalesce(
      ${latestPeriod} < ${byFrequency(sql`${measures.reportingFrequency}`, (f) => day(t[f].measureExpectedPeriod))},
      ${measures.createdAt} < ${byFrequency(sql`${measures.reportingFrequency}`, (f) => instant(t[f].measureCreatedFrom))}))`,
  };
}

const adopted = sql`${plans.status} = 'adopted'`;
export const trackedObjectiveIsStale = (rule: StaleRule): SQL => sql`(${adopted} and ${rule.objectiveIsStale})`;
export const trackedMeasureIsStale = (rule: StaleRule): SQL => sql`(${adopted} and ${rule.measureIsStale})`;

/** An objective with a stale measure (of its own), for "stale only" filters. */
export const hasStaleMeasure = (rule: StaleRule): SQL =>
  sql`exists (select 1 from ${measures} where ${measures.orgId} = ${objectives.orgId} and ${measures.objectiveId} = ${objectives.id} and ${rule.measureIsStale})`;

/** An objective linked to the practice, itself or through one of its measures. */
export const linkedToPractice = (practiceNumber: number): SQL =>
  sql`(exists (select 1 from ${objectivePractices} op where op.org_id = ${objectives.orgId} and op.objective_id = ${objectives.id} and op.practice_number = ${practiceNumber})
    or exists (select 1 from ${measurePractices} mp join ${measures} mm on mm.org_id = mp.org_id and mm.id = mp.measure_id
               where mp.org_id = ${objectives.orgId} and mm.objective_id = ${objectives.id} and mp.practice_number = ${practiceNumber}))`;

export type Grouping = "plan" | "goal" | "department";
const KEY = { plan: objectives.planId, goal: objectives.goalId, department: objectives.ownerDepartmentId } as const;

export type ObjectiveTally = {
  objectiveCount: number;
  statusCounts: StatusCounts;
  staleObjectiveCount: number;
  /** Objectives matching `shown` (all of them without it). */
  shownCount: number;
};

/**
 * Objectives counted by plan, goal or owner department: by status, stale (adopted plans only) and
 * matching `shown`. `where` narrows the objectives (it may use `objectives` and `plans`).
 */
export async function objectiveTallies(
  tx: Transaction,
  orgId: string,
  rule: StaleRule,
  by: Grouping,
  where?: SQL,
  shown?: SQL,
): Promise<Map<string, ObjectiveTally>> {
  const key = KEY[by];
  const rows = await tx
    .select({
      key,
      status: objectives.status,
      n: sql<number>`count(*)::int`,
      stale: sql<number>`(count(*) filter (where ${trackedObjectiveIsStale(rule)}))::int`,
      shown: shown ? sql<number>`(count(*) filter (where ${shown}))::int` : sql<number>`count(*)::int`,
    })
    .from(objectives)
    .innerJoin(plans, and(eq(plans.orgId, objectives.orgId), eq(plans.id, objectives.planId)))
    .where(and(eq(objectives.orgId, orgId), where))
    .groupBy(key, objectives.status);
  const out = new Map<string, ObjectiveTally>();
  for (const r of rows) {
    const t = out.get(r.key) ?? { objectiveCount: 0, statusCounts: emptyStatusCounts(), staleObjectiveCount: 0, shownCount: 0 };
    t.objectiveCount += Number(r.n);
    t.statusCounts[r.status] += Number(r.n);
    t.staleObjectiveCount += Number(r.stale);
    t.shownCount += Number(r.shown);
    out.set(r.key, t);
  }
  return out;
}

export type MeasureTally = { measureCount: number; staleMeasureCount: number };

/** Measures counted by their objective's plan, goal or owner department; stale ones of adopted
 * plans apart. `where` narrows by the objective (it may use `objectives` and `plans`). */
export async function measureTallies(
  tx: Transaction,
  orgId: string,
  rule: StaleRule,
  by: Grouping,
  where?: SQL,
): Promise<Map<string, MeasureTally>> {
  const key = KEY[by];
  const rows = await tx
    .select({
      key,
      n: sql<number>`count(*)::int`,
      stale: sql<number>`(count(*) filter (where ${trackedMeasureIsStale(rule)}))::int`,
    })
    .from(measures)
    .innerJoin(objectives, and(eq(objectives.orgId, measures.orgId), eq(objectives.id, measures.objectiveId)))
    .innerJoin(plans, and(eq(plans.orgId, objectives.orgId), eq(plans.id, objectives.planId)))
    .where(and(eq(measures.orgId, orgId), where))
    .groupBy(key);
  return new Map(rows.map((r) => [r.key, { measureCount: Number(r.n), staleMeasureCount: Number(r.stale) }]));
}

/** The sum of tallies (a plan's from its goals', an organization's from its departments'). */
export function sumTallies(objectiveRows: Iterable<ObjectiveTally>, measureRows: Iterable<MeasureTally>): ObjectiveTally & MeasureTally {
  const total = { objectiveCount: 0, statusCounts: emptyStatusCounts(), staleObjectiveCount: 0, shownCount: 0, measureCount: 0, staleMeasureCount: 0 };
  for (const t of objectiveRows) {
    total.objectiveCount += t.objectiveCount;
    total.staleObjectiveCount += t.staleObjectiveCount;
    total.shownCount += t.shownCount;
    for (const s of OBJECTIVE_STATUSES) total.statusCounts[s] += t.statusCounts[s];
  }
  for (const m of measureRows) {
    total.measureCount += m.measureCount;
    total.staleMeasureCount += m.staleMeasureCount;
  }
  return total;
}
