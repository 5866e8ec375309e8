// Restoring one organization completely from a database backup (issue 15, item 3; ADR 019). The
// demo city (with its survey answers and the roster's demographics) is seeded into a database of
// its own — a PGlite folder, or with TEST_DATABASE_URL a PostgreSQL database (as a pg_dump file
// restored into a scratch database) — and restored into another database that already holds an
// organization of its own. Every dashboard, the assessment panels, every campaign's results,
// participation and comments, and workforce representation included, must be equal; so must every
// row of every tenant table (found in the catalog: a table added later is checked without anyone
// listing it); the bystander organization must be untouched; a second restore is refused unless
// replacing is asked for.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb, rawQuery } from "#db/client.server";
import { migrateDatabase } from "#db/migrate.server";
import { memberships, organizations, users } from "#db/schema";
import { createTestOrg, tenantTables, type TestOrg } from "#db/test/factories";
import { freshDatabase, type FreshDatabase } from "#db/test/fresh-database";
import { listCampaigns } from "~/modules/assessments/campaigns.server";
import { getComments, getParticipation, getResults, type Dimension } from "~/modules/assessments/results.server";
import type { TenantContext } from "~/modules/auth/tenant.server";
import { getBudgetTotals, type BudgetTotalsBy } from "~/modules/budget/budget.server";
import { listFiscalYears } from "~/modules/budget/fiscal-years.server";
import { organizationToday } from "~/modules/core/today";
import { getDepartmentDashboard, getEquityDashboard, getServiceDelivery, getStaffEffectiveness } from "~/modules/dashboards/focus.server";
import { getOrganizationOverview } from "~/modules/dashboards/overview.server";
import { getPlanTree, listPlans, listStaleItems } from "~/modules/plans/plans.server";
import { getWorkforceGoal, listWorkforceGoals } from "~/modules/workforce/workforce.server";
import { DEMO_ORG, DEMO_SIGN_INS, seedDemo } from "~/seed/demo.server";
import { BackupRestoreRefused, restoreOrganizationFromBackup, type BackupRestoreResult, type BackupSource } from "./restore-backup.server";

const today = organizationToday(DEMO_ORG);
const manager = DEMO_SIGN_INS.accounts[0]!;

async function adminContext(orgId: string): Promise<TenantContext> {
  const [row] = await getDb()
    .select({ membershipId: memberships.id, userId: users.id, email: users.email, displayName: users.displayName, slug: organizations.slug, name: organizations.name, timeZone: organizations.timeZone })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(and(eq(memberships.orgId, orgId), sql`lower(${users.email}) = ${manager.email}`));
  if (!row) throw new Error("no manager membership");
  return {
    orgId,
    orgSlug: row.slug,
    orgName: row.name,
    timeZone: row.timeZone,
    userId: row.userId,
    role: "admin",
    membershipId: row.membershipId,
    departmentId: null,
    user: { id: row.userId, email: row.email, displayName: row.displayName },
  };
}

/** Everything the dashboards, budget, workforce, plan and roster pages show, assessment panels,
 * every campaign's results (by department and demographic cuts), participation and comments,
 * and workforce representation included. */
async function dashboards(ctx: TenantContext) {
  const years = await listFiscalYears(ctx, { today });
  const budget: Record<string, unknown> = {};
  for (const y of years) {
    for (const by of ["department", "fund", "category", "practice", "practice_any"] satisfies BudgetTotalsBy[]) {
      budget[`${y.fiscalYear}:${by}`] = await getBudgetTotals(ctx, { fiscalYear: y.fiscalYear, by });
    }
  }
  const plans = await listPlans(ctx, { today });
  const trees = [];
  for (const p of plans) trees.push(await getPlanTree(ctx, p.id, {}, { today }));
  const goals = await listWorkforceGoals(ctx, { today });
  const goalPages = [];
  for (const g of goals.goals) goalPages.push(await getWorkforceGoal(ctx, g.id, { today }));
  const departmentIds = await rawQuery<{ id: string }>(`select id from departments where org_id = $1 order by code`, [ctx.orgId]);
  const departmentPages = [];
  for (const d of departmentIds) departmentPages.push(await getDepartmentDashboard(ctx, d.id, {}, { today }));
  const campaigns = await listCampaigns(ctx);
  const campaignResults = [];
  for (const c of campaigns) {
    campaignResults.push({
      id: c.id,
      results: await answer(() => getResults(ctx, c.id, { compare: true })),
      byDepartment: await answer(() => getResults(ctx, c.id, { cut: ["department"] as Dimension[] })),
      participation: await answer(() => getParticipation(ctx, c.id)),
      comments: await answer(() => getComments(ctx, c.id, { pageSize: 500 })),
    });
  }
  return {
    overview: await getOrganizationOverview(ctx, {}, { today }),
    serviceDelivery: await getServiceDelivery(ctx, {}, { today }),
    staffEffectiveness: await getStaffEffectiveness(ctx, {}, { today }),
    equity: await getEquityDashboard(ctx, {}, { today }),
    campaigns,
    campaignResults,
    years,
    budget,
    plans,
    trees,
    stale: await listStaleItems(ctx, today),
    goals,
    goalPages,
    departmentPages,
  };
}


/** Every row of the organization in every tenant table, each as sorted JSON text. The
 * data-version counter is left out: it is the view caches' key and only moves forward. */
