// Staff assessment results on the dashboards: the practices × departments heatmap (favorable %),
// participation, change since the previous campaign, scores by demographic group with the gap
// between groups, and the trend of chosen practices across campaigns. Every number comes from the
// assessments module's results service (getResults, getParticipation), which applies the
// anonymity threshold and secondary suppression; the dashboards never read responses themselves,
// and only ever combine cells the service shows (a gap or a change of two shown cells). A hidden
// cell stays hidden here, with the service's note.
import type { Transaction } from "#db/client.server";
import { withTenant } from "#db/tenant.server";
import { can } from "~/modules/auth/permissions";
import type { TenantContext } from "~/modules/auth/tenant.server";
import {
  isOrganizationWide,
  readClosedOrganizationalCampaigns,
  readParticipation,
  readResults,
  readResultTotals,
  type CampaignRef,
  type Participation,
  type ResultCell,
} from "~/modules/assessments/results.server";
import { notFound } from "~/utils/http.server";
import type { DashboardFilters } from "./filters";

/** Which assessment panels a dashboard shows. */
export type AssessmentPanelKind = "heatmap" | "participation" | "change" | "equity_groups" | "trend";

export type CampaignChoice = { id: string; title: string; closesOn: string };

/** One row of favorable % by practice (null: hidden or no answers), with the service's note when hidden. */
export type ScoreRow = { key: string; label: string; departmentId: string | null; n: number | null; note: string | null; favorable: (number | null)[] };

export type HeatmapPanel = { practices: { number: number; name: string }[]; total: ScoreRow; rows: ScoreRow[] };
export type ChangePanel = {
  previous: CampaignChoice;
  rows: { practiceNumber: number; practiceName: string; current: number | null; previous: number | null; change: number | null }[];
} | null;
export type GroupPanel = {
  dimensionLabel: string;
  practices: { number: number; name: string }[];
  rows: ScoreRow[];
  /** Highest minus lowest favorable % among the shown groups, per practice (null: fewer than two shown). */
  gaps: { practiceNumber: number; gap: number | null; highest: string | null; lowest: string | null }[];
};
export type TrendPanel = { practices: { number: number; name: string }[]; campaigns: (CampaignChoice & { favorable: (number | null)[] })[] };

export type AssessmentPanels =
  | { state: "none"; message: string; campaigns: CampaignChoice[] }
  | {
      state: "ready";
      campaign: CampaignChoice;
      campaigns: CampaignChoice[];
      threshold: number;
      heatmap?: HeatmapPanel;
      change?: ChangePanel;
      participation?: Participation;
      groups?: GroupPanel[];
      /** Why there are no group panels for this reader. */
      groupsNote?: string;
      trend?: TrendPanel;
    };

export const NO_CLOSED_CAMPAIGN =
  "No closed assessment campaign yet. When a staff assessment campaign closes, its results by practice and department appear here, with groups smaller than the anonymity threshold hidden.";
export const RESULTS_NOT_FOR_ROLE = "Staff assessment results are shown to administrators and department heads.";

const TREND_CAMPAIGNS = 5;

function scoreRow(cell: ResultCell, practiceNumbers: number[], label: string, departmentId: string | null): ScoreRow {
  if (!cell.shown) return { key: cell.key, label, departmentId, n: null, note: cell.note, favorable: practiceNumbers.map(() => null) };
  const byPractice = new Map(cell.practices.map((p) => [p.practiceNumber, p.favorablePct]));
  return { key: cell.key, label, departmentId, n: cell.n, note: null, favorable: practiceNumbers.map((n) => byPractice.get(n) ?? null) };
}

const groupLabel = (cell: ResultCell) => cell.groups.map((g) => g.label).join(", ") || "Everyone";
const departmentOf = (cell: ResultCell) => cell.groups.find((g) => g.dimension === "department")?.value ?? null;
const choice = (c: Pick<CampaignRef, "id" | "title" | "closesOn">): CampaignChoice => ({ id: c.id, title: c.title, closesOn: c.closesOn });

/**
 * The assessment panels for a dashboard: the campaign is the one in the address (?campaign=, a
 * closed organizational campaign, else 404) or the latest closed one. Department rows are those of
 * `departmentIds` when a department is chosen. Roles without assessments.results see a note.
 */
