// The budget: views of a fiscal year's lines (totals by department, fund, category and practice),
// a line with what it funds, and the links a line carries: practices (like plan items, one
// primary) and the objectives it funds.
//
// Who may do what:
// - budget.read (admins, department heads, elected officials) reads every view and line: totals
//   are the organization's published budget, not personal data;
// - budget.link changes a line's practice links and funded objectives: admins (budget.manage)
//   any line, department heads the lines of their department and its sub-departments. Any other
//   line answers 404 and nothing changes. Unassigned lines are for admins.
// Amounts are summed as bigint in SQL and cross the network as cents strings (money.ts).
import { and, asc, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Transaction } from "#db/client.server";
import {
  budgetLineObjectives,
  budgetLinePractices,
  budgetLines,
  departments,
  objectives,
  plans,
  practices,
} from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { can } from "~/modules/auth/permissions";
import { requirePermission, type TenantContext } from "~/modules/auth/tenant.server";
import { loadLinks, PLAN_FRAMEWORK, replacePracticeLinks, type PracticeLink } from "~/modules/plans/alignment.server";
import type { AlignmentInput, ObjectiveStatus, PlanStatus } from "~/modules/plans/plans.schema";
import { visibleStatuses } from "~/modules/plans/scope.server";
import { departmentTree } from "~/modules/core/departments.server";
import { isUuid } from "~/modules/core/ids";
import { FieldErrors, notFound } from "~/utils/http.server";
import { BUDGET_CATEGORIES, BUDGET_CATEGORY_LABELS, fiscalYearSchema, type BudgetCategory } from "./budget.schema";
import { fiscalYearLabelOf } from "./fiscal-years.server";
import { executionPercent, type CentsString } from "./money";

export const BUDGET_LINE_NOT_FOUND = "We couldn't find that budget line in this organization.";
export const UNASSIGNED_LABEL = "Unassigned";
export const NOT_LINKED_LABEL = "Not linked to a practice";

export type BudgetAmounts = {
  adoptedCents: CentsString;
  amendedCents: CentsString;
  actualCents: CentsString;
  encumberedCents: CentsString;
  /** actual ÷ amended, one decimal ("87.3"); null when the amended budget is zero. */
  executionPercent: string | null;
};

export type BudgetTotalsBy = "department" | "fund" | "category" | "practice" | "practice_any";

export type BudgetTotalsRow = BudgetAmounts & {
  /** Department id or "unassigned"; fund code; category; practice number or "none". */
  key: string;
  label: string;
  lines: number;
};

export type BudgetTotals = {
  fiscalYear: number;
  fiscalYearLabel: string;
  by: BudgetTotalsBy;
  rows: BudgetTotalsRow[];
  /** The whole fiscal year (every line once). */
  total: BudgetTotalsRow;
  /** False for "practice_any": a line linked to several practices counts under each, so the
   * rows add up to more than the total. */
  additive: boolean;
};

type SumRow = { lines: number; adopted: string; amended: string; actual: string; encumbered: string };

const sumColumns = {
  lines: sql<number>`count(*)::int`,
  adopted: sql<string>`coalesce(sum(${budgetLines.adoptedCents}), 0)::text`,
  amended: sql<string>`coalesce(sum(${budgetLines.amendedCents}), 0)::text`,
  actual: sql<string>`coalesce(sum(${budgetLines.actualCents}), 0)::text`,
  encumbered: sql<string>`coalesce(sum(${budgetLines.encumberedCents}), 0)::text`,
};

function amountsOf(r: { adopted: string | bigint; amended: string | bigint; actual: string | bigint; encumbered: string | bigint }): BudgetAmounts {
  return {
    adoptedCents: r.adopted.toString(),
    amendedCents: r.amended.toString(),
    actualCents: r.actual.toString(),
    encumberedCents: r.encumbered.toString(),
    executionPercent: executionPercent(BigInt(r.actual), BigInt(r.amended)),
  };
}

const totalsRow = (key: string, label: string, r: SumRow): BudgetTotalsRow => ({ key, label, lines: Number(r.lines), ...amountsOf(r) });

