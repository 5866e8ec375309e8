// Summary reports: build one for a period from the dashboards' figures and the assessment results
// service (the only door to survey results, already suppressed), keep an administrator's draft
// note, publish a frozen snapshot as a numbered version, and read and compare published versions.
// Elected officials and everyone else with reports.read see published versions only; building a
// live preview and publishing are reports.manage.
import { and, desc, eq, inArray, max } from "drizzle-orm";
import { departments, objectives, reports } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { listCampaigns } from "~/modules/assessments/campaigns.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { requirePermission, type TenantContext } from "~/modules/auth/tenant.server";
import { loadFiscalYears } from "~/modules/budget/fiscal-years.server";
import { getOrganizationOverview } from "~/modules/dashboards/overview.server";
import { resolveDashboardScope } from "~/modules/dashboards/scope.server";
import { objectivesInScope } from "~/modules/dashboards/sums.server";
import { fiscalYearStartMonth } from "~/modules/core/organization.server";
import { isUuid } from "~/modules/core/ids";
import { organizationToday } from "~/modules/core/today";
import { FieldErrors, notFound } from "~/utils/http.server";
import { parsePeriod, reportablePeriods, type ReportPeriod } from "./period";
import {
  compareFigures,
  keyFiguresOf,
  rankPractices,
  REPORT_FORMAT,
  writeNarrative,
  type BudgetRow,
  type FigureDifference,
  type PracticeRating,
  type ReportModel,
  type RiskObjective,
  type StaffViews,
} from "./report-model";
import { managerNoteSchema, publishSchema } from "./reports.schema";

const NO_REPORT = "There is no such published report in this organization.";
const NO_PERIOD = "There is no such reporting period.";

export type PeriodChoice = ReportPeriod & { draftNote: boolean; publishedVersions: number };

/** The periods an administrator may preview, newest first, with their draft and versions. */
export async function listReportPeriods(ctx: TenantContext, options: { today?: string } = {}): Promise<PeriodChoice[]> {
  requirePermission(ctx, "reports.manage");
  const today = options.today ?? organizationToday(ctx);
  return withTenant(ctx, async (tx) => {
    const startMonth = await fiscalYearStartMonth(tx, ctx);
    const years = await loadFiscalYears(tx, ctx, today);
    const rows = await tx
      .select({ periodKey: reports.periodKey, status: reports.status })
      .from(reports)
      .where(eq(reports.orgId, ctx.orgId));
    return reportablePeriods(
      years.map((y) => y.fiscalYear),
      startMonth,
      today,
    ).map((p) => ({
      ...p,
      draftNote: rows.some((r) => r.periodKey === p.key && r.status === "draft"),
      publishedVersions: rows.filter((r) => r.periodKey === p.key && r.status === "published").length,
    }));
  });
}

async function resolvePeriod(ctx: TenantContext, key: string, today: string): Promise<ReportPeriod> {
  return withTenant(ctx, async (tx) => {
    const startMonth = await fiscalYearStartMonth(tx, ctx);
    const years = await loadFiscalYears(tx, ctx, today);
    const period = parsePeriod(key, startMonth);
    const allowed = reportablePeriods(years.map((y) => y.fiscalYear), startMonth, today);
    if (!period || !allowed.some((p) => p.key === period.key)) notFound(NO_PERIOD);
    return period;
  });
}

const round = (n: number) => Math.round(n);

/**
 * The report for a period as it stands now (a live preview): objectives of the adopted plans,
 * the fiscal year's budget, workforce goals, and staff views from the latest organizational
 * campaign closed by the end of the period, organization-wide and only where the results service
 * shows the figure. The manager's note is the period's draft note.
 */
