// The view cache (ADR 014) through the real loaders of the pages that use it, with real sessions
// and the real database: a cached page is exactly what the loader computes without the cache, it
// is computed again after any change of the organization, it is never shared between users, and
// authorization is decided on every request, cache or not.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawQuery } from "#db/client.server";
import { buildFixture, type Fixture } from "~/test/hostile/harness";
import { commitBudgetImport } from "~/modules/budget/budget-import.server";
import { organizationToday } from "~/modules/core/today";
import { TEST_TIME_ZONE } from "#db/test/factories";
import { currentFiscalYear } from "~/modules/core/periods";
import { createDepartment } from "~/modules/orgs/departments.server";
import { ByteLru, resetViewCache, viewCacheStats } from "./view-cache.server";

type Loader = (args: { request: Request; params: Record<string, string>; context: unknown }) => Promise<unknown>;
type RouteModule = { loader?: Loader; handle?: { viewCache?: unknown } };

const modules = import.meta.glob<RouteModule>("../../routes/*.tsx", { eager: true });
const routeId = (file: string) => file.replace(/^.*\/routes\//, "").replace(/\.tsx$/, "");
const cachedRoutes = Object.entries(modules)
  .filter(([, m]) => m.handle?.viewCache === true)
  .map(([file, m]) => ({ id: routeId(file), loader: m.loader! }));

let fx: Fixture;
let auditEventId: string;

/** Each cached route with an address and params in the fixture (a new cached route must be added). */
function addresses(): Record<string, { path: string; params: Record<string, string> }> {
  const org = fx.org.slug;
  const p = { org };
  return {
    "o.$org.dashboards._index": { path: `/o/${org}/dashboards`, params: p },
    "o.$org.dashboards.equity": { path: `/o/${org}/dashboards/equity`, params: p },
    "o.$org.dashboards.service-delivery": { path: `/o/${org}/dashboards/service-delivery`, params: p },
    "o.$org.dashboards.staff-effectiveness": { path: `/o/${org}/dashboards/staff-effectiveness`, params: p },
    "o.$org.assessments._index": { path: `/o/${org}/assessments`, params: p },
    "o.$org.assessments.$campaignId._index": { path: `/o/${org}/assessments/${fx.openCampaignId}`, params: { ...p, campaignId: fx.openCampaignId } },
    "o.$org.assessments.$campaignId.results": { path: `/o/${org}/assessments/${fx.openCampaignId}/results`, params: { ...p, campaignId: fx.openCampaignId } },
    "o.$org.practices.$number": { path: `/o/${org}/practices/3`, params: { ...p, number: "3" } },
    "o.$org.departments.$departmentId": { path: `/o/${org}/departments/${fx.org.departmentIds[0]}`, params: { ...p, departmentId: fx.org.departmentIds[0]! } },
    "o.$org.reports.preview": { path: `/o/${org}/reports/preview`, params: p },
    "o.$org.plans.$planId._index": { path: `/o/${org}/plans/${fx.planId}`, params: { ...p, planId: fx.planId } },
    "o.$org.plans.$planId.goals.$goalId": { path: `/o/${org}/plans/${fx.planId}/goals/${fx.goalId}`, params: { ...p, planId: fx.planId, goalId: fx.goalId } },
    "o.$org.plans._index": { path: `/o/${org}/plans`, params: p },
    "o.$org.plans.stale": { path: `/o/${org}/plans/stale`, params: p },
    "o.$org.objectives.$objectiveId": { path: `/o/${org}/objectives/${fx.objectiveId}`, params: { ...p, objectiveId: fx.objectiveId } },
    "o.$org.budget._index": { path: `/o/${org}/budget`, params: p },
    "o.$org.budget.lines._index": { path: `/o/${org}/budget/lines`, params: p },
    "o.$org.budget.lines.$lineId": { path: `/o/${org}/budget/lines/${fx.budgetLineId}`, params: { ...p, lineId: fx.budgetLineId } },
    "o.$org.workforce._index": { path: `/o/${org}/workforce`, params: p },
    "o.$org.workforce.$goalId": { path: `/o/${org}/workforce/${fx.workforceGoalId}`, params: { ...p, goalId: fx.workforceGoalId } },
    "o.$org.departments._index": { path: `/o/${org}/departments`, params: p },
    "o.$org.members": { path: `/o/${org}/members`, params: p },
    "o.$org.roster._index": { path: `/o/${org}/roster`, params: p },
    "o.$org.assessments.resources": { path: `/o/${org}/assessments/resources`, params: p },
    "o.$org.audit._index": { path: `/o/${org}/audit`, params: p },
    "o.$org.audit.$eventId": { path: `/o/${org}/audit/${auditEventId}`, params: { ...p, eventId: auditEventId } },
  };
}

async function load(route: { loader: Loader; id: string }, cookie: string, path?: string): Promise<{ status: number; body: string }> {
  const address = addresses()[route.id]!;
  const request = new Request(`http://localhost${path ?? address.path}`, { headers: { Cookie: cookie } });
  try {
    const res = (await route.loader({ request, params: address.params, context: {} })) as Response;
    return { status: res.status, body: await res.text() };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: await thrown.text() };
    throw thrown;
  }
}

