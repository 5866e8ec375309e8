// The seam where staff assessment results join the dashboards: the practices × departments
// heatmap, participation, change since the previous campaign, the equity cuts by group and the
// staff-effectiveness trend. Every number here must come from the assessments module's results
// service (which applies the anonymity threshold and secondary suppression); the dashboards never
// read responses or answers themselves. Until that service exists, every dashboard shows the
// "no closed campaign" state, and the pages already have the place (and the campaign filter's
// place in the address, ?campaign=<id>) where the results will go.
import type { TenantContext } from "~/modules/auth/tenant.server";
import type { DashboardFilters } from "./filters";

/** Which assessment panels a dashboard shows. */
export type AssessmentPanelKind = "heatmap" | "participation" | "change" | "equity_groups" | "trend";

export type AssessmentPanels =
  /** No closed campaign (or results not available yet): the pages show a plain empty state. */
  | { state: "none"; message: string }
  /** Filled in by the results service: the campaign shown and its suppressed results. */
  | { state: "ready"; campaign: { id: string; title: string; closedOn: string }; panels: Partial<Record<AssessmentPanelKind, unknown>> };

export const NO_CLOSED_CAMPAIGN =
  "No closed assessment campaign yet. When a staff assessment campaign closes, its results by practice and department appear here, with groups smaller than the anonymity threshold hidden.";

/**
 * The assessment panels for a dashboard. The campaign is the latest closed one unless the address
 * names another (?campaign=); elected officials only ever see closed campaigns.
 */
export async function getAssessmentPanels(
  _ctx: TenantContext,
  _input: { filters: DashboardFilters; campaignId?: string | null; panels: AssessmentPanelKind[] },
): Promise<AssessmentPanels> {
  return { state: "none", message: NO_CLOSED_CAMPAIGN };
}
