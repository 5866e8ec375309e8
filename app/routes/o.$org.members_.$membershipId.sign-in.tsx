import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FieldErrorList, FormErrors } from "~/components/forms";
import { ROLE_LABELS } from "~/modules/auth/permissions";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { getMemberAccess, issueMemberResetLink, resetMemberTwoFactor } from "~/modules/orgs/member-access.server";
import { memberAccessSchema } from "~/modules/orgs/members.schema";
import { invitationBaseUrl } from "~/modules/orgs/members.server";
import { replyOnFieldErrors } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Help a member sign in — Praxis" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "members.manage");
  const access = await getMemberAccess(ctx, params.membershipId ?? "");
  const done = new URL(request.url).searchParams.get("done");
  return json({ orgSlug: ctx.orgSlug, access, twoFactorReset: done === "two-factor" });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "members.manage");
  const submission = parseWithZod(await request.formData(), { schema: memberAccessSchema });
  if (submission.status !== "success") return json({ result: submission.reply(), link: null }, { status: 400 });
  const membershipId = params.membershipId ?? "";
  if (submission.value.intent === "reset-two-factor") {
    const outcome = await replyOnFieldErrors(submission, () => resetMemberTwoFactor(ctx, membershipId));
    if (!outcome.ok) return outcome.response;
    return redirect(`/o/${ctx.orgSlug}/members/${membershipId}/sign-in?done=two-factor`);
  }
  const outcome = await replyOnFieldErrors(submission, () => issueMemberResetLink(ctx, membershipId, invitationBaseUrl(request)));
  if (!outcome.ok) return outcome.response;
  // Returned, not redirected: the link exists only in this response and is shown once.
  return json(
    { result: submission.reply({ resetForm: true }), link: { url: outcome.value.url, expiresAt: outcome.value.expiresAt.toISOString() } },
    { headers: { "Cache-Control": "no-store" } },
  );
}

function AccessForm({ intent, button, confirmLabel, danger }: { intent: "reset-link" | "reset-two-factor"; button: string; confirmLabel: string; danger?: boolean }) {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const mine = (actionData?.result?.initialValue as Record<string, unknown> | undefined)?.intent === intent;
  const [form, fields] = useForm({
    id: `access-${intent}`,
    lastResult: mine ? actionData?.result : undefined,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: memberAccessSchema }),
  });
  const checkbox = getInputProps(fields.confirmed, { type: "checkbox", ariaAttributes: true });
  return (
    <Form method="post" className="stack" {...getFormProps(form)} noValidate>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value={intent} />
      <div className="field checkbox">
        <input {...checkbox} key={checkbox.key} value="on" aria-describedby={fields.confirmed.errors?.length ? fields.confirmed.errorId : undefined} />
        <label htmlFor={fields.confirmed.id}>{confirmLabel}</label>
        <FieldErrorList id={fields.confirmed.errorId} errors={fields.confirmed.errors} />
      </div>
      <div className="actions">
        <button type="submit" className={danger ? "danger" : undefined} disabled={navigation.state === "submitting"}>
          {button}
        </button>
      </div>
    </Form>
  );
}

export default function MemberSignInHelp() {
  const { orgSlug, access, twoFactorReset } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const link = actionData && "link" in actionData ? (actionData.link as { url: string; expiresAt: string } | null) : null;
  const confirm = `I checked that it is really ${access.displayName} who is asking (in person, or by calling them back at a number we already had).`;
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Help {access.displayName} sign in</h1>
          <p className="muted">
            {access.email} · {ROLE_LABELS[access.role]} · two-factor {access.twoFactorEnabled ? "on" : "off"}
          </p>
        </div>
        <Link to={`/o/${orgSlug}/members`}>Back to members</Link>
      </div>
      {twoFactorReset && !actionData ? (
        <p role="status" className="notice success">
          Two-factor was reset and {access.displayName} was signed out everywhere. They set up an authenticator again after their next sign-in where it
          is required.
        </p>
      ) : null}
      {access.refusal ? (
        <p className="notice info">{access.refusal}</p>
      ) : (
        <>
          <section className="card stack" aria-labelledby="reset-link-title">
            <h2 id="reset-link-title">A one-time link to choose a new password</h2>
            {link ? (
              <div role="status" className="notice success stack">
                <p>
                  Give this link to {access.displayName} yourself (not by a channel others read). It works once, until{" "}
                  {new Date(link.expiresAt).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC, and is shown only
                  now.
                </p>
                <p>
                  <code className="break-all">{link.url}</code>
                </p>
              </div>
            ) : (
              <>
                <p>
                  {access.mailConfigured
                    ? `${access.displayName} can also ask for a link by email from the sign-in page ("Forgot your password?").`
                    : "This server sends no email, so members cannot get a reset link by themselves."}{" "}
                  The link is valid {access.resetLinkHours} hours; using it signs them out everywhere. Making one is recorded in the audit log.
                </p>
                <AccessForm intent="reset-link" button="Make a reset link" confirmLabel={confirm} />
              </>
            )}
          </section>
          {access.twoFactorEnabled ? (
            <section className="card stack" aria-labelledby="reset-two-factor-title">
              <h2 id="reset-two-factor-title">Reset two-factor</h2>
              <p>
                For a lost or replaced phone, when {access.displayName} has no recovery code left. Removes their authenticator and recovery codes and signs
                them out everywhere. Recorded in the audit log.
              </p>
              <AccessForm intent="reset-two-factor" button="Reset two-factor" confirmLabel={confirm} danger />
            </section>
          ) : null}
        </>
      )}
    </>
  );
}
