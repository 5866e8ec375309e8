import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrors, TextField } from "~/components/forms";
import { PublicHeader } from "~/components/layout";
import { forgotPasswordSchema } from "~/modules/auth/auth.schema";
import { mailIsConfigured, requestPasswordReset, RESET_BY_EMAIL_MINUTES, ResetThrottled } from "~/modules/auth/password-reset.server";
import { invitationBaseUrl } from "~/modules/orgs/members.server";
import { clientIp } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Forgot password — Praxis" }];

export async function loader(_: LoaderFunctionArgs) {
  return json({ mailConfigured: mailIsConfigured(), minutes: RESET_BY_EMAIL_MINUTES });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: forgotPasswordSchema });
  if (submission.status !== "success") return json({ result: submission.reply(), sentTo: null }, { status: 400 });
  try {
    await requestPasswordReset({ email: submission.value.email, ip: clientIp(context), baseUrl: invitationBaseUrl(request) });
  } catch (error) {
    if (error instanceof ResetThrottled) {
      return json({ result: submission.reply({ formErrors: [error.message] }), sentTo: null }, { status: 429 });
    }
    throw error;
  }
  // The same answer whether or not the address has an account.
  return json({ result: submission.reply({ resetForm: true }), sentTo: submission.value.email });
}

export default function ForgotPassword() {
  const { mailConfigured, minutes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: forgotPasswordSchema }),
  });
  return (
    <>
      <PublicHeader />
      <main id="main" className="page narrow">
        <h1>Forgot your password?</h1>
        {!mailConfigured ? (
          <div className="card stack">
            <p>
              This Praxis server does not send email, so a reset link cannot be mailed to you. Ask an administrator of your organization: on the
              Members page they can make a one-time link for you to choose a new password.
            </p>
            <p>
              <Link to="/sign-in">Back to sign in</Link>
            </p>
          </div>
        ) : actionData?.sentTo ? (
          <div className="card stack" role="status">
            <p>
              If <strong>{actionData.sentTo}</strong> has a Praxis account, we sent it a link to choose a new password. The link works once, within{" "}
              {minutes} minutes.
            </p>
            <p className="small muted">No email after a few minutes? Check the spam folder, or ask an administrator of your organization for a link.</p>
            <p>
              <Link to="/sign-in">Back to sign in</Link>
            </p>
          </div>
        ) : (
          <Form method="post" className="stack card" {...getFormProps(form)} noValidate>
            <FormErrors id={form.errorId} errors={form.errors} />
            <TextField meta={fields.email} label="Email" type="email" autoComplete="username" hint="The address you sign in with." />
            <div className="actions">
              <button type="submit" disabled={navigation.state === "submitting"}>
                Email me a reset link
              </button>
              <Link to="/sign-in">Back to sign in</Link>
            </div>
          </Form>
        )}
      </main>
    </>
  );
}
