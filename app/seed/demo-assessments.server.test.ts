import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getParticipation, getResults } from "~/modules/assessments/results.server";
import { getDb } from "#db/client.server";
import { eq } from "drizzle-orm";
import { listMyCampaigns } from "~/modules/assessments/respond.server";
import { departments, users } from "#db/schema";
import { enterTenant } from "#db/tenant.server";
import { createTestOrg, type TestOrg } from "#db/test/factories";
import { seedDemoAssessments, type DemoCampaignSummary } from "./demo-assessments.server";
import { seedDemoWorkforce } from "./demo-workforce.server";
import { DEMO_DEPARTMENTS } from "./demo.server";

const TODAY = "2026-11-24";

async function demoOrg(
  label: string,
  options: { staffOnRoster?: boolean } = {},
): Promise<{ org: TestOrg; campaigns: DemoCampaignSummary[]; ids: Map<string, string> }> {
  const org = await createTestOrg(label);
  const [staffUser] = await getDb().select({ email: users.email, name: users.displayName }).from(users).where(eq(users.id, org.ctx.staff.userId));
  const rosterAccounts = options.staffOnRoster ? [{ email: staffUser!.email, name: staffUser!.name, departmentCode: "PW" }] : [];
  const ids = new Map<string, string>([
    ["PW", org.departmentIds[0]!],
    ["FIN", org.departmentIds[1]!],
  ]);
  for (const d of DEMO_DEPARTMENTS) if (!ids.has(d.code)) ids.set(d.code, randomUUID());
  const campaigns = await getDb().transaction(async (tx) => {
    await enterTenant(tx, { orgId: org.orgId, userId: org.ctx.admin.userId });
    await tx.insert(departments).values(
      DEMO_DEPARTMENTS.filter((d) => d.code !== "PW" && d.code !== "FIN").map((d) => ({ orgId: org.orgId, id: ids.get(d.code)!, code: d.code, name: d.name })),
    );
    await seedDemoWorkforce(tx, { orgId: org.orgId, departmentIdsByCode: ids, today: TODAY, rosterAccounts });
    return seedDemoAssessments(tx, {
      orgId: org.orgId,
      createdBy: org.ctx.admin.userId,
      notYetAnswered: rosterAccounts.map((a) => a.email),
    });
  });
  return { org, campaigns, ids };
}

describe("demo assessments", () => {
  it("seeds two closed yearly campaigns (~600 invited, ~70% answering) and an open one, with small departments suppressed, the same way every time", async () => {
    const { org, campaigns, ids } = await demoOrg("demo-assess");
    expect(campaigns.map((c) => c.status)).toEqual(["closed", "closed", "open"]);
    for (const c of campaigns.slice(0, 2)) {
      expect(c.invited).toBeGreaterThan(550);
      expect(c.responded / c.invited).toBeGreaterThan(0.62);
      expect(c.responded / c.invited).toBeLessThan(0.78);
    }
    const byDepartment = await getResults(org.ctx.admin, campaigns[1]!.id, { cut: ["department"], compare: true });
    expect(byDepartment.previous?.campaign.id).toBe(campaigns[0]!.id);
    const cell = (code: string) => byDepartment.cells.find((c) => c.groups[0]!.value === ids.get(code))!;
    // HR and the Clerk's office answer fewer than 5 people: hidden, like any cell without data.
    expect(cell("HR")).toMatchObject({ shown: false, reason: "suppressed" });
    expect(cell("CLK")).toMatchObject({ shown: false, reason: "suppressed" });
    const codeOf = new Map([...ids.entries()].map(([code, id]) => [id, code]));
    expect(byDepartment.cells.filter((c) => !c.shown).map((c) => codeOf.get(c.groups[0]!.value)).sort()).toEqual(["CLK", "HR"]);
    expect(byDepartment.cells.filter((c) => c.shown)).toHaveLength(11);
    // Departments see practices differently (IT rates technological literacy well above Utilities).
    const mean = (code: string, n: number) => {
      const c = cell(code);
      return c.shown ? c.practices.find((p) => p.practiceNumber === n)!.mean! : null;
    };
    if (mean("IT", 11) !== null && mean("UTIL", 11) !== null) expect(mean("IT", 11)! - mean("UTIL", 11)!).toBeGreaterThan(0.6);
    const total = byDepartment.total;
    expect(total.shown && total.n).toBe(campaigns[1]!.responded);
    // The open campaign: live participation only.
    const live = await getParticipation(org.ctx.admin, campaigns[2]!.id);
    expect(live.live).toBe(true);
    expect(live.total.invited).toBe(campaigns[2]!.invited);
    // Every cut answers (speed is measured by the benchmark, not here).
    for (const cut of byDepartment.cuts) {
      const results = await getResults(org.ctx.admin, campaigns[1]!.id, { cut });
      expect(results.total.shown).toBe(true);
    }

    const again = await demoOrg("demo-assess-again");
    expect(again.campaigns.map((c) => [c.title, c.invited, c.responded])).toEqual(campaigns.map((c) => [c.title, c.invited, c.responded]));
    const againTotal = (await getResults(again.org.ctx.admin, again.campaigns[1]!.id)).total;
    expect(againTotal.shown && againTotal.practices.map((p) => p.mean)).toEqual(total.shown && total.practices.map((p) => p.mean));
  });

  it("puts a demo sign-in on the roster with the open campaign still to answer, so the demo shows it in the app", async () => {
    const { org, campaigns } = await demoOrg("demo-assess-staff", { staffOnRoster: true });
    const mine = await listMyCampaigns(org.ctx.staff);
    const open = mine.find((c) => c.campaignId === campaigns[2]!.id);
    expect(open?.status).toBe("to_answer");
    expect(mine.map((c) => c.campaignId).sort()).toEqual(campaigns.map((c) => c.id).sort());
    // Someone who is not on the roster has no campaigns.
    expect(await listMyCampaigns(org.ctx.elected_official)).toEqual([]);
  });
});