function parseFiscalYear(value: number | string): number {
  const fy = fiscalYearSchema.safeParse(value);
  if (!fy.success) notFound("There is no such fiscal year.");
  return fy.data;
}

/** Totals of a fiscal year's lines grouped one way, with the year's total; optionally only one
 * department's lines (a department id, or "unassigned"), for the department's page. */
export async function getBudgetTotals(
  ctx: TenantContext,
  input: { fiscalYear: number | string; by: BudgetTotalsBy; department?: string | null },
): Promise<BudgetTotals> {
  requirePermission(ctx, "budget.read");
  const fiscalYear = parseFiscalYear(input.fiscalYear);
  if (input.department && input.department !== "unassigned" && !isUuid(input.department)) notFound("There is no such department.");
  return withTenant(ctx, async (tx) => {
    const inYear = and(
      eq(budgetLines.orgId, ctx.orgId),
      eq(budgetLines.fiscalYear, fiscalYear),
      input.department === "unassigned"
        ? isNull(budgetLines.departmentId)
        : input.department
          ? eq(budgetLines.departmentId, input.department)
          : undefined,
    );
    const [all] = await tx.select(sumColumns).from(budgetLines).where(inYear);
    const total = totalsRow("total", "Total", all!);
    let rows: BudgetTotalsRow[];
    if (input.by === "department") {
      const grouped = await tx
        .select({ id: budgetLines.departmentId, name: departments.name, ...sumColumns })
        .from(budgetLines)
        .leftJoin(departments, and(eq(departments.orgId, budgetLines.orgId), eq(departments.id, budgetLines.departmentId)))
        .where(inYear)
        .groupBy(budgetLines.departmentId, departments.name);
      rows = grouped
        .map((g) => totalsRow(g.id ?? "unassigned", g.name ?? UNASSIGNED_LABEL, g))
        .sort((a, b) => Number(a.key === "unassigned") - Number(b.key === "unassigned") || a.label.localeCompare(b.label));
    } else if (input.by === "fund") {
      const grouped = await tx
        .select({ code: budgetLines.fundCode, name: sql<string>`min(${budgetLines.fundName})`, ...sumColumns })
        .from(budgetLines)
        .where(inYear)
        .groupBy(budgetLines.fundCode)
        .orderBy(asc(budgetLines.fundCode));
      rows = grouped.map((g) => totalsRow(g.code, fundLabel(g.code, g.name), g));
    } else if (input.by === "category") {
      const grouped = await tx.select({ category: budgetLines.category, ...sumColumns }).from(budgetLines).where(inYear).groupBy(budgetLines.category);
      const byCategory = new Map(grouped.map((g) => [g.category, g]));
      rows = BUDGET_CATEGORIES.filter((c) => byCategory.has(c)).map((c) => totalsRow(c, BUDGET_CATEGORY_LABELS[c], byCategory.get(c)!));
    } else {
      const names = await practiceNames(tx);
      let grouped: (SumRow & { practiceNumber: number | null })[];
      if (input.by === "practice") {
        grouped = await tx
          .select({ practiceNumber: budgetLinePractices.practiceNumber, ...sumColumns })
          .from(budgetLines)
          .leftJoin(
            budgetLinePractices,
            and(
              eq(budgetLinePractices.orgId, budgetLines.orgId),
              eq(budgetLinePractices.budgetLineId, budgetLines.id),
              eq(budgetLinePractices.isPrimary, true),
            ),
          )
          .where(inYear)
          .groupBy(budgetLinePractices.practiceNumber);
      } else {
        // Each line once per practice it is linked to (at practice or dimension level).
        const linked = tx
          .selectDistinct({ lineId: budgetLinePractices.budgetLineId, practiceNumber: budgetLinePractices.practiceNumber })
          .from(budgetLinePractices)
          .where(and(eq(budgetLinePractices.orgId, ctx.orgId), eq(budgetLinePractices.frameworkCode, PLAN_FRAMEWORK)))
          .as("linked");
        grouped = await tx
          .select({ practiceNumber: linked.practiceNumber, ...sumColumns })
          .from(budgetLines)
          .leftJoin(linked, eq(linked.lineId, budgetLines.id))
          .where(inYear)
          .groupBy(linked.practiceNumber);
      }
      rows = grouped
        .map((g) =>
          g.practiceNumber === null
            ? totalsRow("none", NOT_LINKED_LABEL, g)
            : totalsRow(String(g.practiceNumber), `${g.practiceNumber}. ${names.get(g.practiceNumber) ?? `Practice ${g.practiceNumber}`}`, g),
        )
        .sort((a, b) => (a.key === "none" ? 1 : b.key === "none" ? -1 : Number(a.key) - Number(b.key)));
    }
    return {
      fiscalYear,
      fiscalYearLabel: await fiscalYearLabelOf(tx, ctx, fiscalYear),
      by: input.by,
      rows,
      total,
      additive: input.by !== "practice_any",
    };
  });
}

