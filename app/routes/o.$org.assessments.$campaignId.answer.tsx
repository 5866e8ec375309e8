import type { ActionFunctionArgs, HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { SurveyView, UnavailableView } from "~/modules/assessments/components/survey";
import { browserDraftSecret } from "~/modules/assessments/draft-seal.server";
import { handleSurveyPost, loadSurveyPage, stepParam, unavailableStatus } from "~/modules/assessments/survey-page.server";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { notFound } from "~/utils/http.server";
import assessmentStyles from "~/styles/assessments.css";

// A survey answered in the app by the member account the invitation was made for: the same steps
// and forms as the personal link. The draft is sealed with a secret only this browser holds (a
// cookie made here), so neither the server nor anyone signed in elsewhere as the person reads it.
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

function privateHeaders(setCookie: string | null): HeadersInit {
  return setCookie ? { "Cache-Control": "private, no-store", "Set-Cookie": setCookie } : { "Cache-Control": "private, no-store" };
}
export const links: LinksFunction = () => [{ rel: "stylesheet", href: assessmentStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.page.status === "ready" ? `${data.page.survey.title} — Assessments — Praxis` : "Survey — Praxis" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "assessments.respond");
  const campaignId = params.campaignId ?? "";
  const url = new URL(request.url);
  const { secret, setCookie } = browserDraftSecret(request);
  const page = await loadSurveyPage({ ctx, campaignId, draftSecret: secret }, url);
  const submitted = url.searchParams.get("submitted");
  const thanks = page.status !== "ready" && page.reason === "used" && (submitted === "organizational" || submitted === "self");
  return json(
    { orgSlug: ctx.orgSlug, campaignId, page, submitted: thanks, selfResults: thanks && submitted === "self" },
    { status: page.status === "ready" || thanks ? 200 : unavailableStatus(page.reason), headers: privateHeaders(setCookie) },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "assessments.respond");
  const campaignId = params.campaignId ?? "";
  const here = `/o/${ctx.orgSlug}/assessments/${campaignId}/answer`;
  const { secret, setCookie } = browserDraftSecret(request);
  const result = await handleSurveyPost({ ctx, campaignId, draftSecret: secret }, await request.formData());
  const headers = privateHeaders(setCookie);
  switch (result.kind) {
    case "go":
      return redirect(`${here}?step=${stepParam(result.step)}`, { headers });
    case "submitted":
      return redirect(`${here}?submitted=${result.surveyKind}`, { headers });
    case "unavailable":
      // No survey for this member here (not invited, or another organization's campaign): the
      // same 404 as the page. A survey that closed or was answered meanwhile: back to its page,
      // which says so.
      if (result.reason && unavailableStatus(result.reason) === 404) notFound("There is no survey for you at this address.");
      return redirect(here, { headers });
    case "invalid":
      return json({ errors: result.errors, draft: result.draft, step: result.step }, { status: 400, headers });
  }
}

export default function AnswerInAppPage() {
  const { orgSlug, campaignId, page, submitted, selfResults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="page-medium survey-page">
      <p className="small">
        <Link to={`/o/${orgSlug}/assessments`}>Your surveys</Link>
      </p>
      {page.status === "ready" ? (
        <SurveyView
          survey={page.survey}
          draft={actionData?.draft ?? page.draft}
          step={actionData?.step ?? page.step}
          errors={actionData?.errors ?? null}
          commentsThreshold={page.survey.commentsThreshold}
          anonymityHref={`/o/${orgSlug}/assessments/${campaignId}/anonymity`}
        />
      ) : (
        <UnavailableView unavailable={page} submitted={submitted} resultsHref={selfResults ? `/o/${orgSlug}/assessments/${campaignId}/my-results` : null} />
      )}
    </div>
  );
}
