import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Brand } from "~/components/layout";
import { getAnonymityFacts } from "~/modules/assessments/anonymity.server";
import { AnonymityFactsPage } from "~/modules/assessments/components/anonymity-facts";
import assessmentStyles from "~/styles/assessments.css";

// How anonymity works for this campaign, read with the person's own link (the token is the only
// credential, as on the survey page; the server's request log redacts /respond/ paths).
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;
export const links: LinksFunction = () => [{ rel: "stylesheet", href: assessmentStyles }];
export const meta: MetaFunction = () => [{ title: "How your anonymity is protected — Praxis" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await getAnonymityFacts({ token: params.token ?? "" });
  return json({ found, back: `/respond/${params.token ?? ""}` }, { status: found.status === "ready" ? 200 : 404, headers: { "Cache-Control": "no-store" } });
}

export default function AnonymityByLinkPage() {
  const { found, back } = useLoaderData<typeof loader>();
  return (
    <>
      <header className="public-header">
        <div className="inner">
          <Brand />
        </div>
      </header>
      <main id="main" className="page medium">
        {found.status === "ready" ? (
          <AnonymityFactsPage facts={found.facts} backHref={back} />
        ) : (
          <>
            <h1>How your anonymity is protected</h1>
            <p>This survey link does not work. Check that you copied the whole link from your email.</p>
          </>
        )}
      </main>
    </>
  );
}
