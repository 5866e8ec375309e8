// The counts the database makes (plan list, plan page, goal sections, stale items page, overview)
// against the stale rule applied in JavaScript (staleness.ts) to the raw rows, over varied data:
// every status and frequency, with and without updates and values, and items placed exactly on
// either side of each boundary day. Then the pages: every objective and stale item appears exactly
// once across the pages, and an empty plan reads as empty.
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, type Transaction } from "#db/client.server";
import { measurements, measures, objectives, organizations, plans } from "#db/schema";
import { enterTenant, withTenant } from "#db/tenant.server";
import { createTestOrg, type TestOrg } from "#db/test/factories";
import { OBJECTIVE_STATUSES, type ObjectiveStatus } from "./plans.schema";
import { createGoal, createPlan, getPlanTree, getStaleItemsPage, listPlans, listStaleItems, staleCountsByDepartment } from "./plans.server";
import { addDays } from "~/modules/core/dates";
import { organizationDateOf, organizationStartOfDay } from "~/modules/core/today";
import { addPeriods, periodStart, REPORTING_FREQUENCY_VALUES, type ReportingFrequency } from "~/modules/core/periods";
import { measureFreshness, objectiveFreshness, staleThresholds } from "./staleness";

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function asTenant<T>(org: TestOrg, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  return withTenant(org.ctx.admin, fn);
}

type Spec = { today: string; fyStart: number };

/**
 * Fills an adopted plan (two goals) and a draft plan with objectives and measures around `today`:
 * random ones, plus, for each frequency, one on each side of each of the rule's boundaries.
 */
async function fillPlans(org: TestOrg, { today, fyStart }: Spec, seed: number) {
  const rand = random(seed);
  const pick = <T,>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const admin = org.ctx.admin;
  const { id: adoptedId } = await createPlan(admin, { title: "Adopted plan", startFiscalYear: 2026, endFiscalYear: 2030, status: "adopted" });
  const { id: draftId } = await createPlan(admin, { title: "Draft plan", startFiscalYear: 2026, endFiscalYear: 2030, status: "draft" });
  const goalIds = [
    (await createGoal(admin, adoptedId, { title: "First goal", description: "" })).id,
    (await createGoal(admin, adoptedId, { title: "Second goal", description: "" })).id,
  ];
  const draftGoalId = (await createGoal(admin, draftId, { title: "Draft goal", description: "" })).id;
  const t = staleThresholds(today, fyStart);

  type O = typeof objectives.$inferInsert;
  type M = typeof measures.$inferInsert;
  const objectiveRows: O[] = [];
  const measureRows: M[] = [];
  const valueRows: (typeof measurements.$inferInsert)[] = [];
  const randomDay = () => addDays(today, -Math.floor(rand() * 500));
  const randomInstant = () => new Date(organizationStartOfDay(org.ctx.admin, randomDay()).getTime() + Math.floor(rand() * 86_400_000));
  let n = 0;
  const objective = (o: Partial<O> & { frequency: ReportingFrequency }, inDraft = false): string => {
    const id = randomUUID();
    n += 1;
    objectiveRows.push({
      orgId: org.orgId,
      id,
      planId: inDraft ? draftId : adoptedId,
      goalId: inDraft ? draftGoalId : goalIds[n % 2]!,
      code: `O${n}`,
      title: `Objective ${n}`,
      ownerDepartmentId: org.departmentIds[n % 3 === 0 ? 1 : 0]!,
      status: o.status ?? pick(OBJECTIVE_STATUSES),
      reportingFrequency: o.frequency,
      lastUpdateAsOf: o.lastUpdateAsOf === undefined ? (rand() < 0.6 ? randomDay() : null) : o.lastUpdateAsOf,
      createdAt: o.createdAt ?? randomInstant(),
      position: n,
    });
    return id;
  };
  const measure = (objectiveId: string, m: { frequency: ReportingFrequency; createdAt?: Date; periods?: string[] }) => {
    const id = randomUUID();
    const parent = objectiveRows.find((o) => o.id === objectiveId)!;
    measureRows.push({
      orgId: org.orgId,
      id,
      planId: parent.planId,
      objectiveId,
      code: `M${measureRows.length + 1}`,
      name: `Measure ${measureRows.length + 1}`,
      direction: "higher_is_better",
      reportingFrequency: m.frequency,
      createdAt: m.createdAt ?? randomInstant(),
      position: measureRows.length,
    });
    const periods =
      m.periods ?? Array.from({ length: Math.floor(rand() * 4) }, () => periodStart(randomDay(), m.frequency, fyStart));
    for (const period of new Set(periods)) valueRows.push({ orgId: org.orgId, measureId: id, period, value: "1" });
  };

  for (let i = 0; i < 45; i++) {
    const o = objective({ frequency: pick(REPORTING_FREQUENCY_VALUES) }, i % 9 === 8);
    for (let j = Math.floor(rand() * 3); j > 0; j--) measure(o, { frequency: pick(REPORTING_FREQUENCY_VALUES) });
  }
  for (const f of REPORTING_FREQUENCY_VALUES) {
    const edge = t[f];
    const dayBefore = addDays(edge.objectiveFreshFrom, -1);
    for (const status of ["on_track", "done"] as ObjectiveStatus[]) {
      // An update on the first fresh day, one the day before; no update, created on either side.
      objective({ frequency: f, status, lastUpdateAsOf: edge.objectiveFreshFrom });
      objective({ frequency: f, status, lastUpdateAsOf: dayBefore });
      objective({ frequency: f, status, lastUpdateAsOf: null, createdAt: organizationStartOfDay(org.ctx.admin, edge.objectiveFreshFrom) });
      objective({ frequency: f, status, lastUpdateAsOf: null, createdAt: new Date(organizationStartOfDay(org.ctx.admin, edge.objectiveFreshFrom).getTime() - 1) });
      const holder = objective({ frequency: f, status });
      // A value for the expected period, one for the period before; none, created on either side.
      measure(holder, { frequency: f, periods: [edge.measureExpectedPeriod] });
      measure(holder, { frequency: f, periods: [addPeriods(edge.measureExpectedPeriod, -1, f)] });
      measure(holder, { frequency: f, periods: [], createdAt: organizationStartOfDay(org.ctx.admin, edge.measureCreatedFrom) });
      measure(holder, { frequency: f, periods: [], createdAt: new Date(organizationStartOfDay(org.ctx.admin, edge.measureCreatedFrom).getTime() - 1) });
    }
  }
  await asTenant(org, async (tx) => {
    await tx.insert(objectives).values(objectiveRows);
    await tx.insert(measures).values(measureRows);
    if (valueRows.length) await tx.insert(measurements).values(valueRows);
  });
  return { adoptedId, draftId, goalIds };
}

