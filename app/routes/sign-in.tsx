import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrors, TextField } from "~/components/forms";
import { PublicHeader } from "~/components/layout";
import { signInSchema } from "~/modules/auth/auth.schema";
import { getOptionalSession, signIn, SignInThrottled } from "~/modules/auth/auth.server";
import { clientIp, safeRedirect } from "~/utils/http.server";
import { replyOnFieldErrors } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Sign in — Praxis" }];

const NOTICES: Record<string, string> = {
  reset: "Your password was changed and you were signed out everywhere. Sign in with the new password.",
  codes: "Too many wrong codes. Sign in again with your password, then enter the code your app shows now.",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"), "/");
  if (await getOptionalSession(request)) throw redirect(redirectTo);
  return json({ redirectTo, notice: NOTICES[url.searchParams.get("notice") ?? ""] ?? null });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: signInSchema });
  if (submission.status !== "success") {
    return json({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  const { email, password, redirectTo } = submission.value;
  try {
    const outcome = await replyOnFieldErrors(
      submission,
      () => signIn({ email, password, ip: clientIp(context) }, request),
      { hideFields: ["password"] },
    );
    if (!outcome.ok) return outcome.response;
    const headers = new Headers();
    for (const cookie of outcome.value.cookies) headers.append("Set-Cookie", cookie);
    const next = safeRedirect(redirectTo, "/");
    if (outcome.value.needsSecondFactor) return redirect(`/sign-in/two-factor?redirectTo=${encodeURIComponent(next)}`, { headers });
    return redirect(next, { headers });
  } catch (error) {
    if (error instanceof SignInThrottled) {
      return json(
        { result: submission.reply({ formErrors: [error.message], hideFields: ["password"] }) },
        { status: 429 },
      );
    }
    throw error;
  }
}

export default function SignIn() {
  const { redirectTo, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signInSchema }),
  });
  return (
    <>
      <PublicHeader />
      <main id="main" className="page narrow">
        <h1>Sign in</h1>
        {notice && !actionData ? (
          <p role="status" className="notice info">
            {notice}
          </p>
        ) : null}
        <Form method="post" className="stack card" {...getFormProps(form)} noValidate>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <TextField meta={fields.email} label="Email" type="email" autoComplete="username" />
          <TextField meta={fields.password} label="Password" type="password" autoComplete="current-password" />
          <p className="small">
            <Link to="/forgot-password">Forgot your password?</Link>
          </p>
          <div className="actions">
            <button type="submit" disabled={navigation.state === "submitting"}>
              Sign in
            </button>
            <span className="small">
              New to Praxis? <Link to="/sign-up">Create an organization</Link>
            </span>
          </div>
        </Form>
        <p className="small muted">
          Joining an existing organization? Use the invitation link your administrator sent you.
        </p>
      </main>
    </>
  );
}