async function rowsOf(orgId: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of await tenantTables()) {
    if (t === "org_data_versions") continue;
    // The restore's own audit event is checked on its own.
    const own = t === "audit_events" ? ` and action <> 'organization.restore_backup'` : "";
    const rows = await rawQuery<{ r: string }>(`select to_jsonb(x)::text as r from "${t}" x where org_id = $1${own}`, [orgId]);
    out[t] = rows.map((r) => r.r).sort();
  }
  const [org] = await rawQuery<{ r: string }>(`select to_jsonb(o)::text as r from organizations o where id = $1`, [orgId]);
  out.organizations = [org?.r ?? ""];
  return out;
}

/** A service's answer, or the status it refused with (results of a campaign still open: 409). */
async function answer<T>(fn: () => Promise<T>): Promise<T | { refused: number }> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof Response) return { refused: e.status };
    throw e;
  }
}

const json = (v: unknown) => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? `${x}n` : x))) as unknown;

let source: FreshDatabase;
let target: FreshDatabase;
let backup: BackupSource;
let pgliteDir: string | null = null;
let orgId: string;
let before: unknown;
let rowsBefore: Record<string, string[]>;
let bystander: TestOrg;
let bystanderBefore: Record<string, string[]>;
let restored: BackupRestoreResult;

beforeAll(async () => {
  if (!process.env.TEST_DATABASE_URL) pgliteDir = fs.mkdtempSync(path.join(os.tmpdir(), "praxis-backup-"));
  source = await freshDatabase("backup_source", pgliteDir ? { pgliteDir } : {});
  target = await freshDatabase("backup_target");
  await source.use(async () => {
    await migrateDatabase();
    orgId = await seedDemo();
    before = json(await dashboards(await adminContext(orgId)));
    rowsBefore = await rowsOf(orgId);
    // The backup: the PGlite folder once closed (a copy of it would do), or the database.
    await closeDb();
  });
  backup = pgliteDir ? { pgliteDir } : { url: source.url! };
  await target.use(async () => {
    await migrateDatabase();
    bystander = await createTestOrg("bystander");
    bystanderBefore = await rowsOf(bystander.orgId);
    restored = await restoreOrganizationFromBackup(backup, DEMO_ORG.slug);
  });
}, 900_000);

afterAll(async () => {
  await source?.drop();
  await target?.drop();
  if (pgliteDir) fs.rmSync(pgliteDir, { recursive: true, force: true });
});

describe("restoring one organization from a database backup", () => {
  it("the backup really holds survey answers and demographics (what an export leaves out)", () => {
    expect(rowsBefore.assessment_answers?.length ?? 0).toBeGreaterThan(100);
    expect(rowsBefore.assessment_responses?.length ?? 0).toBeGreaterThan(10);
    const roster = rowsBefore.staff_members ?? [];
    expect(roster.length).toBeGreaterThan(10);
    // Self-reported demographics, where the roster keeps them per person.
    if (roster.some((r) => r.includes('"race_ethnicity"'))) expect(roster.filter((r) => /"race_ethnicity": "[^"]/.test(r)).length).toBeGreaterThan(10);
  });

  it("gives back every dashboard, assessment panels, results, comments and representation included", async () => {
    const after = await target.use(async () => json(await dashboards(await adminContext(orgId))));
    expect(after).toEqual(before);
  });

  it("gives back every row of every tenant table, and leaves the other organization as it was", async () => {
    const [rowsAfter, bystanderAfter] = await target.use(async () => [await rowsOf(orgId), await rowsOf(bystander.orgId)] as const);
    // Row by row, table by table; a table the restore forgot fails here with its name.
    for (const t of Object.keys(rowsBefore)) expect({ table: t, rows: rowsAfter[t] }).toEqual({ table: t, rows: rowsBefore[t] });
    expect(bystanderAfter).toEqual(bystanderBefore);
    expect(Object.keys(restored.rows).sort()).toEqual([...Object.keys(rowsBefore), "org_data_versions"].sort());
    expect(restored.accountsCreated).toBeGreaterThan(3);
    const own = await target.use(() => rawQuery<{ action: string }>(`select action from audit_events where org_id = $1 and action = 'organization.restore_backup'`, [orgId]));
    expect(own).toHaveLength(1);
  });

  it("is refused when the organization is here already, and replaces it only when asked", async () => {
    await target.use(async () => {
      await expect(restoreOrganizationFromBackup(backup, DEMO_ORG.slug)).rejects.toThrow(BackupRestoreRefused);
      // A change made here since: replacing brings the backup's state back.
      await rawQuery(`update departments set name = 'Renamed here' where id = (select id from departments where org_id = $1 order by code limit 1)`, [orgId]);
      const again = await restoreOrganizationFromBackup(backup, DEMO_ORG.slug, { replace: true });
      expect(again.replaced).toBe(true);
      expect(await rowsOf(orgId)).toEqual(rowsBefore);
      const own = await rawQuery<{ after: { replaced: boolean } }>(`select after from audit_events where org_id = $1 and action = 'organization.restore_backup'`, [orgId]);
      expect(own.map((e) => e.after.replaced)).toEqual([true]);
      expect(json(await dashboards(await adminContext(orgId)))).toEqual(before);
      await expect(restoreOrganizationFromBackup(backup, "no-such-city")).rejects.toThrow(/no organization at the address/);
    });
  });
});
