import { describe, expect, it } from "vitest";
import { createTestOrg, TEST_TIME_ZONE } from "#db/test/factories";
import { auditOf, fieldErrorsOf, statusOf } from "~/modules/plans/plans.test-helpers";
import { addMonths } from "~/modules/core/dates";
import { organizationToday } from "~/modules/core/today";
import { addPeriods, periodStart } from "~/modules/core/periods";
import {
  addWorkforceGoalUpdate,
  createWorkforceGoal,
  deleteWorkforceGoal,
  getWorkforceGoal,
  listWorkforceGoals,
  recordWorkforceMeasurement,
  setWorkforceGoalAlignment,
  updateWorkforceGoal,
  workforceGoalFreshness,
} from "./workforce.server";

const TODAY = organizationToday({ timeZone: TEST_TIME_ZONE });
const goalInput = (departmentId: string | null, extra: Record<string, unknown> = {}) => ({
  name: "Reduce voluntary turnover",
  metric: "turnover_rate" as const,
  departmentId,
  baseline: "14.5",
  target: "10",
  reportingFrequency: "quarterly" as const,
  ...extra,
});

describe("workforce goals", () => {
  it("creates a department goal with the metric's defaults, reads it back, edits and deletes it, auditing each change", async () => {
    const org = await createTestOrg("wf-crud");
    const admin = org.ctx.admin;
    const { id } = await createWorkforceGoal(admin, goalInput(org.departmentIds[0]!));
    const g = await getWorkforceGoal(admin, id);
    expect(g).toMatchObject({
      name: "Reduce voluntary turnover",
      metricLabel: "Turnover rate",
      unit: "%",
      direction: "lower_is_better",
      baseline: "14.5",
      target: "10",
      status: "not_started",
      department: { id: org.departmentIds[0], name: "Public Works" },
      canEdit: true,
    });
    await updateWorkforceGoal(admin, id, goalInput(org.departmentIds[0]!, { target: "9.5", unit: "percent" }));
    expect((await getWorkforceGoal(admin, id)).target).toBe("9.5");
    // An unchanged save writes nothing (no audit event).
    await updateWorkforceGoal(admin, id, goalInput(org.departmentIds[0]!, { target: "9.5", unit: "percent" }));
    expect((await auditOf(admin, id)).map((e) => e.action)).toEqual(["workforce_goal.create", "workforce_goal.update"]);

    // An organization-wide custom goal needs its direction.
    expect(await fieldErrorsOf(createWorkforceGoal(admin, goalInput(null, { metric: "custom", name: "Exit interviews done" })))).toHaveProperty("direction");
    const orgWide = await createWorkforceGoal(admin, goalInput(null, { metric: "custom", name: "Exit interviews done", direction: "higher_is_better" }));
    expect((await getWorkforceGoal(admin, orgWide.id)).department).toBeNull();
    // A representation goal names both field and group, or neither.
    expect(await fieldErrorsOf(createWorkforceGoal(admin, goalInput(null, { metric: "representation", demographicField: "gender" })))).toHaveProperty("demographicGroup");

    await deleteWorkforceGoal(admin, id);
    expect(await statusOf(getWorkforceGoal(admin, id))).toBe(404);
    expect((await auditOf(admin, id)).at(-1)?.action).toBe("workforce_goal.delete");
  });

  it("lets a department head manage their own department's goals only; others answer 404 and nothing changes", async () => {
    const org = await createTestOrg("wf-scope");
    const [own, other] = org.departmentIds as [string, string];
    const head = org.ctx.department_head;
    const admin = org.ctx.admin;
    const mine = await createWorkforceGoal(head, goalInput(own));
    const theirs = await createWorkforceGoal(admin, goalInput(other, { name: "Finance vacancies", metric: "vacancy_rate" }));
    const orgWide = await createWorkforceGoal(admin, goalInput(null, { name: "Citywide ethics training", metric: "ethics_training_completion" }));

    // Creating for another department or organization-wide is refused beside the department field.
    expect(await fieldErrorsOf(createWorkforceGoal(head, goalInput(other)))).toHaveProperty("departmentId");
    expect(await fieldErrorsOf(createWorkforceGoal(head, goalInput(null)))).toHaveProperty("departmentId");
    // Moving their own goal to another department too.
    expect(await fieldErrorsOf(updateWorkforceGoal(head, mine.id, goalInput(other)))).toHaveProperty("departmentId");

    // Reads: every goal; edits: only their own.
    const list = await listWorkforceGoals(head);
    expect(list.goals.map((g) => [g.name, g.canEdit])).toEqual([
      ["Citywide ethics training", false],
      ["Finance vacancies", false],
      ["Reduce voluntary turnover", true],
    ]);
    expect(list.canCreateOrgWide).toBe(false);
    expect(list.createDepartments.map((d) => d.id)).toEqual([own]);

    for (const id of [theirs.id, orgWide.id]) {
      expect(await statusOf(updateWorkforceGoal(head, id, goalInput(own, { name: "Taken over" })))).toBe(404);
      expect(await statusOf(recordWorkforceMeasurement(head, id, { period: periodStart(TODAY, "quarterly", 7), value: "3" }))).toBe(404);
      expect(await statusOf(addWorkforceGoalUpdate(head, id, { status: "done", narrative: "x", asOf: TODAY }))).toBe(404);
      expect(await statusOf(setWorkforceGoalAlignment(head, id, { links: [{ practiceNumber: 4, isPrimary: true }] }))).toBe(404);
      expect(await statusOf(deleteWorkforceGoal(head, id))).toBe(404);
      const after = await getWorkforceGoal(admin, id);
      expect(after.status).toBe("not_started");
      expect(after.measurements).toEqual([]);
      expect(after.links).toEqual([]);
      expect((await auditOf(admin, id)).map((e) => e.action)).toEqual(["workforce_goal.create"]);
    }

    // Staff and elected officials have no workforce permissions at all.
    expect(await statusOf(listWorkforceGoals(org.ctx.staff))).toBe(403);
    expect(await statusOf(listWorkforceGoals(org.ctx.elected_official))).toBe(403);
    expect(await statusOf(getWorkforceGoal(org.ctx.elected_official, mine.id))).toBe(403);

    // Another organization's goal id is a 404, even for its admin.
    const stranger = await createTestOrg("wf-stranger");
    expect(await statusOf(getWorkforceGoal(stranger.ctx.admin, mine.id))).toBe(404);
    expect(await statusOf(updateWorkforceGoal(stranger.ctx.admin, mine.id, goalInput(null)))).toBe(404);
    expect(await statusOf(getWorkforceGoal(admin, "not-a-uuid"))).toBe(404);
  });

  it("records values by period with the plan's rules, and the latest-dated status update sets the status", async () => {
    const org = await createTestOrg("wf-values");
    const head = org.ctx.department_head;
    const { id } = await createWorkforceGoal(head, goalInput(org.departmentIds[0]!));
    const current = periodStart(TODAY, "quarterly", 7);
    const previous = addPeriods(current, -1, "quarterly");

    expect(await fieldErrorsOf(recordWorkforceMeasurement(head, id, { period: addMonths(current, 1), value: "3" }))).toHaveProperty("period");
    expect(await fieldErrorsOf(recordWorkforceMeasurement(head, id, { period: current, value: "12%" }))).toHaveProperty("value");
    expect(await recordWorkforceMeasurement(head, id, { period: previous, value: "13.25" })).toMatchObject({ created: true });
    expect(await recordWorkforceMeasurement(head, id, { period: current, value: "12" })).toMatchObject({ created: true });
    expect(await recordWorkforceMeasurement(head, id, { period: current, value: "12.0" })).toMatchObject({ changed: false });
    expect(await recordWorkforceMeasurement(head, id, { period: current, value: "11.5", note: "Revised" })).toMatchObject({ created: false, changed: true });

    await addWorkforceGoalUpdate(head, id, { status: "at_risk", narrative: "Two resignations in Streets.", asOf: addMonths(TODAY, -1) });
    // A backfilled older update keeps the status of the later one.
    const older = await addWorkforceGoalUpdate(head, id, { status: "on_track", narrative: "Backfill.", asOf: addMonths(TODAY, -3) });
    expect(older.status).toBe("at_risk");
    await addWorkforceGoalUpdate(head, id, { status: "on_track", narrative: "Hiring caught up.", asOf: TODAY });
    expect(await fieldErrorsOf(addWorkforceGoalUpdate(head, id, { status: "done", narrative: "Future", asOf: addMonths(TODAY, 1) }))).toHaveProperty("asOf");

    await setWorkforceGoalAlignment(head, id, {
      links: [
        { practiceNumber: 13, isPrimary: true },
        { practiceNumber: 4 },
        { practiceNumber: 3 },
      ],
    });
    const g = await getWorkforceGoal(org.ctx.admin, id);
    expect(g.status).toBe("on_track");
    expect(g.lastUpdateAsOf).toBe(TODAY);
    expect(g.updates.map((u) => u.narrative)).toEqual(["Hiring caught up.", "Two resignations in Streets.", "Backfill."]);
    expect(g.measurements.map((m) => [m.period, m.value, m.note])).toEqual([
      [previous, "13.25", ""],
      [current, "11.5", "Revised"],
    ]);
    expect(g.latest).toMatchObject({ period: current, value: "11.5" });
    expect(g.links.map((l) => [l.practiceNumber, l.isPrimary])).toEqual([
      [13, true],
      [3, false],
      [4, false],
    ]);
    expect((await auditOf(head, id)).map((e) => e.action)).toContain("workforce_goal.align");

    // A frequency change that would strand recorded values is refused.
    expect(await fieldErrorsOf(updateWorkforceGoal(head, id, goalInput(org.departmentIds[0]!, { reportingFrequency: "yearly" })))).toHaveProperty(
      "reportingFrequency",
    );
  });

  it("is stale when a past period's value or the status update is overdue, never when done", () => {
    const base = { reportingFrequency: "quarterly" as const, createdOn: "2025-01-10", status: "on_track" as const };
    const today = "2026-03-15"; // FY2026 Q3 (July start); Q1 (Jul–Sep 2025) was due by Dec 31.
    expect(workforceGoalFreshness({ ...base, lastUpdateAsOf: "2026-02-01", latestPeriod: "2025-07-01" }, today, 7)).toEqual({
      stale: false,
      reason: "Up to date (next status update due by 2026-05-01).",
    });
    const noValue = workforceGoalFreshness({ ...base, lastUpdateAsOf: "2026-02-01", latestPeriod: "2025-04-01" }, today, 7);
    expect(noValue.stale).toBe(true);
    expect(noValue.reason).toBe("Stale: no value for FY2026 Q1 yet (it was due by 2025-12-31).");
    const both = workforceGoalFreshness({ ...base, lastUpdateAsOf: "2025-11-30", latestPeriod: null }, today, 7);
    expect(both.reason).toMatch(/^Stale: no value for FY2025 Q3 yet .*; the last status update is as of 2025-11-30, and this goal reports quarterly\.$/);
    expect(workforceGoalFreshness({ ...base, status: "done", lastUpdateAsOf: null, latestPeriod: null }, today, 7).stale).toBe(false);
  });

  it("lists goals with their stale flags and filters by department and staleness", async () => {
    const org = await createTestOrg("wf-list");
    const admin = org.ctx.admin;
    const a = await createWorkforceGoal(admin, goalInput(org.departmentIds[0]!, { name: "Fresh goal", reportingFrequency: "monthly" }));
    await createWorkforceGoal(admin, goalInput(org.departmentIds[1]!, { name: "Finance goal" }));
    const current = periodStart(TODAY, "monthly", 7);
    await recordWorkforceMeasurement(admin, a.id, { period: current, value: "5" });
    await addWorkforceGoalUpdate(admin, a.id, { status: "on_track", narrative: "Fine.", asOf: TODAY });
    // A goal created long ago with nothing reported would be stale; judged as of a later day here.
    const later = addMonths(TODAY, 6);
    const list = await listWorkforceGoals(admin, { today: later });
    expect(list.staleCount).toBe(2);
    const byDept = await listWorkforceGoals(admin, { departmentId: org.departmentIds[1]! });
    expect(byDept.goals.map((g) => g.name)).toEqual(["Finance goal"]);
    const now = await listWorkforceGoals(admin, { staleOnly: true });
    expect(now.goals.map((g) => g.name)).not.toContain("Fresh goal");
    expect(now.goals.find((g) => g.name === "Fresh goal")).toBeUndefined();
    const fresh = (await listWorkforceGoals(admin)).goals.find((g) => g.name === "Fresh goal")!;
    expect(fresh).toMatchObject({ stale: false, latest: { value: "5" }, target: "10" });
  });
});
