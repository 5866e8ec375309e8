import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { FieldErrorList } from "~/components/forms";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { formatIsoDate } from "~/modules/plans/components/plan-badges";
import { WorkforceError } from "~/modules/workforce/components/workforce-error";
import {
  commitRosterImport,
  previewRosterImport,
  type RosterImportPreview,
} from "~/modules/workforce/roster-import.server";
import {
  ROSTER_CSV_MAX_BYTES,
  ROSTER_CSV_MAX_ROWS,
  ROSTER_DEMOGRAPHIC_FIELDS,
  ROSTER_FIELD_LABELS,
  ROSTER_FIELDS,
  SUPERVISORY_LEVEL_LABELS,
  type RosterImportMode,
  type RosterMapping,
} from "~/modules/workforce/workforce.schema";
import { readImportForm } from "~/modules/core/upload.server";

export const meta: MetaFunction = () => [{ title: "Import the staff roster — Praxis" }];

const MB = ROSTER_CSV_MAX_BYTES / 1_000_000;
const REQUIRED = new Set(["employee_number", "department"]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "roster.manage");
  const url = new URL(request.url);
  const n = (name: string) => Math.max(0, Number(url.searchParams.get(name)) || 0);
  return json({
    orgSlug: ctx.orgSlug,
    done:
      url.searchParams.get("done") === "1"
        ? { created: n("created"), updated: n("updated"), reactivated: n("reactivated"), unchanged: n("unchanged"), left: n("left") }
        : null,
  });
}

type ActionData = { step: "preview" | "commit-refused"; csv: string; mode: RosterImportMode; csvError: string | null; preview: RosterImportPreview | null };

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "roster.manage");
  const form = await readImportForm(request, ROSTER_CSV_MAX_BYTES);
  if (!form.ok) return json<ActionData>({ step: "preview", csv: "", mode: "full", csvError: form.reason, preview: null }, { status: 400 });
  const { formData } = form;
  const csv = String(formData.get("csv") ?? "");
  const mode: RosterImportMode = formData.get("mode") === "update" ? "update" : "full";
  // The mapping step's choices, once it has been shown (before that: the saved or proposed one).
  const mapping: RosterMapping | null =
    formData.get("mapping") === "1" ? { columns: Object.fromEntries(ROSTER_FIELDS.map((f) => [f, String(formData.get(`map.${f}`) ?? "") || null])) } : null;
  if (!csv.trim()) {
    return json<ActionData>({ step: "preview", csv, mode, csvError: "Choose a CSV file, or paste its text.", preview: null }, { status: 400 });
  }
  const request_ = { csv, mode, mapping };
  if (formData.get("step") === "commit") {
    const outcome = await commitRosterImport(ctx, request_);
    if (outcome.ok) {
      const q = new URLSearchParams({ done: "1", ...Object.fromEntries(Object.entries(outcome).filter(([k]) => k !== "ok").map(([k, v]) => [k, String(v)])) });
      return redirect(`/o/${ctx.orgSlug}/roster/import?${q.toString()}`);
    }
    // The roster changed between the preview and the commit: show the problems as they are now.
    return json<ActionData>({ step: "commit-refused", csv, mode, csvError: null, preview: await previewRosterImport(ctx, request_) }, { status: 400 });
  }
  // A file that cannot be imported as it is (its problems listed in the preview) is a 422.
  const preview = await previewRosterImport(ctx, request_);
  return json<ActionData>({ step: "preview", csv, mode, csvError: null, preview }, { status: preview.ok ? 200 : 422 });
}

export default function RosterImport() {
  const { orgSlug, done } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <>
      <p className="small">
        <Link to={`/o/${orgSlug}/roster`}>Back to the staff roster</Link>
      </p>
      <h1>Import the staff roster</h1>
      <p className="muted">
        From your HR system&apos;s export (CSV, one row per person, a header row). First you match its columns to ours and see a
        preview with every problem listed by row; nothing is written until you confirm, and then everyone is imported or no one
        is. People are matched by employee number, so importing the same file twice changes nothing.
      </p>
      {done && !data ? (
        <div role="status" className="notice success">
          <p style={{ margin: 0 }}>
            <strong>Import complete.</strong> {done.created} added, {done.updated} updated, {done.reactivated} back from having left,{" "}
            {done.unchanged} unchanged, {done.left} marked as having left.
          </p>
          <p style={{ margin: 0 }}>
            <Link to={`/o/${orgSlug}/roster`}>See the roster</Link>
          </p>
        </div>
      ) : null}
      <ImportForm key={data ? `${data.step}-${data.csv.length}-${JSON.stringify(data.preview?.mapping ?? null)}` : "start"} />
      {data?.preview ? <Preview /> : null}
      <Columns />
    </>
  );
}

