import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { CsvLink } from "~/components/csv-link";
import { can } from "~/modules/auth/permissions";
import { cachedJson } from "~/modules/cache/view-cache.server";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { formatIsoDate } from "~/modules/plans/components/plan-badges";
import { WorkforceError } from "~/modules/workforce/components/workforce-error";
import { getDemographicSummary, listRoster } from "~/modules/workforce/roster.server";
import { SUPERVISORY_LEVEL_LABELS, SUPERVISORY_LEVELS, type SupervisoryLevel } from "~/modules/workforce/workforce.schema";

export const meta: MetaFunction = () => [{ title: "Staff roster — Praxis" }];

/** Served from the view cache while nothing of the organization changes (ADR 014). */
export const handle = { viewCache: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "roster.read");
  // What the page shows, computed once per organization data version (app/modules/cache).
  return cachedJson(ctx, request, async () => {
    const url = new URL(request.url);
    const level = url.searchParams.get("level");
    const roster = await listRoster(ctx, {
      departmentId: url.searchParams.get("department") || null,
      level: (SUPERVISORY_LEVELS as readonly string[]).includes(level ?? "") ? (level as SupervisoryLevel) : null,
      status: url.searchParams.get("status") === "left" ? "left" : "active",
      page: Number(url.searchParams.get("page")) || 1,
    });
    // Demographics only ever as suppressed counts, and only for administrators.
    const demographics = can(ctx.role, "roster.manage") ? await getDemographicSummary(ctx) : null;
    return { orgSlug: ctx.orgSlug, roster, demographics };
  });
}

