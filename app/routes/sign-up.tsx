import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { FormErrors, SelectField, TextField } from "~/components/forms";
import { PublicHeader } from "~/components/layout";
import { ORG_KINDS, signUpSchema, US_STATES } from "~/modules/auth/auth.schema";
import { getOptionalSession, signUp } from "~/modules/auth/auth.server";
import { PASSWORD_MAX, PASSWORD_MIN } from "~/modules/auth/password.constants";
import { US_TIME_ZONES } from "~/modules/core/time-zone";
import { replyOnFieldErrors } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Create an organization — Praxis" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return json({ signedIn: Boolean(await getOptionalSession(request)) });
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: signUpSchema });
  if (submission.status !== "success") {
    return json({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  const outcome = await replyOnFieldErrors(submission, () => signUp(submission.value, request), {
    hideFields: ["password"],
  });
  if (!outcome.ok) return outcome.response;
  return redirect(`/o/${outcome.value.orgSlug}`, { headers: { "Set-Cookie": outcome.value.cookie } });
}

export default function SignUp() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(signUpSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signUpSchema }),
  });
  return (
    <>
      <PublicHeader />
      <main id="main" className="page narrow">
        <h1>Create an organization</h1>
        <p className="muted">
          You will be its first administrator. You can invite department heads, staff and elected officials next.
        </p>
        <Form method="post" className="stack card" {...getFormProps(form)} noValidate>
          <FormErrors id={form.errorId} errors={form.errors} />
          <fieldset className="stack">
            <legend>Your organization</legend>
            <TextField meta={fields.orgName} label="Name" hint="For example: City of Springfield" autoComplete="organization" />
            <TextField
              meta={fields.orgSlug}
              label="Web address"
              hint="Lowercase letters, digits and hyphens; it appears in links, like /o/springfield."
              autoCapitalize="none"
              spellCheck={false}
            />
            <SelectField meta={fields.orgKind} label="Kind of government" options={ORG_KINDS} placeholder="Choose…" />
            <SelectField meta={fields.orgState} label="State or territory" options={US_STATES.map(([c, n]) => [c, n] as const)} placeholder="Choose…" />
            <SelectField
              meta={fields.orgTimeZone}
              label="Time zone"
              options={US_TIME_ZONES}
              placeholder="The zone most of the state keeps"
              hint="Praxis keeps your organization's days in this zone (campaign dates, overdue updates, the fiscal year). An administrator can change it later in Settings."
            />
          </fieldset>
          <fieldset className="stack">
            <legend>You</legend>
            <TextField meta={fields.displayName} label="Your name" autoComplete="name" />
            <TextField meta={fields.email} label="Work email" type="email" autoComplete="email" />
            <TextField
              meta={fields.password}
              label="Password"
              type="password"
              autoComplete="new-password"
              hint={`${PASSWORD_MIN} to ${PASSWORD_MAX} characters. A passphrase of a few words is easy to remember and hard to guess.`}
            />
          </fieldset>
          <div className="actions">
            <button type="submit" disabled={navigation.state === "submitting"}>
              {navigation.state === "submitting" ? "Creating…" : "Create organization"}
            </button>
            <span className="small">
              Already have an account? <Link to="/sign-in">Sign in</Link>
            </span>
          </div>
        </Form>
      </main>
    </>
  );
}
