import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { can } from "~/modules/auth/permissions";
import { cachedJson } from "~/modules/cache/view-cache.server";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { CsvLink } from "~/components/csv-link";
import { formatCents } from "~/modules/budget/money";
import {
  BudgetTable,
  chartDollars,
  ChartBox,
  DashboardTabs,
  Execution,
  FilterForm,
  MONEY_COLORS,
  ScopeLine,
  STATUS_COLORS,
  StatusCountsTable,
  StatusSummary,
  TableWrap,
} from "~/modules/dashboards/components/dashboard-ui";
import { AssessmentSection } from "~/modules/dashboards/components/assessment-panels";
import { pageAssessmentPanels } from "~/modules/dashboards/panel-pages";
import { dashboardQueryFrom, filtersQuery } from "~/modules/dashboards/filters";
import { getOrganizationOverview } from "~/modules/dashboards/overview.server";
import { OBJECTIVE_STATUS_LABELS, OBJECTIVE_STATUSES } from "~/modules/plans/plans.schema";
import dashboardStyles from "~/styles/dashboards.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Organization overview, ${data.fiscalYearLabel} — Dashboards — Praxis` : "Organization overview — Praxis" },
];

/** Served from the view cache while nothing of the organization changes (ADR 014). */
export const handle = { viewCache: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "dashboards.read");
  // What the page shows, computed once per organization data version (app/modules/cache).
  return cachedJson(ctx, request, async () => {
    const search = new URL(request.url).searchParams;
    const overview = await getOrganizationOverview(ctx, dashboardQueryFrom(search));
    return { orgSlug: ctx.orgSlug, canOpenDepartments: can(ctx.role, "departments.read"), ...overview, assessments: pageAssessmentPanels(overview.assessments, search) };
  });
}