function ImportForm() {
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const previewing = navigation.state === "submitting" && navigation.formData?.get("step") === "preview";
  const preview = data?.preview ?? null;
  const csvErrorId = "roster-csv-error";
  return (
    <section aria-labelledby="file-title">
      <h2 id="file-title">{preview ? "1. The file" : "Choose a file"}</h2>
      <Form method="post" encType="multipart/form-data" className="stack card" noValidate>
        <input type="hidden" name="step" value="preview" />
        <div className="field">
          <label htmlFor="roster-upload">CSV file</label>
          <p className="hint" id="roster-upload-hint">
            Up to {MB} MB and {ROSTER_CSV_MAX_ROWS.toLocaleString("en-US")} rows. A file replaces any text in the box below.
          </p>
          <input type="file" id="roster-upload" name="file" accept=".csv,text/csv" aria-describedby="roster-upload-hint" />
        </div>
        <div className="field">
          <label htmlFor="roster-csv">Or paste the CSV text</label>
          <textarea
            id="roster-csv"
            name="csv"
            rows={8}
            spellCheck={false}
            defaultValue={data?.csv ?? ""}
            aria-invalid={data?.csvError ? true : undefined}
            aria-describedby={data?.csvError ? csvErrorId : undefined}
          />
          <FieldErrorList id={csvErrorId} errors={data?.csvError ? [data.csvError] : undefined} />
        </div>
        <fieldset>
          <legend>What the file holds</legend>
          <div>
            <label>
              <input type="radio" name="mode" value="full" defaultChecked={(data?.mode ?? "full") === "full"} /> The whole roster: people who are
              not in it have left (they are marked inactive, never deleted)
            </label>
          </div>
          <div>
            <label>
              <input type="radio" name="mode" value="update" defaultChecked={data?.mode === "update"} /> Only some people: add and update them,
              leave everyone else as they are
            </label>
          </div>
        </fieldset>
        {preview && preview.columns.length ? <MappingFields preview={preview} /> : null}
        <div className="actions">
          <button type="submit" disabled={previewing}>
            {previewing ? "Checking…" : "Preview import"}
          </button>
          {preview ? (
            <Link to="." className="button secondary">
              Start over
            </Link>
          ) : null}
        </div>
      </Form>
    </section>
  );
}

