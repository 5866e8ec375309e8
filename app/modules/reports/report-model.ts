// The summary report as data: what the builder gathers (reports.server.ts), what a published
// version stores as JSON, and what the page, the print view and the PDF render. Pure and
// serializable: money as cents strings, percentages as rounded numbers or decimal strings.
// The narrative is written here from the figures alone, so every sentence can be checked against
// the numbers beside it; staff views come only from cells the results service showed.
import { formatCents, ratioPercent, type CentsString } from "~/modules/budget/money";
import { OBJECTIVE_STATUS_LABELS, OBJECTIVE_STATUSES, type ObjectiveStatus } from "~/modules/plans/plans.schema";
import type { ReportPeriod } from "./period";

export const REPORT_FORMAT = 1;

export type StatusCounts = Record<ObjectiveStatus, number>;

export type BudgetRow = { key: string; label: string; adoptedCents: CentsString; amendedCents: CentsString; actualCents: CentsString; executionPercent: string | null };

export type PracticeRating = {
  practiceNumber: number;
  practiceName: string;
  /** Share of answers 4 or 5, whole percent. */
  favorable: number;
  /** The previous campaign's figure and the change in points (both rounded first), when shown. */
  previous: number | null;
  change: number | null;
};

export type StaffViews = {
  campaignTitle: string;
  closesOn: string;
  previousTitle: string | null;
  /** Organization-wide participation, when shown. */
  invited: number | null;
  responded: number | null;
  ratePct: number | null;
  /** Practices with a shown organization-wide score, by number. */
  practices: PracticeRating[];
};

export type RiskObjective = { code: string; title: string; departmentName: string; status: "at_risk" | "off_track"; dueDate: string | null };

export type KeyFigureKind = "count" | "percent" | "money";
export type KeyFigure = {
  key: string;
  label: string;
  kind: KeyFigureKind;
  /** A whole number ("24"), a percentage with at most one decimal ("96.3") or cents ("1250000"). */
  value: string;
  /** "of 31 objectives", "of $12.5M amended"… */
  context: string | null;
};

export type ReportModel = {
  format: typeof REPORT_FORMAT;
  orgName: string;
  period: ReportPeriod;
  /** The day the figures were gathered. */
  asOf: string;
  managerNote: string;
  narrative: string[];
  keyFigures: KeyFigure[];
  objectives: { total: number; statusCounts: StatusCounts; byPractice: { practiceNumber: number; practiceName: string; total: number; statusCounts: StatusCounts }[] };
  budget: { fiscalYear: number; total: BudgetRow; byPrimaryPractice: BudgetRow[]; byDepartment: BudgetRow[] };
  workforce: { goalCount: number; statusCounts: StatusCounts } | null;
  staffViews: StaffViews | null;
  /** Highest and lowest rated practices (at most three each; empty without staff views). */
  topPractices: PracticeRating[];
  bottomPractices: PracticeRating[];
  objectivesAtRisk: RiskObjective[];
};

export const TOP_BOTTOM = 3;

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
const isAre = (n: number) => (n === 1 ? "is" : "are");
const onTrackOrDone = (c: StatusCounts) => c.on_track + c.done;
const atRiskOrOff = (c: StatusCounts) => c.at_risk + c.off_track;
const points = (n: number) => plural(Math.abs(n), "point", "points");

function trend(change: number, since: string): string {
  if (change === 0) return `unchanged since ${since}`;
  return `${change > 0 ? "up" : "down"} ${points(change)} since ${since}`;
}

/** Ranks practices by favorable share, highest first (ties by practice number). */
export function rankPractices(practices: PracticeRating[]): { top: PracticeRating[]; bottom: PracticeRating[] } {
  const sorted = [...practices].sort((a, b) => b.favorable - a.favorable || a.practiceNumber - b.practiceNumber);
  const n = Math.min(TOP_BOTTOM, Math.floor(sorted.length / 2));
  return { top: sorted.slice(0, n), bottom: sorted.slice(sorted.length - n).reverse() };
}

