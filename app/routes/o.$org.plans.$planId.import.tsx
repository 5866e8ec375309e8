import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { FieldErrorList, FormErrors, TextAreaField } from "~/components/forms";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { commitImport, previewImport, type ImportKind } from "~/modules/plans/plan-import.server";
import { CSV_MAX_BYTES, CSV_MAX_ROWS, csvImportSchema } from "~/modules/plans/plans.schema";
import { getPlan } from "~/modules/plans/plans.server";
import { FieldErrors } from "~/utils/http.server";
import { readImportForm } from "~/modules/core/upload.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Import — ${data?.plan.title ?? "Plan"} — Praxis` }];

const KINDS = ["measurements", "objectives"] as const;
const KIND_LABELS: Record<ImportKind, string> = { measurements: "Measurements (values of measures)", objectives: "Objectives" };
const MB = CSV_MAX_BYTES / 1_000_000;
/** Rows shown in the preview table; every row is still checked and its problems listed. */
const PREVIEW_ROWS_SHOWN = 200;

const importSchema = z.object({
  kind: z.enum(KINDS, { errorMap: () => ({ message: "Choose what the file contains: measurements or objectives." }) }),
  csv: csvImportSchema.shape.csv,
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "objectives.edit");
  const plan = await getPlan(ctx, params.planId ?? "");
  const url = new URL(request.url);
  const kind = url.searchParams.get("kind");
  const count = (name: string) => Math.max(0, Number(url.searchParams.get(name)) || 0);
  return json({
    orgSlug: ctx.orgSlug,
    plan: { id: plan.id, title: plan.title, status: plan.status, periodLabel: plan.periodLabel },
    done:
      url.searchParams.get("done") === "1" && (kind === "measurements" || kind === "objectives")
        ? { kind: kind as ImportKind, created: count("created"), updated: count("updated"), unchanged: count("unchanged") }
        : null,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "objectives.edit");
  const planId = params.planId ?? "";
  const form = await readImportForm(request, CSV_MAX_BYTES);
  if (!form.ok) {
    const result: SubmissionResult<string[]> = { status: "error", initialValue: null, error: { file: [form.reason] } };
    return json({ step: "preview" as const, result, preview: null }, { status: 400 });
  }
  const { formData } = form;
  const submission = parseWithZod(formData, { schema: importSchema });
  if (submission.status !== "success") return json({ step: "preview" as const, result: submission.reply(), preview: null }, { status: 400 });
  const { kind, csv } = submission.value;
  const target = { kind, planId };
  try {
    if (formData.get("step") === "commit") {
      const outcome = await commitImport(ctx, target, csv);
      if (outcome.ok) {
        return redirect(
          `/o/${ctx.orgSlug}/plans/${planId}/import?done=1&kind=${kind}&created=${outcome.created}&updated=${outcome.updated}&unchanged=${outcome.unchanged}`,
        );
      }
      // The data changed between the preview and the commit: show the problems as they are now.
      const preview = await previewImport(ctx, target, csv);
      return json({ step: "commit-refused" as const, result: submission.reply(), preview }, { status: 400 });
    }
    // A file that cannot be imported as it is (its problems listed in the preview) is a 422.
    const preview = await previewImport(ctx, target, csv);
    return json({ step: "preview" as const, result: submission.reply(), preview }, { status: preview.ok ? 200 : 422 });
  } catch (error) {
    if (error instanceof FieldErrors) {
      const { form, ...fields } = error.errors;
      return json({ step: "preview" as const, result: submission.reply({ formErrors: form ?? [], fieldErrors: fields }), preview: null }, { status: 400 });
    }
    throw error;
  }
}

export default function ImportPage() {
  const { orgSlug, plan, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const planUrl = `/o/${orgSlug}/plans/${plan.id}`;
  return (
    <>
      <p className="small">
        <Link to={planUrl}>Back to {plan.title}</Link>
      </p>
      <div className="page-header">
        <div>
          <h1>Import from CSV</h1>
          <p className="muted">
            Into {plan.title} ({plan.periodLabel}). First a preview, with every problem listed by row; nothing is written
            until you confirm, and then either every row is imported or none is.
          </p>
        </div>
      </div>

      {done && !actionData ? <ImportSummary done={done} planUrl={planUrl} /> : null}

      {plan.status === "archived" ? (
        <p className="notice info">This plan is archived, so nothing can be imported into it.</p>
      ) : (
        <>
          {actionData?.preview ? <Preview key={JSON.stringify(actionData.preview.counts)} /> : null}
          <ChooseFile />
          <Columns />
        </>
      )}
    </>
  );
}

function ImportSummary({
  done,
  planUrl,
}: {
  done: { kind: ImportKind; created: number; updated: number; unchanged: number };
  planUrl: string;
}) {
  const what = done.kind === "measurements" ? "values" : "objectives";
  return (
    <div role="status" className="notice success">
      <p style={{ margin: 0 }}>
        <strong>Import complete.</strong> {done.created} {what} created, {done.updated} updated, {done.unchanged} unchanged.
      </p>
      <p style={{ margin: 0 }}>
        <Link to={planUrl}>Back to the plan</Link>
      </p>
    </div>
  );
}

function ChooseFile() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const previewing = navigation.state === "submitting" && navigation.formData?.get("step") === "preview";
  const [form, fields] = useForm<z.input<typeof importSchema>>({
    id: "import-file",
    lastResult: actionData?.result,
    defaultValue: { kind: "measurements" },
    shouldValidate: "onSubmit",
  });
  const fileError = (actionData?.result?.error as Record<string, string[] | null> | undefined)?.file ?? undefined;
  return (
    <section aria-labelledby="import-file-title">
      <h2 id="import-file-title">{actionData?.preview ? "Change the file" : "Choose a file"}</h2>
      <Form method="post" encType="multipart/form-data" className="stack card import-csv" {...getFormProps(form)} noValidate>
        <input type="hidden" name="step" value="preview" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <fieldset aria-describedby={fields.kind.errors?.length ? fields.kind.errorId : undefined}>
          <legend>What the file contains</legend>
          {KINDS.map((k) => {
            const { key: _key, ...radio } = getInputProps(fields.kind, { type: "radio", value: k });
            return (
              <div key={k}>
                <label>
                  <input {...radio} key={`${k}-${String(fields.kind.initialValue)}`} /> {KIND_LABELS[k]}
                </label>
              </div>
            );
          })}
          <FieldErrorList id={fields.kind.errorId} errors={fields.kind.errors} />
        </fieldset>
        <div className="field">
          <label htmlFor="import-upload">CSV file</label>
          <p className="hint" id="import-upload-hint">
            Up to {MB} MB and {CSV_MAX_ROWS.toLocaleString("en-US")} rows. A file replaces any text pasted below.
          </p>
          <input
            type="file"
            id="import-upload"
            name="file"
            accept=".csv,text/csv"
            aria-describedby={fileError ? "import-upload-hint import-upload-error" : "import-upload-hint"}
            aria-invalid={fileError ? true : undefined}
          />
          <FieldErrorList id="import-upload-error" errors={fileError} />
        </div>
        <TextAreaField
          meta={fields.csv}
          label="Or paste the CSV text"
          hint="The first row names the columns, as explained below."
          rows={8}
          spellCheck={false}
        />
        <div className="actions">
          <button type="submit" disabled={previewing}>
            {previewing ? "Checking…" : "Preview import"}
          </button>
        </div>
      </Form>
    </section>
  );
}

function Preview() {
  const actionData = useActionData<typeof action>()!;
  const preview = actionData.preview!;
  const navigation = useNavigation();
  const committing = navigation.state === "submitting" && navigation.formData?.get("step") === "commit";
  const csv = String((actionData.result.initialValue as Record<string, unknown> | null | undefined)?.csv ?? "");
  const importable = preview.counts.create + preview.counts.update + preview.counts.unchanged;
  const shown = preview.rows.slice(0, PREVIEW_ROWS_SHOWN);
  const columns = preview.columns;
  const what = preview.kind === "measurements" ? "values" : "objectives";
  return (
    <section aria-labelledby="preview-title">
      <h2 id="preview-title">Preview</h2>
      {preview.ok ? (
        <div role="status" className="notice info">
          <p style={{ margin: 0 }}>
            The file is ready: {preview.counts.create} {what} to create, {preview.counts.update} to update,{" "}
            {preview.counts.unchanged} unchanged. Nothing has been written yet.
          </p>
        </div>
      ) : (
        <div role="alert" className="notice error">
          <p>
            <strong>
              {actionData.step === "commit-refused" ? "Nothing was imported: the data changed since the preview. " : "Nothing can be imported yet: "}
              {preview.errors.length} {preview.errors.length === 1 ? "problem" : "problems"} to fix.
            </strong>{" "}
            Correct the file and preview it again; nothing has been written.
          </p>
          <ul>
            {preview.errors.slice(0, PREVIEW_ROWS_SHOWN).map((e, i) => (
              <li key={i}>
                Row {e.row}
                {e.column ? `, column ${e.column}` : ""}: {e.reason}
              </li>
            ))}
          </ul>
          {preview.errors.length > PREVIEW_ROWS_SHOWN ? <p>…and {preview.errors.length - PREVIEW_ROWS_SHOWN} more.</p> : null}
        </div>
      )}
      {preview.ignoredColumns.length ? (
        <p className="muted small">Ignored columns (not read by the import): {preview.ignoredColumns.join(", ")}.</p>
      ) : null}
      {preview.counts.blank ? <p className="muted small">Blank rows skipped: {preview.counts.blank}.</p> : null}

      {shown.length ? (
        <div className="table-wrap card">
          <table>
            <caption>
              Rows of the file{preview.rows.length > shown.length ? ` (the first ${shown.length} of ${preview.rows.length})` : ` (${preview.rows.length})`}
            </caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  Row
                </th>
                <th scope="col">Action</th>
                {columns.map((c) => (
                  <th scope="col" key={c}>
                    {c}
                  </th>
                ))}
                <th scope="col">Problems</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr key={r.row}>
                  <th scope="row" className="num">
                    {r.row}
                  </th>
                  <td>
                    {r.errors.length ? (
                      <span className="badge danger">Error</span>
                    ) : r.action === "create" ? (
                      <span className="badge success">Create</span>
                    ) : r.action === "update" ? (
                      <span className="badge warn">Update</span>
                    ) : (
                      <span className="badge neutral">Unchanged</span>
                    )}
                  </td>
                  {columns.map((c) => (
                    <td key={c}>{r.values[c] ?? ""}</td>
                  ))}
                  <td>
                    {r.errors.length ? (
                      <ul style={{ margin: 0, paddingLeft: "1rem" }}>
                        {r.errors.map((e, i) => (
                          <li key={i}>
                            {e.column ? <strong>{e.column}: </strong> : null}
                            {e.reason}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {preview.ok ? (
        <Form method="post" className="card stack">
          <input type="hidden" name="step" value="commit" />
          <input type="hidden" name="kind" value={preview.kind} />
          <input type="hidden" name="csv" value={csv} />
          <p style={{ margin: 0 }}>
            Importing writes all {importable} {importable === 1 ? "row" : "rows"} in one step, or nothing if anything changed
            meanwhile. Rows marked unchanged are left as they are.
          </p>
          <div className="actions">
            <button type="submit" disabled={committing}>
              {committing ? "Importing…" : `Import ${importable} ${importable === 1 ? "row" : "rows"}`}
            </button>
          </div>
        </Form>
      ) : null}
    </section>
  );
}

function Columns() {
  return (
    <section className="card import-columns" aria-labelledby="import-columns-title">
      <h2 id="import-columns-title">The columns</h2>
      <p>
        The first row names the columns, in any order; case and spacing don&apos;t matter and other columns are ignored. A
        file downloaded from the plan page can be edited and imported back. Rows are matched by code, so importing the same
        file twice changes nothing the second time.
      </p>
      <h3>Measurements</h3>
      <p>
        <code>measure,period,value,note</code>
      </p>
      <ul>
        <li>
          <strong>measure</strong> (required): the measure&apos;s code in this plan, like 2.3.1.
        </li>
        <li>
          <strong>period</strong> (required): the first day of the period, like 2026-03-01 (or 2026-03): of the month for
          monthly measures, of the fiscal quarter for quarterly ones, of the fiscal year for yearly ones.
        </li>
        <li>
          <strong>value</strong> (required): a plain number, like 12, -3.5 or 1,250.75, without units or % sign.
        </li>
        <li>
          <strong>note</strong> (optional): up to 500 characters. When the column is there, an empty cell clears the note.
        </li>
      </ul>
      <h3>Objectives</h3>
      <p>
        <code>code,goal,title,department,description,owner_email,due_date,reporting_frequency</code>
      </p>
      <ul>
        <li>
          <strong>code</strong> (required): the objective&apos;s code in this plan, like 2.3. A new code creates a new
          objective.
        </li>
        <li>
          <strong>goal</strong> (required): the goal&apos;s number in the plan (1, 2…) or its exact title.
        </li>
        <li>
          <strong>title</strong> (required).
        </li>
        <li>
          <strong>department</strong> (required): the owner department&apos;s code, like PW.
        </li>
        <li>
          <strong>description</strong>, <strong>owner_email</strong>, <strong>due_date</strong> (YYYY-MM-DD) and{" "}
          <strong>reporting_frequency</strong> (monthly, quarterly or yearly) are optional. A missing column leaves existing
          objectives as they are; an empty cell clears the value. New objectives report quarterly unless the file says
          otherwise.
        </li>
      </ul>
      <p className="muted small">
        Department heads can import only their own department&apos;s objectives and measures. Status comes from status
        updates and is not imported.
      </p>
    </section>
  );
}
