import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FieldErrorList, FormErrors, TextAreaField, TextField } from "~/components/forms";
import { resourceInputSchema } from "~/modules/assessments/assessments.schema";
import { useFocusOnMount } from "~/modules/assessments/components/assessment-ui";
import { addResource, deleteResource, listResources } from "~/modules/assessments/resources.server";
import { can } from "~/modules/auth/permissions";
import { cachedJson } from "~/modules/cache/view-cache.server";
import { requirePermission, requireTenantPermission } from "~/modules/auth/tenant.server";
import { getCatalog } from "~/modules/practices/practices.server";
import { replyOnFieldErrors } from "~/utils/forms.server";
import { badRequest } from "~/utils/http.server";
import assessmentStyles from "~/styles/assessments.css";

export const meta: MetaFunction = () => [{ title: "Development resources — Assessments — Praxis" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: assessmentStyles }];

const NOTICES: Record<string, string> = { added: "Resource added.", deleted: "Resource deleted." };

/** Served from the view cache while nothing of the organization changes (ADR 014). */
export const handle = { viewCache: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "catalog.read");
  // What the page shows, computed once per organization data version (app/modules/cache).
  return cachedJson(ctx, request, async () => {
    const url = new URL(request.url);
    const practiceParam = Number(url.searchParams.get("practice"));
    const practice = Number.isInteger(practiceParam) && practiceParam >= 1 && practiceParam <= 14 ? practiceParam : undefined;
    const [resources, catalog] = await Promise.all([listResources(ctx, practice), getCatalog(ctx)]);
    const canManage = can(ctx.role, "assessments.manage");
    const deleteId = canManage ? url.searchParams.get("delete") : null;
    return {
      orgSlug: ctx.orgSlug,
      canManage,
      practice: practice ?? null,
      practices: catalog.groups.flatMap((g) => g.practices).map((p) => ({ number: p.number, name: p.name })),
      resources,
      confirmDelete: resources.find((r) => r.id === deleteId && r.source === "organization") ?? null,
      notice: NOTICES[url.searchParams.get("notice") ?? ""] ?? null,
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "catalog.read");
  requirePermission(ctx, "assessments.manage");
  const here = `/o/${ctx.orgSlug}/assessments/resources`;
  const form = await request.formData();
  if (form.get("intent") === "delete") {
    await deleteResource(ctx, String(form.get("id") ?? ""));
    return redirect(`${here}?notice=deleted`);
  }
  if (form.get("intent") !== "add") badRequest("Choose what to do with the resources.");
  const submission = parseResourceForm(form);
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const outcome = await replyOnFieldErrors(submission, () => addResource(ctx, submission.value));
  if (!outcome.ok) return outcome.response;
  return redirect(`${here}?notice=added`);
}

/** No practice ticked reads as "none chosen", with a plain message (client and server alike). */
function parseResourceForm(form: FormData) {
  return parseWithZod(form, {
    schema: resourceInputSchema,
    // An empty field arrives as no value at all: say what is missing rather than "Required".
    errorMap: (issue, c) =>
      issue.code === "invalid_type" && issue.received === "undefined"
        ? { message: issue.path[0] === "title" ? "Give the resource a title." : issue.path[0] === "practiceNumbers" ? "Link the resource to at least one practice." : c.defaultError }
        : { message: c.defaultError },
  });
}

export default function ResourcesPage() {
  const { orgSlug, canManage, practice, practices, resources, confirmDelete, notice } = useLoaderData<typeof loader>();
  const here = `/o/${orgSlug}/assessments/resources`;
  return (
    <>
      <p className="small">
        <Link to={`/o/${orgSlug}/assessments`}>All assessments</Link>
      </p>
      <h1>Development resources</h1>
      <p className="muted">Training and guidance linked to the practices, suggested to people where their self-assessment is lowest.</p>
      {notice ? (
        <p role="status" className="notice success">
          {notice}
        </p>
      ) : null}
      {confirmDelete ? <ConfirmDelete id={confirmDelete.id} title={confirmDelete.title} here={here} /> : null}
      <Form method="get" className="cut-form">
        <div className="field">
          <label htmlFor="practice">Practice</label>
          <select id="practice" name="practice" defaultValue={practice ?? ""}>
            <option value="">All practices</option>
            {practices.map((p) => (
              <option key={p.number} value={p.number}>
                {p.number}. {p.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="secondary">
          Show
        </button>
      </Form>
      {resources.length === 0 ? (
        <p className="card empty">No resources for this practice yet.</p>
      ) : (
        <ul className="stack plain-list">
          {resources.map((r) => (
            <li key={r.id} className="card">
              <h2 className="h3">{r.url ? <a href={r.url}>{r.title}</a> : r.title}</h2>
              {r.description ? <p>{r.description}</p> : null}
              <p className="small muted">
                Practices {r.practiceNumbers.join(", ")} · {r.source === "icma" ? "ICMA" : "Added by your organization"}
              </p>
              {canManage && r.source === "organization" ? (
                <p className="small">
                  <Link to={`?delete=${encodeURIComponent(r.id)}`}>
                    Delete<span className="visually-hidden"> {r.title}</span>
                  </Link>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canManage ? <AddResource practices={practices} /> : null}
    </>
  );
}

function ConfirmDelete({ id, title, here }: { id: string; title: string; here: string }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section className="card notice warn" aria-labelledby="confirm-delete-title">
      <h2 id="confirm-delete-title" ref={heading} tabIndex={-1}>
        Delete “{title}”?
      </h2>
      <Form method="post" action={here} className="actions">
        <input type="hidden" name="intent" value="delete" />
        <input type="hidden" name="id" value={id} />
        <button type="submit" className="danger">
          Delete the resource
        </button>
        <Link to={here} className="button secondary">
          Cancel
        </Link>
      </Form>
    </section>
  );
}

function AddResource({ practices }: { practices: { number: number; name: string }[] }) {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "add-resource",
    lastResult: actionData?.result,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseResourceForm(formData),
  });
  const posted = actionData?.result?.initialValue as Record<string, unknown> | undefined;
  const chosen = posted?.practiceNumbers === undefined ? [] : ([] as unknown[]).concat(posted.practiceNumbers).map(String);
  return (
    <section aria-labelledby="add-title">
      <h2 id="add-title">Add a resource</h2>
      <Form method="post" className="card stack" {...getFormProps(form)} noValidate>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="add" />
        <TextField meta={fields.title} label="Title" />
        <TextAreaField meta={fields.description} label="Description (optional)" rows={3} />
        <TextField meta={fields.url} label="Web address (optional)" type="url" hint="Starting with https://" />
        <fieldset className="field" aria-describedby={fields.practiceNumbers.errors?.length ? fields.practiceNumbers.errorId : undefined}>
          <legend>Practices it helps with</legend>
          <div className="checks-grid">
            {practices.map((p) => (
              <label key={p.number} className="check">
                <input type="checkbox" name="practiceNumbers" value={String(p.number)} defaultChecked={chosen.includes(String(p.number))} />
                <span>
                  {p.number}. {p.name}
                </span>
              </label>
            ))}
          </div>
          <FieldErrorList id={fields.practiceNumbers.errorId} errors={fields.practiceNumbers.errors} />
        </fieldset>
        <div className="actions">
          <button type="submit" disabled={navigation.state === "submitting"}>
            Add resource
          </button>
        </div>
      </Form>
    </section>
  );
}
