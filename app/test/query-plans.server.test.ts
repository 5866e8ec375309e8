// Every statement each dashboard runs reads the tenant's rows through an index (issue 8): the
// dashboards are called on a reduced-size large tenant beside small ones, every statement drizzle
// sends is recorded (observeQueries), and each is EXPLAINed again as the app role with the
// organization set (so RLS's own condition is part of the plan) and with sequential scans
// discouraged. A sequential scan of a tenant table then means that no index can serve the
// statement; an index scan without an index condition means the whole index is read. Either fails.
//
// The plan shape, not a timing: it holds whatever the machine and the data size, and a query that
// would grow with rows the page does not show is caught at the size CI can afford.
import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { getDb, observeQueries, rawQuery } from "#db/client.server";
import { enterTenant } from "#db/tenant.server";
import { adminContextOf, tenantTables, uniqueSuffix } from "#db/test/factories";
import { forgetKeptResults, getResults } from "~/modules/assessments/results.server";
import type { TenantContext } from "~/modules/auth/tenant.server";
import { getDepartmentDashboard, getEquityDashboard, getPracticeDashboard, getServiceDelivery, getStaffEffectiveness } from "~/modules/dashboards/focus.server";
import { getOrganizationOverview } from "~/modules/dashboards/overview.server";
import { buildReport, listReportPeriods } from "~/modules/reports/reports.server";
import { seedLarge } from "~/seed/large/large.server";

type PlanNode = {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Index Cond"?: string;
  "Recheck Cond"?: string;
  Filter?: string;
  Plans?: PlanNode[];
};

/** A parameter as a SQL literal: EXPLAIN of a statement with placeholders needs its values, and
 * drizzle's transaction runs one statement without parameters here. */
function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return `'${value.toISOString()}'`;
  if (Array.isArray(value)) return `'{${value.map((v) => (v === null ? "NULL" : `"${String(v).replace(/(["\\])/g, "\\$1")}"`)).join(",")}}'`;
  if (typeof value === "object") return `'${JSON.stringify(value).replace(/'/g, "''")}'`;
  return `'${String(value).replace(/'/g, "''")}'`;
}

