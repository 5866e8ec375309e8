// The per-department tables of the assessment panels (the heatmap and participation: a row per
// department, 60 in a large city) are shown a page at a time. The results service computes every
// row (its suppression works on the whole); the loader keeps only the page it shows, so the rows
// not shown are neither rendered nor serialized into the page. CSV downloads hold every row.
import type { AssessmentPanels } from "./assessments.server";
import { pageOfRows } from "~/modules/core/pagination";

export const PANEL_PAGE_SIZE = 15;
/** The address parameters of the panels' pages. */
export const PANEL_PAGE_PARAMS = { heatmap: "heatmapPage", participation: "participationPage" } as const;
export type PanelList = keyof typeof PANEL_PAGE_PARAMS;

export type PanelPage = { page: number; pageCount: number; count: number; pageSize: number };
export type PagedAssessmentPanels = AssessmentPanels & { pages?: Partial<Record<PanelList, PanelPage>> };

function slice<T>(rows: T[], raw: string | null): { rows: T[]; page: PanelPage } {
  const p = pageOfRows(rows, raw, PANEL_PAGE_SIZE);
  return { rows: p.rows, page: { page: p.page, pageCount: p.pageCount, count: p.total, pageSize: PANEL_PAGE_SIZE } };
}

/** The panels with one page of their per-department rows (pages from the address; the first by
 * default), and where each list stands. Totals are kept whole. */
export function pageAssessmentPanels(panels: AssessmentPanels, params: URLSearchParams): PagedAssessmentPanels {
  if (panels.state !== "ready") return panels;
  const pages: Partial<Record<PanelList, PanelPage>> = {};
  let { heatmap, participation } = panels;
  if (heatmap) {
    const s = slice(heatmap.rows, params.get(PANEL_PAGE_PARAMS.heatmap));
    heatmap = { ...heatmap, rows: s.rows };
    pages.heatmap = s.page;
  }
  if (participation) {
    const s = slice(participation.departments, params.get(PANEL_PAGE_PARAMS.participation));
    participation = { ...participation, departments: s.rows };
    pages.participation = s.page;
  }
  return { ...panels, heatmap, participation, pages };
}
