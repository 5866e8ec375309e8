import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SelfResultsView } from "~/modules/assessments/components/self-results";
import { getSelfResults } from "~/modules/assessments/results.server";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import assessmentStyles from "~/styles/assessments.css";

export const meta: MetaFunction = () => [{ title: "Your self-assessment — Praxis" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: assessmentStyles }];

/** The signed-in person's own self-assessment, found by their session: there is no one else's to ask for. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "assessments.respond");
  const found = await getSelfResults({ ctx, campaignId: params.campaignId ?? "" });
  return json({ orgSlug: ctx.orgSlug, found }, { status: found.status === "ready" ? 200 : 404, headers: { "Cache-Control": "private, no-store" } });
}

export default function MySelfResultsPage() {
  const { orgSlug, found } = useLoaderData<typeof loader>();
  return (
    <div className="page-medium">
      <p className="small">
        <Link to={`/o/${orgSlug}/assessments`}>Your surveys</Link>
      </p>
      {found.status === "ready" ? (
        <SelfResultsView results={found.results} />
      ) : (
        <>
          <h1>Your self-assessment</h1>
          <p>{found.message}</p>
        </>
      )}
    </div>
  );
}
