import type { ActionFunctionArgs, HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Brand } from "~/components/layout";
import { SurveyView, UnavailableView } from "~/modules/assessments/components/survey";
import { handleSurveyPost, loadSurveyPage, stepParam, unavailableStatus } from "~/modules/assessments/survey-page.server";
import assessmentStyles from "~/styles/assessments.css";

// A survey answered from a personal link, without an account. The token in the address is the
// only credential (the server's request log redacts /respond/ paths): keep the page out of caches.
const PRIVATE_HEADERS = { "Cache-Control": "no-store" };
export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) => (actionHeaders.has("Cache-Control") ? actionHeaders : loaderHeaders);
export const links: LinksFunction = () => [{ rel: "stylesheet", href: assessmentStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.page.status === "ready" ? `${data.page.survey.title} — Survey — Praxis` : "Survey — Praxis" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const page = await loadSurveyPage({ token: params.token ?? "" }, url);
  const submitted = url.searchParams.get("submitted");
  if (page.status !== "ready") {
    const thanks = page.reason === "used" && (submitted === "organizational" || submitted === "self");
    return json(
      { page, submitted: thanks, selfResults: thanks && submitted === "self", token: params.token ?? "" },
      { status: thanks ? 200 : unavailableStatus(page.reason), headers: PRIVATE_HEADERS },
    );
  }
  return json({ page, submitted: false, selfResults: false, token: params.token ?? "" }, { headers: PRIVATE_HEADERS });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const here = `/respond/${token}`;
  const result = await handleSurveyPost({ token }, await request.formData());
  switch (result.kind) {
    case "go":
      return redirect(`${here}?step=${stepParam(result.step)}`, { headers: PRIVATE_HEADERS });
    case "submitted":
      return redirect(`${here}?submitted=${result.surveyKind}`, { headers: PRIVATE_HEADERS });
    case "unavailable":
      return redirect(here, { headers: PRIVATE_HEADERS });
    case "invalid":
      return json({ errors: result.errors, draft: result.draft, step: result.step }, { status: 400, headers: PRIVATE_HEADERS });
  }
}

export default function RespondPage() {
  const { page, submitted, selfResults, token } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <header className="public-header">
        <div className="inner">
          <Brand />
        </div>
      </header>
      <main id="main" className="page medium survey-page">
        {page.status === "ready" ? (
          <SurveyView
            survey={page.survey}
            draft={actionData?.draft ?? page.draft}
            step={actionData?.step ?? page.step}
            errors={actionData?.errors ?? null}
            commentsThreshold={page.survey.commentsThreshold}
            anonymityHref={`/respond/${token}/anonymity`}
          />
        ) : (
          <UnavailableView unavailable={page} submitted={submitted} resultsHref={selfResults ? "results" : null} />
        )}
      </main>
    </>
  );
}