/** The plain-language summary, one sentence per fact, from the model's own figures. */
export function writeNarrative(m: Omit<ReportModel, "narrative" | "keyFigures">): string[] {
  const out: string[] = [];
  const o = m.objectives;
  if (o.total === 0) {
    out.push("No objectives of an adopted strategic plan are recorded yet.");
  } else {
    out.push(`${onTrackOrDone(o.statusCounts)} of ${plural(o.total, "objective", "objectives")} ${isAre(onTrackOrDone(o.statusCounts))} on track or done.`);
    const lagging = atRiskOrOff(o.statusCounts);
    if (lagging > 0) {
      out.push(
        `${o.statusCounts.at_risk} ${isAre(o.statusCounts.at_risk)} at risk and ${o.statusCounts.off_track} ${isAre(o.statusCounts.off_track)} off track; they are listed under “Objectives at risk”.`,
      );
    }
  }

  const b = m.budget;
  const total = b.total;
  if (BigInt(total.amendedCents) > 0n) {
    out.push(
      `The organization has spent ${formatCents(total.actualCents, { wholeDollars: true })} of its ${formatCents(total.amendedCents, { wholeDollars: true })} amended budget for FY${b.fiscalYear} (${total.executionPercent}%).`,
    );
    if (m.period.kind === "quarter") out.push(`Budget figures are for the whole of FY${b.fiscalYear}, as recorded on ${m.asOf}.`);
    const largest = b.byPrimaryPractice
      .filter((r) => r.key !== "none" && BigInt(r.amendedCents) > 0n)
      .sort((x, y) => (BigInt(y.amendedCents) > BigInt(x.amendedCents) ? 1 : BigInt(y.amendedCents) < BigInt(x.amendedCents) ? -1 : 0))
      .slice(0, 2);
    for (const r of largest) {
      out.push(
        `Spending on ${practiceTitle(r.label)} is ${r.executionPercent}% of its amended budget of ${formatCents(r.amendedCents, { wholeDollars: true })}.`,
      );
    }
  } else {
    out.push(`No amended budget is recorded for FY${b.fiscalYear} yet.`);
  }

  if (m.workforce && m.workforce.goalCount > 0) {
    const w = m.workforce;
    out.push(`${onTrackOrDone(w.statusCounts)} of ${plural(w.goalCount, "workforce goal", "workforce goals")} ${isAre(onTrackOrDone(w.statusCounts))} on track or done.`);
  }

  const s = m.staffViews;
  if (s) {
    if (s.responded !== null && s.invited !== null && s.ratePct !== null) {
      out.push(`${s.responded.toLocaleString("en-US")} of ${s.invited.toLocaleString("en-US")} staff invited answered the assessment “${s.campaignTitle}” (${Math.round(s.ratePct)}%).`);
    }
    const count = s.practices.length;
    if (count >= 2) {
      const { top, bottom } = rankPractices(s.practices);
      const high = top[0]!;
      const low = bottom[0]!;
      out.push(`Staff rate ${high.practiceName} highest of the ${count} practices assessed: ${high.favorable}% of answers are favorable.`);
      out.push(
        `Staff rate ${low.practiceName} lowest of the ${count} practices assessed: ${low.favorable}% favorable${low.change !== null && s.previousTitle ? `, ${trend(low.change, `“${s.previousTitle}”`)}` : ""}.`,
      );
      const moved = s.practices.filter((p) => p.change !== null && p.change !== 0).sort((x, y) => Math.abs(y.change!) - Math.abs(x.change!) || x.practiceNumber - y.practiceNumber)[0];
      if (moved && s.previousTitle && moved.practiceNumber !== low.practiceNumber) {
        out.push(`The largest change since “${s.previousTitle}” is in ${moved.practiceName}: ${moved.change! > 0 ? "up" : "down"} ${points(moved.change!)}, to ${moved.favorable}% favorable.`);
      }
    } else if (count === 1) {
      const only = s.practices[0]!;
      out.push(`Staff rate ${only.practiceName} ${only.favorable}% favorable.`);
    }
  }
  return out;
}

/** "9. Service Delivery" → "Service Delivery". */
function practiceTitle(label: string): string {
  return label.replace(/^\d+\.\s*/, "");
}