function fundLabel(code: string, name: string | null): string {
  if (!code) return name || "No fund";
  return name ? `${code} — ${name}` : code;
}

async function practiceNames(tx: Transaction): Promise<Map<number, string>> {
  const rows = await tx
    .select({ number: practices.number, name: practices.name })
    .from(practices)
    .where(eq(practices.frameworkCode, PLAN_FRAMEWORK));
  return new Map(rows.map((p) => [p.number, p.name]));
}

// ---------------------------------------------------------------------------------------------
// Scope

/** Lines the caller may link: all for admins, their department tree for department heads. */
export type BudgetLinkScope = { all: true } | { all: false; departmentIds: Set<string> };

export async function budgetLinkScope(tx: Transaction, ctx: TenantContext): Promise<BudgetLinkScope> {
  if (can(ctx.role, "budget.manage")) return { all: true };
  if (!can(ctx.role, "budget.link") || !ctx.departmentId) return { all: false, departmentIds: new Set() };
  return { all: false, departmentIds: await departmentTree(tx, ctx.orgId, ctx.departmentId) };
}

export function canLinkLine(scope: BudgetLinkScope, departmentId: string | null): boolean {
  return scope.all || (departmentId !== null && scope.departmentIds.has(departmentId));
}

type BudgetLineRow = typeof budgetLines.$inferSelect;

async function loadLine(tx: Transaction, ctx: TenantContext, lineId: unknown, options: { lock?: boolean } = {}): Promise<BudgetLineRow> {
  if (!isUuid(lineId)) notFound(BUDGET_LINE_NOT_FOUND);
  const query = tx.select().from(budgetLines).where(and(eq(budgetLines.orgId, ctx.orgId), eq(budgetLines.id, lineId)));
  const [line] = options.lock ? await query.for("update") : await query;
  if (!line) notFound(BUDGET_LINE_NOT_FOUND);
  return line;
}

/** A line the caller may link (404 otherwise, including another department's line). */
async function loadLinkableLine(tx: Transaction, ctx: TenantContext, lineId: unknown): Promise<BudgetLineRow> {
  requirePermission(ctx, "budget.link");
  const line = await loadLine(tx, ctx, lineId, { lock: true });
  if (!canLinkLine(await budgetLinkScope(tx, ctx), line.departmentId)) notFound(BUDGET_LINE_NOT_FOUND);
  return line;
}

// ---------------------------------------------------------------------------------------------
// Lines

export type BudgetLineSummary = BudgetAmounts & {
  id: string;
  fiscalYear: number;
  lineKey: string;
  departmentId: string | null;
  departmentName: string | null;
  category: BudgetCategory;
  fundCode: string;
  fundName: string;
  unitCode: string;
  unitName: string;
  programCode: string;
  programName: string;
  accountCode: string;
  accountName: string;
  description: string;
  primaryPracticeNumber: number | null;
  canLink: boolean;
};

export type BudgetLineFilters = {
  fiscalYear: number | string;
  /** A department id, or "unassigned". */
  department?: string | null;
  category?: BudgetCategory | null;
  fundCode?: string | null;
  /** Lines linked to this practice (any link), or "none" for lines with no link. */
  practice?: number | "none" | null;
  /** Words to find in the codes, names and description. */
  q?: string | null;
  limit?: number;
  offset?: number;
};

