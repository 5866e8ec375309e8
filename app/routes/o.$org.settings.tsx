import { getFormProps, useForm, type FieldMetadata } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrors, SelectField, TextField } from "~/components/forms";
import { ORG_KINDS, US_STATES } from "~/modules/auth/auth.schema";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import {
  ANONYMITY_THRESHOLD_DEFAULT,
  ANONYMITY_THRESHOLD_MAX,
  ANONYMITY_THRESHOLD_MIN,
  describeFiscalYear,
  MONTH_OPTIONS,
  organizationSettingsSchema,
  POPULATION_MAX,
  TWO_FACTOR_POLICIES,
} from "~/modules/orgs/settings.schema";
import { getOrganizationSettings, updateOrganizationSettings } from "~/modules/orgs/settings.server";
import { fiscalYearOf } from "~/modules/core/periods";
import { US_TIME_ZONES } from "~/modules/core/time-zone";
import { organizationToday } from "~/modules/core/today";
import { replyOnFieldErrors } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Organization settings — Praxis" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "org.settings.manage");
  const settings = await getOrganizationSettings(ctx);
  return json({
    settings,
    saved: new URL(request.url).searchParams.get("saved") === "1",
    // The organization's date, computed on the server so the page renders the same in the browser.
    today: organizationToday(ctx),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "org.settings.manage");
  const submission = parseWithZod(await request.formData(), { schema: organizationSettingsSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const outcome = await replyOnFieldErrors(submission, () => updateOrganizationSettings(ctx, submission.value));
  if (!outcome.ok) return outcome.response;
  return redirect(`/o/${outcome.value.slug}/settings?saved=1`);
}

const STATE_OPTIONS = US_STATES.map(([code, name]) => [code, name] as const);

export default function OrganizationSettingsPage() {
  const { settings, saved, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting";
  const [form, fields] = useForm({
    id: "organization-settings",
    lastResult: actionData?.result,
    defaultValue: {
      name: settings.name,
      kind: settings.kind,
      state: settings.state,
      population: settings.population === null ? "" : String(settings.population),
      fiscalYearStartMonth: String(settings.fiscalYearStartMonth),
      timeZone: settings.timeZone,
      anonymityThreshold: String(settings.anonymityThreshold),
      twoFactorPolicy: settings.twoFactorPolicy,
    },
    constraint: getZodConstraint(organizationSettingsSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: organizationSettingsSchema }),
  });
  const chosenMonth = Number(fields.fiscalYearStartMonth.value) || settings.fiscalYearStartMonth;
  const exampleYear = fiscalYearOf(today, chosenMonth);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Organization settings</h1>
          <p className="muted">Only administrators see and change these settings. Every change is recorded in the audit log.</p>
        </div>
      </div>
      {saved && !actionData ? (
        <p role="status" className="notice success">
          Settings saved.
        </p>
      ) : null}
      <Form method="post" className="stack card" {...getFormProps(form)} noValidate>
        <FormErrors id={form.errorId} errors={form.errors} />
        <fieldset className="stack">
          <legend>Your organization</legend>
          <TextField meta={fields.name} label="Name" hint="For example: City of Springfield" autoComplete="organization" />
          <dl className="facts">
            <dt>Web address</dt>
            <dd>
              <code>/o/{settings.slug}</code>
              <br />
              <span className="small muted">
                It can&apos;t be changed: links that people have saved or shared would stop working.
              </span>
            </dd>
          </dl>
          <SelectField meta={fields.kind} label="Kind of government" options={ORG_KINDS} />
          <SelectField meta={fields.state} label="State or territory" options={STATE_OPTIONS} />
          <TextField
            meta={fields.population}
            label="Population (optional)"
            inputMode="numeric"
            hint={`Residents served, as a whole number with digits only, like 48500 (at most ${POPULATION_MAX.toLocaleString("en-US")}). Used to show figures per resident.`}
          />
        </fieldset>
        <fieldset className="stack">
          <legend>Calendar</legend>
          <SelectField
            meta={fields.timeZone}
            label="Time zone"
            options={US_TIME_ZONES}
            hint="Praxis keeps the organization's days in this zone: when a campaign opens and closes, when an update is overdue, which fiscal year it is."
          />
          <SelectField
            // A select submits text; the schema coerces it to the month number.
            meta={fields.fiscalYearStartMonth as unknown as FieldMetadata<string>}
            label="Fiscal year starts in"
            options={MONTH_OPTIONS}
            hint={`Fiscal years are named after the calendar year in which they end: ${describeFiscalYear(chosenMonth, exampleYear)}.`}
          />
        </fieldset>
        <fieldset className="stack">
          <legend>Privacy of assessment results</legend>
          <TextField
            meta={fields.anonymityThreshold}
            label="Anonymity threshold"
            inputMode="numeric"
            hint={`The smallest number of respondents whose results are shown. Results of any group with fewer respondents — a department, a demographic group, or both — are hidden everywhere (dashboards, tables, exports and reports), so no one's answers can be singled out. A whole number from ${ANONYMITY_THRESHOLD_MIN} to ${ANONYMITY_THRESHOLD_MAX}; ${ANONYMITY_THRESHOLD_DEFAULT} is the usual choice.`}
          />
        </fieldset>
        <fieldset className="stack">
          <legend>Sign-in security</legend>
          <SelectField
            meta={fields.twoFactorPolicy as unknown as FieldMetadata<string>}
            label="Two-factor authentication"
            options={TWO_FACTOR_POLICIES}
            hint={
              <>
                Who must enter a code from an authenticator app, after their password, before reaching any page of {settings.name}. Someone who has
                not set it up is asked to when they next open a page here; that includes you. People who sign in through your organization&apos;s
                single sign-on are not asked again. <Link to="/account/two-factor">Your own two-factor</Link>
              </>
            }
          />
        </fieldset>
        <div className="actions">
          <button type="submit" disabled={submitting}>
            {submitting ? "Saving…" : "Save settings"}
          </button>
        </div>
      </Form>
      <section className="card stack" aria-labelledby="domains-title">
        <h2 id="domains-title">Email domains</h2>
        <p>The domains of your staff&apos;s email addresses that {settings.name} has proved it controls, for single sign-on.</p>
        <p>
          <Link to={`/o/${settings.slug}/settings/sign-in`}>Manage email domains</Link>
        </p>
      </section>
      <section className="card stack" aria-labelledby="sso-title">
        <h2 id="sso-title">Single sign-on</h2>
        <p>Let your staff sign in with your directory (Microsoft Entra ID, Okta, Google Workspace), and require it if you wish.</p>
        <p>
          <Link to={`/o/${settings.slug}/settings/single-sign-on`}>Set up single sign-on</Link>
        </p>
      </section>
      <section className="card stack" aria-labelledby="community-title">
        <h2 id="community-title">Community demographics</h2>
        <p>
          The community&apos;s share in each group of the roster&apos;s demographic fields (from the census, for example), which the equity dashboard compares
          with the workforce.
        </p>
        <p>
          <Link to={`/o/${settings.slug}/settings/community`}>Enter or change the community demographics</Link>
        </p>
      </section>
    </>
  );
}
