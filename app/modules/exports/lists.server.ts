// The CSV of each list page, made from the same service call as the page (so it shows exactly
// what the caller may see, with the page's filters) through the shared mechanism in csv.server.ts.
import { ROLE_LABELS } from "~/modules/auth/permissions";
import { BUDGET_CATEGORY_LABELS } from "~/modules/budget/budget.schema";
import { listBudgetLines, type BudgetLineFilters, type BudgetLineSummary } from "~/modules/budget/budget.server";
import { getCurrentFiscalYear } from "~/modules/budget/fiscal-years.server";
import { centsToDecimal } from "~/modules/budget/money";
import type { TenantContext } from "~/modules/auth/tenant.server";
import { listDepartments, type DepartmentListItem } from "~/modules/orgs/departments.server";
import { listInvitations, listMembers, type Invitation, type Member } from "~/modules/orgs/members.server";
import { OBJECTIVE_STATUS_LABELS, PLAN_STATUS_LABELS, REPORTING_FREQUENCY_LABELS } from "~/modules/plans/plans.schema";
import { getObjective, listPlans, listStaleItems, type PlanListItem, type StaleMeasure, type StaleObjective } from "~/modules/plans/plans.server";
import { organizationToday } from "~/modules/core/today";
import { getDemographicSummary, listRoster, type RosterFilters, type RosterPerson } from "~/modules/workforce/roster.server";
import { SUPERVISORY_LEVEL_LABELS } from "~/modules/workforce/workforce.schema";
import { getWorkforceGoal, listWorkforceGoals, type WorkforceGoalSummary } from "~/modules/workforce/workforce.server";
import { csvFile, fileDate, type CsvFile, type CsvTable } from "./csv.server";

const MEMBER_COLUMNS: CsvTable<Member> = [
  { header: "name", value: (m) => m.displayName },
  { header: "email", value: (m) => m.email },
  { header: "role", value: (m) => ROLE_LABELS[m.role] },
  { header: "department", value: (m) => m.departmentName },
  { header: "joined_at", value: (m) => m.joinedAt },
];

export async function membersCsv(ctx: TenantContext): Promise<CsvFile> {
  return csvFile([ctx.orgSlug, "members", fileDate()], MEMBER_COLUMNS, await listMembers(ctx));
}

// Never the link or its hash: a link is shown once, to the admin who made it.
const INVITATION_COLUMNS: CsvTable<Invitation> = [
  { header: "email", value: (i) => i.email },
  { header: "role", value: (i) => ROLE_LABELS[i.role] },
  { header: "department", value: (i) => i.departmentName },
  { header: "status", value: (i) => i.status },
  { header: "invited_by", value: (i) => i.invitedByName },
  { header: "created_at", value: (i) => i.createdAt },
  { header: "expires_at", value: (i) => i.expiresAt },
  { header: "accepted_at", value: (i) => i.acceptedAt },
  { header: "revoked_at", value: (i) => i.revokedAt },
];

/** Every invitation (open, accepted, expired, revoked), for administrators. */
export async function invitationsCsv(ctx: TenantContext): Promise<CsvFile> {
  return csvFile([ctx.orgSlug, "invitations", fileDate()], INVITATION_COLUMNS, await listInvitations(ctx));
}

const DEPARTMENT_COLUMNS: CsvTable<DepartmentListItem> = [
  { header: "code", value: (d) => d.code },
  { header: "name", value: (d) => d.name },
  { header: "parent", value: (d) => d.parentName },
  { header: "path", value: (d) => d.label },
  { header: "members", value: (d) => d.memberCount },
  { header: "archived_at", value: (d) => d.archivedAt },
];

export async function departmentsCsv(ctx: TenantContext, options: { includeArchived?: boolean } = {}): Promise<CsvFile> {
  return csvFile([ctx.orgSlug, "departments", fileDate()], DEPARTMENT_COLUMNS, await listDepartments(ctx, options));
}