function summaryOf(line: BudgetLineRow, departmentName: string | null, primary: number | null, scope: BudgetLinkScope): BudgetLineSummary {
  return {
    id: line.id,
    fiscalYear: line.fiscalYear,
    lineKey: line.lineKey,
    departmentId: line.departmentId,
    departmentName,
    category: line.category,
    fundCode: line.fundCode,
    fundName: line.fundName,
    unitCode: line.unitCode,
    unitName: line.unitName,
    programCode: line.programCode,
    programName: line.programName,
    accountCode: line.accountCode,
    accountName: line.accountName,
    description: line.description,
    ...amountsOf({ adopted: line.adoptedCents, amended: line.amendedCents, actual: line.actualCents, encumbered: line.encumberedCents }),
    primaryPracticeNumber: primary,
    canLink: canLinkLine(scope, line.departmentId),
  };
}

/** A page of a fiscal year's lines (by fund, unit, program and account), with how many match in
 * all and their totals. */
export async function listBudgetLines(
  ctx: TenantContext,
  filters: BudgetLineFilters,
): Promise<{ lines: BudgetLineSummary[]; matching: number; totals: BudgetAmounts }> {
  requirePermission(ctx, "budget.read");
  const fiscalYear = parseFiscalYear(filters.fiscalYear);
  const limit = Math.min(Math.max(Math.trunc(filters.limit ?? 100), 1), 500);
  const offset = Math.max(Math.trunc(filters.offset ?? 0), 0);
  return withTenant(ctx, async (tx) => {
    const where: SQL[] = [eq(budgetLines.orgId, ctx.orgId), eq(budgetLines.fiscalYear, fiscalYear)];
    if (filters.department === "unassigned") where.push(isNull(budgetLines.departmentId));
    else if (filters.department) {
      if (!isUuid(filters.department)) return { lines: [], matching: 0, totals: amountsOf({ adopted: "0", amended: "0", actual: "0", encumbered: "0" }) };
      where.push(eq(budgetLines.departmentId, filters.department));
    }
    if (filters.category) where.push(eq(budgetLines.category, filters.category));
    if (filters.fundCode !== null && filters.fundCode !== undefined) where.push(eq(budgetLines.fundCode, filters.fundCode));
    if (filters.practice === "none") {
      where.push(sql`not exists (select 1 from ${budgetLinePractices} p where p.org_id = ${budgetLines.orgId} and p.budget_line_id = ${budgetLines.id})`);
    } else if (typeof filters.practice === "number") {
      where.push(
        sql`exists (select 1 from ${budgetLinePractices} p where p.org_id = ${budgetLines.orgId} and p.budget_line_id = ${budgetLines.id} and p.practice_number = ${filters.practice})`,
      );
    }
    for (const word of (filters.q ?? "").trim().split(/\s+/).filter(Boolean).slice(0, 6)) {
      const like = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(
        or(
          sql`${budgetLines.lineKey} ilike ${like}`,
          sql`${budgetLines.fundName} ilike ${like}`,
          sql`${budgetLines.unitName} ilike ${like}`,
          sql`${budgetLines.programName} ilike ${like}`,
          sql`${budgetLines.accountName} ilike ${like}`,
          sql`${budgetLines.description} ilike ${like}`,
        )!,
      );
    }
    const condition = and(...where);
    const [sums] = await tx.select(sumColumns).from(budgetLines).where(condition);
    const rows = await tx
      .select({ line: budgetLines, departmentName: departments.name, primary: budgetLinePractices.practiceNumber })
      .from(budgetLines)
      .leftJoin(departments, and(eq(departments.orgId, budgetLines.orgId), eq(departments.id, budgetLines.departmentId)))
      .leftJoin(
        budgetLinePractices,
        and(
          eq(budgetLinePractices.orgId, budgetLines.orgId),
          eq(budgetLinePractices.budgetLineId, budgetLines.id),
          eq(budgetLinePractices.isPrimary, true),
        ),
      )
      .where(condition)
      .orderBy(asc(budgetLines.fundCode), asc(budgetLines.unitCode), asc(budgetLines.programCode), asc(budgetLines.accountCode), asc(budgetLines.lineKey))
      .limit(limit)
      .offset(offset);
    const scope = await budgetLinkScope(tx, ctx);
    return {
      lines: rows.map((r) => summaryOf(r.line, r.departmentName, r.primary, scope)),
      matching: Number(sums!.lines),
      totals: amountsOf(sums!),
    };
  });
}

