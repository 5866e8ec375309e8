import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getBudgetTotals, listBudgetLines } from "~/modules/budget/budget.server";
import { listFiscalYears } from "~/modules/budget/fiscal-years.server";
import { getDb } from "#db/client.server";
import { budgetLineObjectives, budgetLines, departments } from "#db/schema";
import { enterTenant, withTenant } from "#db/tenant.server";
import { createTestOrg, type TestOrg } from "#db/test/factories";
import { seedDemoBudget } from "./demo-budget.server";
import { seedDemoPlans } from "./demo-plans.server";
import { DEMO_DEPARTMENTS } from "./demo.server";

/** A test organization with the demo city's departments and plan (the factory's PW and FIN included). */
async function demoOrg(label: string, today: string): Promise<TestOrg> {
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
    await seedDemoPlans(tx, { orgId: org.orgId, departmentIdsByCode: ids, userIdsByRole: { admin: org.ctx.admin.userId }, today });
    await seedDemoBudget(tx, { orgId: org.orgId, departmentIdsByCode: ids, today });
  });
  return org;
}

describe("demo budget", () => {
  it("seeds two fiscal years of ~400 lines with a realistic mix, practice links and funded objectives, the same way every time", async () => {
    const today = "2026-11-23";
    const org = await demoOrg("demo-budget", today);
    const years = await listFiscalYears(org.ctx.admin, { today });
    expect(years.map((y) => [y.fiscalYear, y.isCurrent])).toEqual([
      [2027, true],
      [2026, false],
    ]);
    const total = years.reduce((n, y) => n + y.lineCount, 0);
    expect(total).toBeGreaterThanOrEqual(350);
    expect(total).toBeLessThanOrEqual(450);

    const byCategory = await getBudgetTotals(org.ctx.admin, { fiscalYear: 2027, by: "category" });
    expect(byCategory.rows.map((r) => r.key)).toEqual(["personnel", "operating", "capital", "debt_service", "other"]);
    // Personnel is the largest share of a city budget.
    const personnel = BigInt(byCategory.rows[0]!.adoptedCents);
    expect(byCategory.rows.every((r) => BigInt(r.adoptedCents) <= personnel)).toBe(true);
    const byFund = await getBudgetTotals(org.ctx.admin, { fiscalYear: 2027, by: "fund" });
    expect(byFund.rows.length).toBeGreaterThanOrEqual(10);
    const byDepartment = await getBudgetTotals(org.ctx.admin, { fiscalYear: 2027, by: "department" });
    expect(byDepartment.rows.map((r) => r.label)).not.toContain("Unassigned");
    expect(byDepartment.rows.length).toBe(DEMO_DEPARTMENTS.length);

    // Every practice view adds up to the year's total, with some lines not linked yet.
    const byPractice = await getBudgetTotals(org.ctx.admin, { fiscalYear: 2027, by: "practice" });
    expect(byPractice.rows.reduce((s, r) => s + BigInt(r.adoptedCents), 0n)).toBe(BigInt(byPractice.total.adoptedCents));
    expect(byPractice.rows.at(-1)!.key).toBe("none");
    expect(byPractice.rows.length).toBeGreaterThanOrEqual(10);
    // Closed year: spent close to the amended budget; current year: part-way.
    const closed = await getBudgetTotals(org.ctx.admin, { fiscalYear: 2026, by: "category" });
    expect(Number(closed.total.executionPercent)).toBeGreaterThan(85);
    expect(Number(byCategory.total.executionPercent)).toBeLessThan(60);

    // Each objective of the demo plan is funded by at least one current-year line.
    const funding = await withTenant(org.ctx.admin, (tx) =>
      tx.select({ objectiveId: budgetLineObjectives.objectiveId }).from(budgetLineObjectives).where(eq(budgetLineObjectives.orgId, org.orgId)),
    );
    expect(new Set(funding.map((f) => f.objectiveId)).size).toBeGreaterThanOrEqual(28);
    const pw = await listBudgetLines(org.ctx.department_head, { fiscalYear: 2027, department: org.departmentIds[0]! });
    expect(pw.lines.length).toBeGreaterThan(0);
    expect(pw.lines.every((l) => l.canLink)).toBe(true);

    // Deterministic amounts: a second organization seeded for the same day gets the same lines.
    const again = await demoOrg("demo-budget-again", today);
    const amounts = (o: TestOrg) =>
      withTenant(o.ctx.admin, async (tx) =>
        (await tx.select().from(budgetLines).where(eq(budgetLines.orgId, o.orgId)))
          .map((l) => `${l.fiscalYear}|${l.lineKey}|${l.category}|${l.adoptedCents}|${l.amendedCents}|${l.actualCents}|${l.encumberedCents}`)
          .sort(),
      );
    expect(await amounts(again)).toEqual(await amounts(org));
  });
});
