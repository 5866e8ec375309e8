import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getCampaign, updateCampaign } from "~/modules/assessments/campaigns.server";
import { CampaignForm, parseCampaignForm } from "~/modules/assessments/components/campaign-form";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { getOrganizationSettings } from "~/modules/orgs/settings.server";
import { getCatalog } from "~/modules/practices/practices.server";
import { replyOnFieldErrors } from "~/utils/forms.server";
import assessmentStyles from "~/styles/assessments.css";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Edit ${data?.campaign.title ?? "campaign"} — Assessments — Praxis` }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: assessmentStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "assessments.manage");
  const [campaign, catalog, settings] = await Promise.all([getCampaign(ctx, params.campaignId ?? ""), getCatalog(ctx), getOrganizationSettings(ctx)]);
  return json({
    orgSlug: ctx.orgSlug,
    campaign,
    practices: catalog.groups.flatMap((g) => g.practices),
    orgThreshold: settings.anonymityThreshold,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "assessments.manage");
  const id = params.campaignId ?? "";
  const submission = parseCampaignForm(await request.formData());
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const outcome = await replyOnFieldErrors(submission, () => updateCampaign(ctx, id, submission.value));
  if (!outcome.ok) return outcome.response;
  return redirect(`/o/${ctx.orgSlug}/assessments/${id}?notice=saved`);
}

export default function EditCampaignPage() {
  const { orgSlug, campaign, practices, orgThreshold } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const here = `/o/${orgSlug}/assessments/${campaign.id}`;
  const editable = !campaign.frozen && campaign.effectiveStatus !== "closed";
  return (
    <div className="page-medium">
      <p className="small">
        <Link to={here}>Back to {campaign.title}</Link>
      </p>
      <h1>Edit {campaign.title}</h1>
      {editable ? (
        <CampaignForm
          id="edit-campaign"
          lastResult={actionData?.result}
          defaults={{
            title: campaign.title,
            description: campaign.description,
            kind: campaign.kind,
            depth: campaign.depth,
            practiceNumbers: campaign.practiceNumbers,
            commentsEnabled: campaign.commentsEnabled,
            demographicCategories: campaign.demographicCategories,
            opensOn: campaign.opensOn,
            closesOn: campaign.closesOn,
            anonymityThreshold: campaign.anonymityThreshold,
          }}
          practices={practices}
          orgThreshold={orgThreshold}
          submitLabel="Save changes"
          cancelTo={here}
          kindLocked={campaign.invited > 0}
        />
      ) : (
        <div className="notice info">
          <p>
            {campaign.effectiveStatus === "closed"
              ? "This campaign is closed and can no longer be changed."
              : "People have started answering, so the questions, the scale and the anonymity threshold are frozen: changing them now would mix answers to different surveys and could expose the first respondents."}
          </p>
          {campaign.effectiveStatus !== "closed" ? (
            <p>
              You can still <Link to={here}>extend or close the campaign</Link>.
            </p>
          ) : null}
        </div>
      )}
    </div>
  );
}
