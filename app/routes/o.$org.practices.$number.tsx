import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useParams, useRouteError } from "@remix-run/react";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { getPractice, type Dimension } from "~/modules/practices/practices.server";
import { ErrorMessage } from "~/root";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `Practice ${data.practice.number}: ${data.practice.name} — Praxis`
      : "Practice not found — Praxis",
  },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "catalog.read");
  const practice = await getPractice(ctx, params.number);
  return json({ orgSlug: ctx.orgSlug, practice });
}

function DimensionList({ id, title, dimensions }: { id: string; title: string; dimensions: Dimension[] }) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <ol className="dimensions">
        {dimensions.map((d) => (
          <li key={d.letter}>
            <span className="letter">{d.letter}</span>
            <span>{d.text}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

export default function PracticePage() {
  const { orgSlug, practice } = useLoaderData<typeof loader>();
  const base = `/o/${orgSlug}/practices`;
  return (
    <>
      <p className="small">
        <Link to={base}>All practices</Link>
      </p>
      <div className="page-header">
        <div>
          <p className="group-phrase">{practice.groupPhrase}</p>
          <h1>
            <span className="practice-number">{practice.number}</span> {practice.name}
          </h1>
          <p className="practice-definition">{practice.definition}</p>
        </div>
      </div>
      <div className="grid two">
        <DimensionList id="leadership-dimensions" title="Leadership dimensions" dimensions={practice.leadership} />
        <DimensionList id="management-dimensions" title="Management dimensions" dimensions={practice.management} />
      </div>
      <section className="card" aria-labelledby="linked">
        <h2 id="linked">Linked to this practice</h2>
        <p className="muted">
          Objectives, budget lines, workforce goals and assessment results linked to this practice will appear here.
        </p>
      </section>
      <nav aria-label="Previous and next practice" className="practice-pager">
        {practice.previous ? (
          <Link to={`${base}/${practice.previous.number}`} rel="prev">
            <span aria-hidden="true">← </span>Previous practice: {practice.previous.number}. {practice.previous.name}
          </Link>
        ) : (
          <span />
        )}
        {practice.next ? (
          <Link to={`${base}/${practice.next.number}`} rel="next">
            Next practice: {practice.next.number}. {practice.next.name}
            <span aria-hidden="true"> →</span>
          </Link>
        ) : null}
      </nav>
    </>
  );
}

/** A wrong practice number keeps the navigation around it, with a way back to the list. */
export function ErrorBoundary() {
  const { org } = useParams();
  return (
    <>
      <ErrorMessage error={useRouteError()} />
      <p>
        <Link to={org ? `/o/${org}/practices` : "/orgs"}>See all practices</Link>
      </p>
    </>
  );
}