const PLAN_COLUMNS: CsvTable<PlanListItem> = [
  { header: "title", value: (p) => p.title },
  { header: "period", value: (p) => p.periodLabel },
  { header: "status", value: (p) => PLAN_STATUS_LABELS[p.status] },
  { header: "goals", value: (p) => p.goalCount },
  { header: "objectives", value: (p) => p.objectiveCount },
  { header: "measures", value: (p) => p.measureCount },
  ...(Object.keys(OBJECTIVE_STATUS_LABELS) as (keyof typeof OBJECTIVE_STATUS_LABELS)[]).map((s) => ({
    header: `objectives_${s}`,
    value: (p: PlanListItem) => p.statusCounts[s],
  })),
  { header: "stale_items", value: (p) => p.staleCount },
  { header: "updated_at", value: (p) => p.updatedAt },
];

export async function plansCsv(ctx: TenantContext): Promise<CsvFile> {
  return csvFile([ctx.orgSlug, "plans", fileDate()], PLAN_COLUMNS, await listPlans(ctx));
}

type StaleRow = { kind: "Objective" | "Measure"; item: StaleObjective | StaleMeasure };
const STALE_COLUMNS: CsvTable<StaleRow> = [
  { header: "kind", value: (r) => r.kind },
  { header: "code", value: (r) => r.item.code },
  { header: "name", value: (r) => ("title" in r.item ? r.item.title : r.item.name) },
  { header: "objective", value: (r) => ("objectiveCode" in r.item ? `${r.item.objectiveCode} ${r.item.objectiveTitle}` : "") },
  { header: "plan", value: (r) => r.item.planTitle },
  { header: "department", value: (r) => r.item.department.name },
  { header: "reporting_frequency", value: (r) => REPORTING_FREQUENCY_LABELS[r.item.reportingFrequency] },
  { header: "last_update_or_value", value: (r) => ("lastUpdateAsOf" in r.item ? r.item.lastUpdateAsOf : r.item.latestPeriod) },
  { header: "why_stale", value: (r) => r.item.staleReason },
];

/** The stale objectives and measures, with the stale page's department and plan filters. */
export async function staleItemsCsv(ctx: TenantContext, filters: { departmentId: string | null; planId: string | null }): Promise<CsvFile> {
  const today = organizationToday(ctx);
  const items = await listStaleItems(ctx, today, { departmentId: filters.departmentId });
  const inPlan = (i: { planId: string }) => !filters.planId || i.planId === filters.planId;
  const rows: StaleRow[] = [
    ...items.objectives.filter(inPlan).map((item) => ({ kind: "Objective" as const, item })),
    ...items.measures.filter(inPlan).map((item) => ({ kind: "Measure" as const, item })),
  ];
  return csvFile([ctx.orgSlug, "stale-items", today], STALE_COLUMNS, rows);
}

const WORKFORCE_COLUMNS: CsvTable<WorkforceGoalSummary> = [
  { header: "name", value: (g) => g.name },
  { header: "metric", value: (g) => g.metricLabel },
  { header: "department", value: (g) => g.department?.name ?? "Organization-wide" },
  { header: "unit", value: (g) => g.unit },
  { header: "direction", value: (g) => g.direction },
  { header: "baseline", value: (g) => g.baseline },
  { header: "target", value: (g) => g.target },
  { header: "latest_period", value: (g) => g.latest?.periodLabel },
  { header: "latest_value", value: (g) => g.latest?.value },
  { header: "status", value: (g) => OBJECTIVE_STATUS_LABELS[g.status] },
  { header: "due_date", value: (g) => g.dueDate },
  { header: "reporting_frequency", value: (g) => REPORTING_FREQUENCY_LABELS[g.reportingFrequency] },
  { header: "stale", value: (g) => (g.stale ? "yes" : "no") },
  { header: "why", value: (g) => g.staleReason },
  { header: "primary_practice", value: (g) => g.links.find((l) => l.isPrimary)?.token },
  { header: "practices", value: (g) => g.links.map((l) => l.token).join("; ") },
];

