import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Brand } from "~/components/layout";
import { SelfResultsView } from "~/modules/assessments/components/self-results";
import { getSelfResults } from "~/modules/assessments/results.server";
import assessmentStyles from "~/styles/assessments.css";

// A self-assessment's results, read with the person's own link (the token is the only credential).
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;
export const links: LinksFunction = () => [{ rel: "stylesheet", href: assessmentStyles }];
export const meta: MetaFunction = () => [{ title: "Your self-assessment — Praxis" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await getSelfResults({ token: params.token ?? "" });
  return json({ found }, { status: found.status === "ready" ? 200 : 404, headers: { "Cache-Control": "no-store" } });
}

export default function SelfResultsByLinkPage() {
  const { found } = useLoaderData<typeof loader>();
  return (
    <>
      <header className="public-header">
        <div className="inner">
          <Brand />
        </div>
      </header>
      <main id="main" className="page medium">
        {found.status === "ready" ? (
          <SelfResultsView results={found.results} />
        ) : (
          <>
            <h1>Your self-assessment</h1>
            <p>{found.message}</p>
          </>
        )}
      </main>
    </>
  );
}
