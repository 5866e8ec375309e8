import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { cachedJson } from "~/modules/cache/view-cache.server";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { DashboardTabs, FilterForm, ScopeLine } from "~/modules/dashboards/components/dashboard-ui";
import { BudgetFocusSection, PlanFocusSection, WorkforceFocusSection } from "~/modules/dashboards/components/focus-sections";
import { dashboardQueryFrom, filtersQuery } from "~/modules/dashboards/filters";
import { getServiceDelivery } from "~/modules/dashboards/focus.server";
import dashboardStyles from "~/styles/dashboards.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Service delivery, ${data.fiscalYearLabel} — Dashboards — Praxis` : "Service delivery — Praxis" },
];

/** Served from the view cache while nothing of the organization changes (ADR 014). */
export const handle = { viewCache: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "dashboards.read");
  // What the page shows, computed once per organization data version (app/modules/cache).
  return cachedJson(ctx, request, async () => {
    const view = await getServiceDelivery(ctx, dashboardQueryFrom(new URL(request.url).searchParams));
    return { orgSlug: ctx.orgSlug, ...view };
  });
}

export default function ServiceDelivery() {
  const data = useLoaderData<typeof loader>();
  const practices = data.focus.practices;
  const subject = "linked to practices 9 and 10";
  const csvHref = (table: string) => `/o/${data.orgSlug}/dashboards.csv${filtersQuery(data.filters, data.currentFiscalYear, { page: "service-delivery", table })}`;
  const common = { orgSlug: data.orgSlug, focus: data.focus, idPrefix: "service", subject, fiscalYearLabel: data.fiscalYearLabel, fiscalYear: data.filters.fiscalYear, csvHref };
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Service delivery</h1>
          <p>
            {practices.map((p) => `${p.number}. ${p.name}`).join(" and ")}: the objectives and measures linked to them, target against actual, and the
            spending that serves them.
          </p>
          <ScopeLine fiscalYearLabel={data.fiscalYearLabel} departmentName={data.departmentName} planTitle={data.planTitle} />
        </div>
      </div>
      <DashboardTabs orgSlug={data.orgSlug} query={filtersQuery(data.filters, data.currentFiscalYear)} />
      <FilterForm choices={data.choices} filters={data.filters} />
      <PlanFocusSection {...common} />
      <BudgetFocusSection {...common} />
      <WorkforceFocusSection {...common} />
    </>
  );
}
