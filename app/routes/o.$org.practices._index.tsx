import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { getCatalog } from "~/modules/practices/practices.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `The 14 practices — ${data.orgName} — Praxis` : "The 14 practices — Praxis" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "catalog.read");
  const catalog = await getCatalog(ctx);
  return json({ orgName: ctx.orgName, orgSlug: ctx.orgSlug, catalog });
}

function dimensionCounts(leadership: number, management: number): string {
  return `${leadership} leadership · ${management} management ${management === 1 ? "dimension" : "dimensions"}`;
}

export default function PracticesCatalog() {
  const { orgSlug, catalog } = useLoaderData<typeof loader>();
  const base = `/o/${orgSlug}/practices`;
  const practiceCount = catalog.groups.reduce((sum, g) => sum + g.practices.length, 0);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>The {practiceCount} practices</h1>
          <p className="muted">{catalog.framework.name}</p>
        </div>
      </div>
      <section className="card" aria-labelledby="practices-about">
        <h2 id="practices-about">About the practices</h2>
        <p>
          The ICMA Practices for Effective Local Government Leadership describe what local government managers and
          their organizations need to do well: {practiceCount} areas of knowledge and skill, each with leadership
          dimensions (leading the organization) and management dimensions (running it day to day). They were approved
          by the ICMA Executive Board in June 2017 and took effect in November 2017.
        </p>
        <p>
          Praxis ties everything to these practices. Objectives in the strategic plan, budget lines, workforce goals
          and staff assessments are each linked to one or more practices, so you can see for every practice what your
          organization plans, spends and achieves, and how your staff rate it.
        </p>
      </section>
      {catalog.groups.map((group) => (
        <section key={group.position} className="group" aria-labelledby={`group-${group.position}`}>
          <h2 id={`group-${group.position}`}>{group.phrase}</h2>
          <ul className="practice-list">
            {group.practices.map((p) => (
              <li key={p.number}>
                <h3>
                  <span className="practice-number">{p.number}</span> <Link to={`${base}/${p.number}`}>{p.name}</Link>
                </h3>
                <p>{p.definition}</p>
                <p className="small muted">{dimensionCounts(p.leadershipCount, p.managementCount)}</p>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
