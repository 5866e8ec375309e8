// Settings → Single sign-on: what the directory needs from Praxis, and what Praxis needs from it.
import { getFormProps, getInputProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Form, Link, useNavigation } from "@remix-run/react";
import { FieldErrorList, FormErrors, TextAreaField, TextField } from "~/components/forms";
import { ssoSettingsSchema } from "../sso.schema";
import type { SsoSettings } from "../sso-settings.server";

function Checkbox({ meta, label, hint }: { meta: FieldMetadata<string | undefined>; label: string; hint?: string }) {
  const props = getInputProps(meta as FieldMetadata<string>, { type: "checkbox", ariaAttributes: true });
  const described = [hint ? `${meta.id}-hint` : null, meta.errors?.length ? meta.errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field checkbox">
      <input {...props} key={props.key} value="on" aria-describedby={described} aria-invalid={meta.errors?.length ? true : undefined} />
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${meta.id}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function SsoSettingsForm({
  orgSlug,
  orgName,
  settings,
  redirectUri,
  saved,
  lastResult,
}: {
  orgSlug: string;
  orgName: string;
  settings: SsoSettings;
  redirectUri: string;
  saved: boolean;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "sso-settings",
    lastResult,
    shouldValidate: "onSubmit",
    defaultValue: {
      issuer: settings.issuer,
      clientId: settings.clientId,
      roleClaim: settings.roleClaim,
      roleMap: settings.roleMap,
      enabled: settings.enabled ? "on" : undefined,
      ssoOnly: settings.ssoOnly ? "on" : undefined,
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ssoSettingsSchema }),
  });
  const domains = settings.verifiedDomains;
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Single sign-on</h1>
          <p className="muted">
            {orgName}&apos;s staff sign in with your directory (Microsoft Entra ID, Okta, Google Workspace or any OpenID Connect provider).
          </p>
        </div>
        <Link to={`/o/${orgSlug}/settings`}>Back to settings</Link>
      </div>
      {saved && !lastResult ? (
        <p role="status" className="notice success">
          The single sign-on settings were saved.
        </p>
      ) : null}
      <section className="card stack" aria-labelledby="directory-needs">
        <h2 id="directory-needs">What your directory needs</h2>
        <p>Register Praxis in your directory as a web application (OpenID Connect, authorization code flow) with:</p>
        <dl className="facts">
          <dt>Redirect URI</dt>
          <dd>
            <code className="break-all">{redirectUri}</code>
          </dd>
          <dt>Scopes</dt>
          <dd>
            <code>openid email profile</code>
          </dd>
          <dt>Sign-in link</dt>
          <dd>
            <code className="break-all">{redirectUri.replace(/\/callback$/, "")}</code>
          </dd>
        </dl>
        <p>The issuer to enter below:</p>
        <ul>
          <li>
            Microsoft Entra ID: <code className="break-all">https://login.microsoftonline.com/&lt;tenant ID&gt;/v2.0</code>
          </li>
          <li>
            Okta: <code className="break-all">https://&lt;your organization&gt;.okta.com</code>
          </li>
          <li>
            Google Workspace: <code className="break-all">https://accounts.google.com</code>
          </li>
        </ul>
        <p className="small muted">
          Only addresses in your verified email domains can sign in:{" "}
          {domains.length ? <strong>{domains.join(", ")}</strong> : <Link to={`/o/${orgSlug}/settings/sign-in`}>verify a domain first</Link>}.
        </p>
      </section>
      <Form method="post" className="card stack" {...getFormProps(form)} noValidate>
        <h2>Your directory</h2>
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField meta={fields.issuer} label="Issuer" type="url" hint="The address your directory calls its issuer (examples above)." />
        <TextField meta={fields.clientId} label="Client ID" autoComplete="off" />
        <TextField
          meta={fields.clientSecret}
          label="Client secret"
          type="password"
          autoComplete="new-password"
          hint={settings.hasSecret ? "A secret is saved; it is never shown. Leave this empty to keep it, or enter a new one to replace it." : "Kept by Praxis and never shown again."}
        />
        <TextField meta={fields.roleClaim} label="Role claim (optional)" hint="A claim of the ID token that says which role a new member gets, like groups or roles. Without it, everyone joins as Staff." />
        <TextAreaField
          meta={fields.roleMap}
          label="Role map (optional)"
          rows={4}
          hint="One line per value: “value = role”, like “praxis-admins = Administrator”. Roles: Administrator, Department head, Staff, Elected official. Anyone else joins as Staff; a role changed later in Praxis stays."
        />
        <Checkbox meta={fields.enabled} label="Single sign-on is on" hint="Shows “Sign in with your directory” on the sign-in page for your organization." />
        <Checkbox
          meta={fields.ssoOnly}
          label="Require single sign-on"
          hint={`Members with addresses in ${domains.length ? domains.join(", ") : "your verified domains"} sign in only through the directory. Administrators keep their password as a way in if the directory fails, with two-factor required.`}
        />
        {settings.ssoOnly ? null : (
          <Checkbox meta={fields.confirmSsoOnly} label="I understand that these members will no longer sign in with a password (needed only when turning the requirement on)." />
        )}
        <div className="actions">
          <button type="submit" disabled={navigation.state === "submitting"}>
            Check the directory and save
          </button>
        </div>
      </Form>
    </>
  );
}