/** The stale rule applied in JavaScript to the raw rows of the organization. */
async function expected(org: TestOrg, { today, fyStart }: Spec) {
  return asTenant(org, async (tx) => {
    const os = await tx
      .select({ o: objectives, planStatus: plans.status })
      .from(objectives)
      .innerJoin(plans, and(eq(plans.orgId, objectives.orgId), eq(plans.id, objectives.planId)))
      .where(eq(objectives.orgId, org.orgId));
    const ms = await tx.select().from(measures).where(eq(measures.orgId, org.orgId));
    const vs = await tx.select().from(measurements).where(eq(measurements.orgId, org.orgId));
    const latest = new Map<string, string>();
    for (const v of vs) if ((latest.get(v.measureId) ?? "") < v.period) latest.set(v.measureId, v.period);
    const byId = new Map(os.map((r) => [r.o.id, r]));
    const staleObjectives = os
      .filter(
        (r) =>
          r.planStatus === "adopted" &&
          objectiveFreshness(
            { frequency: r.o.reportingFrequency, lastUpdateAsOf: r.o.lastUpdateAsOf, createdOn: organizationDateOf(org.ctx.admin, r.o.createdAt), done: r.o.status === "done" },
            today,
          ).stale,
      )
      .map((r) => r.o);
    const staleMeasures = ms.filter((m) => {
      const parent = byId.get(m.objectiveId)!;
      return (
        parent.planStatus === "adopted" &&
        measureFreshness(
          { frequency: m.reportingFrequency, latestPeriod: latest.get(m.id) ?? null, createdOn: organizationDateOf(org.ctx.admin, m.createdAt), done: parent.o.status === "done" },
          today,
          fyStart,
        ).stale
      );
    });
    return { objectives: os.map((r) => r.o), measures: ms, staleObjectives, staleMeasures, byId };
  });
}

