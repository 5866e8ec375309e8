import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { formatIsoDate, staleWhy } from "~/modules/plans/components/plan-badges";
import { REPORTING_FREQUENCY_LABELS } from "~/modules/plans/plans.schema";
import { listStaleItems, type DepartmentRef } from "~/modules/plans/plans.server";
import { todayIso } from "~/modules/plans/staleness";
import { CsvLink } from "~/components/csv-link";

export const meta: MetaFunction = () => [{ title: "Stale items — Plans — Praxis" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "plans.read");
  const url = new URL(request.url);
  const today = todayIso();
  const departmentId = url.searchParams.get("department") || null;
  const planId = url.searchParams.get("plan") || null;
  const all = await listStaleItems(ctx, today);
  // The department filter includes sub-departments, which the service knows about.
  const byDepartment = departmentId ? await listStaleItems(ctx, today, { departmentId }) : all;
  const inPlan = <T extends { planId: string }>(items: T[]) => (planId ? items.filter((i) => i.planId === planId) : items);
  const departments = new Map<string, DepartmentRef>();
  const plans = new Map<string, string>();
  for (const i of [...all.objectives, ...all.measures]) {
    departments.set(i.department.id, i.department);
    plans.set(i.planId, i.planTitle);
  }
  return json({
    orgSlug: ctx.orgSlug,
    today,
    filters: { departmentId, planId },
    departmentOptions: [...departments.values()].sort((a, b) => a.name.localeCompare(b.name)),
    planOptions: [...plans].map(([id, title]) => ({ id, title })),
    objectives: inPlan(byDepartment.objectives),
    measures: inPlan(byDepartment.measures),
  });
}

export default function StaleItems() {
  const { orgSlug, today, filters, departmentOptions, planOptions, objectives, measures } = useLoaderData<typeof loader>();
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

      {objectives.length === 0 && measures.length === 0 ? (
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
            {objectives.length} stale {objectives.length === 1 ? "objective" : "objectives"} and {measures.length} stale{" "}
            {measures.length === 1 ? "measure" : "measures"}.
          </p>
          <section aria-labelledby="stale-objectives-title">
            <h2 id="stale-objectives-title">Objectives without a recent status update</h2>
            {objectives.length === 0 ? (
              <p className="muted">None.</p>
            ) : (
              <div className="table-wrap card">
                <table>
                  <caption>Stale objectives ({objectives.length})</caption>
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
              </div>
            )}
          </section>
          <section aria-labelledby="stale-measures-title">
            <h2 id="stale-measures-title">Measures without a recent value</h2>
            {measures.length === 0 ? (
              <p className="muted">None.</p>
            ) : (
              <div className="table-wrap card">
                <table>
                  <caption>Stale measures ({measures.length})</caption>
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
              </div>
            )}
          </section>
        </>
      )}
    </>
  );
}
