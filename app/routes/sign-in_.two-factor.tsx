import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrors, TextField } from "~/components/forms";
import { PublicHeader } from "~/components/layout";
import { secondFactorSchema } from "~/modules/auth/auth.schema";
import {
  completeTwoFactorSignIn,
  getOptionalSession,
  getPendingSecondFactorSession,
  SecondFactorExhausted,
  signOut,
} from "~/modules/auth/auth.server";
import { safeRedirect } from "~/utils/http.server";
import { replyOnFieldErrors } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Two-factor code — Praxis" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "/");
  if (!(await getPendingSecondFactorSession(request))) {
    throw redirect((await getOptionalSession(request)) ? redirectTo : `/sign-in?redirectTo=${encodeURIComponent(redirectTo)}`);
  }
  return json({ redirectTo });
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await getPendingSecondFactorSession(request);
  if (!session) throw redirect("/sign-in");
  const submission = parseWithZod(await request.formData(), { schema: secondFactorSchema });
  if (submission.status !== "success") return json({ result: submission.reply({ hideFields: ["code"] }) }, { status: 400 });
  try {
    const outcome = await replyOnFieldErrors(submission, () => completeTwoFactorSignIn(session, submission.value.code, request), {
      hideFields: ["code"],
    });
    if (!outcome.ok) return outcome.response;
    const headers = new Headers();
    for (const cookie of outcome.value.cookies) headers.append("Set-Cookie", cookie);
    const next = safeRedirect(submission.value.redirectTo, "/");
    // Someone who had to use a recovery code has lost their phone, or soon will run out: tell them.
    if (outcome.value.usedRecoveryCode) {
      return redirect(`/account/two-factor?recovery=${outcome.value.recoveryCodesLeft}`, { headers });
    }
    return redirect(next, { headers });
  } catch (error) {
    if (error instanceof SecondFactorExhausted) {
      return redirect("/sign-in?notice=codes", { headers: { "Set-Cookie": await signOut(request) } });
    }
    throw error;
  }
}

export default function TwoFactorSignIn() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: secondFactorSchema }),
  });
  return (
    <>
      <PublicHeader />
      <main id="main" className="page narrow">
        <h1>Two-factor code</h1>
        <p>Your password was right. Now enter the 6-digit code your authenticator app shows for Praxis.</p>
        <Form method="post" className="stack card" {...getFormProps(form)} noValidate>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <TextField
            meta={fields.code}
            label="Code"
            inputMode="numeric"
            autoComplete="one-time-code"
            hint="Lost your phone? Enter one of the recovery codes you saved instead (like ABCDE-FGHIJ). Without those, ask an administrator of your organization to reset your two-factor."
          />
          <div className="actions">
            <button type="submit" disabled={navigation.state === "submitting"}>
              Continue
            </button>
          </div>
        </Form>
        <Form method="post" action="/sign-out">
          <button type="submit" className="secondary">
            Cancel and sign out
          </button>
        </Form>
      </main>
    </>
  );
}
