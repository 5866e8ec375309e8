// Two organizations whose days differ (Honolulu, UTC-10, and New York, UTC-5/-4) at the same
// instant: each one's "today", the staleness of its plan and its fiscal year follow its own zone,
// whatever the server's clock (UTC here). Only the JavaScript clock is set (vi.setSystemTime);
// the database runs on its own clock as always.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createTestOrg, type TestOrg } from "#db/test/factories";
import { getCurrentFiscalYear } from "~/modules/budget/fiscal-years.server";
import { addDays, addMonths } from "~/modules/core/dates";
import { addStatusUpdate, createGoal, createObjective, createPlan, getObjective, listStaleItems } from "~/modules/plans/plans.server";
import { objectiveFreshness } from "~/modules/plans/staleness";
import { organizationToday } from "./today";

const HONOLULU = "Pacific/Honolulu";
const NEW_YORK = "America/New_York";

/** A monthly objective of an adopted plan whose last update keeps it fresh through `freshThrough`. */
async function objectiveFreshThrough(org: TestOrg, freshThrough: string): Promise<string> {
  const admin = org.ctx.admin;
  const plan = await createPlan(admin, { title: "Plan", startFiscalYear: 2026, endFiscalYear: 2030, status: "adopted" });
  const goal = await createGoal(admin, plan.id, { title: "Goal", description: "" });
  const objective = await createObjective(admin, goal.id, { title: "Fix potholes", ownerDepartmentId: org.departmentIds[0]!, reportingFrequency: "monthly" });
  // The as-of date whose month-later freshness ends exactly on `freshThrough` (month ends clamp).
  let asOf = addMonths(freshThrough, -1);
  while (objectiveFreshness({ frequency: "monthly", lastUpdateAsOf: asOf, createdOn: asOf, done: false }, freshThrough).freshUntil > freshThrough) asOf = addDays(asOf, -1);
  while (objectiveFreshness({ frequency: "monthly", lastUpdateAsOf: addDays(asOf, 1), createdOn: asOf, done: false }, freshThrough).freshUntil <= freshThrough) asOf = addDays(asOf, 1);
  expect(objectiveFreshness({ frequency: "monthly", lastUpdateAsOf: asOf, createdOn: asOf, done: false }, freshThrough).freshUntil).toBe(freshThrough);
  await addStatusUpdate(admin, objective.id, { status: "on_track", narrative: "On schedule", asOf });
  return objective.id;
}

describe("the organization's today", () => {
  afterEach(() => vi.useRealTimers());

  it("follows each organization's own time zone around midnight: its date, its plan's staleness and its fiscal year", async () => {
    const [hawaii, maine] = await Promise.all([createTestOrg("tz-hawaii", { timeZone: HONOLULU }), createTestOrg("tz-maine", { timeZone: NEW_YORK })]);
    // A day a few days ahead (so the rows the database stamps now are older), at 05:30 UTC: in New
    // York already that day (00:30 or 01:30), in Honolulu still the evening before (19:30).
    const day = addDays(new Date().toISOString().slice(0, 10), 3);
    const dayBefore = addDays(day, -1);
    const [hawaiiObjective, maineObjective] = await Promise.all([objectiveFreshThrough(hawaii, dayBefore), objectiveFreshThrough(maine, dayBefore)]);

    vi.useFakeTimers({ now: new Date(`${day}T05:30:00Z`), toFake: ["Date"] });
    expect(organizationToday(hawaii.ctx.admin)).toBe(dayBefore);
    expect(organizationToday(maine.ctx.admin)).toBe(day);

    // The same last update: still fresh on Honolulu's last day of grace, stale once New York's next day began.
    const hawaiiStale = await listStaleItems(hawaii.ctx.admin);
    const maineStale = await listStaleItems(maine.ctx.admin);
    expect(hawaiiStale.objectives.map((o) => o.id)).toEqual([]);
    expect(maineStale.objectives.map((o) => o.id)).toEqual([maineObjective]);
    expect((await getObjective(hawaii.ctx.admin, hawaiiObjective)).stale).toBe(false);
    expect((await getObjective(maine.ctx.admin, maineObjective)).stale).toBe(true);

    // Five hours later Honolulu's day has come too (05:30 + 5 h = 10:30 UTC = 00:30 in Honolulu).
    vi.setSystemTime(new Date(`${day}T10:30:00Z`));
    expect(organizationToday(hawaii.ctx.admin)).toBe(day);
    expect((await listStaleItems(hawaii.ctx.admin)).objectives.map((o) => o.id)).toEqual([hawaiiObjective]);

    // A July fiscal year turns over at each organization's own midnight.
    vi.setSystemTime(new Date("2027-07-01T05:30:00Z"));
    expect((await getCurrentFiscalYear(hawaii.ctx.admin)).fiscalYear).toBe(2027);
    expect((await getCurrentFiscalYear(maine.ctx.admin)).fiscalYear).toBe(2028);
  });
});
