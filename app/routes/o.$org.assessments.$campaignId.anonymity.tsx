import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getAnonymityFacts } from "~/modules/assessments/anonymity.server";
import { AnonymityFactsPage } from "~/modules/assessments/components/anonymity-facts";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import assessmentStyles from "~/styles/assessments.css";

export const meta: MetaFunction = () => [{ title: "How your anonymity is protected — Praxis" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: assessmentStyles }];

/** For the account the invitation was made for: their own group's numbers, as on the link's page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "assessments.respond");
  const found = await getAnonymityFacts({ ctx, campaignId: params.campaignId ?? "" });
  return json(
    { back: `/o/${ctx.orgSlug}/assessments/${params.campaignId ?? ""}/answer`, found },
    { status: found.status === "ready" ? 200 : 404, headers: { "Cache-Control": "private, no-store" } },
  );
}

export default function AnonymityInAppPage() {
  const { back, found } = useLoaderData<typeof loader>();
  return (
    <div className="page-medium">
      {found.status === "ready" ? (
        <AnonymityFactsPage facts={found.facts} backHref={back} />
      ) : (
        <>
          <h1>How your anonymity is protected</h1>
          <p>You are not invited to this survey.</p>
        </>
      )}
    </div>
  );
}