export async function getAssessmentPanels(
  ctx: TenantContext,
  input: { filters: Pick<DashboardFilters, "campaignId">; departmentIds?: string[] | null; panels: AssessmentPanelKind[]; practiceNumbers?: number[] },
): Promise<AssessmentPanels> {
  if (!mayReadResults(ctx)) return readAssessmentPanels(null, ctx, input);
  return withTenant(ctx, (tx) => readAssessmentPanels(tx, ctx, input));
}

function mayReadResults(ctx: TenantContext): boolean {
  return can(ctx.role, "assessments.results") && can(ctx.role, "assessments.read");
}

/** getAssessmentPanels inside the caller's tenant transaction (a dashboard's one transaction); the
 * transaction is not used for roles that may not read results (null may be passed then). */
export async function readAssessmentPanels(
  tx: Transaction | null,
  ctx: TenantContext,
  input: { filters: Pick<DashboardFilters, "campaignId">; departmentIds?: string[] | null; panels: AssessmentPanelKind[]; practiceNumbers?: number[] },
): Promise<AssessmentPanels> {
  if (!mayReadResults(ctx) || !tx) {
    if (input.filters.campaignId) notFound("There is no such assessment campaign in this organization.");
    return { state: "none", message: RESULTS_NOT_FOR_ROLE, campaigns: [] };
  }
  const closed = await readClosedOrganizationalCampaigns(tx, ctx);
  const campaigns = closed.map(choice);
  const chosen = input.filters.campaignId ? closed.find((c) => c.id === input.filters.campaignId) : closed[0];
  if (input.filters.campaignId && !chosen) notFound("There is no such assessment campaign in this organization.");
  if (!chosen) return { state: "none", message: NO_CLOSED_CAMPAIGN, campaigns };

  const wanted = new Set(input.panels);
  const inScope = input.departmentIds ? new Set(input.departmentIds) : null;
  const result: Extract<AssessmentPanels, { state: "ready" }> = { state: "ready", campaign: choice(chosen), campaigns, threshold: chosen.anonymityThreshold };
  const getResults = (id: string, options: Parameters<typeof readResults>[3]) => readResults(tx, ctx, id, options);

  if (wanted.has("heatmap") || wanted.has("change")) {
    const r = await getResults(chosen.id, { cut: ["department"], compare: wanted.has("change"), detail: "practices" });
    const numbers = r.practices.map((p) => p.number);
    result.heatmap = {
      practices: r.practices,
      // A department head's "total" is their own group (the results service never gives them the organization's).
      total: scoreRow(r.total, numbers, r.scope === "organization" ? "All departments" : `${groupLabel(r.total)} (your department)`, null),
      rows: r.cells
        .filter((c) => !inScope || inScope.has(departmentOf(c) ?? ""))
        .map((c) => scoreRow(c, numbers, groupLabel(c), departmentOf(c))),
    };
    if (wanted.has("change")) {
      const prev = r.previous;
      const prevTotal = prev ? scoreRow(prev.total, numbers, r.scope === "organization" ? "All departments" : groupLabel(prev.total), null) : null;
      const now = result.heatmap.total;
      result.change = prev
        ? {
            previous: { id: prev.campaign.id, title: prev.campaign.title, closesOn: prev.campaign.closesOn },
            rows: r.practices.map((p, i) => {
              const current = now.favorable[i] ?? null;
              const before = prevTotal?.favorable[i] ?? null;
              return { practiceNumber: p.number, practiceName: p.name, current, previous: before, change: current !== null && before !== null ? current - before : null };
            }),
          }
        : null;
    }
  }
  if (wanted.has("participation")) {
    const p = await readParticipation(tx, ctx, chosen.id);
    result.participation = inScope ? { ...p, departments: p.departments.filter((d) => inScope.has(d.departmentId ?? "")) } : p;
  }
  if (wanted.has("equity_groups") && !isOrganizationWide(ctx)) {
    // A department head computes figures only for their own department and everyone else
    // (ADR 018 §7): levels and demographic groups cut across the whole organization.
    result.groupsNote = "Results by supervisory level and by demographic group cover the whole organization: administrators read them. Your department's results are on the staff effectiveness dashboard and the campaign's results page.";
  } else if (wanted.has("equity_groups")) {
    // Every campaign can be cut by level, and that answer also lists the campaign's dimensions:
    // one read fewer than asking for the total first.
    const byLevel = await getResults(chosen.id, { cut: ["level"], detail: "practices" });
    const groups: GroupPanel[] = [];
    for (const d of byLevel.dimensions.filter((x) => x.dimension.startsWith("demographic:") || x.dimension === "level")) {
      const r = d.dimension === "level" ? byLevel : await getResults(chosen.id, { cut: [d.dimension], detail: "practices" });
      const numbers = r.practices.map((p) => p.number);
      const rows = r.cells.map((c) => scoreRow(c, numbers, groupLabel(c), null));
      groups.push({
        dimensionLabel: d.label,
        practices: r.practices,
        rows,
        gaps: r.practices.map((p, i) => {
          const shown = rows.filter((row) => row.favorable[i] !== null && row.favorable[i] !== undefined) as (ScoreRow & { favorable: number[] })[];
          if (shown.length < 2) return { practiceNumber: p.number, gap: null, highest: null, lowest: null };
          const sorted = [...shown].sort((a, b) => b.favorable[i]! - a.favorable[i]!);
          return { practiceNumber: p.number, gap: sorted[0]!.favorable[i]! - sorted[sorted.length - 1]!.favorable[i]!, highest: sorted[0]!.label, lowest: sorted[sorted.length - 1]!.label };
        }),
      });
    }
    result.groups = groups;
  }
  if (wanted.has("trend")) {
    const numbers = input.practiceNumbers ?? [];
    const series = [];
    let practices: { number: number; name: string }[] = [];
    // Every campaign's total from one read of their tallies, not a read of each.
    const totals = await readResultTotals(
      tx,
      ctx,
      closed.slice(0, TREND_CAMPAIGNS).reverse().map((c) => c.id),
    );
    for (const r of totals) {
      const names = new Map(r.practices.map((p) => [p.number, p.name]));
      if (!practices.length) practices = numbers.map((n) => ({ number: n, name: names.get(n) ?? `Practice ${n}` }));
      series.push({ ...choice(r.campaign), favorable: scoreRow(r.total, numbers, "All", null).favorable });
    }
    result.trend = { practices, campaigns: series };
  }
  return result;
}

