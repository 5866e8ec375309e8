import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { departments, measurements, memberships, objectiveUpdates, objectives } from "#db/schema";
import { enterTenant, withTenant } from "#db/tenant.server";
import { createTestOrg, TEST_TIME_ZONE, type TestOrg } from "#db/test/factories";
import { listItemsForPractice, setAlignment } from "./alignment.server";
import { exportObjectivesCsv } from "./plan-export.server";
import {
  addStatusUpdate,
  createGoal,
  createMeasure,
  createObjective,
  createPlan,
  deleteGoal,
  deleteMeasure,
  deleteMeasurement,
  deleteObjective,
  deletePlan,
  getMeasure,
  getObjective,
  getObjectiveFormOptions,
  getPlan,
  getPlanTree,
  listDepartmentObjectives,
  listPlans,
  listStaleItems,
  moveGoal,
  recordMeasurement,
  setPlanStatus,
  updateGoal,
  updateMeasure,
  updateObjective,
  updatePlan,
} from "./plans.server";
import { auditOf, buildSmallPlan, fieldErrorsOf, statusOf } from "./plans.test-helpers";
import { addDays, addMonths } from "~/modules/core/dates";
import { organizationToday } from "~/modules/core/today";
import { addPeriods, periodStart } from "~/modules/core/periods";

async function objectiveRow(org: TestOrg, id: string) {
  return withTenant(org.ctx.admin, async (tx) => {
    const [o] = await tx.select().from(objectives).where(and(eq(objectives.orgId, org.orgId), eq(objectives.id, id)));
    const updates = await tx.select().from(objectiveUpdates).where(and(eq(objectiveUpdates.orgId, org.orgId), eq(objectiveUpdates.objectiveId, id)));
    return { o, updates };
  });
}

async function measurementCount(org: TestOrg, measureId: string): Promise<number> {
  return withTenant(org.ctx.admin, async (tx) =>
    (await tx.select().from(measurements).where(and(eq(measurements.orgId, org.orgId), eq(measurements.measureId, measureId)))).length,
  );
}

/** A sub-department of the department head's department (Public Works). */
async function addSubDepartment(org: TestOrg, code: string): Promise<string> {
  const id = randomUUID();
  await getDb().transaction(async (tx) => {
    await enterTenant(tx, { orgId: org.orgId, userId: org.ctx.admin.userId });
    await tx.insert(departments).values({ orgId: org.orgId, id, name: `Streets ${code}`, code, parentId: org.departmentIds[0]! });
  });
  return id;
}

