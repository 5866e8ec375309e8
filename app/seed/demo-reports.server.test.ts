import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { organizationToday } from "~/modules/core/today";
import { currentFiscalYear } from "~/modules/core/periods";
import { buildReport, getPublishedReport, listPublishedReports, listReportPeriods } from "~/modules/reports/reports.server";
import { getDb } from "#db/client.server";
import { departments } from "#db/schema";
import { enterTenant } from "#db/tenant.server";
import { createTestOrg, TEST_TIME_ZONE } from "#db/test/factories";
import { seedDemoBudget } from "./demo-budget.server";
import { seedDemoPlans } from "./demo-plans.server";
import { DEMO_REPORT_NOTES, seedDemoReports } from "./demo-reports.server";
import { DEMO_DEPARTMENTS } from "./demo.server";

describe("demo reports", () => {
  it("publishes last fiscal year's report with the manager's note and leaves a draft note for the current year", async () => {
    const today = organizationToday({ timeZone: TEST_TIME_ZONE });
    const org = await createTestOrg("demo-reports");
    const ids = new Map<string, string>([
      ["PW", org.departmentIds[0]!],
      ["FIN", org.departmentIds[1]!],
    ]);
    for (const d of DEMO_DEPARTMENTS) if (!ids.has(d.code)) ids.set(d.code, randomUUID());
    await getDb().transaction(async (tx) => {
      await enterTenant(tx, { orgId: org.orgId, userId: org.ctx.admin.userId });
      await tx.insert(departments).values(
        DEMO_DEPARTMENTS.filter((d) => d.code !== "PW" && d.code !== "FIN").map((d) => ({ orgId: org.orgId, id: ids.get(d.code)!, code: d.code, name: d.name, parentId: d.parent ? ids.get(d.parent)! : null })),
      );
      await seedDemoPlans(tx, { orgId: org.orgId, departmentIdsByCode: ids, userIdsByRole: { admin: org.ctx.admin.userId }, today });
      await seedDemoBudget(tx, { orgId: org.orgId, departmentIdsByCode: ids, today });
    });

    const { published, draftPeriod } = await seedDemoReports({ orgId: org.orgId, managerEmail: org.ctx.admin.user.email, today });
    const fy = currentFiscalYear(7, today);
    expect(published.periodKey).toBe(`FY${fy - 1}`);
    expect(draftPeriod).toBe(`FY${fy}`);

    const list = await listPublishedReports(org.ctx.elected_official);
    expect(list.map((r) => [r.periodKey, r.version])).toEqual([[`FY${fy - 1}`, 1]]);
    const report = (await getPublishedReport(org.ctx.elected_official, published.id)).report;
    expect(report.managerNote).toBe(DEMO_REPORT_NOTES.lastYear);
    expect(report.objectives.total).toBeGreaterThan(10);
    expect(BigInt(report.budget.total.amendedCents)).toBeGreaterThan(0n);
    expect(report.narrative.length).toBeGreaterThanOrEqual(4);

    const periods = await listReportPeriods(org.ctx.admin, { today });
    expect(periods.find((p) => p.key === `FY${fy}`)).toMatchObject({ draftNote: true, publishedVersions: 0 });
    expect(periods.find((p) => p.key === `FY${fy - 1}`)).toMatchObject({ draftNote: false, publishedVersions: 1 });
    expect((await buildReport(org.ctx.admin, { period: `FY${fy}`, today })).managerNote).toBe(DEMO_REPORT_NOTES.currentYear);
  });
});
