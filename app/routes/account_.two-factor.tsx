import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrors, TextField } from "~/components/forms";
import { PublicHeader } from "~/components/layout";
import { twoFactorIntentSchema } from "~/modules/auth/auth.schema";
import { requireSession, SecondFactorExhausted, signOut } from "~/modules/auth/auth.server";
import { listMyOrganizations } from "~/modules/auth/tenant.server";
import {
  beginEnrolment,
  completeSecondFactor,
  confirmEnrolment,
  disableTwoFactor,
  regenerateRecoveryCodes,
  twoFactorStatus,
} from "~/modules/auth/two-factor.server";
import { RECOVERY_CODE_COUNT } from "~/modules/auth/two-factor.constants";
import { replyOnFieldErrors } from "~/utils/forms.server";
import { safeRedirect } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Two-factor authentication — Praxis" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireSession(request);
  const url = new URL(request.url);
  const status = await twoFactorStatus(session.user.id);
  const requiredSlug = url.searchParams.get("required");
  const requiredBy = requiredSlug ? ((await listMyOrganizations(session.user.id)).find((o) => o.slug === requiredSlug)?.name ?? null) : null;
  const recovery = url.searchParams.get("recovery");
  return json(
    {
      status: { ...status, enabledAt: status.enabledAt?.toISOString() ?? null },
      // A session that has not proved its second factor yet (it came through single sign-on, or
      // two-factor was turned on elsewhere) proves it here when an organization asks for it.
      proved: Boolean(session.secondFactorAt),
      enrolment: status.enabled ? null : await beginEnrolment(session),
      requiredBy,
      redirectTo: safeRedirect(url.searchParams.get("redirectTo"), "/"),
      recoveryCodesLeft: recovery !== null && /^\d+$/.test(recovery) ? Number(recovery) : null,
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireSession(request);
  const submission = parseWithZod(await request.formData(), { schema: twoFactorIntentSchema });
  if (submission.status !== "success") return json({ result: submission.reply({ hideFields: ["code"] }), codes: null }, { status: 400 });
  const value = submission.value;
  try {
    const outcome = await replyOnFieldErrors(
      submission,
      async () => {
        switch (value.intent) {
          case "confirm":
            return confirmEnrolment(session, value.code);
          case "regenerate":
            return regenerateRecoveryCodes(session, value.code);
          case "verify":
            await completeSecondFactor(session, value.code);
            return null;
          case "disable":
            await disableTwoFactor(session, value.code);
            return null;
        }
      },
      { hideFields: ["code"] },
    );
    if (!outcome.ok) return outcome.response;
    if (value.intent === "verify") return redirect(safeRedirect(value.redirectTo, "/"));
    if (value.intent === "disable") return redirect("/account/two-factor");
    // Returned, not redirected: the codes exist only in this response and are shown once.
    return json({ result: submission.reply({ resetForm: true }), codes: outcome.value }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof SecondFactorExhausted) return redirect("/sign-in?notice=codes", { headers: { "Set-Cookie": await signOut(request) } });
    throw error;
  }
}

function CodeForm({ intent, label, button, danger, redirectTo }: { intent: string; label: string; button: string; danger?: boolean; redirectTo?: string }) {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const mine = (actionData?.result?.initialValue as Record<string, unknown> | undefined)?.intent === intent;
  const [form, fields] = useForm({
    id: `two-factor-${intent}`,
    lastResult: mine ? actionData?.result : undefined,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: twoFactorIntentSchema }),
  });
  return (
    <Form method="post" className="stack" {...getFormProps(form)} noValidate>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value={intent} />
      {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
      <TextField meta={fields.code} label={label} inputMode="numeric" autoComplete="one-time-code" />
      <div className="actions">
        <button type="submit" className={danger ? "danger" : undefined} disabled={navigation.state === "submitting"}>
          {button}
        </button>
      </div>
    </Form>
  );
}

