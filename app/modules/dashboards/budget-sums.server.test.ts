// The dashboards' budget figures are summed by the database in one pass per page (grouping sets:
// the total, by department and by category together; the number of programs beside the largest
// ones). On a reduced large tenant, each equals a direct sum of the lines in scope.
import { beforeAll, describe, expect, it } from "vitest";
import { rawQuery } from "#db/client.server";
import { adminContextOf, uniqueSuffix } from "#db/test/factories";
import { seedLarge } from "~/seed/large/large.server";
import type { TenantContext } from "~/modules/auth/tenant.server";
import { BUDGET_CATEGORIES, BUDGET_CATEGORY_LABELS } from "~/modules/budget/budget.schema";
import { PLAN_FRAMEWORK } from "~/modules/plans/alignment.server";
import { getServiceDelivery, SERVICE_DELIVERY_PRACTICES } from "./focus.server";
import { getOrganizationOverview } from "./overview.server";
import { budgetRow } from "./sums.server";

type Line = { department_id: string | null; department_name: string | null; category: string; program_code: string; program_name: string; adopted: string; amended: string; actual: string; encumbered: string };

const TODAY = "2026-03-15";
let ctx: TenantContext;

beforeAll(async () => {
  const summary = await seedLarge({ scale: 0.02, orgs: 0, seed: 5, today: TODAY, namespace: `bs${uniqueSuffix()}-`.toLowerCase() });
  ctx = await adminContextOf(summary.orgId, summary.orgSlug, "City of Lakeshore");
  // More programs linked to practice 9 than the page lists (15), with amounts in no particular order.
  const fiscalYear = (await getOrganizationOverview(ctx, {}, { today: TODAY })).filters.fiscalYear;
  await rawQuery(
    `insert into budget_lines (org_id, fiscal_year, line_key, category, program_code, program_name, adopted_cents, amended_cents, actual_cents, encumbered_cents)
     select $1, $2, 'extra|' || g, 'operating', 'ZP' || lpad(g::text, 2, '0'), 'Extra program ' || g, g * 1000, (g * 7919) % 20000 + 1, (g * 4817) % 9000, g
     from generate_series(1, 20) g`,
    [ctx.orgId, fiscalYear],
  );
  await rawQuery(
    `insert into budget_line_practices (org_id, framework_code, practice_number, is_primary, budget_line_id)
     select org_id, $2, 9, true, id from budget_lines where org_id = $1 and line_key like 'extra|%'`,
    [ctx.orgId, PLAN_FRAMEWORK],
  );
}, 300_000);

async function linesOf(fiscalYear: number, practices: number[] | null): Promise<Line[]> {
  return rawQuery<Line>(
    `select bl.department_id, d.name as department_name, bl.category, bl.program_code, bl.program_name,
       bl.adopted_cents::text as adopted, bl.amended_cents::text as amended, bl.actual_cents::text as actual, bl.encumbered_cents::text as encumbered
     from budget_lines bl left join departments d on d.org_id = bl.org_id and d.id = bl.department_id
     where bl.org_id = $1 and bl.fiscal_year = $2
       and ($3::int[] is null or exists (select 1 from budget_line_practices bp where bp.org_id = bl.org_id and bp.budget_line_id = bl.id
         and bp.framework_code = $4 and bp.practice_number = any($3::int[])))`,
    [ctx.orgId, fiscalYear, practices, PLAN_FRAMEWORK],
  );
}

/** The lines summed by a key, as budgetRow shows a group. */
function sumBy(lines: Line[], keyOf: (l: Line) => string, labelOf: (l: Line) => string) {
  const groups = new Map<string, { label: string; lines: number; adopted: bigint; amended: bigint; actual: bigint; encumbered: bigint }>();
  for (const l of lines) {
    const key = keyOf(l);
    const g = groups.get(key) ?? { label: labelOf(l), lines: 0, adopted: 0n, amended: 0n, actual: 0n, encumbered: 0n };
    g.lines += 1;
    g.adopted += BigInt(l.adopted);
    g.amended += BigInt(l.amended);
    g.actual += BigInt(l.actual);
    g.encumbered += BigInt(l.encumbered);
    groups.set(key, g);
  }
  return new Map(
    [...groups].map(([key, g]) => [
      key,
      budgetRow(key, g.label, { lines: g.lines, adopted: String(g.adopted), amended: String(g.amended), actual: String(g.actual), encumbered: String(g.encumbered) }),
    ]),
  );
}

const byKey = <T extends { key: string }>(rows: T[]) => [...rows].sort((a, b) => (a.key < b.key ? -1 : 1));

describe("budget sums of the dashboards", () => {
  it("equal a direct sum of the lines: the overview's total and departments", { timeout: 120_000 }, async () => {
    const v = await getOrganizationOverview(ctx, {}, { today: TODAY });
    const lines = await linesOf(v.filters.fiscalYear, null);
    expect(lines.length).toBeGreaterThanOrEqual(10);
    expect(v.budget.total).toEqual(sumBy(lines, () => "total", () => "Total").get("total"));
    const departments = sumBy(lines, (l) => l.department_id ?? "unassigned", (l) => l.department_name ?? "Unassigned");
    expect(departments.size).toBeGreaterThan(2);
    expect(byKey(v.budget.byDepartment)).toEqual(byKey([...departments.values()]));
  });

  it("equal a direct sum of the lines: service delivery's total, departments, categories and programs", { timeout: 120_000 }, async () => {
    const v = await getServiceDelivery(ctx, {}, { today: TODAY, all: true });
    const budget = v.focus.budget!;
    const lines = await linesOf(v.filters.fiscalYear, SERVICE_DELIVERY_PRACTICES);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(budget.total).toEqual(sumBy(lines, () => "total", () => "Total").get("total"));
    expect(byKey(budget.byDepartment)).toEqual(byKey([...sumBy(lines, (l) => l.department_id ?? "unassigned", (l) => l.department_name ?? "Unassigned").values()]));
    const categories = sumBy(lines, (l) => l.category, (l) => BUDGET_CATEGORY_LABELS[l.category as (typeof BUDGET_CATEGORIES)[number]]);
    expect(categories.size).toBeGreaterThan(1);
    expect(budget.byCategory).toEqual(BUDGET_CATEGORIES.filter((c) => categories.has(c)).map((c) => categories.get(c)!));
    const programs = new Map<string, string>();
    for (const l of lines) if (!programs.has(l.program_code) || l.program_name < programs.get(l.program_code)!) programs.set(l.program_code, l.program_name);
    const byProgram = sumBy(lines, (l) => l.program_code, () => "");
    expect(budget.programCount).toBe(programs.size);
    expect(budget.programCount).toBeGreaterThan(20);
    const expected = [...byProgram.values()]
      .sort((a, b) => {
        const d = BigInt(b.amendedCents) - BigInt(a.amendedCents);
        return d > 0n ? 1 : d < 0n ? -1 : a.key < b.key ? -1 : 1;
      })
      .slice(0, 15)
      .map((r) => ({ key: r.key || "none", lines: r.lines, amendedCents: r.amendedCents, actualCents: r.actualCents }));
    expect(budget.byProgram.map((r) => ({ key: r.key, lines: r.lines, amendedCents: r.amendedCents, actualCents: r.actualCents }))).toEqual(expected);
  });
});
