import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrors, TextField } from "~/components/forms";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { domainIntentSchema } from "~/modules/orgs/domains.schema";
import { addDomain, listDomains, removeDomain, verifyDomain } from "~/modules/orgs/domains.server";
import { replyOnFieldErrors } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Email domains — Praxis" }];

const NOTICES: Record<string, string> = {
  added: "The domain was added. Publish its TXT record, then verify it.",
  verified: "The domain is verified.",
  removed: "The domain was removed.",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "org.settings.manage");
  const url = new URL(request.url);
  const domains = await listDomains(ctx);
  const removeId = url.searchParams.get("remove");
  return json({
    orgSlug: ctx.orgSlug,
    orgName: ctx.orgName,
    domains,
    confirmRemove: domains.find((d) => d.id === removeId) ?? null,
    notice: NOTICES[url.searchParams.get("notice") ?? ""] ?? null,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "org.settings.manage");
  const submission = parseWithZod(await request.formData(), { schema: domainIntentSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const value = submission.value;
  const outcome = await replyOnFieldErrors(submission, async () => {
    if (value.intent === "add-domain") return addDomain(ctx, value.domain);
    if (value.intent === "verify-domain") return verifyDomain(ctx, value.domainId);
    return removeDomain(ctx, value.domainId);
  });
  if (!outcome.ok) return outcome.response;
  const notice = value.intent === "add-domain" ? "added" : value.intent === "verify-domain" ? "verified" : "removed";
  return redirect(`/o/${ctx.orgSlug}/settings/sign-in?notice=${notice}`);
}

function resultOf(data: unknown, intent: string, domainId?: string) {
  if (!data || typeof data !== "object" || !("result" in data)) return undefined;
  const result = (data as { result: { initialValue?: Record<string, unknown> | null } }).result;
  const values = result.initialValue ?? {};
  if (values.intent !== intent || (domainId && values.domainId !== domainId)) return undefined;
  return result as never;
}

function VerifyForm({ id }: { id: string }) {
  const actionData = useActionData<typeof action>();
  const [form] = useForm({ id: `verify-${id}`, lastResult: resultOf(actionData, "verify-domain", id) });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="verify-domain" />
      <input type="hidden" name="domainId" value={id} />
      <div className="actions">
        <button type="submit">Verify now</button>
      </div>
    </Form>
  );
}

export default function SignInSettings() {
  const { orgSlug, orgName, domains, confirmRemove, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const here = `/o/${orgSlug}/settings/sign-in`;
  const [addForm, addFields] = useForm({
    id: "add-domain",
    lastResult: resultOf(actionData, "add-domain"),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: domainIntentSchema }),
  });
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Email domains</h1>
          <p className="muted">
            The domains {orgName} has proved it controls. Only addresses in a verified domain can come in through your single sign-on.
          </p>
        </div>
        <Link to={`/o/${orgSlug}/settings`}>Back to settings</Link>
      </div>
      {notice && !actionData ? (
        <p role="status" className="notice success">
          {notice}
        </p>
      ) : null}
      {confirmRemove ? (
        <section className="card stack notice warn" aria-labelledby="remove-title">
          <h2 id="remove-title">Remove {confirmRemove.domain}?</h2>
          <p>People with addresses at {confirmRemove.domain} will no longer be able to sign in through your single sign-on.</p>
          <Form method="post" className="actions">
            <input type="hidden" name="intent" value="remove-domain" />
            <input type="hidden" name="domainId" value={confirmRemove.id} />
            <button type="submit" className="danger">
              Yes, remove {confirmRemove.domain}
            </button>
            <Link to={here}>Cancel</Link>
          </Form>
        </section>
      ) : null}
      {domains.length === 0 ? (
        <p className="card">No domain yet. Add the domain of your staff&apos;s email addresses, like springfield.gov.</p>
      ) : (
        <ul className="stack" aria-label="Email domains">
          {domains.map((d) => (
            <li key={d.id} className="card stack">
              <h2>
                {d.domain} <span className={`badge ${d.verified ? "" : "warn"}`}>{d.verified ? "Verified" : "Not verified yet"}</span>
              </h2>
              {d.verified ? null : (
                <>
                  <p>At your DNS provider, add a TXT record:</p>
                  <dl className="facts">
                    <dt>Name</dt>
                    <dd>
                      <code className="break-all">{d.record.name}</code>
                    </dd>
                    <dt>Value</dt>
                    <dd>
                      <code className="break-all">{d.record.value}</code>
                    </dd>
                  </dl>
                  <VerifyForm id={d.id} />
                </>
              )}
              <p>
                <Link to={`${here}?remove=${d.id}`}>
                  Remove<span className="visually-hidden"> {d.domain}</span>
                </Link>
              </p>
            </li>
          ))}
        </ul>
      )}
      <Form method="post" className="card stack" {...getFormProps(addForm)} noValidate>
        <h2>Add a domain</h2>
        <FormErrors id={addForm.errorId} errors={addForm.errors} />
        <input type="hidden" name="intent" value="add-domain" />
        <TextField meta={addFields.domain} label="Domain" hint="The part after @ in your staff's addresses, like springfield.gov." />
        <div className="actions">
          <button type="submit" disabled={navigation.state === "submitting"}>
            Add the domain
          </button>
        </div>
      </Form>
    </>
  );
}