export default function TwoFactorPage() {
  const { status, proved, enrolment, requiredBy, redirectTo, recoveryCodesLeft } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const codes = actionData && "codes" in actionData ? (actionData.codes as string[] | null) : null;
  return (
    <>
      <PublicHeader signedIn />
      <main id="main" className="page narrow">
        <h1>Two-factor authentication</h1>
        <p>
          <Link to="/account">Your account</Link>
        </p>
        {requiredBy ? (
          <p role="status" className="notice warn">
            {requiredBy} requires two-factor authentication for your role.{" "}
            {status.enabled ? "Enter a code from your authenticator app to continue." : "Set it up below to continue to its pages."}
          </p>
        ) : null}
        {recoveryCodesLeft !== null ? (
          <p role="status" className="notice warn">
            You signed in with a recovery code; {recoveryCodesLeft} of {RECOVERY_CODE_COUNT} are left. If your phone is lost, turn two-factor off and on
            again with a new phone, or make new recovery codes below.
          </p>
        ) : null}
        {codes ? (
          <section className="card stack" aria-labelledby="codes-title">
            <h2 id="codes-title">Your recovery codes</h2>
            <p>
              Each code signs you in once if you lose your phone. Save them now (print them, or keep them in a password manager): they are shown only
              this once, and Praxis keeps no copy it could show again.
            </p>
            <ul className="recovery-codes" aria-label="Recovery codes">
              {codes.map((c) => (
                <li key={c}>
                  <code>{c}</code>
                </li>
              ))}
            </ul>
            <p>
              <Link to={redirectTo} className="button">
                I have saved them — continue
              </Link>
            </p>
          </section>
        ) : status.enabled ? (
          <>
            <p role="status" className="notice success">
              Two-factor authentication is on{status.enabledAt ? ` since ${new Date(status.enabledAt).toLocaleDateString("en-US", { dateStyle: "long", timeZone: "UTC" })}` : ""}.{" "}
              {status.recoveryCodesLeft} of {RECOVERY_CODE_COUNT} recovery codes are unused.
            </p>
            {!proved ? (
              <section className="card stack" aria-labelledby="verify-title">
                <h2 id="verify-title">Confirm it is you</h2>
                <CodeForm intent="verify" label="Code from your app, or a recovery code" button="Continue" redirectTo={redirectTo} />
              </section>
            ) : null}
            <section className="card stack" aria-labelledby="regenerate-title">
              <h2 id="regenerate-title">New recovery codes</h2>
              <p>Makes ten new codes; the old ones stop working.</p>
              <CodeForm intent="regenerate" label="Code from your app" button="Make new recovery codes" />
            </section>
            <section className="card stack" aria-labelledby="disable-title">
              <h2 id="disable-title">Turn two-factor off</h2>
              <p>An organization that requires two-factor will ask you to set it up again before you reach its pages.</p>
              <CodeForm intent="disable" label="Code from your app" button="Turn two-factor off" danger />
            </section>
          </>
        ) : enrolment ? (
          <section className="card stack" aria-labelledby="enrol-title">
            <h2 id="enrol-title">Set up an authenticator app</h2>
            <ol className="stack">
              <li>
                Open an authenticator app on your phone (Microsoft Authenticator, Google Authenticator, Okta Verify, 1Password and others work) and add
                an account.
              </li>
              <li>
                Scan this QR code, or type the key below it.
                <div>
                  <img src={enrolment.qrCode} alt="QR code for your authenticator app (the same key is written below)" width={200} height={200} />
                </div>
                <p>
                  Key: <code aria-label={`Key: ${enrolment.secret.split(" ").join(", ")}`}>{enrolment.secret}</code>
                </p>
              </li>
              <li>Enter the 6-digit code the app now shows for Praxis.</li>
            </ol>
            <CodeForm intent="confirm" label="Code from your app" button="Turn on two-factor" redirectTo={redirectTo} />
            <p className="small muted">Turning it on signs you out on every other device.</p>
          </section>
        ) : null}
      </main>
    </>
  );
}
