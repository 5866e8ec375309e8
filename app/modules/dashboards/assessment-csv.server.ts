// The dashboards' assessment tables as CSV files: made only from the panels the page shows
// (getAssessmentPanels, which reads survey data through the results service alone), so a hidden
// group is hidden in the file too, with the service's note. Favorable % with one decimal.
import { csvFile, type CsvFile, type CsvTable } from "~/modules/exports/csv.server";
import type { ParticipationRow } from "~/modules/assessments/results.server";
import { notFound } from "~/utils/http.server";
import type { AssessmentPanels, ScoreRow } from "./assessments.server";

export const ASSESSMENT_TABLES = ["assessments-heatmap", "assessments-change", "assessments-trend", "assessments-groups", "assessments-participation"] as const;
export type AssessmentTable = (typeof ASSESSMENT_TABLES)[number];

export function isAssessmentTable(value: unknown): value is AssessmentTable {
  return typeof value === "string" && (ASSESSMENT_TABLES as readonly string[]).includes(value);
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? null : v.toFixed(1));
const NO_TABLE = "There is no such table on this page.";

type Practice = { number: number; name: string };
type GroupedScore = ScoreRow & { dimension: string };

const scoreColumns = (practices: Practice[], first: string, withDimension: boolean): CsvTable<GroupedScore> => [
  ...(withDimension ? [{ header: "dimension", value: (r: GroupedScore) => r.dimension }] : []),
  { header: first, value: (r) => r.label },
  { header: "respondents", value: (r) => r.n },
  ...practices.map((p, i) => ({ header: `favorable_percent_${p.number}`, value: (r: GroupedScore) => pct(r.favorable[i]) })),
  { header: "note", value: (r) => r.note },
];

const PARTICIPATION_COLUMNS: CsvTable<ParticipationRow> = [
  { header: "department", value: (r) => r.departmentName },
  { header: "invited", value: (r) => r.invited },
  { header: "responded", value: (r) => r.responded },
  { header: "response_rate_percent", value: (r) => pct(r.ratePct) },
  { header: "note", value: (r) => r.note },
];

/** One assessment table of a dashboard's panels; 404 when the page does not show it (no closed
 * campaign, a role the results service refuses, or a panel this page does not have). */
export function assessmentTableCsv(nameParts: readonly (string | number | null | undefined)[], panels: AssessmentPanels, table: AssessmentTable): CsvFile {
  if (panels.state !== "ready") notFound(NO_TABLE);
  const name = [...nameParts, table, panels.campaign.title];
  switch (table) {
    case "assessments-heatmap": {
      const h = panels.heatmap;
      if (!h) notFound(NO_TABLE);
      return csvFile(name, scoreColumns(h.practices, "department", false), [...h.rows, h.total].map((r) => ({ ...r, dimension: "department" })));
    }
    case "assessments-groups": {
      const groups = panels.groups;
      if (!groups?.length) notFound(NO_TABLE);
      return csvFile(name, scoreColumns(groups[0]!.practices, "group", true), groups.flatMap((g) => g.rows.map((r) => ({ ...r, dimension: g.dimensionLabel }))));
    }
    case "assessments-trend": {
      const t = panels.trend;
      if (!t) notFound(NO_TABLE);
      const columns: CsvTable<(typeof t.campaigns)[number]> = [
        { header: "campaign", value: (c) => c.title },
        { header: "closed_on", value: (c) => c.closesOn },
        ...t.practices.map((p, i) => ({ header: `favorable_percent_${p.number}`, value: (c: (typeof t.campaigns)[number]) => pct(c.favorable[i]) })),
      ];
      return csvFile(name, columns, t.campaigns);
    }
    case "assessments-change": {
      const c = panels.change;
      if (!c) notFound(NO_TABLE);
      const columns: CsvTable<(typeof c.rows)[number]> = [
        { header: "practice", value: (r) => `${r.practiceNumber}. ${r.practiceName}` },
        { header: "favorable_percent_now", value: (r) => pct(r.current) },
        { header: `favorable_percent_before (${c.previous.title})`, value: (r) => pct(r.previous) },
        { header: "change_points", value: (r) => pct(r.change) },
      ];
      // In the page's order: the largest fall first, practices without a change last.
      return csvFile(name, columns, [...c.rows].sort((a, b) => (a.change ?? Infinity) - (b.change ?? Infinity)));
    }
    case "assessments-participation": {
      const p = panels.participation;
      if (!p) notFound(NO_TABLE);
      return csvFile(name, PARTICIPATION_COLUMNS, [...p.departments, p.total]);
    }
  }
}