const sorted = (ids: string[]) => [...ids].sort();

async function checkCounts(org: TestOrg, spec: Spec, ids: { adoptedId: string; draftId: string; goalIds: string[] }) {
  const { today } = spec;
  const admin = org.ctx.admin;
  const js = await expected(org, spec);
  const inPlan = <T extends { planId: string }>(list: T[], planId: string) => list.filter((x) => x.planId === planId);
  const staleMeasureObjectives = new Set(js.staleMeasures.map((m) => m.objectiveId));
  // The rule must be exercised both ways on this day, or the comparison proves little.
  expect(js.staleObjectives.length).toBeGreaterThan(3);
  expect(js.objectives.length - js.staleObjectives.length).toBeGreaterThan(3);
  expect(js.staleMeasures.length).toBeGreaterThan(3);

  // The plans list.
  const list = await listPlans(admin, { today });
  const adopted = list.find((p) => p.id === ids.adoptedId)!;
  const draft = list.find((p) => p.id === ids.draftId)!;
  const adoptedObjectives = inPlan(js.objectives, ids.adoptedId);
  expect(adopted.objectiveCount).toBe(adoptedObjectives.length);
  expect(adopted.measureCount).toBe(inPlan(js.measures, ids.adoptedId).length);
  for (const s of OBJECTIVE_STATUSES) expect(adopted.statusCounts[s]).toBe(adoptedObjectives.filter((o) => o.status === s).length);
  expect(adopted.staleCount).toBe(js.staleObjectives.length + js.staleMeasures.length);
  expect(draft.objectiveCount).toBe(inPlan(js.objectives, ids.draftId).length);
  expect(draft.staleCount).toBe(0);

  // The plan page: the whole plan's counts and each goal's.
  const tree = await getPlanTree(admin, ids.adoptedId, {}, { today });
  expect([tree.objectiveCount, tree.staleObjectiveCount, tree.staleMeasureCount]).toEqual([
    adoptedObjectives.length,
    js.staleObjectives.length,
    js.staleMeasures.length,
  ]);
  for (const g of tree.goals) {
    expect(g.objectiveCount).toBe(adoptedObjectives.filter((o) => o.goalId === g.id).length);
    expect(g.staleObjectiveCount).toBe(js.staleObjectives.filter((o) => o.goalId === g.id).length);
    expect(g.staleMeasureCount).toBe(js.staleMeasures.filter((m) => js.byId.get(m.objectiveId)!.o.goalId === g.id).length);
  }
  // "Stale only": objectives stale themselves or through a measure.
  const staleOnly = await getPlanTree(admin, ids.adoptedId, { staleOnly: true }, { today });
  const staleOrWithStaleMeasure = adoptedObjectives.filter((o) => js.staleObjectives.some((s) => s.id === o.id) || staleMeasureObjectives.has(o.id));
  expect(staleOnly.shownObjectiveCount).toBe(staleOrWithStaleMeasure.length);
  expect((await getPlanTree(admin, ids.draftId, { staleOnly: true }, { today })).shownObjectiveCount).toBe(0);

  // The stale items: the very same items, not only as many.
  const items = await listStaleItems(admin, today);
  expect(sorted(items.objectives.map((o) => o.id))).toEqual(sorted(js.staleObjectives.map((o) => o.id)));
  expect(sorted(items.measures.map((m) => m.id))).toEqual(sorted(js.staleMeasures.map((m) => m.id)));
  const page = await getStaleItemsPage(admin, { today });
  expect([page.objectivePage.total, page.measurePage.total]).toEqual([js.staleObjectives.length, js.staleMeasures.length]);
  const finance = org.departmentIds[1]!;
  const financePage = await getStaleItemsPage(admin, { today, departmentId: finance });
  expect(financePage.objectivePage.total).toBe(js.staleObjectives.filter((o) => o.ownerDepartmentId === finance).length);

  // The overview's counts by department.
  const byDepartment = await asTenant(org, (tx) =>
    staleCountsByDepartment(tx, admin, { planIds: [ids.adoptedId, ids.draftId], departmentIds: null, today, fiscalYearStartMonth: spec.fyStart }),
  );
  for (const d of org.departmentIds) {
    const row = byDepartment.find((r) => r.departmentId === d);
    expect(row?.staleObjectiveCount ?? 0).toBe(js.staleObjectives.filter((o) => o.ownerDepartmentId === d).length);
    expect(row?.staleMeasureCount ?? 0).toBe(js.staleMeasures.filter((m) => js.byId.get(m.objectiveId)!.o.ownerDepartmentId === d).length);
  }
}