describe("plan tree", () => {
  it("creates, reads, edits, reorders and deletes plans, goals, objectives and measures, auditing each change", async () => {
    const org = await createTestOrg("plan-crud");
    const admin = org.ctx.admin;
    const { id: planId } = await createPlan(admin, {
      title: "  Riverton Forward  ",
      startFiscalYear: 2026,
      endFiscalYear: 2030,
      vision: "A thriving city",
    });
    const { id: g1 } = await createGoal(admin, planId, { title: "Safe community" });
    const { id: g2 } = await createGoal(admin, planId, { title: "Strong finances", description: "Reserves at policy level." });
    const o1 = await createObjective(admin, g1, {
      title: "Reduce response times",
      ownerDepartmentId: org.departmentIds[0]!,
      ownerMembershipId: org.ctx.department_head.membershipId,
      dueDate: "2028-06-30",
      reportingFrequency: "monthly",
    });
    const o2 = await createObjective(admin, g1, { title: "Train volunteers", ownerDepartmentId: org.departmentIds[0]!, reportingFrequency: "quarterly" });
    const o3 = await createObjective(admin, g2, { code: "FIN-1", title: "Keep reserves", ownerDepartmentId: org.departmentIds[1]!, reportingFrequency: "yearly" });
    expect([o1.code, o2.code, o3.code]).toEqual(["1.1", "1.2", "FIN-1"]);
    const m1 = await createMeasure(admin, o1.id, {
      name: "Median response time",
      unit: "minutes",
      direction: "lower_is_better",
      baseline: "7.80",
      target: "6.5",
      reportingFrequency: "monthly",
    });
    const m2 = await createMeasure(admin, o1.id, { name: "Calls answered in 15 s", unit: "%", direction: "higher_is_better", reportingFrequency: "monthly" });
    expect([m1.code, m2.code]).toEqual(["1.1.1", "1.1.2"]);

    const tree = await getPlanTree(admin, planId);
    expect(tree.plan).toMatchObject({ title: "Riverton Forward", periodLabel: "FY2026–FY2030", status: "draft", vision: "A thriving city", canManage: true });
    expect(tree.goals.map((g) => [g.position, g.title, g.objectives.map((o) => o.code)])).toEqual([
      [1, "Safe community", ["1.1", "1.2"]],
      [2, "Strong finances", ["FIN-1"]],
    ]);
    const first = tree.goals[0]!.objectives[0]!;
    expect(first).toMatchObject({
      title: "Reduce response times",
      status: "not_started",
      department: { id: org.departmentIds[0], name: "Public Works", code: "PW" },
      owner: { membershipId: org.ctx.department_head.membershipId, name: "Test department_head" },
      dueDate: "2028-06-30",
      canEdit: true,
    });
    expect(first.measures.map((m) => [m.code, m.baseline, m.target, m.latest])).toEqual([
      ["1.1.1", "7.8", "6.5", null],
      ["1.1.2", null, null, null],
    ]);
    expect(tree.statusCounts).toEqual({ not_started: 3, on_track: 0, at_risk: 0, off_track: 0, done: 0 });
    expect([tree.objectiveCount, tree.measureCount]).toEqual([3, 2]);

    // Edits
    await updatePlan(admin, planId, { title: "Riverton Forward 2030", startFiscalYear: 2026, endFiscalYear: 2030, status: "adopted" });
    await updateGoal(admin, g2, { title: "Sound finances", description: "" });
    await moveGoal(admin, g2, "up");
    await updateObjective(admin, o2.id, { title: "Train 1,000 volunteers", ownerDepartmentId: org.departmentIds[1]!, reportingFrequency: "monthly", goalId: g2 });
    await updateMeasure(admin, m2.id, { name: "Calls answered within 15 seconds", unit: "%", direction: "higher_is_better", target: "95", reportingFrequency: "monthly" });
    const edited = await getPlanTree(admin, planId);
    expect(edited.plan).toMatchObject({ title: "Riverton Forward 2030", status: "adopted" });
    expect(edited.goals.map((g) => [g.position, g.title, g.objectives.map((o) => o.title)])).toEqual([
      [1, "Sound finances", ["Keep reserves", "Train 1,000 volunteers"]],
      [2, "Safe community", ["Reduce response times"]],
    ]);
    expect(edited.goals[1]!.objectives[0]!.measures[1]).toMatchObject({ name: "Calls answered within 15 seconds", target: "95" });

    // Validation beside the fields
    expect(await fieldErrorsOf(createPlan(admin, { title: "Bad", startFiscalYear: 2030, endFiscalYear: 2026 }))).toHaveProperty("endFiscalYear");
    expect(await fieldErrorsOf(createObjective(admin, g1, { code: "fin-1", title: "Clash", ownerDepartmentId: org.departmentIds[0]!, reportingFrequency: "monthly" }))).toHaveProperty("code");
    expect(await fieldErrorsOf(createMeasure(admin, o1.id, { name: "Bad target", direction: "higher_is_better", target: "12%", reportingFrequency: "monthly" }))).toHaveProperty("target");
    expect(await fieldErrorsOf(createObjective(admin, g1, { title: "No department", ownerDepartmentId: randomUUID(), reportingFrequency: "monthly" }))).toHaveProperty("ownerDepartmentId");

    // Deletes cascade down the tree; goal numbers close the gap.
    await deleteMeasure(admin, m2.id);
    await deleteObjective(admin, o3.id);
    await deleteGoal(admin, g2);
    const trimmed = await getPlanTree(admin, planId);
    expect(trimmed.goals.map((g) => [g.position, g.title, g.objectives.map((o) => [o.code, o.measures.map((m) => m.code)])])).toEqual([
      [1, "Safe community", [["1.1", ["1.1.1"]]]],
    ]);
    expect(await statusOf(getObjective(admin, o2.id))).toBe(404);

    const planAudit = await auditOf(admin, planId);
    expect(planAudit.map((a) => a.action)).toEqual(["plan.create", "plan.update"]);
    expect(planAudit[1]).toMatchObject({ before: { title: "Riverton Forward", status: "draft" }, after: { title: "Riverton Forward 2030", status: "adopted" } });
    expect((await auditOf(admin, o2.id)).map((a) => a.action)).toEqual(["objective.create", "objective.update"]);
    expect((await auditOf(admin, g2)).map((a) => a.action)).toEqual(["goal.create", "goal.update", "goal.move", "goal.delete"]);

    await deletePlan(admin, planId);
    expect(await statusOf(getPlan(admin, planId))).toBe(404);
    expect(await statusOf(getObjective(admin, o1.id))).toBe(404);
    expect((await auditOf(admin, planId)).map((a) => a.action)).toEqual(["plan.create", "plan.update", "plan.delete"]);
  });

  it("lists plans with their status counts, adopted first", async () => {
    const org = await createTestOrg("plan-list");
    const adopted = await buildSmallPlan(org, { title: "Adopted plan" });
    await buildSmallPlan(org, { title: "Draft plan", status: "draft" });
    await addStatusUpdate(org.ctx.admin, adopted.ownObjectiveId, { status: "at_risk", narrative: "Slow", asOf: organizationToday({ timeZone: TEST_TIME_ZONE }) });
    const list = await listPlans(org.ctx.admin);
    expect(list.map((p) => [p.title, p.status, p.goalCount, p.objectiveCount, p.measureCount])).toEqual([
      ["Adopted plan", "adopted", 1, 2, 2],
      ["Draft plan", "draft", 1, 2, 2],
    ]);
    expect(list[0]!.statusCounts).toEqual({ not_started: 1, on_track: 0, at_risk: 1, off_track: 0, done: 0 });
  });

  it("filters the tree by department, status, practice and staleness", async () => {
    const org = await createTestOrg("plan-filter");
    const admin = org.ctx.admin;
    const p = await buildSmallPlan(org);
    await addStatusUpdate(admin, p.ownObjectiveId, { status: "on_track", narrative: "Fine", asOf: organizationToday({ timeZone: TEST_TIME_ZONE }) });
    await setAlignment(admin, { kind: "measure", id: p.otherMeasureId }, { links: [{ practiceNumber: 12, isPrimary: true }] });
    const codes = async (filters: Parameters<typeof getPlanTree>[2], today?: string) =>
      (await getPlanTree(admin, p.planId, filters, { today })).goals.flatMap((g) => g.objectives.map((o) => o.title));
    expect(await codes({})).toEqual(["Repave arterials", "Balance the budget"]);
    expect(await codes({ departmentId: org.departmentIds[1] })).toEqual(["Balance the budget"]);
    expect(await codes({ status: "on_track" })).toEqual(["Repave arterials"]);
    expect(await codes({ practiceNumber: 12 })).toEqual(["Balance the budget"]);
    expect(await codes({ practiceNumber: 5 })).toEqual([]);
    // Three months on, both objectives are stale (monthly reporting) and the tree says so.
    const later = addMonths(organizationToday({ timeZone: TEST_TIME_ZONE }), 3);
    expect(await codes({ staleOnly: true })).toEqual([]);
    expect(await codes({ staleOnly: true }, later)).toEqual(["Repave arterials", "Balance the budget"]);
    const tree = await getPlanTree(admin, p.planId, { status: "done" });
    expect(tree).toMatchObject({ filtersActive: true, shownObjectiveCount: 0, goals: [] });
    expect(tree.statusCounts.on_track).toBe(1);
  });
});

