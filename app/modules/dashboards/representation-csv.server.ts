// The equity dashboard's workforce representation as a CSV file: made by the same service call as
// the page, so the file holds exactly the tables' numbers (a hidden cell is blank, with why).
import type { TenantContext } from "~/modules/auth/tenant.server";
import { csvFile, type CsvFile, type CsvTable } from "~/modules/exports/csv.server";
import type { RepresentationRow } from "~/modules/workforce/representation";
import { getWorkforceRepresentation } from "~/modules/workforce/representation.server";

type Line = RepresentationRow & { level: string; levelTotal: number | null };

const COLUMNS: CsvTable<Line> = [
  { header: "level", value: (r) => r.level },
  { header: "level_active_staff", value: (r) => r.levelTotal },
  { header: "group", value: (r) => r.group },
  { header: "people", value: (r) => r.count },
  { header: "workforce_share_percent", value: (r) => (r.workforcePercent === null ? null : r.workforcePercent.toFixed(1)) },
  { header: "community_share_percent", value: (r) => r.communityPercent },
  { header: "gap_points", value: (r) => (r.gapPoints === null ? null : r.gapPoints.toFixed(1)) },
  { header: "hidden", value: (r) => (r.hidden === "small" ? "fewer than the threshold" : r.hidden === "complementary" ? "hidden so a smaller group can't be worked out" : "") },
];

export async function representationCsv(ctx: TenantContext, category: string | null): Promise<CsvFile> {
  const v = await getWorkforceRepresentation(ctx, category);
  const lines = [v.table.overall, ...v.table.levels].flatMap((b) => b.rows.map((r) => ({ ...r, level: b.label, levelTotal: b.total })));
  return csvFile([ctx.orgSlug, "workforce-representation", v.category], COLUMNS, lines);
}