describe("counts in SQL follow the stale rule of staleness.ts", () => {
  // Month ends, a leap day and a fiscal year's first day, for July and October fiscal years.
  const cases: Spec[] = [
    { today: "2026-03-31", fyStart: 7 },
    { today: "2028-02-29", fyStart: 7 },
    { today: "2026-07-01", fyStart: 7 },
    { today: "2027-01-31", fyStart: 10 },
  ];
  for (const [i, spec] of cases.entries()) {
    it(`on ${spec.today} with fiscal years from month ${spec.fyStart}`, async () => {
      const org = await createTestOrg("plan-counts");
      if (spec.fyStart !== 7) {
        await getDb().transaction(async (tx) => {
          await enterTenant(tx, { orgId: org.orgId, userId: org.ctx.admin.userId });
          await tx.update(organizations).set({ fiscalYearStartMonth: spec.fyStart }).where(eq(organizations.id, org.orgId));
        });
      }
      const ids = await fillPlans(org, spec, 17 + i);
      await checkCounts(org, spec, ids);
      // The same data a day later and a day earlier: the boundaries move, the counts still agree.
      await checkCounts(org, { ...spec, today: addDays(spec.today, 1) }, ids);
      await checkCounts(org, { ...spec, today: addDays(spec.today, -1) }, ids);
    });
  }
});

