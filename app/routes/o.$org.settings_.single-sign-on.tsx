// Settings → Single sign-on: connect the organization's directory, turn it on, require it.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import { SsoSettingsForm } from "~/modules/auth/components/sso-settings-form";
import { ssoSettingsSchema } from "~/modules/auth/sso.schema";
import { getSsoSettings, saveSsoSettings } from "~/modules/auth/sso-settings.server";
import { callbackUrl } from "~/modules/auth/sso.server";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { replyOnFieldErrors } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Single sign-on — Praxis" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "org.settings.manage");
  const saved = new URL(request.url).searchParams.get("notice") === "saved";
  return json({ orgSlug: ctx.orgSlug, orgName: ctx.orgName, settings: await getSsoSettings(ctx), redirectUri: callbackUrl(request, ctx.orgSlug), saved });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "org.settings.manage");
  const submission = parseWithZod(await request.formData(), { schema: ssoSettingsSchema });
  if (submission.status !== "success") return json({ result: submission.reply({ hideFields: ["clientSecret"] }) }, { status: 400 });
  const outcome = await replyOnFieldErrors(submission, () => saveSsoSettings(ctx, submission.value), { hideFields: ["clientSecret"] });
  if (!outcome.ok) return outcome.response;
  return redirect(`/o/${ctx.orgSlug}/settings/single-sign-on?notice=saved`);
}

export default function SingleSignOnSettings() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return <SsoSettingsForm {...data} lastResult={actionData?.result} />;
}
