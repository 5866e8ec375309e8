// The practice page's scores across campaigns as a CSV file: made by the same service call as the
// page, so the file holds exactly the table's numbers (a hidden campaign is blank, with its note).
import type { TenantContext } from "~/modules/auth/tenant.server";
import { csvFile, type CsvFile, type CsvTable } from "~/modules/exports/csv.server";
import { notFound } from "~/utils/http.server";
import { getPracticeScores, type PracticeTrendRow } from "./assessments.server";

const COLUMNS: CsvTable<PracticeTrendRow> = [
  { header: "campaign", value: (r) => r.title },
  { header: "closed_on", value: (r) => r.closesOn },
  { header: "respondents", value: (r) => r.n },
  { header: "favorable_percent", value: (r) => (r.favorable === null ? null : r.favorable.toFixed(1)) },
  { header: "mean", value: (r) => (r.mean === null ? null : r.mean.toFixed(2)) },
  { header: "note", value: (r) => r.note },
];

export async function practiceScoresCsv(ctx: TenantContext, practiceNumber: number): Promise<CsvFile> {
  const scores = await getPracticeScores(ctx, practiceNumber);
  if (scores.state !== "ready") notFound(scores.message);
  return csvFile([ctx.orgSlug, "practice", practiceNumber, "assessment-scores"], COLUMNS, scores.campaigns);
}