export async function workforceGoalsCsv(ctx: TenantContext, filters: { departmentId: string | null; staleOnly: boolean }): Promise<CsvFile> {
  const list = await listWorkforceGoals(ctx, filters);
  return csvFile([ctx.orgSlug, "workforce-goals", fileDate()], WORKFORCE_COLUMNS, list.goals);
}

// The roster's columns are RosterPerson's, which has no demographic field at all.
const ROSTER_COLUMNS: CsvTable<RosterPerson> = [
  { header: "employee_number", value: (p) => p.employeeNumber },
  { header: "full_name", value: (p) => p.fullName },
  { header: "email", value: (p) => p.email },
  { header: "department", value: (p) => p.departmentName },
  { header: "job_title", value: (p) => p.jobTitle },
  { header: "supervisory_level", value: (p) => SUPERVISORY_LEVEL_LABELS[p.supervisoryLevel] },
  { header: "hire_date", value: (p) => p.hireDate },
  { header: "active", value: (p) => (p.isActive ? "yes" : "no") },
  { header: "left_on", value: (p) => p.leftOn },
];

/** Everyone the roster page would list with these filters, every page of them; no demographics. */
export async function rosterCsv(ctx: TenantContext, filters: Omit<Partial<RosterFilters>, "page">): Promise<CsvFile> {
  const first = await listRoster(ctx, { ...filters, page: 1 });
  const people = [...first.people];
  for (let page = 2; page <= first.pageCount; page++) people.push(...(await listRoster(ctx, { ...filters, page })).people);
  return csvFile([ctx.orgSlug, "roster", first.filters.status === "left" ? "left" : "active", fileDate()], ROSTER_COLUMNS, people);
}

// Dollars as plain decimals ("1234.56"), as in the budget views' CSV, so spreadsheets sum them.
const BUDGET_LINE_COLUMNS: CsvTable<BudgetLineSummary> = [
  { header: "fiscal_year", value: (l) => l.fiscalYear },
  { header: "line_key", value: (l) => l.lineKey },
  { header: "department", value: (l) => l.departmentName },
  { header: "category", value: (l) => BUDGET_CATEGORY_LABELS[l.category] },
  { header: "fund_code", value: (l) => l.fundCode },
  { header: "fund", value: (l) => l.fundName },
  { header: "unit_code", value: (l) => l.unitCode },
  { header: "unit", value: (l) => l.unitName },
  { header: "program_code", value: (l) => l.programCode },
  { header: "program", value: (l) => l.programName },
  { header: "account_code", value: (l) => l.accountCode },
  { header: "account", value: (l) => l.accountName },
  { header: "description", value: (l) => l.description },
  { header: "adopted", value: (l) => centsToDecimal(l.adoptedCents) },
  { header: "amended", value: (l) => centsToDecimal(l.amendedCents) },
  { header: "actual", value: (l) => centsToDecimal(l.actualCents) },
  { header: "encumbered", value: (l) => centsToDecimal(l.encumberedCents) },
  { header: "execution_percent", value: (l) => l.executionPercent },
  { header: "primary_practice", value: (l) => l.primaryPracticeNumber },
];

/** Every budget line matching the lines page's filters (all pages), for one fiscal year. */
export async function budgetLinesCsv(ctx: TenantContext, filters: Omit<BudgetLineFilters, "fiscalYear" | "limit" | "offset"> & { fiscalYear: number | null }): Promise<CsvFile> {
  const fiscalYear = filters.fiscalYear ?? (await getCurrentFiscalYear(ctx)).fiscalYear;
  const lines: BudgetLineSummary[] = [];
  const PAGE = 500;
  for (let offset = 0; ; offset += PAGE) {
    const page = await listBudgetLines(ctx, { ...filters, fiscalYear, limit: PAGE, offset });
    lines.push(...page.lines);
    if (page.lines.length < PAGE || lines.length >= page.matching) break;
  }
  return csvFile([ctx.orgSlug, "budget-lines", `fy${fiscalYear}`, fileDate()], BUDGET_LINE_COLUMNS, lines);
}

