import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { Pager } from "~/components/pager";
import { pageNumberFrom } from "~/modules/core/pagination";
import { cachedJson } from "~/modules/cache/view-cache.server";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { formatIsoDate, staleWhy } from "~/modules/plans/components/plan-badges";
import { REPORTING_FREQUENCY_LABELS } from "~/modules/plans/plans.schema";
import { getStaleItemsPage } from "~/modules/plans/plans.server";
import { organizationToday } from "~/modules/core/today";
import { CsvLink } from "~/components/csv-link";

export const meta: MetaFunction = () => [{ title: "Stale items — Plans — Praxis" }];

/** Served from the view cache while nothing of the organization changes (ADR 014). */
export const handle = { viewCache: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "plans.read");
  // What the page shows, computed once per organization data version (app/modules/cache).
  return cachedJson(ctx, request, async () => {
    const url = new URL(request.url);
    const today = organizationToday(ctx);
    const departmentId = url.searchParams.get("department") || null;
    const planId = url.searchParams.get("plan") || null;
    // Each table has its own page (?page= for objectives, ?measurePage= for measures).
    const stale = await getStaleItemsPage(ctx, {
      today,
      departmentId,
      planId,
      objectivePage: pageNumberFrom(url.searchParams.get("page")),
      measurePage: pageNumberFrom(url.searchParams.get("measurePage")),
    });
    return {
      orgSlug: ctx.orgSlug,
      today,
      filters: { departmentId, planId },
      departmentOptions: stale.departmentOptions,
      planOptions: stale.planOptions,
      objectives: stale.objectives,
      measures: stale.measures,
      objectivePage: stale.objectivePage,
      measurePage: stale.measurePage,
    };
  });
}

