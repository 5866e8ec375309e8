// The CSV of the tables on detail and summary pages (campaigns, reports, a practice, a budget
// line, "My department"), each made from the same service call as its page, with the page's
// filters, through the shared mechanism in csv.server.ts. Survey numbers come only from the
// assessment results service (getParticipation), suppressed exactly as on screen.
import { listCampaignsWithParticipation } from "~/modules/assessments/campaign-list.server";
import type { CampaignListRow } from "~/modules/assessments/campaign-list.server";
import { getParticipation, type ParticipationRow } from "~/modules/assessments/results.server";
import type { TenantContext } from "~/modules/auth/tenant.server";
import { getBudgetLine, type FundedObjective } from "~/modules/budget/budget.server";
import type { PracticeLink, PracticeItems } from "~/modules/plans/alignment.server";
import { listItemsForPractice } from "~/modules/plans/alignment.server";
import { OBJECTIVE_STATUS_LABELS, PLAN_STATUS_LABELS } from "~/modules/plans/plans.schema";
import { listDepartmentObjectives, type DepartmentPlanGroup } from "~/modules/plans/plans.server";
import { centsToDecimal } from "~/modules/budget/money";
import type { FigureDifference } from "~/modules/reports/report-model";
import { compareReports, listPublishedReports, listReportPeriods, type PeriodChoice, type PublishedReportSummary } from "~/modules/reports/reports.server";
import { notFound } from "~/utils/http.server";
import { csvFile, fileDate, type CsvFile, type CsvTable } from "./csv.server";

// --- Assessments -------------------------------------------------------------------------------

const CAMPAIGN_COLUMNS: CsvTable<CampaignListRow> = [
  { header: "campaign", value: (c) => c.title },
  { header: "kind", value: (c) => (c.kind === "self" ? "Self-assessment" : "Organizational") },
  { header: "status", value: (c) => c.effectiveStatus },
  { header: "opens_on", value: (c) => c.opensOn },
  { header: "closes_on", value: (c) => c.closesOn },
  { header: "invited", value: (c) => c.invited },
  // Blank when the page shows none (a draft, nobody invited, or still open for a non-administrator).
  { header: "responded", value: (c) => c.participation?.responded },
  { header: "response_rate_percent", value: (c) => (c.participation?.ratePct == null ? null : c.participation.ratePct.toFixed(1)) },
  { header: "note", value: (c) => c.participation?.note },
];

/** The campaigns list, with participation as the list page shows it to the caller. */
export async function campaignsCsv(ctx: TenantContext): Promise<CsvFile> {
  return csvFile([ctx.orgSlug, "assessment-campaigns", fileDate()], CAMPAIGN_COLUMNS, await listCampaignsWithParticipation(ctx));
}

const PARTICIPATION_COLUMNS: CsvTable<ParticipationRow> = [
  { header: "department", value: (r) => r.departmentName },
  { header: "invited", value: (r) => r.invited },
  { header: "responded", value: (r) => r.responded },
  { header: "response_rate_percent", value: (r) => (r.ratePct === null ? null : r.ratePct.toFixed(1)) },
  { header: "note", value: (r) => r.note },
];

/** A campaign's participation table (all departments first), from the results service, with its
 * suppression and its rule on who may see it when. */
export async function participationCsv(ctx: TenantContext, campaignId: string): Promise<CsvFile> {
  const p = await getParticipation(ctx, campaignId);
  return csvFile([ctx.orgSlug, "participation", p.campaign.title, fileDate()], PARTICIPATION_COLUMNS, [p.total, ...p.departments]);
}

// --- Reports -----------------------------------------------------------------------------------

const REPORT_COLUMNS: CsvTable<PublishedReportSummary> = [
  { header: "period", value: (r) => r.periodLabel },
  { header: "period_key", value: (r) => r.periodKey },
  { header: "version", value: (r) => r.version },
  { header: "published_at", value: (r) => r.publishedAt },
];

/** The published reports, newest first, as the reports page lists them. */
export async function publishedReportsCsv(ctx: TenantContext): Promise<CsvFile> {
  return csvFile([ctx.orgSlug, "reports", fileDate()], REPORT_COLUMNS, await listPublishedReports(ctx));
}

