import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { todayIso } from "~/modules/assessments/assessments.schema";
import { createCampaign } from "~/modules/assessments/campaigns.server";
import { CampaignForm, parseCampaignForm } from "~/modules/assessments/components/campaign-form";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { getOrganizationSettings } from "~/modules/orgs/settings.server";
import { getCatalog } from "~/modules/practices/practices.server";
import { replyOnFieldErrors } from "~/utils/forms.server";
import assessmentStyles from "~/styles/assessments.css";

export const meta: MetaFunction = () => [{ title: "Create a campaign — Assessments — Praxis" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: assessmentStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "assessments.manage");
  const [catalog, settings] = await Promise.all([getCatalog(ctx), getOrganizationSettings(ctx)]);
  const today = todayIso();
  const inThreeWeeks = todayIso(new Date(Date.now() + 21 * 86_400_000));
  return json({
    orgSlug: ctx.orgSlug,
    practices: catalog.groups.flatMap((g) => g.practices),
    orgThreshold: settings.anonymityThreshold,
    today,
    inThreeWeeks,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "assessments.manage");
  const submission = parseCampaignForm(await request.formData());
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const outcome = await replyOnFieldErrors(submission, () => createCampaign(ctx, submission.value));
  if (!outcome.ok) return outcome.response;
  return redirect(`/o/${ctx.orgSlug}/assessments/${outcome.value.id}?notice=created`);
}

export default function NewCampaignPage() {
  const { orgSlug, practices, orgThreshold, today, inThreeWeeks } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const base = `/o/${orgSlug}/assessments`;
  return (
    <div className="page-medium">
      <p className="small">
        <Link to={base}>All assessments</Link>
      </p>
      <h1>Create a campaign</h1>
      <p className="muted">The campaign starts as a draft: invite people and open it from its page.</p>
      <CampaignForm
        id="create-campaign"
        lastResult={actionData?.result}
        defaults={{
          title: "",
          description: "",
          kind: "organizational",
          depth: "practice",
          practiceNumbers: practices.map((p) => p.number),
          commentsEnabled: true,
          demographicCategories: [],
          opensOn: today,
          closesOn: inThreeWeeks,
          anonymityThreshold: orgThreshold,
        }}
        practices={practices}
        orgThreshold={orgThreshold}
        submitLabel="Create campaign"
        cancelTo={base}
        kindLocked={false}
      />
    </div>
  );
}
