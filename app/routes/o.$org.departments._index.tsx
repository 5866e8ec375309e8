import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrors, SelectField, TextField } from "~/components/forms";
import { can } from "~/modules/auth/permissions";
import { cachedJson } from "~/modules/cache/view-cache.server";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { DEPARTMENT_CODE_MAX, departmentSchema } from "~/modules/orgs/departments.schema";
import { createDepartment, listDepartments } from "~/modules/orgs/departments.server";
import { replyOnFieldErrors } from "~/utils/forms.server";
import { CsvLink } from "~/components/csv-link";

export const meta: MetaFunction = () => [{ title: "Departments — Praxis" }];

/** Served from the view cache while nothing of the organization changes (ADR 014). */
export const handle = { viewCache: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "departments.read");
  // What the page shows, computed once per organization data version (app/modules/cache).
  return cachedJson(ctx, request, async () => {
    const url = new URL(request.url);
    const includeArchived = url.searchParams.get("archived") === "1";
    const departments = await listDepartments(ctx, { includeArchived });
    return {
      orgSlug: ctx.orgSlug,
      canManage: can(ctx.role, "departments.manage"),
      includeArchived,
      departments,
      addedId: url.searchParams.get("added"),
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "departments.manage");
  const submission = parseWithZod(await request.formData(), { schema: departmentSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const outcome = await replyOnFieldErrors(submission, () => createDepartment(ctx, submission.value));
  if (!outcome.ok) return outcome.response;
  return redirect(`/o/${ctx.orgSlug}/departments?added=${outcome.value.id}`);
}

export default function Departments() {
  const { orgSlug, canManage, includeArchived, departments, addedId } = useLoaderData<typeof loader>();
  const base = `/o/${orgSlug}/departments`;
  // After a failed submission the URL may still carry ?added= from the previous success.
  const failed = Boolean(useActionData<typeof action>());
  const added = addedId && !failed ? departments.find((d) => d.id === addedId) : undefined;
  const parentOptions = departments.filter((d) => !d.archived).map((d) => [d.id, d.label] as const);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Departments</h1>
          <p className="muted">
            The departments that own objectives, budget lines and workforce goals. Sub-departments appear indented under
            their parent.
          </p>
        </div>
        <CsvLink href={`/o/${orgSlug}/departments.csv${includeArchived ? "?archived=1" : ""}`} />
        <p>
          {includeArchived ? (
            <Link to={base}>Hide archived departments</Link>
          ) : (
            <Link to={`${base}?archived=1`}>Show archived departments</Link>
          )}
        </p>
      </div>

      {added ? (
        <p role="status" className="notice success">
          Added {added.name}.
        </p>
      ) : null}

      {departments.length === 0 ? (
        <div className="card empty">
          <p>
            <strong>{includeArchived ? "There are no departments yet." : "There are no active departments."}</strong>
          </p>
          <p>
            {canManage
              ? "Add your first department with the form below. Start with the top-level ones, like Public Works or Finance; you can then place sub-departments under them."
              : "An administrator of your organization adds departments. Ask them if yours is missing."}
          </p>
          {!includeArchived ? (
            <p>
              <Link to={`${base}?archived=1`}>Show archived departments</Link>
            </p>
          ) : null}
        </div>
      ) : (
        <div className="table-wrap card">
          <table>
            <caption>
              {includeArchived ? "All departments, including archived ones" : "Active departments"} ({departments.length})
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Code</th>
                <th scope="col" className="num">
                  Members
                </th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {departments.map((d) => (
                <tr key={d.id}>
                  <td>
                    <span style={{ paddingLeft: `${d.depth * 1.5}rem` }}>
                      {d.depth > 0 ? (
                        <span aria-hidden="true" className="muted">
                          ↳{" "}
                        </span>
                      ) : null}
                      <Link to={`${base}/${d.id}`}>{d.name}</Link>
                      {d.parentName ? <span className="visually-hidden">, part of {d.parentName}</span> : null}
                    </span>
                  </td>
                  <td>{d.code}</td>
                  <td className="num">{d.memberCount}</td>
                  <td>
                    {d.archived ? <span className="badge neutral">Archived</span> : <span className="badge">Active</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {canManage ? <AddDepartment key={addedId ?? "new"} parentOptions={parentOptions} /> : null}
    </>
  );
}

/** Keyed by the last added department, so the form starts empty again after each addition. */
function AddDepartment({ parentOptions }: { parentOptions: (readonly [string, string])[] }) {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" && navigation.formMethod?.toLowerCase() === "post";
  const [form, fields] = useForm({
    id: "add-department",
    lastResult: actionData?.result,
    constraint: getZodConstraint(departmentSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: departmentSchema }),
  });
  return (
    <section aria-labelledby="add-department-title">
      <h2 id="add-department-title">Add a department</h2>
      <Form method="post" className="stack card" {...getFormProps(form)} noValidate>
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField meta={fields.name} label="Name" hint="For example: Public Works" autoComplete="off" />
        <TextField
          meta={fields.code}
          label="Code"
          hint={`A short code used in imports and reports: up to ${DEPARTMENT_CODE_MAX} letters, digits or hyphens, like PW or PUB-WORKS.`}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
        />
        <SelectField
          meta={fields.parentId}
          label="Parent department"
          hint="Choose one to make this a sub-department, such as Streets under Public Works."
          options={parentOptions}
          placeholder="None (top level)"
        />
        <div className="actions">
          <button type="submit" disabled={submitting}>
            {submitting ? "Adding…" : "Add department"}
          </button>
        </div>
      </Form>
    </section>
  );
}
