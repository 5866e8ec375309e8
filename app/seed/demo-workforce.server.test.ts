import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getWorkforceRepresentation } from "~/modules/workforce/representation.server";
import { getDemographicSummary, listRoster } from "~/modules/workforce/roster.server";
import { listWorkforceGoals } from "~/modules/workforce/workforce.server";
import { getDb } from "#db/client.server";
import { departments } from "#db/schema";
import { enterTenant } from "#db/tenant.server";
import { createTestOrg } from "#db/test/factories";
import { DEMO_DEPARTMENTS } from "./demo.server";
import { seedDemoWorkforce } from "./demo-workforce.server";

describe("demo workforce", () => {
  it("seeds ~12 goals with values, updates and links, and ~600 staff with realistic levels and suppressed-safe demographics", async () => {
    const today = "2026-04-15";
    const org = await createTestOrg("demo-workforce");
    const ids = new Map<string, string>([
      ["PW", org.departmentIds[0]!],
      ["FIN", org.departmentIds[1]!],
    ]);
    for (const d of DEMO_DEPARTMENTS) if (!ids.has(d.code)) ids.set(d.code, randomUUID());
    const result = await getDb().transaction(async (tx) => {
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
      return seedDemoWorkforce(tx, { orgId: org.orgId, departmentIdsByCode: ids, authorUserId: org.ctx.admin.userId, today });
    });
    expect(result).toMatchObject({ goals: 12, staff: 600, community: 20 });
    expect(result.inactive).toBeGreaterThan(10);

    const goals = await listWorkforceGoals(org.ctx.admin, { today });
    expect(goals.goals).toHaveLength(12);
    expect(goals.staleCount).toBe(2);
    expect(goals.goals.every((g) => g.latest !== null && g.links.some((l) => l.isPrimary))).toBe(true);
    // The Public Works head edits the goals of Public Works and its two divisions only.
    const head = await listWorkforceGoals(org.ctx.department_head, { today });
    expect(head.goals.filter((g) => g.canEdit).map((g) => g.department?.name).sort()).toEqual(["Public Works", "Streets and Traffic", "Water and Sewer Utilities"]);

    const roster = await listRoster(org.ctx.admin);
    expect(roster.activeCount + roster.leftCount).toBe(600);
    expect(roster.byLevel.executive).toBe(13);
    expect(roster.byLevel.staff).toBeGreaterThan(roster.byLevel.supervisor);
    expect(roster.byLevel.supervisor).toBeGreaterThan(roster.byLevel.manager);
    const summary = await getDemographicSummary(org.ctx.admin);
    const race = summary.fields.find((f) => f.field === "raceEthnicity")!;
    expect(race.counts.total).toBe(roster.activeCount);
    expect(race.counts.groups.filter((g) => g.count !== null).length).toBeGreaterThanOrEqual(4);
    // Riverton's census figures line up with the roster's groups on the equity dashboard.
    const representation = await getWorkforceRepresentation(org.ctx.admin, "raceEthnicity");
    const shown = representation.table.overall.rows.filter((r) => r.count !== null && r.communityPercent !== null);
    expect(shown.map((r) => r.group).slice(0, 4)).toEqual(["White", "Hispanic or Latino", "Black or African American", "Asian"]);
    expect(representation.table.overall.rows.find((r) => r.group === "Some other race")).toMatchObject({ count: null, communityPercent: 1 });
  });
});