function inline(query: string, params: unknown[]): string {
  // Highest numbers first, so $1 does not eat the start of $12.
  return params.reduceRight<string>((q, p, i) => q.replace(new RegExp(`\\$${i + 1}(?![0-9])`, "g"), literal(p)), query);
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/** Tables that grow with time (history, answers, the audit trail): a dashboard reads a slice of
 * them — one campaign, the latest values — never all of the organization's rows, so their index
 * condition must name a column besides org_id. */
const HISTORY_TABLES = new Set([
  "assessment_answers",
  "assessment_responses",
  "assessment_invitations",
  "assessment_comments",
  "measurements",
  "objective_updates",
  "workforce_measurements",
  "workforce_goal_updates",
  "audit_events",
]);

/** Whether an index condition constrains a column besides org_id. */
export function narrowerThanTenant(cond: string | undefined): boolean {
  if (!cond) return false;
  const columns = [...cond.matchAll(/\(+\s*(?:[a-z_]+\.)?([a-z_]+)\s*(?:=|<|>|<=|>=|~~)/g)].map((m) => m[1]);
  return columns.some((c) => c !== "org_id");
}

type Finding = { page: string; statement: string; problem: string };

async function explainAll(ctx: TenantContext, page: string, statements: { query: string; params: unknown[] }[], tenant: Set<string>): Promise<{ findings: Finding[]; checked: number }> {
  const findings: Finding[] = [];
  let checked = 0;
  for (const { query, params } of statements) {
    if (!/^\s*(select|with)\b/i.test(query)) continue; // set_config, inserts of a lazy refresh
    const plan = await getDb().transaction(async (tx) => {
      await enterTenant(tx, ctx);
      await tx.execute(sql`set local enable_seqscan = off`);
      const result = (await tx.execute(sql.raw(`explain (format json) ${inline(query, params)}`))) as unknown;
      const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];
      const cell = Object.values(rows[0]!)[0];
      const json = (typeof cell === "string" ? JSON.parse(cell) : cell) as { Plan: PlanNode }[];
      return json[0]!.Plan;
    });
    checked += 1;
    for (const node of nodes(plan)) {
      const relation = node["Relation Name"];
      if (!relation || !tenant.has(relation)) continue;
      const type = node["Node Type"];
      const found = (problem: string) => findings.push({ page, statement: query.slice(0, 300), problem });
      if (type === "Seq Scan") {
        found(`sequential scan of ${relation}`);
        continue;
      }
      // A bitmap heap scan's condition is its Recheck Cond (its bitmap index scans carry the same).
      const cond = type === "Bitmap Heap Scan" ? node["Recheck Cond"] : node["Index Cond"];
      if (!cond) found(`${type} of ${relation} (${node["Index Name"] ?? "bitmap"}) without an index condition`);
      else if (HISTORY_TABLES.has(relation) && !narrowerThanTenant(cond)) found(`all of the organization's ${relation} read (${type}: ${cond}${node.Filter ? `; filter ${node.Filter}` : ""})`);
    }
  }
  return { findings, checked };
}

describe("query plans of the dashboards", () => {
  it("read every tenant table through an index with a condition, under RLS", { timeout: 600_000 }, async () => {
    const namespace = `qp${uniqueSuffix()}-`.toLowerCase();
    const summary = await seedLarge({ scale: 0.02, orgs: 3, seed: 11, today: "2026-03-15", namespace });
    const ctx = await adminContextOf(summary.orgId, summary.orgSlug, "City of Lakeshore");
    const [department] = await rawQuery<{ id: string }>(
      `select d.id from departments d join staff_members s on s.org_id = d.org_id and s.department_id = d.id where d.org_id = $1 group by d.id order by count(*) desc, d.id limit 1`,
      [summary.orgId],
    );
    const [campaign] = await rawQuery<{ id: string }>(`select id from assessment_campaigns where org_id = $1 order by closes_on desc limit 1`, [summary.orgId]);
    const today = "2026-03-15";
    const [period] = await listReportPeriods(ctx, { today });
    const pages: [string, () => Promise<unknown>][] = [
      ["overview", () => getOrganizationOverview(ctx, {}, { today })],
      ["overview of a department", () => getOrganizationOverview(ctx, { department: department!.id }, { today })],
      ["equity", () => getEquityDashboard(ctx, {}, { today })],
      ["staff effectiveness", () => getStaffEffectiveness(ctx, {}, { today })],
      ["service delivery", () => getServiceDelivery(ctx, {}, { today })],
      ["practice 3", () => getPracticeDashboard(ctx, 3, {}, { today })],
      ["department", () => getDepartmentDashboard(ctx, department!.id, {}, { today })],
      ["results by department", () => getResults(ctx, campaign!.id, { cut: ["department"], compare: true })],
      ["results by department and level", () => getResults(ctx, campaign!.id, { cut: ["department", "level"] })],
      ["report preview", () => buildReport(ctx, { period: period!.key, today })],
    ];
    const tenant = new Set(await tenantTables());
    const findings: Finding[] = [];
    const perPage: Record<string, number> = {};
    for (const [page, run] of pages) {
      // Twice: the first call may fill rollups; the second, with what a server process keeps of
      // closed campaigns forgotten, is what a fresh process runs (later requests run less).
      await run().catch((e: unknown) => {
        throw new Error(`${page}: ${e instanceof Response ? `HTTP ${e.status}` : String(e)}`);
      });
      forgetKeptResults();
      const statements: { query: string; params: unknown[] }[] = [];
      const stop = observeQueries((query, params) => statements.push({ query, params: [...params] }));
      try {
        await run();
      } finally {
        stop();
      }
      const result = await explainAll(ctx, page, statements, tenant);
      perPage[page] = result.checked;
      findings.push(...result.findings);
    }
    // Every page ran and was checked (a page that ran no query would prove nothing).
    for (const [page] of pages) expect(perPage[page], `statements checked for ${page}`).toBeGreaterThan(0);
    expect(findings).toEqual([]);
  });
});