export function keyFiguresOf(m: Omit<ReportModel, "narrative" | "keyFigures">): KeyFigure[] {
  const figures: KeyFigure[] = [];
  const o = m.objectives;
  figures.push({ key: "objectives_on_track", label: "Objectives on track or done", kind: "count", value: String(onTrackOrDone(o.statusCounts)), context: `of ${plural(o.total, "objective", "objectives")}` });
  figures.push({ key: "objectives_at_risk", label: "Objectives at risk or off track", kind: "count", value: String(atRiskOrOff(o.statusCounts)), context: `of ${plural(o.total, "objective", "objectives")}` });
  figures.push({ key: "budget_amended", label: `Amended budget, FY${m.budget.fiscalYear}`, kind: "money", value: m.budget.total.amendedCents, context: null });
  figures.push({ key: "budget_actual", label: "Spent so far", kind: "money", value: m.budget.total.actualCents, context: null });
  if (m.budget.total.executionPercent !== null) {
    figures.push({ key: "budget_execution", label: "Share of the amended budget spent", kind: "percent", value: m.budget.total.executionPercent, context: null });
  }
  if (m.workforce && m.workforce.goalCount > 0) {
    figures.push({ key: "workforce_on_track", label: "Workforce goals on track or done", kind: "count", value: String(onTrackOrDone(m.workforce.statusCounts)), context: `of ${plural(m.workforce.goalCount, "goal", "goals")}` });
  }
  if (m.staffViews?.ratePct !== null && m.staffViews?.ratePct !== undefined) {
    figures.push({ key: "assessment_participation", label: "Staff who answered the assessment", kind: "percent", value: String(Math.round(m.staffViews.ratePct)), context: `of ${plural(m.staffViews.invited ?? 0, "person", "people")} invited` });
  }
  return figures;
}

export function displayFigure(f: Pick<KeyFigure, "kind" | "value">): string {
  if (f.kind === "money") return formatCents(f.value, { wholeDollars: true });
  if (f.kind === "percent") return `${f.value}%`;
  return Number(f.value).toLocaleString("en-US");
}

export type FigureDifference = {
  key: string;
  label: string;
  kind: KeyFigureKind;
  earlier: string | null;
  later: string | null;
  /** later − earlier in the figure's own unit ("+3", "-1.5", cents "-125000"); null when either is missing. */
  difference: string | null;
};

/** A decimal string with at most one decimal as tenths, exactly. */
function tenths(value: string): bigint {
  const [whole = "0", frac = ""] = value.replace(/^-/, "").split(".");
  const t = BigInt(whole) * 10n + BigInt((frac + "0").slice(0, 1));
  return value.startsWith("-") ? -t : t;
}

function fromTenths(t: bigint): string {
  const neg = t < 0n;
  const a = neg ? -t : t;
  const s = a % 10n === 0n ? `${a / 10n}` : `${a / 10n}.${a % 10n}`;
  return `${neg ? "-" : t > 0n ? "+" : ""}${s}`;
}

/** The key figures of two reports side by side, with the change from the earlier to the later. */
export function compareFigures(earlier: KeyFigure[], later: KeyFigure[]): FigureDifference[] {
  const keys = [...new Set([...earlier.map((f) => f.key), ...later.map((f) => f.key)])];
  return keys.map((key) => {
    const a = earlier.find((f) => f.key === key) ?? null;
    const b = later.find((f) => f.key === key) ?? null;
    const kind = (b ?? a)!.kind;
    let difference: string | null = null;
    if (a && b) {
      if (kind === "money") {
        const d = BigInt(b.value) - BigInt(a.value);
        difference = `${d > 0n ? "+" : ""}${d}`;
      } else {
        difference = fromTenths(tenths(b.value) - tenths(a.value));
      }
    }
    return { key, label: (b ?? a)!.label.replace(/, FY\d{4}$/, ""), kind, earlier: a?.value ?? null, later: b?.value ?? null, difference };
  });
}

export function displayDifference(d: FigureDifference): string {
  if (d.difference === null) return "—";
  if (d.kind === "money") {
    const c = BigInt(d.difference);
    const size = c < 0n ? -c : c;
    // Whole dollars like the figures, except a change under a dollar, which would read "$0".
    return c === 0n ? "No change" : `${c > 0n ? "+" : "−"}${formatCents(size, { wholeDollars: size >= 100n })}`;
  }
  if (/^0$/.test(d.difference)) return "No change";
  const sign = d.difference.startsWith("-") ? "−" : "+";
  const body = d.difference.replace(/^[+-]/, "");
  return d.kind === "percent" ? `${sign}${body} points` : `${sign}${body}`;
}

export function statusRows(counts: StatusCounts): { status: ObjectiveStatus; label: string; count: number }[] {
  return OBJECTIVE_STATUSES.map((s) => ({ status: s, label: OBJECTIVE_STATUS_LABELS[s], count: counts[s] }));
}

/** Share of a count in a total, one decimal, for tables ("25.0"); null when the total is zero. */
export const shareOf = (n: number, total: number) => ratioPercent(BigInt(n), BigInt(total), 1);
