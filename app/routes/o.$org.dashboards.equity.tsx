import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { cachedJson } from "~/modules/cache/view-cache.server";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { DashboardTabs, FilterForm, ScopeLine } from "~/modules/dashboards/components/dashboard-ui";
import { BudgetFocusSection, PlanFocusSection, WorkforceFocusSection } from "~/modules/dashboards/components/focus-sections";
import { AssessmentSection } from "~/modules/dashboards/components/assessment-panels";
import { RepresentationSection } from "~/modules/dashboards/components/representation-section";
import { pageAssessmentPanels } from "~/modules/dashboards/panel-pages";
import { dashboardQueryFrom, filtersQuery } from "~/modules/dashboards/filters";
import { getEquityDashboard } from "~/modules/dashboards/focus.server";
import dashboardStyles from "~/styles/dashboards.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Equity, ${data.fiscalYearLabel} — Dashboards — Praxis` : "Equity — Praxis" },
];

/** Served from the view cache while nothing of the organization changes (ADR 014). */
export const handle = { viewCache: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "dashboards.read");
  // What the page shows, computed once per organization data version (app/modules/cache).
  return cachedJson(ctx, request, async () => {
    const search = new URL(request.url).searchParams;
    const view = await getEquityDashboard(ctx, dashboardQueryFrom(search), { category: search.get("category") });
    return { orgSlug: ctx.orgSlug, ...view, assessments: pageAssessmentPanels(view.assessments, search) };
  });
}

export default function Equity() {
  const data = useLoaderData<typeof loader>();
  const practice = data.focus.practices[0];
  const subject = "linked to practice 3";
  const csvHref = (table: string) => `/o/${data.orgSlug}/dashboards.csv${filtersQuery(data.filters, data.currentFiscalYear, { page: "equity", table })}`;
  const common = { orgSlug: data.orgSlug, focus: data.focus, idPrefix: "equity", subject, fiscalYearLabel: data.fiscalYearLabel, fiscalYear: data.filters.fiscalYear, csvHref };
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Equity</h1>
          <p>
            Practice {practice?.number}. {practice?.name}: the objectives, measures, spending and workforce goals that serve it.
          </p>
          <ScopeLine fiscalYearLabel={data.fiscalYearLabel} departmentName={data.departmentName} planTitle={data.planTitle} />
        </div>
      </div>
      <DashboardTabs orgSlug={data.orgSlug} query={filtersQuery(data.filters, data.currentFiscalYear)} />
      <FilterForm
        choices={data.choices}
        filters={data.filters}
        campaigns={data.assessments.campaigns}
        keep={data.representation.available ? { category: data.representation.category } : {}}
      />
      <AssessmentSection id="equity-assessments" title="Assessment scores by group and department" panels={data.assessments} orgSlug={data.orgSlug} csvHref={csvHref} />
      <RepresentationSection
        view={data.representation}
        orgSlug={data.orgSlug}
        hiddenFilters={Object.fromEntries(new URLSearchParams(filtersQuery(data.filters, data.currentFiscalYear)))}
      />
      <PlanFocusSection {...common} />
      <BudgetFocusSection {...common} />
      <WorkforceFocusSection {...common} subject="linked to practice 3 or on representation" />
    </>
  );
}