/** The same request with the cache turned off: what the loader computes from the database now. */
async function uncached(route: { loader: Loader; id: string }, cookie: string, path?: string) {
  process.env.PRAXIS_VIEW_CACHE_MB = "0";
  resetViewCache();
  try {
    return await load(route, cookie, path);
  } finally {
    delete process.env.PRAXIS_VIEW_CACHE_MB;
    resetViewCache();
  }
}

const route = (id: string) => {
  const r = cachedRoutes.find((x) => x.id === id);
  if (!r) throw new Error(`${id} is not a cached route`);
  return r;
};

beforeAll(async () => {
  delete process.env.PRAXIS_VIEW_CACHE_MB;
  resetViewCache();
  fx = await buildFixture("view-cache");
  [{ id: auditEventId }] = (await rawQuery<{ id: string }>(`select id::text as id from audit_events where org_id = $1 limit 1`, [fx.org.orgId])) as [{ id: string }];
}, 120_000);

afterAll(() => resetViewCache());

describe("the view cache's loader data", () => {
  it("is used by the dashboards and the other aggregate pages, each of which this test knows how to open", () => {
    expect(cachedRoutes.map((r) => r.id).sort()).toEqual(Object.keys(addresses()).sort());
  });

  it("serves every cached page exactly as computed without the cache, from the second request on, until anything of the organization changes", async () => {
    for (const r of cachedRoutes) {
      resetViewCache();
      const first = await load(r, fx.cookies.admin);
      expect({ route: r.id, status: first.status }).toEqual({ route: r.id, status: 200 });
      const second = await load(r, fx.cookies.admin);
      expect({ route: r.id, same: second.body === first.body, stats: viewCacheStats() }).toMatchObject({
        route: r.id,
        same: true,
        stats: { dataMisses: 1, dataHits: 1 },
      });
      expect({ route: r.id, body: first.body }).toEqual({ route: r.id, body: (await uncached(r, fx.cookies.admin)).body });

      // Any committed change of the organization: the next request computes the page again.
      await load(r, fx.cookies.admin); // cached again (the uncached call reset the cache)
      await createDepartment(fx.org.ctx.admin, { name: `Dept ${r.id}`, code: `C${cachedRoutes.indexOf(r)}`, parentId: null });
      const before = viewCacheStats();
      const after = await load(r, fx.cookies.admin);
      expect({ route: r.id, misses: viewCacheStats().dataMisses - before.dataMisses }).toEqual({ route: r.id, misses: 1 });
      expect({ route: r.id, body: after.body }).toEqual({ route: r.id, body: (await uncached(r, fx.cookies.admin)).body });
    }
  }, 300_000);

  it("shows a change on the next request: a new department appears in the overview's department filter", async () => {
    resetViewCache();
    const overview = route("o.$org.dashboards._index");
    const name = "Water Resources (new)";
    expect((await load(overview, fx.cookies.admin)).body).not.toContain(name);
    expect((await load(overview, fx.cookies.admin)).body).not.toContain(name);
    await createDepartment(fx.org.ctx.admin, { name, code: "WRN", parentId: null });
    expect((await load(overview, fx.cookies.admin)).body).toContain(name);
  });

  it("after a budget import, the budget pages and the overview show the imported lines at once, as computed without the cache", async () => {
    resetViewCache();
    const pages = ["o.$org.budget._index", "o.$org.budget.lines._index", "o.$org.dashboards._index"].map(route);
    const fy = currentFiscalYear(7, organizationToday({ timeZone: TEST_TIME_ZONE }));
    const budgetPath = (id: string) => (id === "o.$org.dashboards._index" ? undefined : `${addresses()[id]!.path}?fy=${fy}`);
    const before = [];
    for (const r of pages) {
      before.push(await load(r, fx.cookies.admin, budgetPath(r.id)));
      await load(r, fx.cookies.admin, budgetPath(r.id)); // now cached
    }
    const csv = ["Fund,Department,Account,Category,Adopted,Amended,Actual", "900,PW,7100,capital,4321.09,4321.09,100", "900,FIN,7200,operating,1234.56,1300,50"].join("\n");
    const mapping = {
      columns: { fund_code: "Fund", department: "Department", account_code: "Account", category: "Category", adopted: "Adopted", amended: "Amended", actual: "Actual" },
      keyFields: ["fund_code", "department", "account_code"] as ("fund_code" | "department" | "account_code")[],
      category: { source: "column" as const },
      unmatchedDepartment: "unassigned" as const,
    };
    expect(await commitBudgetImport(fx.org.ctx.admin, { fiscalYear: fy, csv, mapping })).toMatchObject({ ok: true });
    for (const [i, r] of pages.entries()) {
      const after = await load(r, fx.cookies.admin, budgetPath(r.id));
      expect({ route: r.id, changed: after.body !== before[i]!.body }).toEqual({ route: r.id, changed: true });
      expect({ route: r.id, body: after.body }).toEqual({ route: r.id, body: (await uncached(r, fx.cookies.admin, budgetPath(r.id))).body });
    }
    expect((await load(route("o.$org.budget.lines._index"), fx.cookies.admin, `${budgetPath("o.$org.budget.lines._index")}&q=7100`)).body).toContain("7100");
  });

  it("keeps each query string apart and ignores Remix's own parameters", async () => {
    resetViewCache();
    const plan = route("o.$org.plans.$planId._index");
    const base = addresses()[plan.id]!.path;
    const a = await load(plan, fx.cookies.admin, `${base}?notice=saved`);
    const b = await load(plan, fx.cookies.admin, base);
    expect(a.body).not.toEqual(b.body);
    const c = await load(plan, fx.cookies.admin, `${base}?_data=${encodeURIComponent("routes/o.$org.plans.$planId._index")}`);
    expect(c.body).toEqual(b.body);
    expect(viewCacheStats()).toMatchObject({ dataMisses: 2, dataHits: 1 });
  });

  it("never gives one user's page to another, even with the same role", async () => {
    resetViewCache();
    const overview = route("o.$org.dashboards._index");
    const admin = await load(overview, fx.cookies.admin);
    const elected = await load(overview, fx.cookies.elected_official);
    expect(elected.status).toBe(200);
    // Elected officials see department names without links to department pages.
    expect(JSON.parse(admin.body).canOpenDepartments).toBe(true);
    expect(JSON.parse(elected.body).canOpenDepartments).toBe(false);
    expect(viewCacheStats()).toMatchObject({ dataMisses: 2, dataHits: 0 });
  });

  it("decides authorization on every request: a role taken away is refused although the page is cached", async () => {
    resetViewCache();
    const overview = route("o.$org.dashboards._index");
    expect((await load(overview, fx.cookies.elected_official)).status).toBe(200);
    expect((await load(overview, fx.cookies.elected_official)).status).toBe(200);
    // Changed by hand, as an administrator's role change would: the next request is refused.
    await rawQuery(`update memberships set role = 'staff' where id = $1`, [fx.org.ctx.elected_official.membershipId]);
    try {
      expect((await load(overview, fx.cookies.elected_official)).status).toBe(403);
      await rawQuery(`delete from memberships where id = $1`, [fx.org.ctx.elected_official.membershipId]);
      expect((await load(overview, fx.cookies.elected_official)).status).toBe(404);
    } finally {
      await rawQuery(
        `insert into memberships (org_id, id, user_id, role) values ($1, $2, $3, 'elected_official')
           on conflict (org_id, id) do update set role = 'elected_official'`,
        [fx.org.orgId, fx.org.ctx.elected_official.membershipId, fx.org.ctx.elected_official.userId],
      );
    }
  });

  it("does not keep errors: a page that is not found is asked again and still not found", async () => {
    resetViewCache();
    const results = route("o.$org.assessments.$campaignId.results");
    const missing = "00000000-0000-4000-8000-000000000000";
    const path = `/o/${fx.org.slug}/assessments/${missing}/results`;
    const request = () =>
      results.loader({ request: new Request(`http://localhost${path}`, { headers: { Cookie: fx.cookies.admin } }), params: { org: fx.org.slug, campaignId: missing }, context: {} });
    for (let i = 0; i < 2; i++) await expect(request()).rejects.toSatisfy((e: unknown) => e instanceof Response && e.status === 404);
    expect(viewCacheStats()).toMatchObject({ dataEntries: 0 });
  });

  it("with PRAXIS_VIEW_CACHE_MB=0 keeps nothing", async () => {
    process.env.PRAXIS_VIEW_CACHE_MB = "0";
    resetViewCache();
    try {
      const overview = route("o.$org.dashboards._index");
      await load(overview, fx.cookies.admin);
      await load(overview, fx.cookies.admin);
      expect(viewCacheStats()).toMatchObject({ enabled: false, dataEntries: 0, dataHits: 0 });
    } finally {
      delete process.env.PRAXIS_VIEW_CACHE_MB;
      resetViewCache();
    }
  });
});

describe("ByteLru", () => {
  it("forgets the least recently used entries beyond its budget, and never keeps one entry larger than a quarter of it", () => {
    const lru = new ByteLru(3_000); // each entry below costs 666 bytes; a quarter of the budget is 750
    const entry = "x".repeat(300);
    lru.set("a", entry);
    lru.set("b", entry);
    expect(lru.get("a")).toBeDefined(); // a is now the most recently used
    for (const k of ["c", "d", "e"]) lru.set(k, entry);
    expect(lru.bytes).toBeLessThanOrEqual(3_000);
    expect(lru.get("b")).toBeUndefined();
    expect(["a", "c", "d", "e"].map((k) => lru.get(k) !== undefined)).toEqual([true, true, true, true]);
    lru.set("huge", "x".repeat(1_000));
    expect(lru.get("huge")).toBeUndefined();
  });
});