describe("status updates", () => {
  it("sets the objective's status from the update with the latest as-of date and keeps the history", async () => {
    const org = await createTestOrg("plan-status");
    const head = org.ctx.department_head;
    const p = await buildSmallPlan(org);
    const today = organizationToday({ timeZone: TEST_TIME_ZONE });
    const d1 = addMonths(today, -3);
    const d2 = addMonths(today, -2);
    const d3 = addMonths(today, -1);
    await addStatusUpdate(head, p.ownObjectiveId, { status: "on_track", narrative: "Started well.", asOf: d1 });
    expect(await addStatusUpdate(head, p.ownObjectiveId, { status: "at_risk", narrative: "Contractor delays.", asOf: d3 })).toMatchObject({ status: "at_risk" });
    // Backfilling an older update keeps the current status.
    expect(await addStatusUpdate(head, p.ownObjectiveId, { status: "off_track", narrative: "Late report.", asOf: d2 })).toMatchObject({ status: "at_risk" });
    const detail = await getObjective(org.ctx.admin, p.ownObjectiveId);
    expect(detail).toMatchObject({ status: "at_risk", lastUpdateAsOf: d3 });
    expect(detail.updates.map((u) => [u.asOf, u.status, u.narrative, u.authorName])).toEqual([
      [d3, "at_risk", "Contractor delays.", "Test department_head"],
      [d2, "off_track", "Late report.", "Test department_head"],
      [d1, "on_track", "Started well.", "Test department_head"],
    ]);
    // A newer update on the same day as the latest wins.
    await addStatusUpdate(head, p.ownObjectiveId, { status: "done", narrative: "Finished.", asOf: d3 });
    expect((await getObjective(org.ctx.admin, p.ownObjectiveId)).status).toBe("done");

    expect(await fieldErrorsOf(addStatusUpdate(head, p.ownObjectiveId, { status: "on_track", narrative: "From the future", asOf: addDays(today, 3) }))).toHaveProperty("asOf");
    expect(await fieldErrorsOf(addStatusUpdate(head, p.ownObjectiveId, { status: "on_track", narrative: "x".repeat(2001), asOf: today }))).toHaveProperty("narrative");
    expect(await fieldErrorsOf(addStatusUpdate(head, p.ownObjectiveId, { status: "on_track", narrative: "", asOf: today }))).toHaveProperty("narrative");
    expect((await objectiveRow(org, p.ownObjectiveId)).updates).toHaveLength(4);
    const audit = await auditOf(org.ctx.admin, p.ownObjectiveId);
    expect(audit.filter((a) => a.action === "objective.status_update")).toHaveLength(4);
    expect(audit.at(-1)).toMatchObject({ before: { status: "at_risk" }, after: { status: "done", lastUpdateAsOf: d3 } });
  });
});