/** A department page's scores by practice: the heatmap's rows of the department and its
 * sub-departments (and the organization's total), for the campaign chosen or the latest closed
 * one. The page and its CSV both read it here. */
export function getDepartmentScores(ctx: TenantContext, department: { id: string; children: { id: string }[] }, campaignId: string | null): Promise<AssessmentPanels> {
  return getAssessmentPanels(ctx, { filters: { campaignId }, departmentIds: [department.id, ...department.children.map((c) => c.id)], panels: ["heatmap"] });
}

/** One closed campaign's organization-wide score of a practice: favorable % and mean (1–5), or
 * nothing and the results service's note when its total is hidden. */
export type PracticeTrendRow = CampaignChoice & { threshold: number; n: number | null; favorable: number | null; mean: number | null; note: string | null };

export type PracticeScores = { state: "none"; message: string } | { state: "ready"; campaigns: PracticeTrendRow[] };

/**
 * A practice's organization-wide scores across the latest closed organizational campaigns (oldest
 * first), each read from the results service's total for that campaign, with its suppression.
 * Roles without assessments.results are told why there is nothing here.
 */
export async function getPracticeScores(ctx: TenantContext, practiceNumber: number): Promise<PracticeScores> {
  if (!mayReadResults(ctx)) return { state: "none", message: RESULTS_NOT_FOR_ROLE };
  // The campaigns and all their totals in one transaction (one read of their tallies).
  const totals = await withTenant(ctx, async (tx) => {
    const closed = await readClosedOrganizationalCampaigns(tx, ctx);
    return closed.length
      ? readResultTotals(
          tx,
          ctx,
          closed.slice(0, TREND_CAMPAIGNS).reverse().map((c) => c.id),
        )
      : null;
  });
  if (!totals) return { state: "none", message: NO_CLOSED_CAMPAIGN };
  const campaigns: PracticeTrendRow[] = [];
  for (const r of totals) {
    const base = { ...choice(r.campaign), threshold: r.campaign.anonymityThreshold };
    if (!r.total.shown) {
      campaigns.push({ ...base, n: null, favorable: null, mean: null, note: r.total.note });
      continue;
    }
    const stat = r.total.practices.find((p) => p.practiceNumber === practiceNumber);
    campaigns.push({ ...base, n: r.total.n, favorable: stat?.favorablePct ?? null, mean: stat?.mean ?? null, note: null });
  }
  return { state: "ready", campaigns };
}