export async function buildReport(ctx: TenantContext, input: { period: string; today?: string }): Promise<ReportModel> {
  requirePermission(ctx, "reports.manage");
  const today = input.today ?? organizationToday(ctx);
  const period = await resolvePeriod(ctx, input.period, today);

  const campaign = (await listCampaigns(ctx)).find((c) => c.kind === "organizational" && c.effectiveStatus === "closed" && c.closesOn <= period.endsOn) ?? null;
  const overview = await getOrganizationOverview(ctx, { fy: String(period.fiscalYear), campaign: campaign?.id ?? null }, { today });

  const { atRisk, note } = await withTenant(ctx, async (tx) => {
    const { scope } = await resolveDashboardScope(tx, ctx, { fy: String(period.fiscalYear) }, today);
    const atRisk: RiskObjective[] =
      scope.planIds.length === 0
        ? []
        : (
            await tx
              .select({ code: objectives.code, title: objectives.title, departmentName: departments.name, status: objectives.status, dueDate: objectives.dueDate })
              .from(objectives)
              .innerJoin(departments, and(eq(departments.orgId, objectives.orgId), eq(departments.id, objectives.ownerDepartmentId)))
              .where(and(objectivesInScope(scope), inArray(objectives.status, ["at_risk", "off_track"])))
          )
            .map((r) => ({ ...r, status: r.status as RiskObjective["status"] }))
            .sort((a, b) => (a.status === b.status ? 0 : a.status === "off_track" ? -1 : 1) || a.code.localeCompare(b.code, "en", { numeric: true }));
    const [draft] = await tx
      .select({ note: reports.managerNote })
      .from(reports)
      .where(and(eq(reports.orgId, ctx.orgId), eq(reports.periodKey, period.key), eq(reports.status, "draft")));
    return { atRisk, note: draft?.note ?? "" };
  });

  let staffViews: StaffViews | null = null;
  const a = overview.assessments;
  if (a.state === "ready" && a.heatmap) {
    const change = new Map((a.change?.rows ?? []).map((r) => [r.practiceNumber, r]));
    const practices: PracticeRating[] = [];
    a.heatmap.practices.forEach((p, i) => {
      const now = a.heatmap!.total.favorable[i];
      if (now === null || now === undefined) return;
      const before = change.get(p.number)?.previous ?? null;
      const favorable = round(now);
      const previous = before === null ? null : round(before);
      practices.push({ practiceNumber: p.number, practiceName: p.name, favorable, previous, change: previous === null ? null : favorable - previous });
    });
    const total = a.participation?.total ?? null;
    staffViews = {
      campaignTitle: a.campaign.title,
      closesOn: a.campaign.closesOn,
      previousTitle: a.change?.previous.title ?? null,
      invited: total && total.responded !== null ? total.invited : null,
      responded: total?.responded ?? null,
      ratePct: total?.ratePct ?? null,
      practices,
    };
  }

  const toRow = (r: { key: string; label: string; adoptedCents: string; amendedCents: string; actualCents: string; executionPercent: string | null }): BudgetRow => ({
    key: r.key,
    label: r.label,
    adoptedCents: r.adoptedCents,
    amendedCents: r.amendedCents,
    actualCents: r.actualCents,
    executionPercent: r.executionPercent,
  });
  const { top, bottom } = rankPractices(staffViews?.practices ?? []);
  const base: Omit<ReportModel, "narrative" | "keyFigures"> = {
    format: REPORT_FORMAT,
    orgName: ctx.orgName,
    period,
    asOf: today,
    managerNote: note,
    objectives: {
      total: overview.planProgress.objectiveCount,
      statusCounts: overview.planProgress.statusCounts,
      byPractice: overview.planProgress.byPractice
        .filter((p) => p.objectiveCount > 0)
        .map((p) => ({ practiceNumber: p.practiceNumber, practiceName: p.practiceName, total: p.objectiveCount, statusCounts: p.statusCounts })),
    },
    budget: {
      fiscalYear: period.fiscalYear,
      total: toRow(overview.budget.total),
      byPrimaryPractice: overview.budget.byPrimaryPractice.map(toRow),
      byDepartment: overview.budget.byDepartment.map(toRow),
    },
    workforce: overview.workforce ? { goalCount: overview.workforce.goalCount, statusCounts: overview.workforce.statusCounts } : null,
    staffViews,
    topPractices: top,
    bottomPractices: bottom,
    objectivesAtRisk: atRisk,
  };
  return { ...base, narrative: writeNarrative(base), keyFigures: keyFiguresOf(base) };
}

/** Saves (or, when empty, removes) the manager's note of a period's draft. */
export async function saveManagerNote(ctx: TenantContext, input: unknown, options: { today?: string } = {}): Promise<void> {
  requirePermission(ctx, "reports.manage");
  const parsed = managerNoteSchema.safeParse(input);
  if (!parsed.success) throw new FieldErrors(parsed.error.flatten().fieldErrors as Record<string, string[]>);
  const period = await resolvePeriod(ctx, parsed.data.period, options.today ?? organizationToday(ctx));
  await withTenant(ctx, async (tx) => {
    const where = and(eq(reports.orgId, ctx.orgId), eq(reports.periodKey, period.key), eq(reports.status, "draft"));
    const [before] = await tx.select({ id: reports.id, note: reports.managerNote }).from(reports).where(where);
    if (before) {
      await tx.update(reports).set({ managerNote: parsed.data.note, periodLabel: period.label, updatedAt: new Date() }).where(and(where, eq(reports.id, before.id)));
    } else {
      await tx.insert(reports).values({ orgId: ctx.orgId, periodKey: period.key, periodLabel: period.label, status: "draft", managerNote: parsed.data.note, createdBy: ctx.userId });
    }
    await recordAudit(tx, {
      orgId: ctx.orgId,
      actorUserId: ctx.userId,
      action: "report.note_saved",
      entityType: "report",
      entityId: before?.id ?? null,
      before: before ? { period: period.key, note: before.note } : null,
      after: { period: period.key, note: parsed.data.note },
    });
  });
}

