import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { CsvLink } from "~/components/csv-link";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { formatIsoDate, ObjectiveStatusBadge, PlanStatusBadge, StaleBadge } from "~/modules/plans/components/plan-badges";
import { PlanItemError } from "~/modules/plans/components/plan-item-error";
import { OBJECTIVE_STATUS_LABELS, OBJECTIVE_STATUSES } from "~/modules/plans/plans.schema";
import { listDepartmentObjectives } from "~/modules/plans/plans.server";

export const meta: MetaFunction = () => [{ title: "My department — Praxis" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "plans.read");
  const data = await listDepartmentObjectives(ctx);
  return json({ orgSlug: ctx.orgSlug, role: ctx.role, ...data });
}

export default function MyDepartmentPage() {
  const { orgSlug, role, department, plans, staleCount, statusCounts } = useLoaderData<typeof loader>();
  const plansUrl = `/o/${orgSlug}/plans`;
  if (!department) {
    return (
      <>
        <h1>My department</h1>
        <div className="card empty">
          <p>
            <strong>You are not a member of a department in this organization.</strong>
          </p>
          <p>
            {role === "admin"
              ? "As an administrator you can follow every department's objectives from the plans. To have a department page of your own, give your membership a department on the Members page."
              : "An administrator can assign you to a department on the Members page. Meanwhile, the plans show every department's objectives."}
          </p>
          <p>
            <Link to={plansUrl}>Go to the plans</Link>
          </p>
        </div>
      </>
    );
  }
  const objectiveCount = plans.reduce((n, p) => n + p.objectives.length, 0);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>My department</h1>
          <p className="muted">
            {department.name} ({department.code}): its objectives and those of its sub-departments, in the plans in effect or being
            drafted.
          </p>
        </div>
      </div>

      {objectiveCount === 0 ? (
        <div className="card empty">
          <p>
            <strong>{department.name} owns no objectives yet.</strong>
          </p>
          <p>
            Objectives are added to a plan's goals. <Link to={plansUrl}>Open the plans</Link> to add one for your department.
          </p>
        </div>
      ) : (
        <>
          <section className="card" aria-labelledby="summary-title">
            <h2 id="summary-title">At a glance</h2>
            <ul className="status-summary">
              {OBJECTIVE_STATUSES.map((s) => (
                <li key={s}>
                  <strong>{statusCounts[s]}</strong> {OBJECTIVE_STATUS_LABELS[s].toLowerCase()}
                </li>
              ))}
              <li>
                <strong>{staleCount}</strong> stale {staleCount === 1 ? "item" : "items"} (objectives and measures waiting for an update)
              </li>
            </ul>
          </section>
          {plans.map((group) => (
            <section key={group.plan.id} aria-labelledby={`plan-${group.plan.id}`}>
              <h2 id={`plan-${group.plan.id}`}>
                <Link to={`${plansUrl}/${group.plan.id}`}>{group.plan.title}</Link>{" "}
                <span className="muted small">{group.plan.periodLabel}</span> <PlanStatusBadge status={group.plan.status} />
              </h2>
              <div className="table-wrap card">
                <table>
                  <caption>
                    Objectives of {department.name} in {group.plan.title} ({group.objectives.length})
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Objective</th>
                      <th scope="col">Goal</th>
                      <th scope="col">Status</th>
                      <th scope="col">Last update</th>
                      <th scope="col">Measures</th>
                      <th scope="col">Update</th>
                    </tr>
                  </thead>
                  <tbody>
                    {group.objectives.map((o) => {
                      const url = `/o/${orgSlug}/objectives/${o.id}`;
                      const staleMeasures = o.measures.filter((m) => m.stale);
                      return (
                        <tr key={o.id}>
                          <th scope="row">
                            <Link to={url}>
                              <span className="item-code">{o.code}</span> {o.title}
                            </Link>
                            {o.department.id !== department.id ? <span className="small muted"> ({o.department.name})</span> : null}
                          </th>
                          <td>
                            {o.goalPosition}. {o.goalTitle}
                          </td>
                          <td>
                            <ObjectiveStatusBadge status={o.status} /> {o.stale ? <StaleBadge reason={o.staleReason} /> : null}
                            {o.overdue ? (
                              <>
                                {" "}
                                <span className="badge warn">Overdue</span>
                              </>
                            ) : null}
                          </td>
                          <td>{o.lastUpdateAsOf ? formatIsoDate(o.lastUpdateAsOf) : <span className="muted">None yet</span>}</td>
                          <td>
                            {o.measures.length}
                            {staleMeasures.length ? (
                              <span className="small">
                                {" "}
                                ({staleMeasures.length} stale: {staleMeasures.map((m) => m.name).join("; ")})
                              </span>
                            ) : null}
                          </td>
                          <td>
                            {o.canEdit ? (
                              <ul className="quick-links">
                                <li>
                                  <Link to={`${url}#status-updates`}>
                                    Add status update<span className="visually-hidden"> to {o.code}</span>
                                  </Link>
                                </li>
                                {o.measures.length ? (
                                  <li>
                                    <Link to={`${url}#measures-title`}>
                                      Record values<span className="visually-hidden"> of {o.code}</span>
                                    </Link>
                                  </li>
                                ) : null}
                              </ul>
                            ) : (
                              <Link to={url}>
                                View<span className="visually-hidden"> {o.code}</span>
                              </Link>
                            )}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </section>
          ))}
          <CsvLink href={`/o/${orgSlug}/my-department.csv`} label={`Download the objectives of ${department.name} (CSV)`} />
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <PlanItemError />;
}