describe("measurements", () => {
  it("records a value per period (exact decimals), replaces a period's value, and refuses periods that don't fit the measure", async () => {
    const org = await createTestOrg("plan-values");
    const head = org.ctx.department_head;
    const p = await buildSmallPlan(org);
    const month = periodStart(addMonths(organizationToday({ timeZone: TEST_TIME_ZONE }), -2), "monthly", 7);
    const created = await recordMeasurement(head, p.ownMeasureId, { period: month.slice(0, 7), value: "1,250.50", note: "First" });
    expect(created).toMatchObject({ created: true, changed: true });
    expect(await recordMeasurement(head, p.ownMeasureId, { period: month, value: "1250.5", note: "First" })).toMatchObject({ created: false, changed: false });
    expect(await recordMeasurement(head, p.ownMeasureId, { period: month, value: "0.000001", note: "Corrected" })).toMatchObject({ created: false, changed: true });
    await recordMeasurement(head, p.ownMeasureId, { period: addPeriods(month, -1, "monthly"), value: "-3", note: "" });
    const measure = await getMeasure(head, p.ownMeasureId);
    expect(measure.measurements.map((x) => [x.period, x.value, x.note])).toEqual([
      [addPeriods(month, -1, "monthly"), "-3", ""],
      [month, "0.000001", "Corrected"],
    ]);
    expect(measure.latest).toMatchObject({ period: month, value: "0.000001" });

    expect(await fieldErrorsOf(recordMeasurement(head, p.ownMeasureId, { period: addDays(month, 14), value: "1" }))).toHaveProperty("period");
    expect(await fieldErrorsOf(recordMeasurement(head, p.ownMeasureId, { period: addMonths(month, 6), value: "1" }))).toHaveProperty("period");
    expect(await fieldErrorsOf(recordMeasurement(head, p.ownMeasureId, { period: month, value: "12 tons" }))).toHaveProperty("value");
    expect(await fieldErrorsOf(recordMeasurement(head, p.ownMeasureId, { period: month, value: "1.0000001" }))).toHaveProperty("value");

    // Quarterly measures take the first day of a fiscal quarter (July start: Jul, Oct, Jan, Apr).
    const { id: quarterly } = await createMeasure(org.ctx.admin, p.ownObjectiveId, { name: "Quarterly crashes", direction: "lower_is_better", reportingFrequency: "quarterly" });
    const q = periodStart(addMonths(organizationToday({ timeZone: TEST_TIME_ZONE }), -4), "quarterly", 7);
    expect(await fieldErrorsOf(recordMeasurement(head, quarterly, { period: addMonths(q, 1), value: "4" }))).toHaveProperty("period");
    expect(await recordMeasurement(head, quarterly, { period: q, value: "4" })).toMatchObject({ created: true });
    // Changing to yearly would orphan that value unless it happens to start the fiscal year.
    const yearlyOk = q.slice(5, 7) === "07";
    const change = updateMeasure(org.ctx.admin, quarterly, { name: "Quarterly crashes", direction: "lower_is_better", reportingFrequency: "yearly" });
    if (yearlyOk) await change;
    else expect(await fieldErrorsOf(change)).toHaveProperty("reportingFrequency");

    const [row] = (await getObjective(org.ctx.admin, p.ownObjectiveId)).measures[0]!.measurements;
    await deleteMeasurement(org.ctx.admin, row!.id);
    expect(await measurementCount(org, p.ownMeasureId)).toBe(1);
    expect((await auditOf(org.ctx.admin, p.ownMeasureId)).map((a) => a.action)).toEqual([
      "measure.create",
      "measurement.create",
      "measurement.update",
      "measurement.create",
      "measurement.delete",
    ]);
  });
});

