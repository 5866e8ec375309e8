// Two organizations whose days differ (Honolulu, UTC-10, and New York, UTC-5/-4) at the same
// instant: each one's "today", the staleness of its plan and its fiscal year follow its own zone,
// whatever the server's clock (UTC here). Only the JavaScript clock is set (vi.setSystemTime), and
// only to instants of the past few weeks: the database runs on its own clock as always, and a
// clock set months ahead leaves timers behind that wait for it.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createTestOrg, type TestOrg } from "#db/test/factories";
import { getCurrentFiscalYear } from "~/modules/budget/fiscal-years.server";
import { getOrganizationSettings, updateOrganizationSettings } from "~/modules/orgs/settings.server";
import { addDays, addMonths } from "~/modules/core/dates";
import { MONTHS_PER_PERIOD } from "~/modules/core/periods";
import { addStatusUpdate, createGoal, createObjective, createPlan, getObjective, listStaleItems } from "~/modules/plans/plans.server";
import { objectiveFreshness } from "~/modules/plans/staleness";
import { organizationToday } from "./today";

const HONOLULU = "Pacific/Honolulu";
const NEW_YORK = "America/New_York";

/** An objective of an adopted plan whose last update keeps it fresh through `freshThrough` and no
 * longer: the update is one reporting interval before it (a month, a quarter or a year, whichever
 * lands exactly on that day; month ends clamp). */
async function objectiveFreshThrough(org: TestOrg, freshThrough: string): Promise<string> {
  const admin = org.ctx.admin;
  const plan = await createPlan(admin, { title: "Plan", startFiscalYear: 2026, endFiscalYear: 2030, status: "adopted" });
  const goal = await createGoal(admin, plan.id, { title: "Goal", description: "" });
  const choice = (["monthly", "quarterly", "yearly"] as const)
    .map((frequency) => ({ frequency, asOf: addMonths(freshThrough, -MONTHS_PER_PERIOD[frequency]) }))
    .find(({ frequency, asOf }) => objectiveFreshness({ frequency, lastUpdateAsOf: asOf, createdOn: asOf, done: false }, freshThrough).freshUntil === freshThrough)!;
  const objective = await createObjective(admin, goal.id, { title: "Fix potholes", ownerDepartmentId: org.departmentIds[0]!, reportingFrequency: choice.frequency });
  await addStatusUpdate(admin, objective.id, { status: "on_track", narrative: "On schedule", asOf: choice.asOf });
  return objective.id;
}

describe("the organization's today", () => {
  afterEach(() => vi.useRealTimers());

  it("follows each organization's own time zone around midnight: its date, its plan's staleness and its fiscal year", async () => {
    const [hawaii, maine] = await Promise.all([createTestOrg("tz-hawaii", { timeZone: HONOLULU }), createTestOrg("tz-maine", { timeZone: NEW_YORK })]);
    // The first day of last month, at 05:30 UTC: in New York already that day (00:30 or 01:30), in
    // Honolulu still the evening before (19:30). The objectives' last updates are older still.
    const day = addMonths(`${new Date().toISOString().slice(0, 7)}-01`, -1);
    const dayBefore = addDays(day, -1);
    // Both fiscal years start in that month, so they turn over at that midnight too.
    for (const org of [hawaii, maine]) {
      const { slug: _slug, ...settings } = await getOrganizationSettings(org.ctx.admin);
      await updateOrganizationSettings(org.ctx.admin, { ...settings, fiscalYearStartMonth: Number(day.slice(5, 7)) });
    }
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

    // The fiscal year turns over at each organization's own midnight.
    vi.setSystemTime(new Date(`${day}T05:30:00Z`));
    const year = Number(day.slice(0, 4));
    const startsInJanuary = day.slice(5, 7) === "01";
    expect((await getCurrentFiscalYear(hawaii.ctx.admin)).fiscalYear).toBe(startsInJanuary ? year - 1 : year);
    expect((await getCurrentFiscalYear(maine.ctx.admin)).fiscalYear).toBe(startsInJanuary ? year : year + 1);
  });
});