describe("pages", () => {
  it("shows every objective of a goal exactly once across its pages, in order, with or without filters", async () => {
    const org = await createTestOrg("plan-pages");
    const admin = org.ctx.admin;
    const { id: planId } = await createPlan(admin, { title: "Paged plan", startFiscalYear: 2026, endFiscalYear: 2030, status: "adopted" });
    const big = (await createGoal(admin, planId, { title: "Big goal", description: "" })).id;
    const small = (await createGoal(admin, planId, { title: "Small goal", description: "" })).id;
    const rows = Array.from({ length: 23 }, (_, i) => ({
      orgId: org.orgId,
      id: randomUUID(),
      planId,
      goalId: i < 21 ? big : small,
      // Positions out of insertion order and repeated, so the code decides ties.
      code: `B${String(i).padStart(2, "0")}`,
      title: `Objective ${i}`,
      ownerDepartmentId: org.departmentIds[i % 2]!,
      status: OBJECTIVE_STATUSES[i % 5]!,
      position: (i * 7) % 5,
    }));
    await asTenant(org, (tx) => tx.insert(objectives).values(rows));
    const inOrder = (goalId: string, keep: (r: (typeof rows)[number]) => boolean = () => true) =>
      rows
        .filter((r) => r.goalId === goalId && keep(r))
        .sort((a, b) => a.position - b.position || a.code.localeCompare(b.code))
        .map((r) => r.id);

    const walk = async (filters: Parameters<typeof getPlanTree>[2]) => {
      const seen: string[] = [];
      const first = await getPlanTree(admin, planId, filters, { pageSize: 4, page: { goalId: big, page: 1 } });
      const pageCount = first.goals.find((g) => g.id === big)!.page.pageCount;
      for (let page = 1; page <= pageCount; page++) {
        const tree = await getPlanTree(admin, planId, filters, { pageSize: 4, page: { goalId: big, page } });
        const goal = tree.goals.find((g) => g.id === big)!;
        expect(goal.page.page).toBe(page);
        expect(goal.objectives.length).toBe(goal.page.last - goal.page.first + 1);
        seen.push(...goal.objectives.map((o) => o.id));
        // The other goal stays on its first page.
        const other = tree.goals.find((g) => g.id === small);
        if (other) expect(other.objectives.map((o) => o.id)).toEqual(inOrder(small, (r) => !filters?.status || r.status === filters.status).slice(0, 4));
      }
      return { seen, pageCount };
    };
    const all = await walk({});
    expect(all.pageCount).toBe(6);
    expect(all.seen).toEqual(inOrder(big));
    const notStarted = await walk({ status: "not_started" });
    expect(notStarted.seen).toEqual(inOrder(big, (r) => r.status === "not_started"));
    expect(notStarted.pageCount).toBe(2);

    // A page past the end shows the last one; a page of another goal id is ignored.
    const beyond = await getPlanTree(admin, planId, {}, { pageSize: 4, page: { goalId: big, page: 99 } });
    expect(beyond.goals[0]!.page).toMatchObject({ page: 6, first: 21, last: 21, total: 21 });
    expect(beyond.goals[0]!.objectives.map((o) => o.id)).toEqual(inOrder(big).slice(20));
    const stray = await getPlanTree(admin, planId, {}, { pageSize: 4, page: { goalId: randomUUID(), page: 3 } });
    expect(stray.goals.map((g) => g.page.page)).toEqual([1, 1]);
    // The objective just added is named even when it is not on a page shown.
    const last = inOrder(big).at(-1)!;
    expect((await getPlanTree(admin, planId, {}, { pageSize: 4, objectiveId: last })).objective?.id).toBe(last);
  });

  it("lists every stale item exactly once across the stale page's pages", async () => {
    const org = await createTestOrg("stale-pages");
    const spec = { today: "2026-05-15", fyStart: 7 };
    await fillPlans(org, spec, 5);
    const all = await listStaleItems(org.ctx.admin, spec.today);
    expect(all.objectives.length).toBeGreaterThan(6);
    expect(all.measures.length).toBeGreaterThan(6);
    const objectivesSeen: string[] = [];
    const measuresSeen: string[] = [];
    const first = await getStaleItemsPage(org.ctx.admin, { today: spec.today, pageSize: 5 });
    expect(first.objectivePage.pageCount).toBe(Math.ceil(all.objectives.length / 5));
    for (let page = 1; page <= Math.max(first.objectivePage.pageCount, first.measurePage.pageCount); page++) {
      const p = await getStaleItemsPage(org.ctx.admin, { today: spec.today, pageSize: 5, objectivePage: page, measurePage: page });
      if (page <= p.objectivePage.pageCount) objectivesSeen.push(...p.objectives.map((o) => o.id));
      if (page <= p.measurePage.pageCount) measuresSeen.push(...p.measures.map((m) => m.id));
    }
    // In the list's own order (plan, goal, objective, measure), each once.
    expect(objectivesSeen).toEqual(all.objectives.map((o) => o.id));
    expect(measuresSeen).toEqual(all.measures.map((m) => m.id));
    expect(first.planOptions.map((p) => p.title)).toEqual(["Adopted plan"]);
  });

  it("an empty plan, an empty goal and an organization with nothing stale read as empty", async () => {
    const org = await createTestOrg("plan-empty");
    const admin = org.ctx.admin;
    const { id: planId } = await createPlan(admin, { title: "Empty plan", startFiscalYear: 2026, endFiscalYear: 2030, status: "adopted" });
    const empty = await getPlanTree(admin, planId);
    expect(empty).toMatchObject({ objectiveCount: 0, measureCount: 0, staleObjectiveCount: 0, staleMeasureCount: 0, goals: [], departmentOptions: [], practiceOptions: [] });
    expect(await listPlans(admin)).toMatchObject([{ id: planId, goalCount: 0, objectiveCount: 0, measureCount: 0, staleCount: 0 }]);
    const goalId = (await createGoal(admin, planId, { title: "Nothing yet", description: "" })).id;
    const [goal] = (await getPlanTree(admin, planId, {}, { page: { goalId, page: 3 } })).goals;
    expect(goal).toMatchObject({ id: goalId, objectiveCount: 0, shownCount: 0, objectives: [], page: { page: 1, pageCount: 1, total: 0, first: 0, last: 0 } });
    const stale = await getStaleItemsPage(admin);
    expect(stale).toMatchObject({ objectives: [], measures: [], planOptions: [], departmentOptions: [] });
    expect([stale.objectivePage.pageCount, stale.measurePage.pageCount]).toEqual([1, 1]);
  });
});