function MappingFields({ preview }: { preview: RosterImportPreview }) {
  const demographic = new Set<string>(ROSTER_DEMOGRAPHIC_FIELDS);
  return (
    <fieldset className="stack">
      <legend>2. Match the file&apos;s columns to the roster&apos;s</legend>
      <input type="hidden" name="mapping" value="1" />
      <p className="hint">
        {preview.mappingSource === "saved"
          ? "This is the matching used last time for a file with these columns."
          : preview.mappingSource === "proposed"
            ? "Proposed from the column names: check it. It is remembered for the next file with the same columns."
            : "Your matching. Change it and preview again."}{" "}
        Employee number, a name (or first and last name) and department are required. A roster field left as “Not in the file” keeps
        what people already have.
      </p>
      <div className="mapping-grid row">
        {ROSTER_FIELDS.map((f) => (
          <div className="field" key={f}>
            <label htmlFor={`map-${f}`}>
              {ROSTER_FIELD_LABELS[f]}
              {REQUIRED.has(f) ? " (required)" : demographic.has(f) ? " (optional, never shown per person)" : ""}
            </label>
            <select id={`map-${f}`} name={`map.${f}`} defaultValue={preview.mapping.columns[f] ?? ""}>
              <option value="">Not in the file</option>
              {preview.columns.map((c) => (
                <option key={c.name} value={c.name}>
                  {c.label}
                  {c.sample ? ` (e.g. ${c.sample.slice(0, 30)})` : ""}
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

function Preview() {
  const data = useActionData<typeof action>()!;
  const preview = data.preview!;
  const navigation = useNavigation();
  const committing = navigation.state === "submitting" && navigation.formData?.get("step") === "commit";
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [preview]);
  const c = preview.counts;
  const people = c.create + c.update + c.reactivate + c.unchanged;
  return (
    <section aria-labelledby="preview-title">
      <h2 id="preview-title" ref={heading} tabIndex={-1}>
        3. Preview
      </h2>
      {preview.ok ? (
        <div role="status" className="notice info">
          <p style={{ margin: 0 }}>
            The file is ready: {people} {people === 1 ? "person" : "people"} read — {c.create} to add, {c.update} to update,{" "}
            {c.reactivate} back from having left, {c.unchanged} unchanged. Nothing has been written yet.
          </p>
          {preview.mode === "full" ? (
            <p style={{ margin: 0 }}>
              <strong>
                {c.leave} {c.leave === 1 ? "person" : "people"} will be marked as having left
              </strong>{" "}
              (not in this file; kept in the roster as inactive)
              {preview.leavers.length ? `: ${preview.leavers.map((l) => l.fullName).join(", ")}${c.leave > preview.leavers.length ? "…" : ""}` : ""}.
            </p>
          ) : null}
          {preview.demographicFields.length ? (
            <p style={{ margin: 0 }}>
              Demographic columns read: {preview.demographicFields.map((f) => ROSTER_FIELD_LABELS[f]).join(", ")}. They are stored, and only ever
              shown as counts by group.
            </p>
          ) : null}
        </div>
      ) : (
        <div role="alert" className="notice error">
          <p>
            <strong>
              {data.step === "commit-refused" ? "Nothing was imported: the roster changed since the preview. " : "Nothing can be imported yet: "}
              {preview.errorCount} {preview.errorCount === 1 ? "problem" : "problems"} to fix.
            </strong>{" "}
            Correct the file or the matching of columns above and preview again; nothing has been written.
          </p>
          <ul>
            {preview.errors.map((e, i) => (
              <li key={i}>
                Row {e.row}
                {e.column ? `, column ${e.column}` : ""}: {e.reason}
              </li>
            ))}
          </ul>
          {preview.errorCount > preview.errors.length ? <p>…and {preview.errorCount - preview.errors.length} more.</p> : null}
        </div>
      )}
      {preview.blankRows ? <p className="muted small">Blank rows skipped: {preview.blankRows}.</p> : null}
      {preview.sample.length ? (
        <div className="table-wrap card">
          <table>
            <caption>
              The first {preview.sample.length} valid {preview.sample.length === 1 ? "row" : "rows"} of the file (demographics are not shown)
            </caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  Row
                </th>
                <th scope="col">Action</th>
                <th scope="col">Employee number</th>
                <th scope="col">Name</th>
                <th scope="col">Department</th>
                <th scope="col">Job title</th>
                <th scope="col">Level</th>
                <th scope="col">Hired</th>
              </tr>
            </thead>
            <tbody>
              {preview.sample.map((r) => (
                <tr key={r.row}>
                  <th scope="row" className="num">
                    {r.row}
                  </th>
                  <td>{ACTION_LABELS[r.action]}</td>
                  <td>{r.employeeNumber}</td>
                  <td>{r.fullName}</td>
                  <td>{r.departmentName}</td>
                  <td>{r.jobTitle}</td>
                  <td>{SUPERVISORY_LEVEL_LABELS[r.supervisoryLevel]}</td>
                  <td className="nowrap">{formatIsoDate(r.hireDate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {preview.ok ? (
        <Form method="post" className="card stack">
          <input type="hidden" name="step" value="commit" />
          <input type="hidden" name="csv" value={data.csv} />
          <input type="hidden" name="mode" value={preview.mode} />
          <input type="hidden" name="mapping" value="1" />
          {ROSTER_FIELDS.map((f) => (
            <input key={f} type="hidden" name={`map.${f}`} value={preview.mapping.columns[f] ?? ""} />
          ))}
          <p style={{ margin: 0 }}>
            Importing writes all {people} {people === 1 ? "person" : "people"} in one step
            {preview.mode === "full" && c.leave ? `, and marks ${c.leave} as having left` : ""} — or nothing, if anything changed meanwhile.
          </p>
          <div className="actions">
            <button type="submit" disabled={committing}>
              {committing ? "Importing…" : `Import ${people} ${people === 1 ? "person" : "people"}`}
            </button>
          </div>
        </Form>
      ) : null}
    </section>
  );
}

const ACTION_LABELS = { create: "Add", update: "Update", reactivate: "Back from having left", unchanged: "Unchanged" } as const;

function Columns() {
  return (
    <section className="card" aria-labelledby="columns-title">
      <h2 id="columns-title">What the file holds</h2>
      <ul>
        <li>
          <strong>Employee number</strong> (required): how people are matched from one import to the next.
        </li>
        <li>
          <strong>Name</strong> (or first and last name) and <strong>department</strong> (its code or name, like PW or Public Works) are
          required.
        </li>
        <li>
          <strong>Email</strong>, <strong>job title</strong>, <strong>supervisory level</strong> (executive, manager, supervisor or staff;
          empty means staff) and <strong>hire date</strong> (2019-04-15 or 4/15/2019) are optional.
        </li>
        <li>
          Optional, self-reported: <strong>race/ethnicity</strong>, <strong>gender</strong>, <strong>age band</strong> (an age is turned
          into its band), <strong>veteran</strong> and <strong>disability</strong> status. An empty cell means not reported. They are
          never shown per person — only as counts by group, with groups smaller than the organization&apos;s anonymity threshold
          suppressed.
        </li>
      </ul>
    </section>
  );
}

export function ErrorBoundary() {
  return <WorkforceError back="roster" label="See the staff roster" />;
}