type DemographicRow = { field: string; group: string; count: number | null };
const DEMOGRAPHIC_COLUMNS: CsvTable<DemographicRow> = [
  { header: "field", value: (r) => r.field },
  { header: "group", value: (r) => r.group },
  { header: "active_staff", value: (r) => r.count },
  { header: "note", value: (r) => (r.count === null ? "Suppressed: a small group, or one from which a small group could be worked out" : "") },
];

/** The roster page's demographic summary (organization-wide counts, suppressed as on the page);
 * there is no per-person demographic export. */
export async function demographicSummaryCsv(ctx: TenantContext): Promise<CsvFile> {
  const summary = await getDemographicSummary(ctx);
  const rows: DemographicRow[] = summary.fields.flatMap((f) => [
    ...f.counts.groups.map((g) => ({ field: f.label, group: g.group, count: g.count })),
    { field: f.label, group: "Total", count: f.counts.total },
  ]);
  return csvFile([ctx.orgSlug, "staff-demographics-summary", fileDate()], DEMOGRAPHIC_COLUMNS, rows);
}

type GoalHistoryRow = { record: "value" | "status update"; date: string; period: string; value: string; status: string; text: string; by: string | null };
const GOAL_HISTORY_COLUMNS: CsvTable<GoalHistoryRow> = [
  { header: "record", value: (r) => r.record },
  { header: "period_start_or_as_of", value: (r) => r.date },
  { header: "period", value: (r) => r.period },
  { header: "value", value: (r) => r.value },
  { header: "status", value: (r) => r.status },
  { header: "note_or_update", value: (r) => r.text },
  { header: "by", value: (r) => r.by },
];

/** A workforce goal's page tables in one file: its values (oldest first), then its status updates
 * (newest first). */
export async function workforceGoalHistoryCsv(ctx: TenantContext, goalId: string): Promise<CsvFile> {
  const g = await getWorkforceGoal(ctx, goalId);
  const rows: GoalHistoryRow[] = [
    ...g.measurements.map((m) => ({ record: "value" as const, date: m.period, period: m.periodLabel, value: m.value, status: "", text: m.note, by: null })),
    ...g.updates.map((u) => ({ record: "status update" as const, date: u.asOf, period: "", value: "", status: OBJECTIVE_STATUS_LABELS[u.status], text: u.narrative, by: u.authorName })),
  ];
  return csvFile([ctx.orgSlug, "workforce-goal", g.name, fileDate()], GOAL_HISTORY_COLUMNS, rows);
}

type ObjectiveHistoryRow = { record: "status update" | "value"; date: string; measure: string; period: string; value: string; status: string; text: string; by: string | null };
const OBJECTIVE_HISTORY_COLUMNS: CsvTable<ObjectiveHistoryRow> = [
  { header: "record", value: (r) => r.record },
  { header: "as_of_or_period_start", value: (r) => r.date },
  { header: "measure", value: (r) => r.measure },
  { header: "period", value: (r) => r.period },
  { header: "value", value: (r) => r.value },
  { header: "status", value: (r) => r.status },
  { header: "update_or_note", value: (r) => r.text },
  { header: "by", value: (r) => r.by },
];

/** An objective's page tables in one file: its status updates (newest first), then the values of
 * each of its measures. */
export async function objectiveHistoryCsv(ctx: TenantContext, objectiveId: string): Promise<CsvFile> {
  const o = await getObjective(ctx, objectiveId);
  const rows: ObjectiveHistoryRow[] = [
    ...o.updates.map((u) => ({ record: "status update" as const, date: u.asOf, measure: "", period: "", value: "", status: OBJECTIVE_STATUS_LABELS[u.status], text: u.narrative, by: u.authorName })),
    ...o.measures.flatMap((m) =>
      m.measurements.map((v) => ({ record: "value" as const, date: v.period, measure: `${m.code} ${m.name}`, period: v.periodLabel, value: v.value, status: "", text: v.note, by: null })),
    ),
  ];
  return csvFile([ctx.orgSlug, "objective", o.code, fileDate()], OBJECTIVE_HISTORY_COLUMNS, rows);
}