const PERIOD_COLUMNS: CsvTable<PeriodChoice> = [
  { header: "period", value: (p) => p.label },
  { header: "period_key", value: (p) => p.key },
  { header: "starts_on", value: (p) => p.startsOn },
  { header: "ends_on", value: (p) => p.endsOn },
  { header: "draft_note", value: (p) => (p.draftNote ? "Note written" : "") },
  { header: "published_versions", value: (p) => p.publishedVersions },
];

/** The reports page's "Periods to report on" table, for administrators (the service's rule). */
export async function reportPeriodsCsv(ctx: TenantContext): Promise<CsvFile> {
  return csvFile([ctx.orgSlug, "report-periods", fileDate()], PERIOD_COLUMNS, await listReportPeriods(ctx));
}

/** A figure's value in a plain unit a spreadsheet sums: dollars for money, else as reported. */
const plainFigure = (f: FigureDifference, v: string | null) => (v === null ? null : f.kind === "money" ? centsToDecimal(BigInt(v)) : v);

/** The compare page's table: each key figure of the earlier and the later report and the change. */
export async function reportComparisonCsv(ctx: TenantContext, firstId: string, secondId: string): Promise<CsvFile> {
  const c = await compareReports(ctx, firstId, secondId);
  const side = (r: typeof c.earlier) => `${r.report.period.label} v${r.version}`;
  const columns: CsvTable<FigureDifference> = [
    { header: "figure", value: (f) => f.label },
    { header: "kind", value: (f) => f.kind },
    { header: `earlier (${side(c.earlier)})`, value: (f) => plainFigure(f, f.earlier) },
    { header: `later (${side(c.later)})`, value: (f) => plainFigure(f, f.later) },
    { header: "change", value: (f) => plainFigure(f, f.difference) },
  ];
  return csvFile([ctx.orgSlug, "reports-compared", c.earlier.report.period.label, c.later.report.period.label], columns, c.figures);
}

// --- A practice's page -------------------------------------------------------------------------

type LinkedRow = {
  kind: "goal" | "objective" | "measure";
  code: string;
  name: string;
  plan: string;
  objective: string;
  department: string;
  status: string;
  stale: boolean | null;
  latest: string | null;
  target: string | null;
  unit: string;
  primary: boolean;
  dimensions: PracticeItems["goals"][number]["dimensions"];
};

const LINKED_COLUMNS: CsvTable<LinkedRow> = [
  { header: "kind", value: (r) => r.kind },
  { header: "code", value: (r) => r.code },
  { header: "name", value: (r) => r.name },
  { header: "plan", value: (r) => r.plan },
  { header: "objective", value: (r) => r.objective },
  { header: "department", value: (r) => r.department },
  { header: "status", value: (r) => r.status },
  { header: "stale", value: (r) => (r.stale === null ? "" : r.stale ? "yes" : "no") },
  { header: "latest_value", value: (r) => r.latest },
  { header: "target", value: (r) => r.target },
  { header: "unit", value: (r) => r.unit },
  { header: "link", value: (r) => (r.primary ? "Primary" : "Secondary") },
  { header: "dimensions", value: (r) => r.dimensions.map((d) => `${d.kind} ${d.letter}`).join("; ") },
];

/** The practice page's three "linked to this practice" tables (goals, objectives, measures) in one
 * file, from the same call as the page (current plans the caller may see). */
export async function practiceLinkedItemsCsv(ctx: TenantContext, practiceNumber: string): Promise<CsvFile> {
  const l = await listItemsForPractice(ctx, practiceNumber);
  const rows: LinkedRow[] = [
    ...l.goals.map((g) => ({ kind: "goal" as const, code: String(g.position), name: g.title, plan: g.planTitle, objective: "", department: "", status: "", stale: null, latest: null, target: null, unit: "", primary: g.isPrimary, dimensions: g.dimensions })),
    ...l.objectives.map((o) => ({ kind: "objective" as const, code: o.code, name: o.title, plan: o.planTitle, objective: "", department: o.departmentName, status: OBJECTIVE_STATUS_LABELS[o.status], stale: o.stale, latest: null, target: null, unit: "", primary: o.isPrimary, dimensions: o.dimensions })),
    ...l.measures.map((m) => ({ kind: "measure" as const, code: m.code, name: m.name, plan: m.planTitle, objective: `${m.objectiveCode} ${m.objectiveTitle}`, department: m.departmentName, status: "", stale: m.stale, latest: m.latestValue, target: m.target, unit: m.unit, primary: m.isPrimary, dimensions: m.dimensions })),
  ];
  return csvFile([ctx.orgSlug, "practice", l.practiceNumber, "linked-items", fileDate()], LINKED_COLUMNS, rows);
}

