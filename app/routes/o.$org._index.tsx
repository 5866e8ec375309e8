import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listMyCampaigns } from "~/modules/assessments/respond.server";
import { can, ROLE_DESCRIPTIONS, ROLE_LABELS } from "~/modules/auth/permissions";
import { requireTenantPermission } from "~/modules/auth/tenant.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.orgName ?? "Organization"} — Praxis` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "org.read");
  // Surveys waiting for this person: how a staff member with an account gets their invitation
  // (no link is needed in the app; docs/decisions/018-anonymity-against-insiders.md).
  const surveys = can(ctx.role, "assessments.respond") ? (await listMyCampaigns(ctx)).filter((c) => c.status === "to_answer") : [];
  return json(
    { orgName: ctx.orgName, orgSlug: ctx.orgSlug, role: ctx.role, name: ctx.user.displayName, surveys: surveys.map((c) => ({ id: c.campaignId, title: c.title, closesOn: c.closesOn })) },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export default function OrganizationHome() {
  const { orgName, orgSlug, role, name, surveys } = useLoaderData<typeof loader>();
  const base = `/o/${orgSlug}`;
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{orgName}</h1>
          <p className="muted">
            Welcome, {name}. Your role: <span className="badge">{ROLE_LABELS[role]}</span>
          </p>
        </div>
      </div>
      <p>{ROLE_DESCRIPTIONS[role]}</p>
      {surveys.length > 0 ? (
        <section className="card notice" aria-labelledby="home-surveys">
          <h2 id="home-surveys">{surveys.length === 1 ? "A survey for you to answer" : `${surveys.length} surveys for you to answer`}</h2>
          <p>Your answers are anonymous. Only you can open these surveys: nobody else has a link to them.</p>
          <ul className="link-list">
            {surveys.map((s) => (
              <li key={s.id}>
                <Link to={`${base}/assessments/${s.id}/answer`}>{s.title}</Link> <span className="small muted">(open until {s.closesOn})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <div className="grid three">
        <section className="card" aria-labelledby="home-practices">
          <h2 id="home-practices">The 14 practices</h2>
          <p>Everything in Praxis is tied to the ICMA Practices for Effective Local Government Leadership.</p>
          <Link to={`${base}/practices`}>Browse the practices</Link>
        </section>
        {can(role, "departments.read") ? (
          <section className="card" aria-labelledby="home-departments">
            <h2 id="home-departments">Departments</h2>
            <p>The departments that own objectives, budget lines and workforce goals.</p>
            <Link to={`${base}/departments`}>{can(role, "departments.manage") ? "Manage departments" : "View departments"}</Link>
          </section>
        ) : null}
        {can(role, "members.read") ? (
          <section className="card" aria-labelledby="home-members">
            <h2 id="home-members">Members</h2>
            <p>Who has access, with which role.</p>
            <Link to={`${base}/members`}>{can(role, "members.manage") ? "Manage members and invitations" : "View members"}</Link>
          </section>
        ) : null}
      </div>
      {can(role, "dashboards.read") ? (
        <section className="card" aria-labelledby="home-dashboards">
          <h2 id="home-dashboards">Dashboards</h2>
          <p>Plan progress, budget and workforce goals by practice and by department, and what needs attention.</p>
          <ul className="link-list">
            <li>
              <Link to={`${base}/dashboards`}>Organization overview</Link>
            </li>
            <li>
              <Link to={`${base}/dashboards/service-delivery`}>Service delivery</Link>
            </li>
            <li>
              <Link to={`${base}/dashboards/equity`}>Equity</Link>
            </li>
            <li>
              <Link to={`${base}/dashboards/staff-effectiveness`}>Staff effectiveness</Link>
            </li>
          </ul>
        </section>
      ) : null}
    </>
  );
}