export default function OrganizationOverview() {
  const data = useLoaderData<typeof loader>();
  const { orgSlug, filters, planProgress: plan, budget, workforce, needsAttention: attention } = data;
  const base = `/o/${orgSlug}`;
  const query = filtersQuery(filters, data.currentFiscalYear);
  const practiceRows = plan.byPractice.filter((p) => p.objectiveCount > 0);
  const attentionEmpty =
    attention.practices.length + attention.departmentsLagging.length + attention.departmentsStale.length + attention.departmentsLowExecution.length === 0;
  const departmentHref = (id: string) => `${base}/departments/${id}`;
  // Elected officials read the dashboards but not the department pages: names without links.
  const DepartmentName = ({ id, name }: { id: string; name: string }) =>
    data.canOpenDepartments ? <Link to={departmentHref(id)}>{name}</Link> : <>{name}</>;
  const budgetLinesLink = `${base}/budget/lines?fy=${filters.fiscalYear}`;
  const csv = (table: string, what: string) => (
    <CsvLink href={`${base}/dashboards.csv${filtersQuery({ ...filters, campaignId: null }, -1, { table })}`} label={`Download ${what} as CSV`} />
  );
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Organization overview</h1>
          <ScopeLine fiscalYearLabel={data.fiscalYearLabel} departmentName={data.departmentName} planTitle={data.planTitle} />
        </div>
      </div>
      <DashboardTabs orgSlug={orgSlug} query={query} />
      <FilterForm choices={data.choices} filters={filters} campaigns={data.assessments.campaigns} />

      <section className="card" aria-labelledby="attention">
        <h2 id="attention">Needs attention</h2>
        {attentionEmpty ? (
          <p className="empty-inline">Nothing stands out: no objective is off track or at risk, nothing is stale, and no department has an amended budget to execute.</p>
        ) : (
          <div className="grid two">
            {attention.practices.length ? (
              <div>
                <h3>Practices with the most objectives off track or at risk</h3>
                <ol className="attention-list">
                  {attention.practices.map((p) => (
                    <li key={p.practiceNumber}>
                      <Link to={`${base}/practices/${p.practiceNumber}`}>
                        {p.practiceNumber}. {p.practiceName}
                      </Link>
                      : {p.offTrack} off track, {p.atRisk} at risk
                    </li>
                  ))}
                </ol>
              </div>
            ) : null}
            {attention.departmentsLagging.length ? (
              <div>
                <h3>Departments with the most objectives off track or at risk</h3>
                <ol className="attention-list">
                  {attention.departmentsLagging.map((d) => (
                    <li key={d.departmentId}>
                      <DepartmentName id={d.departmentId} name={d.departmentName} />: {d.offTrack} off track, {d.atRisk} at risk
                    </li>
                  ))}
                </ol>
              </div>
            ) : null}
            {attention.departmentsStale.length ? (
              <div>
                <h3>Departments with the most stale items</h3>
                <ol className="attention-list">
                  {attention.departmentsStale.map((d) => (
                    <li key={d.departmentId}>
                      <DepartmentName id={d.departmentId} name={d.departmentName} />: {d.staleCount} stale{" "}
                      {d.staleCount === 1 ? "objective or measure" : "objectives and measures"}
                    </li>
                  ))}
                </ol>
              </div>
            ) : null}
            {attention.departmentsLowExecution.length ? (
              <div>
                <h3>Departments with the lowest budget execution</h3>
                <ol className="attention-list">
                  {attention.departmentsLowExecution.map((d) => (
                    <li key={d.departmentId}>
                      <DepartmentName id={d.departmentId} name={d.departmentName} />: <Execution percent={d.executionPercent} /> of the amended budget spent
                    </li>
                  ))}
                </ol>
              </div>
            ) : null}
          </div>
        )}
      </section>

      <section className="card dash-section" aria-labelledby="plan-progress">
        <h2 id="plan-progress">Plan progress</h2>
        {plan.objectiveCount === 0 ? (
          <p className="empty-inline">
            No objective in {data.planTitle ? "this plan" : "an adopted plan"}
            {data.departmentName ? ` of ${data.departmentName}` : ""} yet. <Link to={`${base}/plans`}>See the plans</Link>.
          </p>
        ) : (
          <>
            <StatusSummary counts={plan.statusCounts} label={`${plan.objectiveCount} objectives by status`} />
            <p>
              {plan.objectiveCount} objectives; {plan.staleObjectiveCount} stale {plan.staleObjectiveCount === 1 ? "objective" : "objectives"} and{" "}
              {plan.staleMeasureCount} stale {plan.staleMeasureCount === 1 ? "measure" : "measures"}.{" "}
              {plan.staleObjectiveCount + plan.staleMeasureCount > 0 ? <Link to={`${base}/plans/stale`}>See the stale items</Link> : null}
            </p>
            <h3>By practice</h3>
            {practiceRows.length ? (
              <>
                <ChartBox
                  height={Math.max(10, practiceRows.length * 2 + 4)}
                  label="Stacked bar chart of objectives by status for each practice. The same numbers are in the table below."
                  categories={practiceRows.map((p) => `${p.practiceNumber}. ${p.practiceName}`)}
                  series={OBJECTIVE_STATUSES.map((s) => ({
                    label: OBJECTIVE_STATUS_LABELS[s],
                    color: STATUS_COLORS[s],
                    values: practiceRows.map((p) => p.statusCounts[s]),
                  }))}
                  stacked
                />
                <StatusCountsTable
                  caption="Objectives by status and practice (an objective linked to several practices counts under each)"
                  firstColumn="Practice"
                  rows={practiceRows.map((p) => ({
                    key: String(p.practiceNumber),
                    label: (
                      <Link to={`${base}/practices/${p.practiceNumber}`}>
                        {p.practiceNumber}. {p.practiceName}
                      </Link>
                    ),
                    counts: p.statusCounts,
                    total: p.objectiveCount,
                  }))}
                />
                {csv("objectives-by-practice", "objectives by practice")}
              </>
            ) : null}
            <p className="muted small">
              {plan.notLinkedCount} {plan.notLinkedCount === 1 ? "objective is" : "objectives are"} not linked to any practice.
            </p>
            <h3>By department</h3>
            <StatusCountsTable
              caption="Objectives by status and owner department"
              firstColumn="Department"
              rows={plan.byDepartment.map((d) => ({
                key: d.departmentId,
                label: <DepartmentName id={d.departmentId} name={d.departmentName} />,
                counts: d.statusCounts,
                total: d.objectiveCount,
              }))}
              total={{ counts: plan.statusCounts, total: plan.objectiveCount }}
            />
            {csv("objectives-by-department", "objectives by department")}
          </>
        )}
      </section>

      <section className="card dash-section" aria-labelledby="budget">
        <h2 id="budget">Budget</h2>
        {budget.total.lines === 0 ? (
          <p className="empty-inline">
            No budget lines for {data.fiscalYearLabel}
            {data.departmentName ? ` in ${data.departmentName}` : ""}. <Link to={`${base}/budget`}>See the budget</Link>.
          </p>
        ) : (
          <>
            <p>
              <Money0 cents={budget.total.actualCents} /> spent of an amended budget of <Money0 cents={budget.total.amendedCents} /> (
              <Execution percent={budget.total.executionPercent} /> executed). <Link to={budgetLinesLink}>See the budget lines</Link>.
            </p>
            <h3>By department</h3>
            <ChartBox
              height={Math.max(10, budget.byDepartment.length * 2 + 4)}
              label="Bar chart of the amended budget and actual spending by department. The same numbers are in the table below."
              categories={budget.byDepartment.map((r) => r.label)}
              series={[
                { label: "Amended", color: MONEY_COLORS.amended, values: budget.byDepartment.map((r) => chartDollars(r.amendedCents)) },
                { label: "Actual", color: MONEY_COLORS.actual, values: budget.byDepartment.map((r) => chartDollars(r.actualCents)) },
              ]}
              money
            />
            <BudgetTable
              caption={`Budget by department, ${data.fiscalYearLabel}`}
              firstColumn="Department"
              rows={budget.byDepartment}
              total={budget.total}
              link={(r) => (r.key === "unassigned" || !data.canOpenDepartments ? null : departmentHref(r.key))}
            />
            {csv("budget-by-department", "the budget by department")}
            <h3>By practice</h3>
            <BudgetTable
              caption={`Budget by each line's primary practice, ${data.fiscalYearLabel}`}
              firstColumn="Primary practice"
              rows={budget.byPrimaryPractice}
              total={budget.total}
              link={(r) => (r.key === "none" ? null : `${base}/practices/${r.key}${filters.fiscalYear !== data.currentFiscalYear ? `?fy=${filters.fiscalYear}` : ""}`)}
            />
            {csv("budget-by-practice", "the budget by practice")}
          </>
        )}
      </section>

      {workforce ? (
        <section className="card" aria-labelledby="workforce">
          <h2 id="workforce">Workforce goals</h2>
          {workforce.goalCount === 0 ? (
            <p className="empty-inline">
              No workforce goal{data.departmentName ? ` for ${data.departmentName}` : ""} yet. <Link to={`${base}/workforce`}>See workforce goals</Link>.
            </p>
          ) : (
            <>
              <StatusSummary counts={workforce.statusCounts} label={`${workforce.goalCount} workforce goals by status`} />
              <TableWrap label="Workforce goals against their targets (latest value)">
                <table>
                  <caption>Workforce goals against their targets (latest value)</caption>
                  <thead>
                    <tr>
                      <th scope="col">Goals</th>
                      <th scope="col" className="num">
                        Target met
                      </th>
                      <th scope="col" className="num">
                        Short of target
                      </th>
                      <th scope="col" className="num">
                        No value yet
                      </th>
                      <th scope="col" className="num">
                        No target set
                      </th>
                      <th scope="col" className="num">
                        Stale
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    <tr>
                      <th scope="row">{workforce.goalCount}</th>
                      <td className="num">{workforce.targets.met}</td>
                      <td className="num">{workforce.targets.not_met}</td>
                      <td className="num">{workforce.targets.no_value}</td>
                      <td className="num">{workforce.targets.no_target}</td>
                      <td className="num">{workforce.staleCount}</td>
                    </tr>
                  </tbody>
                </table>
              </TableWrap>
              <p>
                <Link to={`${base}/dashboards/staff-effectiveness${query}`}>Workforce metrics on the staff effectiveness dashboard</Link>
              </p>
            </>
          )}
        </section>
      ) : null}

      <AssessmentSection
        id="assessments"
        title="Staff assessments"
        panels={data.assessments}
        orgSlug={data.orgSlug}
        csvHref={(table) => `${base}/dashboards.csv${filtersQuery(filters, -1, { table })}`}
      />
    </>
  );
}

/** Whole dollars for a sentence (the tables show the cents). */
function Money0({ cents }: { cents: string }) {
  return <>{formatCents(cents, { wholeDollars: true })}</>;
}
