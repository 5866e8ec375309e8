// The sign-in page's ways through an organization's directory: its button when the page knows the
// organization (from ?org= or the page that was asked for), and "Use my organization's directory",
// which finds the organization from the email's verified domain.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { FormErrors, TextField } from "~/components/forms";
import { ssoEmailSchema } from "../auth.schema";

export type DirectoryLink = { slug: string; name: string };

export function ssoHref(slug: string, redirectTo: string): string {
  const next = redirectTo && redirectTo !== "/" ? `?redirectTo=${encodeURIComponent(redirectTo)}` : "";
  return `/sso/${encodeURIComponent(slug)}${next}`;
}

/** A document link, not a client-side one: the directory is another site. */
export function DirectoryButton({ directory, redirectTo }: { directory: DirectoryLink; redirectTo: string }) {
  return (
    <a className="button" href={ssoHref(directory.slug, redirectTo)}>
      Sign in with {directory.name}&apos;s directory
    </a>
  );
}

export function SsoSignIn({
  known,
  choices,
  lastResult,
  redirectTo,
  submitting,
}: {
  known: DirectoryLink | null;
  choices: DirectoryLink[] | null;
  lastResult: SubmissionResult<string[]> | undefined;
  redirectTo: string;
  submitting: boolean;
}) {
  const [form, fields] = useForm({
    id: "sso-email",
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ssoEmailSchema }),
  });
  return (
    <section className="card stack" aria-labelledby="sso-title">
      <h2 id="sso-title">Single sign-on</h2>
      {known ? (
        <p>
          <DirectoryButton directory={known} redirectTo={redirectTo} />
        </p>
      ) : null}
      {choices?.length ? (
        <div className="stack" role="status">
          <p>Organizations that sign in through their directory for this address:</p>
          <ul className="stack" aria-label="Directories">
            {choices.map((d) => (
              <li key={d.slug}>
                <DirectoryButton directory={d} redirectTo={redirectTo} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <Form method="post" className="stack" {...getFormProps(form)} noValidate>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="sso" />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField
          meta={fields.ssoEmail}
          label="Work email"
          type="email"
          autoComplete="username"
          hint="Your organization signs in through its directory (Microsoft Entra ID, Okta, Google Workspace)? Enter your work address."
        />
        <div className="actions">
          <button type="submit" className="secondary" disabled={submitting}>
            Use my organization&apos;s directory
          </button>
        </div>
      </Form>
    </section>
  );
}