describe("who may do what", () => {
  it("a department head changes only their department's items: another department's objective answers 404 and nothing changes", async () => {
    const org = await createTestOrg("plan-scope");
    const head = org.ctx.department_head;
    const p = await buildSmallPlan(org);
    const before = await objectiveRow(org, p.otherObjectiveId);
    const today = organizationToday({ timeZone: TEST_TIME_ZONE });
    const month = periodStart(today, "monthly", 7);

    expect(await statusOf(updateObjective(head, p.otherObjectiveId, { title: "Hijacked", ownerDepartmentId: org.departmentIds[0]!, reportingFrequency: "monthly" }))).toBe(404);
    expect(await statusOf(addStatusUpdate(head, p.otherObjectiveId, { status: "done", narrative: "x", asOf: today }))).toBe(404);
    expect(await statusOf(deleteObjective(head, p.otherObjectiveId))).toBe(404);
    expect(await statusOf(createMeasure(head, p.otherObjectiveId, { name: "Sneaky measure", direction: "higher_is_better", reportingFrequency: "monthly" }))).toBe(404);
    expect(await statusOf(recordMeasurement(head, p.otherMeasureId, { period: month, value: "1" }))).toBe(404);
    expect(await statusOf(updateMeasure(head, p.otherMeasureId, { name: "Renamed", direction: "lower_is_better", reportingFrequency: "monthly" }))).toBe(404);
    expect(await statusOf(deleteMeasure(head, p.otherMeasureId))).toBe(404);
    expect(await statusOf(setAlignment(head, { kind: "objective", id: p.otherObjectiveId }, { links: [{ practiceNumber: 3, isPrimary: true }] }))).toBe(404);
    // Nor can they take an objective of theirs to another department, or create one there.
    expect(await fieldErrorsOf(updateObjective(head, p.ownObjectiveId, { title: "Repave arterials", ownerDepartmentId: org.departmentIds[1]!, reportingFrequency: "monthly" }))).toHaveProperty("ownerDepartmentId");
    expect(await fieldErrorsOf(createObjective(head, p.goalId, { title: "Finance objective", ownerDepartmentId: org.departmentIds[1]!, reportingFrequency: "monthly" }))).toHaveProperty("ownerDepartmentId");
    // Plans and goals are for administrators.
    expect(await statusOf(createPlan(head, { title: "My plan", startFiscalYear: 2026, endFiscalYear: 2030 }))).toBe(403);
    expect(await statusOf(createGoal(head, p.planId, { title: "My goal" }))).toBe(403);
    expect(await statusOf(setPlanStatus(head, p.planId, "archived"))).toBe(403);

    const after = await objectiveRow(org, p.otherObjectiveId);
    expect(after).toEqual(before);
    expect(await measurementCount(org, p.otherMeasureId)).toBe(0);
    expect((await auditOf(org.ctx.admin, p.otherObjectiveId)).map((a) => a.action)).toEqual(["objective.create"]);

    // Their own department's items, and its sub-departments', they may change.
    await addStatusUpdate(head, p.ownObjectiveId, { status: "on_track", narrative: "Paving started.", asOf: today });
    await recordMeasurement(head, p.ownMeasureId, { period: month, value: "63" });
    const streets = await addSubDepartment(org, "PW-ST");
    const { id: sub } = await createObjective(head, p.goalId, { title: "Retime signals", ownerDepartmentId: streets, reportingFrequency: "quarterly" });
    await updateObjective(head, sub, { title: "Retime all signals", ownerDepartmentId: streets, reportingFrequency: "quarterly" });
    const tree = await getPlanTree(head, p.planId);
    expect(tree.goals[0]!.objectives.map((o) => [o.title, o.canEdit, o.measures.map((m) => m.canEdit)])).toEqual([
      ["Repave arterials", true, [true]],
      ["Balance the budget", false, [false]],
      ["Retime all signals", true, []],
    ]);
    expect(tree.plan).toMatchObject({ canManage: false, canAddObjective: true });
    expect((await getObjectiveFormOptions(head, p.planId)).departments.map((d) => d.code).sort()).toEqual(["PW", "PW-ST"]);

    // Staff and elected officials read only.
    expect(await statusOf(addStatusUpdate(org.ctx.staff, p.ownObjectiveId, { status: "done", narrative: "x", asOf: today }))).toBe(403);
    expect(await statusOf(recordMeasurement(org.ctx.elected_official, p.ownMeasureId, { period: month, value: "1" }))).toBe(403);
    expect((await getPlanTree(org.ctx.staff, p.planId)).goals[0]!.objectives.every((o) => !o.canEdit)).toBe(true);
  });

  it("staff and elected officials never receive drafts (or archived plans), wherever they look", async () => {
    const org = await createTestOrg("plan-drafts");
    const adopted = await buildSmallPlan(org, { title: "Adopted plan" });
    const draft = await buildSmallPlan(org, { title: "Draft plan", status: "draft" });
    const archived = await buildSmallPlan(org, { title: "Old plan" });
    for (const p of [adopted, draft, archived]) {
      await setAlignment(org.ctx.admin, { kind: "objective", id: p.ownObjectiveId }, { links: [{ practiceNumber: 9, isPrimary: true }] });
    }
    await setPlanStatus(org.ctx.admin, archived.planId, "archived");
    const later = addMonths(organizationToday({ timeZone: TEST_TIME_ZONE }), 6);
    for (const reader of [org.ctx.elected_official, org.ctx.staff]) {
      expect((await listPlans(reader)).map((p) => p.title)).toEqual(["Adopted plan"]);
      for (const hidden of [draft, archived]) {
        expect(await statusOf(getPlan(reader, hidden.planId))).toBe(404);
        expect(await statusOf(getPlanTree(reader, hidden.planId))).toBe(404);
        expect(await statusOf(getObjective(reader, hidden.ownObjectiveId))).toBe(404);
        expect(await statusOf(getMeasure(reader, hidden.ownMeasureId))).toBe(404);
        expect(await statusOf(exportObjectivesCsv(reader, hidden.planId))).toBe(404);
      }
      const practice = await listItemsForPractice(reader, 9);
      expect(practice.objectives.map((o) => o.planTitle)).toEqual(["Adopted plan"]);
      const stale = await listStaleItems(reader, later);
      expect(new Set(stale.objectives.map((o) => o.planTitle))).toEqual(new Set(["Adopted plan"]));
      const dept = await listDepartmentObjectives(reader, { departmentId: org.departmentIds[0] });
      expect(dept.plans.map((g) => g.plan.title)).toEqual(["Adopted plan"]);
    }
    // Administrators and department heads see drafts; archived plans stay off the practice page.
    expect((await listPlans(org.ctx.department_head)).map((p) => p.title)).toEqual(["Adopted plan", "Draft plan", "Old plan"]);
    expect((await getPlanTree(org.ctx.department_head, draft.planId)).plan.title).toBe("Draft plan");
    expect((await listItemsForPractice(org.ctx.admin, 9)).objectives.map((o) => o.planTitle).sort()).toEqual(["Adopted plan", "Draft plan"]);
  });

  it("archived plans are read-only until an administrator reopens them", async () => {
    const org = await createTestOrg("plan-archived");
    const p = await buildSmallPlan(org);
    await setPlanStatus(org.ctx.admin, p.planId, "archived");
    const today = organizationToday({ timeZone: TEST_TIME_ZONE });
    expect(await fieldErrorsOf(addStatusUpdate(org.ctx.admin, p.ownObjectiveId, { status: "done", narrative: "x", asOf: today }))).toHaveProperty("form");
    expect(await fieldErrorsOf(createGoal(org.ctx.admin, p.planId, { title: "Another goal" }))).toHaveProperty("form");
    expect(await fieldErrorsOf(recordMeasurement(org.ctx.admin, p.ownMeasureId, { period: periodStart(today, "monthly", 7), value: "1" }))).toHaveProperty("form");
    expect((await getPlanTree(org.ctx.admin, p.planId)).plan.canAddObjective).toBe(false);
    await setPlanStatus(org.ctx.admin, p.planId, "adopted");
    await addStatusUpdate(org.ctx.admin, p.ownObjectiveId, { status: "done", narrative: "Finished.", asOf: today });
    expect((await auditOf(org.ctx.admin, p.planId)).map((a) => a.action)).toEqual(["plan.create", "plan.archive", "plan.adopt"]);
  });

  it("another organization's admin can neither read nor change this plan's items (404), and ids that are not ids are 404 too", async () => {
    const [org, other] = await Promise.all([createTestOrg("plan-own"), createTestOrg("plan-intruder")]);
    const p = await buildSmallPlan(org);
    await addStatusUpdate(org.ctx.admin, p.ownObjectiveId, { status: "on_track", narrative: "Fine.", asOf: organizationToday({ timeZone: TEST_TIME_ZONE }) });
    const before = await objectiveRow(org, p.ownObjectiveId);
    const intruder = other.ctx.admin;
    const month = periodStart(organizationToday({ timeZone: TEST_TIME_ZONE }), "monthly", 7);
    const attempts: [string, () => Promise<unknown>][] = [
      ["getPlan", () => getPlan(intruder, p.planId)],
      ["getPlanTree", () => getPlanTree(intruder, p.planId)],
      ["getObjective", () => getObjective(intruder, p.ownObjectiveId)],
      ["getMeasure", () => getMeasure(intruder, p.ownMeasureId)],
      ["updatePlan", () => updatePlan(intruder, p.planId, { title: "Hijacked", startFiscalYear: 2026, endFiscalYear: 2030 })],
      ["setPlanStatus", () => setPlanStatus(intruder, p.planId, "archived")],
      ["deletePlan", () => deletePlan(intruder, p.planId)],
      ["createGoal", () => createGoal(intruder, p.planId, { title: "Intruding goal" })],
      ["updateGoal", () => updateGoal(intruder, p.goalId, { title: "Hijacked" })],
      ["deleteGoal", () => deleteGoal(intruder, p.goalId)],
      ["createObjective", () => createObjective(intruder, p.goalId, { title: "Intruding", ownerDepartmentId: other.departmentIds[0]!, reportingFrequency: "monthly" })],
      ["updateObjective", () => updateObjective(intruder, p.ownObjectiveId, { title: "Hijacked", ownerDepartmentId: other.departmentIds[0]!, reportingFrequency: "monthly" })],
      ["deleteObjective", () => deleteObjective(intruder, p.ownObjectiveId)],
      ["addStatusUpdate", () => addStatusUpdate(intruder, p.ownObjectiveId, { status: "done", narrative: "x", asOf: organizationToday({ timeZone: TEST_TIME_ZONE }) })],
      ["createMeasure", () => createMeasure(intruder, p.ownObjectiveId, { name: "Intruding", direction: "higher_is_better", reportingFrequency: "monthly" })],
      ["recordMeasurement", () => recordMeasurement(intruder, p.ownMeasureId, { period: month, value: "1" })],
      ["deleteMeasure", () => deleteMeasure(intruder, p.ownMeasureId)],
      ["setAlignment", () => setAlignment(intruder, { kind: "objective", id: p.ownObjectiveId }, { links: [] })],
      ["getObjectiveFormOptions", () => getObjectiveFormOptions(intruder, p.planId)],
      ["malformed id", () => getObjective(org.ctx.admin, "not-a-uuid")],
      ["malformed plan id", () => getPlanTree(org.ctx.admin, "1 or 1=1")],
    ];
    for (const [name, attempt] of attempts) expect({ name, status: await statusOf(attempt()) }).toEqual({ name, status: 404 });
    expect(await objectiveRow(org, p.ownObjectiveId)).toEqual(before);
    expect((await getPlanTree(org.ctx.admin, p.planId)).plan.title).toBe("Strategic Plan");
    expect(await listPlans(intruder)).toEqual([]);
  });
});

