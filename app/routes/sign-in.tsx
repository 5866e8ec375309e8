import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrors, TextField } from "~/components/forms";
import { PublicHeader } from "~/components/layout";
import { signInSchema, ssoEmailSchema } from "~/modules/auth/auth.schema";
import { getOptionalSession, signIn, SignInThrottled, SsoRequired } from "~/modules/auth/auth.server";
import { DirectoryButton, ssoHref, SsoSignIn, type DirectoryLink } from "~/modules/auth/components/sso-sign-in";
import { directoriesForEmail } from "~/modules/auth/sso-policy.server";
import { ssoEntry } from "~/modules/auth/sso.server";
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
  // The organization's own button when the page knows it: ?org=, or the organization page asked for.
  const slug = url.searchParams.get("org") ?? /^\/o\/([^/?#]+)/.exec(redirectTo)?.[1] ?? "";
  const known = slug ? await ssoEntry(slug) : null;
  return json({ redirectTo, known, notice: NOTICES[url.searchParams.get("notice") ?? ""] ?? null });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  if (formData.get("intent") === "sso") {
    const sso = parseWithZod(formData, { schema: ssoEmailSchema });
    if (sso.status !== "success") return json({ ssoResult: sso.reply() }, { status: 400 });
    const next = safeRedirect(sso.value.redirectTo, "/");
    const choices = await directoriesForEmail(sso.value.ssoEmail);
    if (choices.length === 1) return redirect(ssoHref(choices[0]!.slug, next));
    if (choices.length === 0) {
      const domain = sso.value.ssoEmail.split("@").pop();
      return json(
        { ssoResult: sso.reply({ fieldErrors: { ssoEmail: [`No organization in Praxis signs in through its directory for addresses at ${domain}. Sign in with your email and password above.`] } }) },
        { status: 400 },
      );
    }
    return json({ ssoResult: sso.reply(), choices: choices.map(({ slug, name }) => ({ slug, name })) });
  }
  const submission = parseWithZod(formData, { schema: signInSchema });
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
    if (error instanceof SsoRequired) {
      const { slug, name } = error.directory;
      return json({ result: submission.reply({ formErrors: [error.message], hideFields: ["password"] }), directory: { slug, name } }, { status: 403 });
    }
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
  const { redirectTo, known, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const refusedFor = actionData && "directory" in actionData ? (actionData.directory as DirectoryLink) : null;
  const [form, fields] = useForm({
    lastResult: actionData && "result" in actionData ? actionData.result : undefined,
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
          {refusedFor ? (
            <p>
              <DirectoryButton directory={refusedFor} redirectTo={redirectTo} />
            </p>
          ) : null}
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
        <SsoSignIn
          known={known}
          choices={actionData && "choices" in actionData ? (actionData.choices as DirectoryLink[]) : null}
          lastResult={actionData && "ssoResult" in actionData ? actionData.ssoResult : undefined}
          redirectTo={redirectTo}
          submitting={navigation.state === "submitting"}
        />
        <p className="small muted">
          Joining an existing organization? Use the invitation link your administrator sent you.
        </p>
      </main>
    </>
  );
}
