import { beforeAll, describe, expect, it } from "vitest";
import { createTestOrg, TEST_TIME_ZONE, type TestOrg } from "#db/test/factories";
import { organizationToday } from "~/modules/core/today";
import { currentFiscalYear } from "~/modules/core/periods";
import { setAlignment } from "~/modules/plans/alignment.server";
import { createGoal, createMeasure, createObjective, createPlan } from "~/modules/plans/plans.server";
import { focusTableCsv } from "./focus-csv.server";
import { FOCUS_PAGE_SIZE, getDepartmentDashboard, getPracticeDashboard, getServiceDelivery } from "./focus.server";
import { pageAssessmentPanels, PANEL_PAGE_SIZE } from "./panel-pages";
import type { AssessmentPanels, ScoreRow } from "./assessments.server";

// More objectives and measures linked to practice 9 than one page holds: the lists show a page
// at a time, the counts and the target tally stay complete, and a CSV download holds every row.
const COUNT = FOCUS_PAGE_SIZE + 3;
const TODAY = organizationToday({ timeZone: TEST_TIME_ZONE });
const FY = currentFiscalYear(7, TODAY);

let org: TestOrg;
let dept: string;

beforeAll(async () => {
  org = await createTestOrg("focus-pages");
  const admin = org.ctx.admin;
  dept = org.departmentIds[0]!;
  const { id: planId } = await createPlan(admin, { title: "Strategic Plan", startFiscalYear: FY, endFiscalYear: FY + 4, status: "adopted" });
  const { id: goalId } = await createGoal(admin, planId, { title: "Good services", description: "" });
  for (let i = 1; i <= COUNT; i += 1) {
    const { id } = await createObjective(admin, goalId, { title: `Objective ${String(i).padStart(2, "0")}`, ownerDepartmentId: dept, reportingFrequency: "monthly" });
    await setAlignment(admin, { kind: "objective", id }, { links: [{ practiceNumber: 9, isPrimary: true }] });
    await createMeasure(admin, id, { name: `Measure ${i}`, unit: "%", direction: "higher_is_better", target: "100", reportingFrequency: "monthly" });
  }
}, 180_000);

describe("the focus lists, a page at a time", () => {
  it("lists one page of objectives and measures, counts them all, and clamps a page out of range", async () => {
    const first = (await getServiceDelivery(org.ctx.admin, {})).focus.plan!;
    expect(first.objectiveCount).toBe(COUNT);
    expect(first.objectives).toHaveLength(FOCUS_PAGE_SIZE);
    expect(first.measures).toHaveLength(FOCUS_PAGE_SIZE);
    expect([first.objectivesPage, first.measuresPage, first.pageSize]).toEqual([1, 1, FOCUS_PAGE_SIZE]);
    // The tally covers every measure, not only the page.
    expect(first.targets).toEqual({ met: 0, not_met: 0, no_value: COUNT, no_target: 0 });

    const second = (await getServiceDelivery(org.ctx.admin, { objectivesPage: "2", measuresPage: "2" })).focus.plan!;
    expect(second.objectivesPage).toBe(2);
    expect(second.objectives).toHaveLength(COUNT - FOCUS_PAGE_SIZE);
    expect(second.measures).toHaveLength(COUNT - FOCUS_PAGE_SIZE);
    const seen = new Set([...first.objectives, ...second.objectives].map((o) => o.id));
    expect(seen.size).toBe(COUNT);
    // Past the last page: the last; nonsense: the first.
    expect((await getServiceDelivery(org.ctx.admin, { objectivesPage: "99" })).focus.plan!.objectivesPage).toBe(2);
    expect((await getServiceDelivery(org.ctx.admin, { objectivesPage: "-1", measuresPage: "x" })).focus.plan!.objectives[0]!.title).toBe("Objective 01");

    const dep = (await getDepartmentDashboard(org.ctx.admin, dept, { measuresPage: "2" })).focus.plan!;
    expect([dep.objectives.length, dep.measures.length, dep.measuresPage]).toEqual([FOCUS_PAGE_SIZE, COUNT - FOCUS_PAGE_SIZE, 2]);
    // The practice page lists measures only (its objectives come from the plans' links).
    const practice = (await getPracticeDashboard(org.ctx.admin, 9, {})).focus.plan!;
    expect([practice.objectiveCount, practice.objectives.length, practice.measures.length]).toEqual([COUNT, 0, FOCUS_PAGE_SIZE]);
  });

  it("gives a CSV download every row", async () => {
    const all = await getServiceDelivery(org.ctx.admin, {}, { all: true });
    expect(all.focus.plan!.objectives).toHaveLength(COUNT);
    const file = focusTableCsv(["focus-pages"], all.focus, "measures");
    expect(file.rowCount).toBe(COUNT);
  });
});

describe("the assessment panels' per-department tables, a page at a time", () => {
  const row = (i: number): ScoreRow => ({ key: `d${i}`, label: `Department ${i}`, departmentId: `d${i}`, n: 10, note: null, favorable: [50] });
  const panels: AssessmentPanels = {
    state: "ready",
    campaign: { id: "c", title: "Campaign", closesOn: "2026-01-01" },
    campaigns: [],
    threshold: 5,
    heatmap: { practices: [{ number: 1, name: "One" }], total: row(0), rows: Array.from({ length: PANEL_PAGE_SIZE * 2 + 1 }, (_, i) => row(i + 1)) },
  };

  it("keeps one page of rows and the total whole", () => {
    const paged = pageAssessmentPanels(panels, new URLSearchParams("heatmapPage=3"));
    if (paged.state !== "ready") throw new Error("ready expected");
    expect(paged.heatmap!.rows.map((r) => r.key)).toEqual([`d${PANEL_PAGE_SIZE * 2 + 1}`]);
    expect(paged.heatmap!.total.key).toBe("d0");
    expect(paged.pages!.heatmap).toEqual({ page: 3, pageCount: 3, count: PANEL_PAGE_SIZE * 2 + 1, pageSize: PANEL_PAGE_SIZE });
    const first = pageAssessmentPanels(panels, new URLSearchParams("heatmapPage=0"));
    if (first.state !== "ready") throw new Error("ready expected");
    expect(first.heatmap!.rows).toHaveLength(PANEL_PAGE_SIZE);
    expect(first.pages!.participation).toBeUndefined();
  });
});