// --- A budget line's page ----------------------------------------------------------------------

const LINE_PRACTICE_COLUMNS: CsvTable<PracticeLink> = [
  { header: "practice", value: (p) => p.practiceNumber },
  { header: "practice_name", value: (p) => p.practiceName },
  { header: "dimension", value: (p) => (p.dimensionKind ? `${p.dimensionKind} ${p.dimensionLetter ?? ""}`.trim() : "") },
  { header: "dimension_text", value: (p) => p.dimensionText },
  { header: "link", value: (p) => (p.isPrimary ? "Primary" : "Secondary") },
];

const FUNDED_COLUMNS: CsvTable<FundedObjective> = [
  { header: "code", value: (o) => o.code },
  { header: "objective", value: (o) => o.title },
  { header: "plan", value: (o) => o.planTitle },
  { header: "plan_status", value: (o) => PLAN_STATUS_LABELS[o.planStatus] },
  { header: "owner_department", value: (o) => o.departmentName },
  { header: "status", value: (o) => OBJECTIVE_STATUS_LABELS[o.status] },
];

export const BUDGET_LINE_TABLES = ["practices", "objectives"] as const;

/** One of a budget line page's small tables (?table=practices|objectives), from getBudgetLine. */
export async function budgetLineTableCsv(ctx: TenantContext, lineId: string, table: string | null): Promise<CsvFile> {
  const line = await getBudgetLine(ctx, lineId);
  const name = [ctx.orgSlug, "budget-line", line.lineKey, `fy${line.fiscalYear}`];
  if (table === "practices") return csvFile([...name, "linked-practices"], LINE_PRACTICE_COLUMNS, line.practices);
  if (table === "objectives") return csvFile([...name, "objectives-funded"], FUNDED_COLUMNS, line.objectives);
  notFound("There is no such table on this page.");
}

// --- My department -----------------------------------------------------------------------------

type MyObjectiveRow = DepartmentPlanGroup["objectives"][number] & { plan: DepartmentPlanGroup["plan"] };

const MY_DEPARTMENT_COLUMNS: CsvTable<MyObjectiveRow> = [
  { header: "plan", value: (o) => o.plan.title },
  { header: "plan_period", value: (o) => o.plan.periodLabel },
  { header: "plan_status", value: (o) => PLAN_STATUS_LABELS[o.plan.status] },
  { header: "code", value: (o) => o.code },
  { header: "objective", value: (o) => o.title },
  { header: "department", value: (o) => o.department.name },
  { header: "goal", value: (o) => `${o.goalPosition}. ${o.goalTitle}` },
  { header: "status", value: (o) => OBJECTIVE_STATUS_LABELS[o.status] },
  { header: "stale", value: (o) => (o.stale ? "yes" : "no") },
  { header: "why_stale", value: (o) => (o.stale ? o.staleReason : "") },
  { header: "overdue", value: (o) => (o.overdue ? "yes" : "no") },
  { header: "last_update", value: (o) => o.lastUpdateAsOf },
  { header: "measures", value: (o) => o.measures.length },
  { header: "stale_measures", value: (o) => o.measures.filter((m) => m.stale).map((m) => m.name).join("; ") },
];

/** "My department": every plan's table of the caller's department's objectives, in one file. */
export async function myDepartmentCsv(ctx: TenantContext): Promise<CsvFile> {
  const d = await listDepartmentObjectives(ctx);
  const rows: MyObjectiveRow[] = d.plans.flatMap((g) => g.objectives.map((o) => ({ ...o, plan: g.plan })));
  return csvFile([ctx.orgSlug, "department", d.department?.code ?? "none", "objectives", fileDate()], MY_DEPARTMENT_COLUMNS, rows);
}