export default function StaffRoster() {
  const { orgSlug, roster, demographics } = useLoaderData<typeof loader>();
  const base = `/o/${orgSlug}/roster`;
  const f = roster.filters;
  const pageUrl = (page: number) => {
    const q = new URLSearchParams();
    if (f.departmentId) q.set("department", f.departmentId);
    if (f.level) q.set("level", f.level);
    if (f.status === "left") q.set("status", "left");
    q.set("page", String(page));
    return `${base}?${q.toString()}`;
  };
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Staff roster</h1>
          <p className="muted">
            {roster.scope === "all" ? "Everyone on the organization's staff" : "The staff of your department"}, as imported from the HR
            system: {roster.activeCount.toLocaleString("en-US")} active, {roster.leftCount.toLocaleString("en-US")} who have left.
            Self-reported demographics are never shown per person.
          </p>
        </div>
        <CsvLink
          href={`/o/${orgSlug}/roster.csv?${new URLSearchParams({ ...(f.departmentId ? { department: f.departmentId } : {}), ...(f.level ? { level: f.level } : {}), ...(f.status === "left" ? { status: "left" } : {}) }).toString()}`}
          label="Download CSV (no demographics)"
        />
        {roster.canImport ? (
          <p>
            <Link to={`${base}/import`} className="button">
              Import the roster
            </Link>
          </p>
        ) : null}
      </div>

      <div className="row">
        <div className="table-wrap card">
          <table>
            <caption>Active staff by department</caption>
            <thead>
              <tr>
                <th scope="col">Department</th>
                <th scope="col" className="num">
                  People
                </th>
              </tr>
            </thead>
            <tbody>
              {roster.byDepartment.map((d) => (
                <tr key={d.id ?? "none"}>
                  <th scope="row">{d.name}</th>
                  <td className="num">{d.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="table-wrap card">
          <table>
            <caption>Active staff by supervisory level</caption>
            <thead>
              <tr>
                <th scope="col">Level</th>
                <th scope="col" className="num">
                  People
                </th>
              </tr>
            </thead>
            <tbody>
              {SUPERVISORY_LEVELS.map((l) => (
                <tr key={l}>
                  <th scope="row">{SUPERVISORY_LEVEL_LABELS[l]}</th>
                  <td className="num">{roster.byLevel[l]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>

      <section aria-labelledby="people-title">
        <h2 id="people-title">People</h2>
        <Form method="get" className="row card filters" aria-label="Filter the roster">
          <div className="field">
            <label htmlFor="filter-department">Department</label>
            <select id="filter-department" name="department" defaultValue={f.departmentId ?? ""}>
              <option value="">All{roster.scope === "department" ? " of mine" : ""}</option>
              {roster.departmentOptions.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-level">Supervisory level</label>
            <select id="filter-level" name="level" defaultValue={f.level ?? ""}>
              <option value="">All</option>
              {SUPERVISORY_LEVELS.map((l) => (
                <option key={l} value={l}>
                  {SUPERVISORY_LEVEL_LABELS[l]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-status">Showing</label>
            <select id="filter-status" name="status" defaultValue={f.status}>
              <option value="active">Active staff</option>
              <option value="left">People who have left</option>
            </select>
          </div>
          <div className="actions">
            <button type="submit" className="secondary">
              Filter
            </button>
          </div>
        </Form>
        {roster.people.length === 0 ? (
          <div className="card empty">
            <p>
              <strong>No one matches these filters.</strong>
            </p>
            {roster.canImport && roster.activeCount === 0 ? (
              <p>
                <Link to={`${base}/import`}>Import the roster</Link> from your HR system&apos;s export.
              </p>
            ) : null}
          </div>
        ) : (
          <div className="table-wrap card">
            <table>
              <caption>
                {f.status === "left" ? "People who have left" : "Active staff"}: {roster.matching.toLocaleString("en-US")}
                {roster.pageCount > 1 ? ` (page ${f.page} of ${roster.pageCount})` : ""}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Employee number</th>
                  <th scope="col">Department</th>
                  <th scope="col">Job title</th>
                  <th scope="col">Level</th>
                  <th scope="col">{f.status === "left" ? "Left on" : "Hired"}</th>
                </tr>
              </thead>
              <tbody>
                {roster.people.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">{p.fullName}</th>
                    <td>{p.employeeNumber}</td>
                    <td>{p.departmentName ?? <span className="muted">None</span>}</td>
                    <td>{p.jobTitle}</td>
                    <td>{SUPERVISORY_LEVEL_LABELS[p.supervisoryLevel]}</td>
                    <td className="nowrap">{formatIsoDate(f.status === "left" ? p.leftOn : p.hireDate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {roster.pageCount > 1 ? (
          <nav aria-label="Pages of the roster" className="row">
            {f.page > 1 ? <Link to={pageUrl(f.page - 1)}>Previous page</Link> : null}
            <span>
              Page {f.page} of {roster.pageCount}
            </span>
            {f.page < roster.pageCount ? <Link to={pageUrl(f.page + 1)}>Next page</Link> : null}
          </nav>
        ) : null}
      </section>

      {demographics ? <DemographicsSummary /> : null}
    </>
  );
}

function DemographicsSummary() {
  const { orgSlug, demographics } = useLoaderData<typeof loader>();
  const d = demographics!;
  return (
    <section aria-labelledby="demographics-title">
      <h2 id="demographics-title">Demographics of active staff</h2>
      <p className="muted">
        Self-reported, counted for the whole organization only. Groups of fewer than {d.threshold} people are suppressed (together, as “Smaller
        groups”, without their names), and so is the next-smallest group when they could be worked out from the total.
      </p>
      <CsvLink href={`/o/${orgSlug}/roster/demographics.csv`} label="Download these counts as CSV" />
      <div className="row">
        {d.fields.map((field) => (
          <div className="table-wrap card" key={field.field}>
            <table>
              <caption>{field.label}</caption>
              <thead>
                <tr>
                  <th scope="col">Group</th>
                  <th scope="col" className="num">
                    People
                  </th>
                </tr>
              </thead>
              <tbody>
                {field.counts.groups.map((g) => (
                  <tr key={g.group}>
                    <th scope="row">{g.group}</th>
                    <td className="num">{g.count ?? <span title={`Fewer than ${d.threshold}, or hidden so that a small group can't be worked out`}>Suppressed</span>}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">Total</th>
                  <td className="num">{field.counts.total ?? "Suppressed"}</td>
                </tr>
              </tfoot>
            </table>
          </div>
        ))}
      </div>
    </section>
  );
}

export function ErrorBoundary() {
  return <WorkforceError back="" label="Back to the home page" />;
}