export type FundedObjective = {
  id: string;
  code: string;
  title: string;
  status: ObjectiveStatus;
  planId: string;
  planTitle: string;
  planStatus: PlanStatus;
  departmentName: string;
};

export type BudgetLineDetail = BudgetLineSummary & {
  fiscalYearLabel: string;
  practices: PracticeLink[];
  /** The objectives this line funds, in plans the caller may see. */
  objectives: FundedObjective[];
  updatedAt: string;
};

async function fundedObjectives(tx: Transaction, ctx: TenantContext, lineId: string): Promise<FundedObjective[]> {
  return tx
    .select({
      id: objectives.id,
      code: objectives.code,
      title: objectives.title,
      status: objectives.status,
      planId: plans.id,
      planTitle: plans.title,
      planStatus: plans.status,
      departmentName: departments.name,
    })
    .from(budgetLineObjectives)
    .innerJoin(objectives, and(eq(objectives.orgId, budgetLineObjectives.orgId), eq(objectives.id, budgetLineObjectives.objectiveId)))
    .innerJoin(plans, and(eq(plans.orgId, objectives.orgId), eq(plans.id, objectives.planId)))
    .innerJoin(departments, and(eq(departments.orgId, objectives.orgId), eq(departments.id, objectives.ownerDepartmentId)))
    .where(
      and(
        eq(budgetLineObjectives.orgId, ctx.orgId),
        eq(budgetLineObjectives.budgetLineId, lineId),
        inArray(plans.status, visibleStatuses(ctx)),
      ),
    )
    .orderBy(asc(plans.title), asc(objectives.code));
}

/** One line: its amounts, its practice links and the objectives it funds. */
export async function getBudgetLine(ctx: TenantContext, lineId: string): Promise<BudgetLineDetail> {
  requirePermission(ctx, "budget.read");
  return withTenant(ctx, async (tx) => {
    const line = await loadLine(tx, ctx, lineId);
    const [dept] = line.departmentId
      ? await tx
          .select({ name: departments.name })
          .from(departments)
          .where(and(eq(departments.orgId, ctx.orgId), eq(departments.id, line.departmentId)))
      : [];
    const links = (await loadLinks(tx, ctx.orgId, "budget_line", [line.id])).get(line.id) ?? [];
    const primary = links.find((l) => l.isPrimary)?.practiceNumber ?? null;
    return {
      ...summaryOf(line, dept?.name ?? null, primary, await budgetLinkScope(tx, ctx)),
      fiscalYearLabel: await fiscalYearLabelOf(tx, ctx, line.fiscalYear),
      practices: links,
      objectives: await fundedObjectives(tx, ctx, line.id),
      updatedAt: line.updatedAt.toISOString(),
    };
  });
}

/** Replaces a line's practice links (one primary when there are any; an empty list removes
 * them). Department heads: their department's lines only. */
export async function setBudgetLineAlignment(ctx: TenantContext, lineId: string, input: AlignmentInput): Promise<PracticeLink[]> {
  return withTenant(ctx, async (tx) => {
    const line = await loadLinkableLine(tx, ctx, lineId);
    return replacePracticeLinks(tx, ctx, "budget_line", line.id, input);
  });
}

/**
 * Replaces the objectives a line funds. The objectives must be in plans the caller may see and
 * not archived; a department head may point their own lines at any such objective (a department
 * can fund another's objective). Returns the funded objectives as now stored.
 */