export default function StaleItems() {
  const { orgSlug, today, filters, departmentOptions, planOptions, objectives, measures, objectivePage, measurePage } = useLoaderData<typeof loader>();
  const location = useLocation();
  /** This address with one table's page changed and the filters kept. */
  const pageHref = (name: "page" | "measurePage", page: number) => {
    const params = new URLSearchParams(location.search);
    if (page > 1) params.set(name, String(page));
    else params.delete(name);
    return `?${params.toString()}#${name === "page" ? "stale-objectives-title" : "stale-measures-title"}`;
  };
  const objectiveCount = objectivePage.total;
  const measureCount = measurePage.total;
  const base = `/o/${orgSlug}`;
  const filtered = Boolean(filters.departmentId || filters.planId);
  const planTitle = planOptions.find((p) => p.id === filters.planId)?.title;
  return (
    <>
      <p className="small">
        {filters.planId && planTitle ? <Link to={`${base}/plans/${filters.planId}`}>Back to {planTitle}</Link> : <Link to={`${base}/plans`}>All plans</Link>}
      </p>
      <div className="page-header">
        <div>
          <h1>Stale items</h1>
          <p className="muted">
            Objectives without a status update, and measures without a value, within their reporting frequency, in adopted
            plans, as of {formatIsoDate(today)}.
          </p>
        </div>
        <CsvLink href={`/o/${orgSlug}/plans/stale.csv?${new URLSearchParams({ ...(filters.departmentId ? { department: filters.departmentId } : {}), ...(filters.planId ? { plan: filters.planId } : {}) }).toString()}`} />
      </div>

      {planOptions.length > 0 ? (
        <Form method="get" className="card plan-filters" aria-label="Filter stale items" key={`${filters.planId}|${filters.departmentId}`}>
          {planOptions.length > 1 || filters.planId ? (
            <div className="field">
              <label htmlFor="stale-plan">Plan</label>
              <select id="stale-plan" name="plan" defaultValue={filters.planId ?? ""}>
                <option value="">All adopted plans</option>
                {planOptions.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.title}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <div className="field">
            <label htmlFor="stale-department">Department</label>
            <select id="stale-department" name="department" defaultValue={filters.departmentId ?? ""}>
              <option value="">All departments</option>
              {departmentOptions.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
          <div className="actions" style={{ paddingBottom: "0.1rem" }}>
            <button type="submit">Apply filters</button>
            {filtered ? (
              <Link to={`${base}/plans/stale`} className="button secondary">
                Clear filters
              </Link>
            ) : null}
          </div>
        </Form>
      ) : null}

      {objectiveCount === 0 && measureCount === 0 ? (
        <div className="card empty">
          <p>
            <strong>{filtered ? "No stale items match these filters." : "Nothing is stale."}</strong>
          </p>
          <p>
            {filtered
              ? "Every objective and measure shown by these filters has its latest update."
              : "Every objective and measure of the adopted plans has been updated within its reporting frequency."}
          </p>
        </div>
      ) : (
        <>
          <p role="status">
            {objectiveCount} stale {objectiveCount === 1 ? "objective" : "objectives"} and {measureCount} stale{" "}
            {measureCount === 1 ? "measure" : "measures"}.
          </p>
          <section aria-labelledby="stale-objectives-title">
            <h2 id="stale-objectives-title">Objectives without a recent status update</h2>
            {objectiveCount === 0 ? (
              <p className="muted">None.</p>
            ) : (
              <div className="table-wrap card">
                <table>
                  <caption>
                    Stale objectives ({objectiveCount})
                    {objectivePage.pageCount > 1 ? `, ${objectivePage.first}–${objectivePage.last} shown` : ""}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Objective</th>
                      <th scope="col">Department</th>
                      <th scope="col">Reports</th>
                      <th scope="col">Last update</th>
                      <th scope="col">What is overdue</th>
                    </tr>
                  </thead>
                  <tbody>
                    {objectives.map((o) => (
                      <tr key={o.id}>
                        <th scope="row">
                          <span className="muted">{o.code}</span> <Link to={`${base}/objectives/${o.id}`}>{o.title}</Link>
                          {planOptions.length > 1 ? <span className="small muted"> ({o.planTitle})</span> : null}
                        </th>
                        <td>{o.department.name}</td>
                        <td>{REPORTING_FREQUENCY_LABELS[o.reportingFrequency]}</td>
                        <td>{o.lastUpdateAsOf ? formatIsoDate(o.lastUpdateAsOf) : "None yet"}</td>
                        <td>{staleWhy(o.staleReason)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <Pager label="Pages of stale objectives" page={objectivePage.page} pageCount={objectivePage.pageCount} href={(n) => pageHref("page", n)} />
              </div>
            )}
          </section>
          <section aria-labelledby="stale-measures-title">
            <h2 id="stale-measures-title">Measures without a recent value</h2>
            {measureCount === 0 ? (
              <p className="muted">None.</p>
            ) : (
              <div className="table-wrap card">
                <table>
                  <caption>
                    Stale measures ({measureCount})
                    {measurePage.pageCount > 1 ? `, ${measurePage.first}–${measurePage.last} shown` : ""}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Measure</th>
                      <th scope="col">Objective</th>
                      <th scope="col">Department</th>
                      <th scope="col">Reports</th>
                      <th scope="col">Latest period</th>
                      <th scope="col">What is overdue</th>
                    </tr>
                  </thead>
                  <tbody>
                    {measures.map((m) => (
                      <tr key={m.id}>
                        <th scope="row">
                          <span className="muted">{m.code}</span> {m.name}
                        </th>
                        <td>
                          <Link to={`${base}/objectives/${m.objectiveId}`}>
                            {m.objectiveCode} {m.objectiveTitle}
                          </Link>
                        </td>
                        <td>{m.department.name}</td>
                        <td>{REPORTING_FREQUENCY_LABELS[m.reportingFrequency]}</td>
                        <td>{m.latestPeriod ? formatIsoDate(m.latestPeriod) : "No value yet"}</td>
                        <td>{staleWhy(m.staleReason)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <Pager label="Pages of stale measures" page={measurePage.page} pageCount={measurePage.pageCount} href={(n) => pageHref("measurePage", n)} />
              </div>
            )}
          </section>
        </>
      )}
    </>
  );
}