describe("staleness", () => {
  it("flags objectives and measures with no update within their reporting frequency, exactly at the boundaries", async () => {
    const org = await createTestOrg("plan-stale");
    const admin = org.ctx.admin;
    const p = await buildSmallPlan(org, { frequency: "monthly" });
    const created = organizationToday({ timeZone: TEST_TIME_ZONE });
    // The own objective's update as of the last day of next month: fresh through the same day a
    // month later (clamped to month end), stale the day after.
    const nextMonth = periodStart(addMonths(created, 1), "monthly", 7);
    const asOf = addDays(addPeriods(nextMonth, 1, "monthly"), -1);
    await addStatusUpdate(admin, p.ownObjectiveId, { status: "on_track", narrative: "Fine.", asOf }, { today: asOf });
    const freshUntil = addMonths(asOf, 1);
    const staleObjectives = async (day: string) => (await listStaleItems(admin, day)).objectives.map((o) => o.id);
    expect(await staleObjectives(freshUntil)).not.toContain(p.ownObjectiveId);
    expect(await staleObjectives(addDays(freshUntil, 1))).toContain(p.ownObjectiveId);
    // The other objective never had an update: its creation date counts.
    expect(await staleObjectives(addMonths(created, 1))).not.toContain(p.otherObjectiveId);
    expect(await staleObjectives(addDays(addMonths(created, 1), 1))).toContain(p.otherObjectiveId);

    // A monthly value for period P is due by the end of P+1: stale from the first day of P+3.
    await recordMeasurement(admin, p.ownMeasureId, { period: nextMonth, value: "64" }, { today: nextMonth });
    const staleMeasures = async (day: string) => (await listStaleItems(admin, day)).measures.map((m) => m.id);
    const deadlinePassed = addPeriods(nextMonth, 3, "monthly");
    expect(await staleMeasures(addDays(deadlinePassed, -1))).not.toContain(p.ownMeasureId);
    expect(await staleMeasures(deadlinePassed)).toContain(p.ownMeasureId);
    const stale = (await listStaleItems(admin, deadlinePassed)).measures.find((m) => m.id === p.ownMeasureId)!;
    expect(stale).toMatchObject({ latestPeriod: nextMonth, canEdit: true });
    expect(stale.staleReason).toContain("no value for");
    // A measure with no value is first expected for the period it was created in.
    const createdPeriod = periodStart(created, "monthly", 7);
    expect(await staleMeasures(addDays(addPeriods(createdPeriod, 2, "monthly"), -1))).not.toContain(p.otherMeasureId);
    expect(await staleMeasures(addPeriods(createdPeriod, 2, "monthly"))).toContain(p.otherMeasureId);

    // Done objectives (and their measures) are never stale; neither is anything in a draft plan.
    await addStatusUpdate(admin, p.otherObjectiveId, { status: "done", narrative: "Finished.", asOf: created });
    const farLater = addMonths(created, 24);
    const later = await listStaleItems(admin, farLater);
    expect(later.objectives.map((o) => o.id)).toEqual([p.ownObjectiveId]);
    expect(later.measures.map((m) => m.id)).toEqual([p.ownMeasureId]);
    expect((await listStaleItems(admin, farLater, { departmentId: org.departmentIds[1] })).objectives).toEqual([]);
    await setPlanStatus(admin, p.planId, "draft");
    expect(await listStaleItems(admin, farLater)).toEqual({ objectives: [], measures: [] });
  });
});

