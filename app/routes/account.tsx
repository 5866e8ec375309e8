import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { FormErrors, TextField } from "~/components/forms";
import { PublicHeader } from "~/components/layout";
import { changePasswordSchema } from "~/modules/auth/auth.schema";
import { changePassword, requireSession } from "~/modules/auth/auth.server";
import { twoFactorStatus } from "~/modules/auth/two-factor.server";
import { PASSWORD_MAX, PASSWORD_MIN } from "~/modules/auth/password.constants";
import { replyOnFieldErrors } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Your account — Praxis" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireSession(request);
  return json({ user: session.user, twoFactor: (await twoFactorStatus(session.user.id)).enabled });
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireSession(request);
  const submission = parseWithZod(await request.formData(), { schema: changePasswordSchema });
  const hideFields = ["currentPassword", "newPassword", "confirmPassword"];
  if (submission.status !== "success") return json({ result: submission.reply({ hideFields }) }, { status: 400 });
  const outcome = await replyOnFieldErrors(submission, () => changePassword(session, submission.value, request), {
    hideFields,
  });
  if (!outcome.ok) return outcome.response;
  return redirect("/account?changed=1", { headers: { "Set-Cookie": outcome.value } });
}

export default function Account() {
  const { user, twoFactor } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    // Validated on submit, then as the fields change: with "onBlur", an error the server found
    // (a common password) kept the whole-form check of the repeated password from passing, and
    // the corrected form could not be sent again.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: changePasswordSchema }),
  });
  return (
    <>
      <PublicHeader signedIn />
      <main id="main" className="page narrow">
        <h1>Your account</h1>
        <dl className="facts card">
          <dt>Name</dt>
          <dd>{user.displayName}</dd>
          <dt>Email</dt>
          <dd>{user.email}</dd>
        </dl>
        <p>
          <Link to="/orgs">Your organizations</Link>
        </p>
        <h2>Two-factor authentication</h2>
        <p>
          {twoFactor ? "On: signing in asks for a code from your authenticator app." : "Off: signing in asks for your password only."}{" "}
          <Link to="/account/two-factor">{twoFactor ? "Manage two-factor" : "Set up two-factor"}</Link>
        </p>
        <h2>Change password</h2>
        {params.get("changed") ? (
          <p role="status" className="notice success">
            Your password was changed. You were signed out everywhere else.
          </p>
        ) : null}
        <Form method="post" className="stack card" {...getFormProps(form)} noValidate>
          <FormErrors id={form.errorId} errors={form.errors} />
          <TextField meta={fields.currentPassword} label="Current password" type="password" autoComplete="current-password" />
          <TextField
            meta={fields.newPassword}
            label="New password"
            type="password"
            autoComplete="new-password"
            hint={`${PASSWORD_MIN} to ${PASSWORD_MAX} characters. Changing it signs you out on every other device.`}
          />
          <TextField meta={fields.confirmPassword} label="Repeat the new password" type="password" autoComplete="new-password" />
          <div className="actions">
            <button type="submit">Change password</button>
          </div>
        </Form>
      </main>
    </>
  );
}
