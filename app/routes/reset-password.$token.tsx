import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrors, TextField } from "~/components/forms";
import { PublicHeader } from "~/components/layout";
import { resetPasswordSchema } from "~/modules/auth/auth.schema";
import { PASSWORD_MAX, PASSWORD_MIN } from "~/modules/auth/password.constants";
import { lookUpResetLink, resetPassword } from "~/modules/auth/password-reset.server";
import { replyOnFieldErrors } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Choose a new password — Praxis" }, { name: "referrer", content: "no-referrer" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const link = await lookUpResetLink(params.token ?? "");
  // An unknown, used or expired link: a 404 that says what to do.
  if (!link) return json({ link: null }, { status: 404 });
  return json({ link });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: resetPasswordSchema });
  const hideFields = ["newPassword", "confirmPassword"];
  if (submission.status !== "success") return json({ result: submission.reply({ hideFields }) }, { status: 400 });
  const outcome = await replyOnFieldErrors(submission, () => resetPassword(params.token ?? "", submission.value.newPassword), { hideFields });
  if (!outcome.ok) return outcome.response;
  return redirect("/sign-in?notice=reset");
}

export default function ResetPassword() {
  const { link } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    // Validated on submit, then as the fields change: with "onBlur", an error the server found
    // (a common password) kept the whole-form check of the repeated password from passing, and
    // the corrected form could not be sent again.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: resetPasswordSchema }),
  });
  return (
    <>
      <PublicHeader />
      <main id="main" className="page narrow">
        <h1>Choose a new password</h1>
        {!link ? (
          <div className="card stack">
            <p>This link has expired or has already been used. A reset link works once, for a short time.</p>
            <p>
              <Link to="/forgot-password">Ask for a new link</Link>
            </p>
          </div>
        ) : (
          <Form method="post" className="stack card" {...getFormProps(form)} noValidate>
            <p>
              For <strong>{link.email}</strong>. Choosing a new password signs you out on every device.
            </p>
            <FormErrors id={form.errorId} errors={form.errors} />
            <input type="text" name="username" autoComplete="username" value={link.email} readOnly hidden />
            <TextField
              meta={fields.newPassword}
              label="New password"
              type="password"
              autoComplete="new-password"
              hint={`${PASSWORD_MIN} to ${PASSWORD_MAX} characters. A few unrelated words make a strong one.`}
            />
            <TextField meta={fields.confirmPassword} label="Repeat the new password" type="password" autoComplete="new-password" />
            <div className="actions">
              <button type="submit" disabled={navigation.state === "submitting"}>
                Set the new password
              </button>
            </div>
          </Form>
        )}
      </main>
    </>
  );
}