describe("owners", () => {
  it("removing a member clears the objectives they owned and keeps the objectives", async () => {
    const org = await createTestOrg("plan-owner");
    const p = await buildSmallPlan(org);
    await updateObjective(org.ctx.admin, p.ownObjectiveId, {
      title: "Repave arterials",
      ownerDepartmentId: org.departmentIds[0]!,
      ownerMembershipId: org.ctx.staff.membershipId,
      reportingFrequency: "monthly",
    });
    expect((await getObjective(org.ctx.admin, p.ownObjectiveId)).owner).toEqual({ membershipId: org.ctx.staff.membershipId, name: "Test staff" });
    await withTenant(org.ctx.admin, (tx) =>
      tx.delete(memberships).where(and(eq(memberships.orgId, org.orgId), eq(memberships.id, org.ctx.staff.membershipId))),
    );
    const after = await getObjective(org.ctx.admin, p.ownObjectiveId);
    expect(after).toMatchObject({ title: "Repave arterials", owner: null });
    expect(
      await fieldErrorsOf(
        updateObjective(org.ctx.admin, p.ownObjectiveId, {
          title: "Repave arterials",
          ownerDepartmentId: org.departmentIds[0]!,
          ownerMembershipId: org.ctx.staff.membershipId,
          reportingFrequency: "monthly",
        }),
      ),
    ).toHaveProperty("ownerMembershipId");
  });
});

describe("department page", () => {
  it("lists the department's objectives (sub-departments included) across plans, with stale and status counts", async () => {
    const org = await createTestOrg("plan-dept");
    const p = await buildSmallPlan(org);
    const streets = await addSubDepartment(org, "PW-ST2");
    await createObjective(org.ctx.admin, p.goalId, { title: "Retime signals", ownerDepartmentId: streets, reportingFrequency: "quarterly" });
    const mine = await listDepartmentObjectives(org.ctx.department_head);
    expect(mine.department).toMatchObject({ id: org.departmentIds[0], code: "PW" });
    expect(mine.plans.map((g) => [g.plan.title, g.objectives.map((o) => o.title)])).toEqual([["Strategic Plan", ["Repave arterials", "Retime signals"]]]);
    expect(mine.statusCounts.not_started).toBe(2);
    expect((await listDepartmentObjectives(org.ctx.admin)).department).toBeNull();
    expect(await statusOf(listDepartmentObjectives(org.ctx.admin, { departmentId: randomUUID() }))).toBe(404);
  });
});
