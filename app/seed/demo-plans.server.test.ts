import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { listItemsForPractice } from "~/modules/plans/alignment.server";
import { getPlanTree, listPlans, listStaleItems } from "~/modules/plans/plans.server";
import { getDb } from "#db/client.server";
import { departments, measurements } from "#db/schema";
import { enterTenant, withTenant } from "#db/tenant.server";
import { createTestOrg, type TestOrg } from "#db/test/factories";
import { DEMO_DEPARTMENTS } from "./demo.server";
import { seedDemoPlans } from "./demo-plans.server";

/** A test organization with the demo city's departments (the factory's PW and FIN included). */
async function demoOrg(label: string): Promise<{ org: TestOrg; ids: Map<string, string> }> {
  const org = await createTestOrg(label);
  const ids = new Map<string, string>([
    ["PW", org.departmentIds[0]!],
    ["FIN", org.departmentIds[1]!],
  ]);
  for (const d of DEMO_DEPARTMENTS) if (!ids.has(d.code)) ids.set(d.code, randomUUID());
  await getDb().transaction(async (tx) => {
    await enterTenant(tx, { orgId: org.orgId, userId: org.ctx.admin.userId });
    await tx.insert(departments).values(
      DEMO_DEPARTMENTS.filter((d) => d.code !== "PW" && d.code !== "FIN").map((d) => ({
        orgId: org.orgId,
        id: ids.get(d.code)!,
        code: d.code,
        name: d.name,
        parentId: d.parent ? ids.get(d.parent)! : null,
      })),
    );
  });
  return { org, ids };
}

async function seed(org: TestOrg, ids: Map<string, string>, today: string) {
  return getDb().transaction(async (tx) => {
    await enterTenant(tx, { orgId: org.orgId, userId: org.ctx.admin.userId });
    return seedDemoPlans(tx, {
      orgId: org.orgId,
      departmentIdsByCode: ids,
      userIdsByRole: { admin: org.ctx.admin.userId, department_head: org.ctx.department_head.userId },
      today,
    });
  });
}

describe("demo plan", () => {
  it("seeds an adopted five-year plan with goals, objectives, measures, two years of values, stale items and all 14 practices, the same way every time", async () => {
    const today = "2026-11-23";
    const { org, ids } = await demoOrg("demo-plan");
    const counts = await seed(org, ids, today);
    expect(counts.goals).toBe(6);
    expect(counts.objectives).toBeGreaterThanOrEqual(28);
    expect(counts.measures).toBeGreaterThanOrEqual(56);
    expect(counts.measurements).toBeGreaterThan(counts.measures * 8);

    const [plan] = await listPlans(org.ctx.elected_official, { today });
    expect(plan).toMatchObject({ status: "adopted", periodLabel: "FY2025–FY2029", goalCount: 6, objectiveCount: counts.objectives });
    const tree = await getPlanTree(org.ctx.admin, counts.planId, {}, { today });
    const departmentsUsed = new Set(tree.goals.flatMap((g) => g.objectives.map((o) => o.department.code)));
    expect(departmentsUsed.size).toBeGreaterThanOrEqual(12);
    expect(Object.values(tree.statusCounts).filter((n) => n > 0).length).toBeGreaterThanOrEqual(4);
    // Every objective and measure has a primary practice.
    const items = tree.goals.flatMap((g) => g.objectives.flatMap((o) => [o, ...o.measures]));
    expect(items.every((i) => i.links.filter((l) => l.isPrimary).length === 1)).toBe(true);

    // All 14 practices are linked, unevenly.
    const perPractice: number[] = [];
    for (let n = 1; n <= 14; n++) {
      const linked = await listItemsForPractice(org.ctx.admin, n, { today });
      perPractice.push(linked.objectives.length + linked.measures.length + linked.goals.length);
    }
    expect(perPractice.every((n) => n > 0)).toBe(true);
    expect(Math.max(...perPractice)).toBeGreaterThan(4 * Math.min(...perPractice));

    // A few stale items, not most of them.
    const stale = await listStaleItems(org.ctx.admin, today);
    expect(stale.objectives.length).toBeGreaterThanOrEqual(2);
    expect(stale.measures.length).toBeGreaterThanOrEqual(2);
    expect(stale.objectives.length + stale.measures.length).toBeLessThan(12);

    // Deterministic values: a second organization seeded for the same day gets the same numbers.
    const again = await demoOrg("demo-plan-again");
    const second = await seed(again.org, again.ids, today);
    const values = async (o: TestOrg) =>
      withTenant(o.ctx.admin, async (tx) =>
        (await tx.select({ period: measurements.period, value: measurements.value }).from(measurements).where(and(eq(measurements.orgId, o.orgId))))
          .map((r) => `${r.period}=${r.value}`)
          .sort(),
      );
    expect(second.measurements).toBe(counts.measurements);
    expect(await values(again.org)).toEqual(await values(org));
  });
});