export type PublishedReportSummary = { id: string; periodKey: string; periodLabel: string; version: number; publishedAt: string };

/**
 * Publishes the period's report as it stands now: a new version whose snapshot never changes
 * afterwards. The draft's note goes with it, and the draft is removed.
 */
export async function publishReport(ctx: TenantContext, input: unknown, options: { today?: string } = {}): Promise<PublishedReportSummary> {
  requirePermission(ctx, "reports.manage");
  const parsed = publishSchema.safeParse(input);
  if (!parsed.success) throw new FieldErrors(parsed.error.flatten().fieldErrors as Record<string, string[]>);
  const report = await buildReport(ctx, { period: parsed.data.period, today: options.today });
  return withTenant(ctx, async (tx) => {
    const [latest] = await tx
      .select({ v: max(reports.version) })
      .from(reports)
      .where(and(eq(reports.orgId, ctx.orgId), eq(reports.periodKey, report.period.key), eq(reports.status, "published")));
    const version = (latest?.v ?? 0) + 1;
    const [row] = await tx
      .insert(reports)
      .values({
        orgId: ctx.orgId,
        periodKey: report.period.key,
        periodLabel: report.period.label,
        status: "published",
        version,
        managerNote: report.managerNote,
        snapshot: report,
        publishedAt: new Date(),
        publishedBy: ctx.userId,
        createdBy: ctx.userId,
      })
      .returning({ id: reports.id, publishedAt: reports.publishedAt });
    await tx.delete(reports).where(and(eq(reports.orgId, ctx.orgId), eq(reports.periodKey, report.period.key), eq(reports.status, "draft")));
    await recordAudit(tx, {
      orgId: ctx.orgId,
      actorUserId: ctx.userId,
      action: "report.published",
      entityType: "report",
      entityId: row!.id,
      after: { period: report.period.key, version, keyFigures: report.keyFigures },
    });
    return { id: row!.id, periodKey: report.period.key, periodLabel: report.period.label, version, publishedAt: row!.publishedAt!.toISOString() };
  });
}

/** Published reports, newest first. */
export async function listPublishedReports(ctx: TenantContext): Promise<PublishedReportSummary[]> {
  requirePermission(ctx, "reports.read");
  return withTenant(ctx, async (tx) => {
    const rows = await tx
      .select({ id: reports.id, periodKey: reports.periodKey, periodLabel: reports.periodLabel, version: reports.version, publishedAt: reports.publishedAt })
      .from(reports)
      .where(and(eq(reports.orgId, ctx.orgId), eq(reports.status, "published")))
      .orderBy(desc(reports.publishedAt), desc(reports.version));
    return rows.map((r) => ({ id: r.id, periodKey: r.periodKey, periodLabel: r.periodLabel, version: r.version!, publishedAt: r.publishedAt!.toISOString() }));
  });
}

export type PublishedReport = PublishedReportSummary & { report: ReportModel; newerVersionId: string | null };

/** One published report, frozen as it was published; 404 for anything else (drafts included). */
export async function getPublishedReport(ctx: TenantContext, id: string): Promise<PublishedReport> {
  requirePermission(ctx, "reports.read");
  if (!isUuid(id)) notFound(NO_REPORT);
  return withTenant(ctx, async (tx) => {
    const [row] = await tx
      .select()
      .from(reports)
      .where(and(eq(reports.orgId, ctx.orgId), eq(reports.id, id), eq(reports.status, "published")));
    if (!row) notFound(NO_REPORT);
    const [newer] = await tx
      .select({ id: reports.id })
      .from(reports)
      .where(and(eq(reports.orgId, ctx.orgId), eq(reports.periodKey, row.periodKey), eq(reports.status, "published")))
      .orderBy(desc(reports.version))
      .limit(1);
    return {
      id: row.id,
      periodKey: row.periodKey,
      periodLabel: row.periodLabel,
      version: row.version!,
      publishedAt: row.publishedAt!.toISOString(),
      report: row.snapshot as ReportModel,
      newerVersionId: newer && newer.id !== row.id ? newer.id : null,
    };
  });
}

export type ReportComparison = { earlier: PublishedReport; later: PublishedReport; figures: FigureDifference[] };

/** Two published reports' key figures side by side, the earlier period (then version) first. */
export async function compareReports(ctx: TenantContext, firstId: string, secondId: string): Promise<ReportComparison> {
  const a = await getPublishedReport(ctx, firstId);
  const b = await getPublishedReport(ctx, secondId);
  const order = (x: PublishedReport) => `${x.report.period.startsOn}|${x.report.period.endsOn}|${String(x.version).padStart(6, "0")}`;
  const [earlier, later] = order(a) <= order(b) ? [a, b] : [b, a];
  return { earlier, later, figures: compareFigures(earlier.report.keyFigures, later.report.keyFigures) };
}