export async function setBudgetLineObjectives(ctx: TenantContext, lineId: string, objectiveIds: string[]): Promise<FundedObjective[]> {
  return withTenant(ctx, async (tx) => {
    const line = await loadLinkableLine(tx, ctx, lineId);
    const wanted = [...new Set(objectiveIds)];
    if (wanted.length > 50) throw FieldErrors.of("objectives", "A line can fund at most 50 objectives.");
    if (wanted.some((id) => !isUuid(id))) throw FieldErrors.of("objectives", "Choose objectives from the list.");
    const statuses = visibleStatuses(ctx).filter((s) => s !== "archived");
    const found = wanted.length
      ? await tx
          .select({ id: objectives.id, code: objectives.code })
          .from(objectives)
          .innerJoin(plans, and(eq(plans.orgId, objectives.orgId), eq(plans.id, objectives.planId)))
          .where(and(eq(objectives.orgId, ctx.orgId), inArray(objectives.id, wanted), inArray(plans.status, statuses)))
      : [];
    if (found.length !== wanted.length) {
      throw FieldErrors.of("objectives", "Some of those objectives are not in a current plan of this organization. Choose objectives from the list.");
    }
    const before = await tx
      .select({ objectiveId: budgetLineObjectives.objectiveId })
      .from(budgetLineObjectives)
      .where(and(eq(budgetLineObjectives.orgId, ctx.orgId), eq(budgetLineObjectives.budgetLineId, line.id)));
    const beforeIds = new Set(before.map((b) => b.objectiveId));
    const changed = beforeIds.size !== wanted.length || wanted.some((id) => !beforeIds.has(id));
    if (changed) {
      await tx
        .delete(budgetLineObjectives)
        .where(and(eq(budgetLineObjectives.orgId, ctx.orgId), eq(budgetLineObjectives.budgetLineId, line.id)));
      if (wanted.length) {
        await tx.insert(budgetLineObjectives).values(wanted.map((objectiveId) => ({ orgId: ctx.orgId, budgetLineId: line.id, objectiveId })));
      }
      await recordAudit(tx, {
        orgId: ctx.orgId,
        actorUserId: ctx.userId,
        action: "budget_line.fund_objectives",
        entityType: "budget_line",
        entityId: line.id,
        before: { objectives: [...beforeIds].sort() },
        after: { objectives: [...wanted].sort() },
      });
    }
    return fundedObjectives(tx, ctx, line.id);
  });
}

export type ObjectiveFunding = {
  lines: (BudgetAmounts & { id: string; fiscalYear: number; lineKey: string; accountName: string; programName: string })[];
  /** Sums by fiscal year, newest first. */
  byFiscalYear: (BudgetAmounts & { fiscalYear: number; lines: number })[];
};

/** The budget lines that fund an objective (for the objective's page), with sums by fiscal year. */
export async function getObjectiveFunding(ctx: TenantContext, objectiveId: string): Promise<ObjectiveFunding> {
  requirePermission(ctx, "budget.read");
  if (!isUuid(objectiveId)) return { lines: [], byFiscalYear: [] };
  return withTenant(ctx, async (tx) => {
    const rows = await tx
      .select({ line: budgetLines })
      .from(budgetLineObjectives)
      .innerJoin(budgetLines, and(eq(budgetLines.orgId, budgetLineObjectives.orgId), eq(budgetLines.id, budgetLineObjectives.budgetLineId)))
      .where(and(eq(budgetLineObjectives.orgId, ctx.orgId), eq(budgetLineObjectives.objectiveId, objectiveId)))
      .orderBy(asc(budgetLines.fiscalYear), asc(budgetLines.lineKey));
    const byYear = new Map<number, { lines: number; adopted: bigint; amended: bigint; actual: bigint; encumbered: bigint }>();
    for (const { line } of rows) {
      const y = byYear.get(line.fiscalYear) ?? { lines: 0, adopted: 0n, amended: 0n, actual: 0n, encumbered: 0n };
      byYear.set(line.fiscalYear, {
        lines: y.lines + 1,
        adopted: y.adopted + line.adoptedCents,
        amended: y.amended + line.amendedCents,
        actual: y.actual + line.actualCents,
        encumbered: y.encumbered + line.encumberedCents,
      });
    }
    return {
      lines: rows.map(({ line }) => ({
        id: line.id,
        fiscalYear: line.fiscalYear,
        lineKey: line.lineKey,
        accountName: line.accountName,
        programName: line.programName,
        ...amountsOf({ adopted: line.adoptedCents, amended: line.amendedCents, actual: line.actualCents, encumbered: line.encumberedCents }),
      })),
      byFiscalYear: [...byYear.entries()]
        .sort((a, b) => b[0] - a[0])
        .map(([fiscalYear, y]) => ({ fiscalYear, lines: y.lines, ...amountsOf(y) })),
    };
  });
}
