// The dashboards' filters as plain data, shared by the services and the pages (no server code).
import type { PlanStatus } from "~/modules/plans/plans.schema";

/** What the address asks for (raw); see dashboardQueryFrom. `objectivesPage` and `measuresPage`
 * are the pages of the focus views' objective and measure lists. */
export type DashboardQuery = {
  fy?: string | null;
  department?: string | null;
  plan?: string | null;
  campaign?: string | null;
  objectivesPage?: string | null;
  measuresPage?: string | null;
};

/** The address parameters of the focus lists' pages. */
export const LIST_PAGE_PARAMS = { objectives: "objectivesPage", measures: "measuresPage" } as const;

export function dashboardQueryFrom(params: URLSearchParams): DashboardQuery {
  return {
    fy: params.get("fy"),
    department: params.get("department"),
    plan: params.get("plan"),
    campaign: params.get("campaign"),
    objectivesPage: params.get(LIST_PAGE_PARAMS.objectives),
    measuresPage: params.get(LIST_PAGE_PARAMS.measures),
  };
}

export type DashboardFilters = {
  fiscalYear: number;
  departmentId: string | null;
  planId: string | null;
  /** A closed assessment campaign chosen in the address; null: the latest closed one. */
  campaignId: string | null;
};

export type DashboardChoices = {
  fiscalYears: { value: number; label: string; isCurrent: boolean }[];
  departments: { id: string; name: string; archived: boolean }[];
  plans: { id: string; title: string; status: PlanStatus; periodLabel: string }[];
};

export type ResolvedFilters = {
  filters: DashboardFilters;
  choices: DashboardChoices;
  fiscalYearLabel: string;
  currentFiscalYear: number;
  departmentName: string | null;
  planTitle: string | null;
};

/** The query string of a filtered view, without the defaults (short, stable links): "?fy=2025&department=…". */
export function filtersQuery(filters: DashboardFilters, currentFiscalYear: number, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  if (filters.fiscalYear !== currentFiscalYear) q.set("fy", String(filters.fiscalYear));
  if (filters.departmentId) q.set("department", filters.departmentId);
  if (filters.planId) q.set("plan", filters.planId);
  if (filters.campaignId) q.set("campaign", filters.campaignId);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
}
