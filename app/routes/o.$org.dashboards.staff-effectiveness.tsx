import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { CsvLink } from "~/components/csv-link";
import { Link, useLoaderData } from "@remix-run/react";
import { cachedJson } from "~/modules/cache/view-cache.server";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { DashboardTabs, FilterForm, ScopeLine, WorkforceGoalsTable } from "~/modules/dashboards/components/dashboard-ui";
import { BudgetFocusSection, PlanFocusSection } from "~/modules/dashboards/components/focus-sections";
import { AssessmentSection } from "~/modules/dashboards/components/assessment-panels";
import { pageAssessmentPanels } from "~/modules/dashboards/panel-pages";
import { dashboardQueryFrom, filtersQuery } from "~/modules/dashboards/filters";
import { getStaffEffectiveness } from "~/modules/dashboards/focus.server";
import dashboardStyles from "~/styles/dashboards.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Staff effectiveness, ${data.fiscalYearLabel} — Dashboards — Praxis` : "Staff effectiveness — Praxis" },
];

/** Served from the view cache while nothing of the organization changes (ADR 014). */
export const handle = { viewCache: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "dashboards.read");
  // What the page shows, computed once per organization data version (app/modules/cache).
  return cachedJson(ctx, request, async () => {
    const search = new URL(request.url).searchParams;
    const view = await getStaffEffectiveness(ctx, dashboardQueryFrom(search));
    // The page shows its workforce goals by metric (view.metrics), not as one more list: not sent twice.
    return { orgSlug: ctx.orgSlug, ...view, focus: { ...view.focus, workforceGoals: null }, assessments: pageAssessmentPanels(view.assessments, search) };
  });
}

export default function StaffEffectiveness() {
  const data = useLoaderData<typeof loader>();
  const subject = "linked to practices 4, 5 and 13";
  const csvHref = (table: string) => `/o/${data.orgSlug}/dashboards.csv${filtersQuery(data.filters, data.currentFiscalYear, { page: "staff-effectiveness", table })}`;
  const common = { orgSlug: data.orgSlug, focus: data.focus, idPrefix: "staff", subject, fiscalYearLabel: data.fiscalYearLabel, fiscalYear: data.filters.fiscalYear, csvHref };
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Staff effectiveness</h1>
          <p>
            {data.focus.practices.map((p) => `${p.number}. ${p.name}`).join("; ")}: workforce metrics against their goals, and the objectives and spending
            linked to these practices.
          </p>
          <ScopeLine fiscalYearLabel={data.fiscalYearLabel} departmentName={data.departmentName} planTitle={data.planTitle} />
        </div>
      </div>
      <DashboardTabs orgSlug={data.orgSlug} query={filtersQuery(data.filters, data.currentFiscalYear)} />
      <FilterForm choices={data.choices} filters={data.filters} campaigns={data.assessments.campaigns} />
      {data.metrics ? (
        <section className="card dash-section" aria-labelledby="staff-metrics">
          <h2 id="staff-metrics">Workforce metrics against goals</h2>
          {data.metrics.every((m) => m.goals.length === 0) ? (
            <p className="empty-inline">
              No goal on turnover, vacancies, time to hire, training or ethics training{data.departmentName ? ` for ${data.departmentName}` : ""} yet.{" "}
              <Link to={`/o/${data.orgSlug}/workforce`}>See workforce goals</Link>.
            </p>
          ) : (
            data.metrics.map((m) => (
              <div key={m.metric}>
                <h3>{m.label}</h3>
                {m.goals.length ? (
                  <WorkforceGoalsTable orgSlug={data.orgSlug} caption={`${m.label}: goals against their targets`} goals={m.goals} />
                ) : (
                  <p className="empty-inline">No {m.label.toLowerCase()} goal.</p>
                )}
              </div>
            ))
          )}
          {data.metrics.some((m) => m.goals.length > 0) ? <CsvLink href={csvHref("workforce-metrics")} label="Download the workforce metrics' goals (CSV)" /> : null}
        </section>
      ) : null}
      <AssessmentSection id="staff-assessments" title="Practices 4, 5 and 13 across campaigns" panels={data.assessments} orgSlug={data.orgSlug} csvHref={csvHref} />
      <PlanFocusSection {...common} />
      <BudgetFocusSection {...common} />
    </>
  );
}
