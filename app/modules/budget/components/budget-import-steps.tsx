// The budget import's page, in three steps (the route, o.$org.budget.import.tsx, holds the loader,
// the action and this page's frame): (1) the file, the fiscal year and the mode; (2) how the file's
// columns map to our fields; (3) the preview, then the commit.
import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { FieldErrorList, FormErrors, TextAreaField, TextField } from "~/components/forms";
import type { BudgetImportPreview } from "~/modules/budget/budget-import.server";
import {
  BUDGET_CATEGORIES,
  BUDGET_CATEGORY_LABELS,
  BUDGET_FIELD_LABELS,
  BUDGET_FIELDS,
  BUDGET_IMPORT_MODES,
  BUDGET_KEY_FIELDS,
  categoryRulesToText,
  fiscalYearSchema,
  type BudgetCategory,
  type BudgetField,
  type BudgetImportMode,
  type BudgetMapping,
} from "~/modules/budget/budget.schema";
import { Money, TableScroll } from "~/modules/budget/components/budget-ui";
import { formatCents } from "~/modules/budget/money";

/** What the route's loader gives the page. */
export type BudgetImportLoaderData = {
  orgSlug: string;
  years: { fiscalYear: number; label: string; isCurrent: boolean; lineCount: number }[];
  defaultFiscalYear: number;
  limits: { megabytes: number; rows: number };
  done: { fiscalYear: number; created: number; updated: number; unchanged: number; removed: number; merged: number } | null;
};

export const MAPPING_FORM_ID = "budget-mapping";

const MODE_LABELS: Record<BudgetImportMode, { label: string; hint: string }> = {
  update: {
    label: "Add and update lines",
    hint: "Lines of the file are added or updated; the year's other lines stay as they are.",
  },
  replace: {
    label: "Replace the year's budget",
    hint: "Also removes the year's lines that are not in the file, with their practice and objective links.",
  },
};

/** The mapping step's fields as the form shows them. */
export type MappingValues = {
  columns: Partial<Record<BudgetField, string>>;
  keyFields: string[];
  unmatchedDepartment: "error" | "unassigned";
  categorySource: "column" | "account_prefix" | "fixed";
  categoryFixed: BudgetCategory;
  categoryRules: string;
  categoryFallback: string;
};

export function valuesFromMapping(mapping: BudgetMapping): MappingValues {
  const c = mapping.category;
  return {
    columns: Object.fromEntries(Object.entries(mapping.columns).filter(([, v]) => v)) as Partial<Record<BudgetField, string>>,
    keyFields: mapping.keyFields ?? [],
    unmatchedDepartment: mapping.unmatchedDepartment,
    categorySource: c.source,
    categoryFixed: c.source === "fixed" ? c.category : "other",
    categoryRules: c.source === "account_prefix" ? categoryRulesToText(c.rules) : "",
    categoryFallback: c.source === "account_prefix" && c.fallback ? c.fallback : "",
  };
}

export function valuesFromForm(form: FormData): MappingValues {
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const columns: Partial<Record<BudgetField, string>> = {};
  for (const f of BUDGET_FIELDS) if (text(`column.${f}`)) columns[f] = text(`column.${f}`);
  const source = text("categorySource");
  const fixed = text("categoryFixed");
  return {
    columns,
    keyFields: form.getAll("keyField").map(String),
    unmatchedDepartment: text("unmatchedDepartment") === "unassigned" ? "unassigned" : "error",
    categorySource: source === "column" || source === "account_prefix" ? source : "fixed",
    categoryFixed: (BUDGET_CATEGORIES as readonly string[]).includes(fixed) ? (fixed as BudgetCategory) : "other",
    categoryRules: String(form.get("categoryRules") ?? ""),
    categoryFallback: text("categoryFallback"),
  };
}

export type FileState = { csv: string; fiscalYear: number; mode: BudgetImportMode; fileName: string };

/** The first step's fields (the limit comes from the loader: it lives in a .server module). */
export function budgetUploadSchema(megabytes: number) {
  return z.object({
    step: z.literal("upload"),
    fiscalYear: fiscalYearSchema,
    mode: z.enum(BUDGET_IMPORT_MODES, { errorMap: () => ({ message: "Choose whether to update the year's lines or replace them." }) }),
    csv: z
      .string({ required_error: `Choose a CSV file or paste its text (up to ${megabytes} MB).` })
      .min(1, `Choose a CSV file or paste its text (up to ${megabytes} MB).`),
    carriedMapping: z.string().optional(),
  });
}

type StepCommon = { file: FileState; preview: BudgetImportPreview; values: MappingValues; mappingErrors: Record<string, string[]> };

/** What the route's action answers: the upload step's errors, or the mapping or preview step. */
export type BudgetImportActionData =
  | { step: "upload"; result: SubmissionResult<string[]> }
  | (StepCommon & { step: "mapping"; note: "saved" | "proposed" | null })
  | (StepCommon & { step: "preview"; previewedMapping: string; note: "kept" | "changed" | "confirm-removal" | "commit-refused" | null });

type StepData = Extract<BudgetImportActionData, { step: "mapping" | "preview" }>;

/** The page below its heading: the summary of a finished import, then the step at hand. */
export function BudgetImportSteps() {
  const { orgSlug, done } = useLoaderData<BudgetImportLoaderData>();
  const actionData = useActionData<BudgetImportActionData>();
  const data = actionData && actionData.step !== "upload" ? (actionData as StepData) : null;
  const step = data ? (data.step === "mapping" ? 2 : 3) : 1;
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumbs">
        <ol>
          <li>
            <Link to={`/o/${orgSlug}/budget`}>Budget</Link>
          </li>
          <li aria-current="page">Import</li>
        </ol>
      </nav>
      <div className="page-header">
        <div>
          <h1>Import a budget</h1>
          <p className="muted">
            From your finance system&apos;s CSV export, one row per account line. First you match its columns to ours, then
            you see a preview with every problem listed by row; nothing is written until you confirm, and then either every
            line is imported or none is.
          </p>
        </div>
      </div>
      <ol className="import-steps" aria-label="Steps">
        {["Choose the file", "Match the columns", "Preview and import"].map((label, i) => (
          <li key={label} aria-current={step === i + 1 ? "step" : undefined}>
            <span className="import-step-number">{i + 1}</span> {label}
          </li>
        ))}
      </ol>

      {done && !actionData ? <ImportSummary /> : null}

      {data ? (
        <StepsAfterUpload data={data} />
      ) : (
        <UploadForm title="Step 1: Choose the file" />
      )}
    </>
  );
}

function ImportSummary() {
  const { orgSlug, done } = useLoaderData<BudgetImportLoaderData>();
  const d = done!;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section role="status" className="notice success" aria-labelledby="import-done-title">
      <h2 id="import-done-title" ref={heading} tabIndex={-1} style={{ marginTop: 0 }}>
        Import complete
      </h2>
      <p>
        FY{d.fiscalYear}: {d.created} {d.created === 1 ? "line" : "lines"} created, {d.updated} updated, {d.unchanged} unchanged
        {d.removed ? `, ${d.removed} removed` : ""}.{" "}
        {d.merged ? `${d.merged} ${d.merged === 1 ? "row repeated" : "rows repeated"} a line's key and ${d.merged === 1 ? "was" : "were"} added to it. ` : ""}
        The import and the column choices are recorded; the audit log keeps who imported what and when.
      </p>
      <p style={{ margin: 0 }}>
        <Link to={`/o/${orgSlug}/budget?fy=${d.fiscalYear}`}>See the budget for FY{d.fiscalYear}</Link> ·{" "}
        <Link to={`/o/${orgSlug}/budget/lines?fy=${d.fiscalYear}`}>See its lines</Link>
      </p>
    </section>
  );
}

function UploadForm({ title, carry }: { title: string; carry?: { file: StepData["file"]; mapping: string } }) {
  const { years, defaultFiscalYear, limits } = useLoaderData<BudgetImportLoaderData>();
  const actionData = useActionData<BudgetImportActionData>();
  const navigation = useNavigation();
  const reading = navigation.state === "submitting" && navigation.formData?.get("step") === "upload";
  const lastResult = actionData?.step === "upload" ? actionData.result : undefined;
  const [form, fields] = useForm<z.input<ReturnType<typeof budgetUploadSchema>>>({
    id: carry ? "budget-upload-again" : "budget-upload",
    lastResult,
    defaultValue: {
      step: "upload",
      fiscalYear: String(carry?.file.fiscalYear ?? defaultFiscalYear),
      mode: carry?.file.mode ?? "update",
      csv: "",
    },
    shouldValidate: "onSubmit",
  });
  const fileError = (lastResult?.error as Record<string, string[] | null> | undefined)?.file ?? undefined;
  // A failed attempt to read a replacement file still carries the column choices made so far.
  const carriedMapping = carry?.mapping ?? (lastResult?.initialValue as Record<string, unknown> | null | undefined)?.carriedMapping;
  const withBudget = years.filter((y) => y.lineCount > 0);
  const uploadId = `${form.id}-file`;
  return (
    <section aria-labelledby={`${form.id}-title`}>
      <h2 id={`${form.id}-title`}>{title}</h2>
      <Form method="post" encType="multipart/form-data" className="stack card import-csv" {...getFormProps(form)} noValidate>
        <input type="hidden" name="step" value="upload" />
        {typeof carriedMapping === "string" && carriedMapping ? <input type="hidden" name="carriedMapping" value={carriedMapping} /> : null}
        <FormErrors id={form.errorId} errors={form.errors} />
        <div className="row">
          <TextField
            meta={fields.fiscalYear}
            type="number"
            label="Fiscal year"
            min={1900}
            max={2199}
            inputMode="numeric"
            hint={
              <>
                Named by the calendar year it ends in (FY2026 ends in 2026).{" "}
                {withBudget.length
                  ? `Budgets loaded: ${withBudget.map((y) => `${y.label} (${y.lineCount.toLocaleString("en-US")} lines)`).join("; ")}.`
                  : "No budget is loaded yet."}
              </>
            }
          />
        </div>
        <fieldset aria-describedby={fields.mode.errors?.length ? fields.mode.errorId : undefined}>
          <legend>If the year already has a budget</legend>
          {BUDGET_IMPORT_MODES.map((m) => {
            const { key: _key, ...radio } = getInputProps(fields.mode, { type: "radio", value: m });
            return (
              <div key={m} className="choice">
                <label>
                  <input {...radio} key={`${m}-${String(fields.mode.initialValue)}`} aria-describedby={`${form.id}-mode-${m}-hint`} />{" "}
                  {MODE_LABELS[m].label}
                </label>
                <p className="hint" id={`${form.id}-mode-${m}-hint`}>
                  {MODE_LABELS[m].hint}
                </p>
              </div>
            );
          })}
          <FieldErrorList id={fields.mode.errorId} errors={fields.mode.errors} />
        </fieldset>
        <div className="field">
          <label htmlFor={uploadId}>CSV file</label>
          <p className="hint" id={`${uploadId}-hint`}>
            Up to {limits.megabytes} MB and {limits.rows.toLocaleString("en-US")} rows, with a header row. A file replaces any text
            pasted below.
            {carry ? " Columns you already matched are kept when the new file has the same columns." : ""}
          </p>
          <input
            type="file"
            id={uploadId}
            name="file"
            accept=".csv,text/csv"
            aria-describedby={fileError ? `${uploadId}-hint ${uploadId}-error` : `${uploadId}-hint`}
            aria-invalid={fileError ? true : undefined}
          />
          <FieldErrorList id={`${uploadId}-error`} errors={fileError} />
        </div>
        <TextAreaField
          meta={fields.csv}
          label="Or paste the CSV text"
          hint="The first row names the columns; the next step matches them to ours."
          rows={carry ? 4 : 8}
          spellCheck={false}
        />
        <div className="actions">
          <button type="submit" disabled={reading}>
            {reading ? "Reading the file…" : carry ? "Read this file instead" : "Read the file"}
          </button>
        </div>
      </Form>
    </section>
  );
}

function StepsAfterUpload({ data }: { data: StepData }) {
  const { preview, file } = data;
  const previewed = data.step === "preview" ? data.previewedMapping : undefined;
  return (
    <>
      <p className="muted">
        {file.fileName || "The pasted file"}: {preview.columns.length} columns
        {preview.rowsRead ? `, ${preview.rowsRead.toLocaleString("en-US")} ${preview.rowsRead === 1 ? "row" : "rows"}` : ""}, into FY
        {file.fiscalYear} ({MODE_LABELS[file.mode].label.toLowerCase()}).
      </p>
      {data.step === "preview" ? <PreviewSection data={data} /> : null}
      <MappingSection data={data} previewedMapping={previewed} />
      <UploadForm title="Use a different file" carry={{ file, mapping: previewed ?? JSON.stringify(preview.mapping) }} />
    </>
  );
}

const NOTES = {
  saved: "These column choices were remembered from your last import of a file with the same columns. Check them, then preview.",
  proposed: "We matched the columns we recognized by their names. Check each choice, set how lines get their category, then preview.",
  kept: "The new file has the same columns, so your column choices were kept. Here is its preview.",
  changed: "You changed the column choices after the preview, so nothing was imported yet. Here is the preview with the new choices: import again if it is right.",
  "confirm-removal": "Nothing was imported: tick the box to confirm that the lines missing from the file are removed.",
  "commit-refused": "Nothing was imported: the data changed since the preview. Here are the problems as they are now.",
} as const;

function MappingSection({ data, previewedMapping }: { data: StepData; previewedMapping?: string }) {
  const { preview, file, values } = data;
  const mappingErrors = data.mappingErrors as Record<string, string[]>;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("step") === "preview";
  const errorBox = useRef<HTMLDivElement>(null);
  const errorCount = Object.values(mappingErrors).flat().length;
  useEffect(() => {
    if (errorCount) errorBox.current?.focus();
  }, [mappingErrors, errorCount]);
  const note = data.step === "mapping" && data.note ? NOTES[data.note] : null;
  const sample = (name: string) => preview.columns.find((c) => c.name === name)?.sample ?? "";
  const errs = (key: string) => mappingErrors[key] ?? [];
  const known = new Set(["categoryRules", "categorySource", "keyFields", "unmatchedDepartment", "columns"]);
  const otherErrors = Object.entries(mappingErrors)
    .filter(([k]) => !known.has(k))
    .flatMap(([, v]) => v);
  return (
    <section aria-labelledby="mapping-title">
      <h2 id="mapping-title">{data.step === "mapping" ? "Step 2: Match the columns" : "The columns, as matched"}</h2>
      {note ? <p className="notice info">{note}</p> : null}
      <div ref={errorBox} tabIndex={-1} role={errorCount ? "alert" : undefined} className={errorCount ? "notice error" : undefined}>
        {errorCount ? (
          <p style={{ margin: 0 }}>
            <strong>Check the column choices:</strong> {errorCount === 1 ? "one problem is" : `${errorCount} problems are`} shown
            beside the choices below.
          </p>
        ) : null}
        {otherErrors.map((e) => (
          <p key={e} className="field-error">
            {e}
          </p>
        ))}
      </div>
      <Form method="post" encType="multipart/form-data" id={MAPPING_FORM_ID} className="stack card mapping-form" noValidate key={JSON.stringify(values)}>
        <input type="hidden" name="csv" value={file.csv} />
        <input type="hidden" name="fiscalYear" value={file.fiscalYear} />
        <input type="hidden" name="mode" value={file.mode} />
        <input type="hidden" name="fileName" value={file.fileName} />
        {previewedMapping ? <input type="hidden" name="previewedMapping" value={previewedMapping} /> : null}

        <fieldset aria-describedby="mapping-columns-hint">
          <legend>Which column of the file holds each of our fields</legend>
          <p className="hint" id="mapping-columns-hint">
            Choose “Not in this file” for a field the file does not have. An amount column that is not matched leaves that amount
            of existing lines as it is (new lines start at $0.00, and the amended budget at the adopted one).
          </p>
          <FieldErrorList id="mapping-columns-error" errors={errs("columns")} />
          <div className="mapping-grid">
            {BUDGET_FIELDS.map((f) => {
              const id = `mapping-column-${f}`;
              const chosen = values.columns[f] ?? "";
              return (
                <div className="field" key={f}>
                  <label htmlFor={id}>{BUDGET_FIELD_LABELS[f]}</label>
                  <select id={id} name={`column.${f}`} defaultValue={chosen} aria-describedby={chosen ? `${id}-sample` : undefined}>
                    <option value="">Not in this file</option>
                    {preview.columns.map((c) => (
                      <option key={c.name} value={c.name}>
                        {c.label}
                      </option>
                    ))}
                  </select>
                  {chosen ? (
                    <p className="hint" id={`${id}-sample`}>
                      {sample(chosen) ? <>First value: “{sample(chosen)}”</> : "The column is empty in the first rows."}
                    </p>
                  ) : null}
                </div>
              );
            })}
          </div>
        </fieldset>

        <fieldset aria-describedby={`mapping-key-hint${errs("keyFields").length ? " mapping-key-error" : ""}`}>
          <legend>What identifies a line</legend>
          <p className="hint" id="mapping-key-hint">
            Rows with the same codes are one line: their amounts are added together. The same codes in a later import update
            that line and keep its practice links. Tick none to use every matched code of fund, unit, program and account
            {preview.keyFields.length
              ? ` (this file: ${preview.keyFields.map((k) => BUDGET_FIELD_LABELS[k].toLowerCase()).join(" + ")})`
              : ""}
            .
          </p>
          <div className="checks">
            {BUDGET_KEY_FIELDS.map((k) => (
              <label key={k} className="check">
                <input type="checkbox" name="keyField" value={k} defaultChecked={values.keyFields.includes(k)} /> {BUDGET_FIELD_LABELS[k]}
              </label>
            ))}
          </div>
          <FieldErrorList id="mapping-key-error" errors={errs("keyFields")} />
        </fieldset>

        <fieldset aria-describedby={errs("unmatchedDepartment").length ? "mapping-department-error" : undefined}>
          <legend>Departments</legend>
          <p className="hint">
            The department column is matched to your departments by code or by name. Without a department column every line is
            unassigned, and an administrator can still link it.
          </p>
          <label className="check">
            <input type="radio" name="unmatchedDepartment" value="error" defaultChecked={values.unmatchedDepartment === "error"} /> A
            department we don&apos;t know is a problem to fix
          </label>
          <label className="check">
            <input type="radio" name="unmatchedDepartment" value="unassigned" defaultChecked={values.unmatchedDepartment === "unassigned"} />{" "}
            Import lines of unknown departments as unassigned
          </label>
          <FieldErrorList id="mapping-department-error" errors={errs("unmatchedDepartment")} />
        </fieldset>

        <fieldset aria-describedby={errs("categorySource").length ? "mapping-category-error" : undefined}>
          <legend>Category of each line (personnel, operating, capital, debt service, other)</legend>
          <label className="check">
            <input type="radio" name="categorySource" value="column" defaultChecked={values.categorySource === "column"} /> From the
            Category column chosen above
          </label>
          <label className="check">
            <input type="radio" name="categorySource" value="account_prefix" defaultChecked={values.categorySource === "account_prefix"} />{" "}
            From the start of the account code
          </label>
          <div className="indent stack">
            <div className="field">
              <label htmlFor="mapping-category-rules">Rules, one per line</label>
              <p className="hint" id="mapping-category-rules-hint">
                “Account prefix = category”, like “51 = personnel” or “54 = capital”. The longest matching prefix wins.
              </p>
              <textarea
                id="mapping-category-rules"
                name="categoryRules"
                rows={4}
                defaultValue={values.categoryRules}
                spellCheck={false}
                aria-invalid={errs("categoryRules").length ? true : undefined}
                aria-describedby={`mapping-category-rules-hint${errs("categoryRules").length ? " mapping-category-rules-error" : ""}`}
              />
              <FieldErrorList id="mapping-category-rules-error" errors={errs("categoryRules")} />
            </div>
            <div className="field">
              <label htmlFor="mapping-category-fallback">Accounts no rule matches</label>
              <select id="mapping-category-fallback" name="categoryFallback" defaultValue={values.categoryFallback}>
                <option value="">Are a problem to fix</option>
                {BUDGET_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    Are {BUDGET_CATEGORY_LABELS[c].toLowerCase()}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <label className="check">
            <input type="radio" name="categorySource" value="fixed" defaultChecked={values.categorySource === "fixed"} /> One category
            for every line
          </label>
          <div className="indent">
            <div className="field">
              <label htmlFor="mapping-category-fixed">Category for every line</label>
              <select id="mapping-category-fixed" name="categoryFixed" defaultValue={values.categoryFixed}>
                {BUDGET_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {BUDGET_CATEGORY_LABELS[c]}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <FieldErrorList id="mapping-category-error" errors={errs("categorySource")} />
        </fieldset>

        <div className="actions">
          <button type="submit" name="step" value="preview" className={data.step === "preview" ? "secondary" : undefined} disabled={busy}>
            {busy ? "Checking every row…" : data.step === "preview" ? "Preview again with these columns" : "Preview import"}
          </button>
        </div>
      </Form>
    </section>
  );
}

function PreviewSection({ data }: { data: Extract<StepData, { step: "preview" }> }) {
  const { preview, note } = data;
  const navigation = useNavigation();
  const committing = navigation.state === "submitting" && navigation.formData?.get("step") === "commit";
  const heading = useRef<HTMLHeadingElement>(null);
  // Each new preview (after any of the page's forms) takes the focus, so it is read first.
  useEffect(() => heading.current?.focus(), [data]);
  const c = preview.counts;
  const importable = c.create + c.update + c.unchanged;
  const refused = note === "commit-refused" || note === "confirm-removal" || note === "changed";
  return (
    <section aria-labelledby="preview-title">
      <h2 id="preview-title" ref={heading} tabIndex={-1}>
        Step 3: Preview
      </h2>
      {note === "kept" ? <p className="notice info">{NOTES.kept}</p> : null}
      {refused ? (
        <p role="alert" className="notice warn">
          {NOTES[note]}
        </p>
      ) : null}
      {preview.ok ? (
        <div role="status" className="notice info">
          <p style={{ margin: 0 }}>
            <strong>Ready to import</strong> {preview.lines.toLocaleString("en-US")} {preview.lines === 1 ? "line" : "lines"} into FY
            {preview.fiscalYear}: {c.create.toLocaleString("en-US")} to create, {c.update.toLocaleString("en-US")} to update,{" "}
            {c.unchanged.toLocaleString("en-US")} unchanged{preview.mode === "replace" ? `, ${c.remove.toLocaleString("en-US")} to remove` : ""}.
            Nothing has been written yet.
          </p>
        </div>
      ) : (
        <div role="alert" className="notice error">
          <p style={{ margin: 0 }}>
            <strong>
              Nothing can be imported yet: {preview.errorCount.toLocaleString("en-US")}{" "}
              {preview.errorCount === 1 ? "problem" : "problems"} to fix.
            </strong>{" "}
            They are listed below by row and column. Correct the file and read it again (below), or change how the columns are
            matched. Nothing has been written.
          </p>
        </div>
      )}

      <PreviewFacts preview={preview} />
      {preview.errors.length ? <ErrorTable preview={preview} /> : null}
      {preview.mergedExamples.length ? <MergedExamples preview={preview} /> : null}
      {preview.lines > 0 ? <TotalsTables preview={preview} /> : null}

      {preview.ok ? (
        <div className="card stack">
          {c.remove > 0 ? (
            <div className="notice warn">
              <label className="check">
                <input type="checkbox" name="confirmRemoval" value="yes" form={MAPPING_FORM_ID} /> Yes, remove the{" "}
                {c.remove.toLocaleString("en-US")} {c.remove === 1 ? "line" : "lines"} of FY{preview.fiscalYear} that{" "}
                {c.remove === 1 ? "is" : "are"} not in the file
                {c.removeLinked ? `, ${c.removeLinked.toLocaleString("en-US")} of them with practice or objective links` : ""}.
              </label>
            </div>
          ) : null}
          <p style={{ margin: 0 }}>
            Importing writes all {importable.toLocaleString("en-US")} lines in one step, or nothing if anything changed meanwhile.
            The column choices are remembered for the next file with the same columns.
          </p>
          <div className="actions">
            <button type="submit" form={MAPPING_FORM_ID} name="step" value="commit" disabled={committing}>
              {committing ? "Importing…" : `Import ${importable.toLocaleString("en-US")} ${importable === 1 ? "line" : "lines"} into FY${preview.fiscalYear}`}
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}

function PreviewFacts({ preview }: { preview: BudgetImportPreview }) {
  return (
    <ul className="preview-facts">
      <li>
        {preview.rowsRead.toLocaleString("en-US")} {preview.rowsRead === 1 ? "row" : "rows"} read
        {preview.blankRows ? `; ${preview.blankRows} blank ${preview.blankRows === 1 ? "row" : "rows"} skipped` : ""}.
      </li>
      {preview.mergedRows ? (
        <li>
          <strong>Repeated keys:</strong> {preview.mergedKeys.toLocaleString("en-US")} {preview.mergedKeys === 1 ? "line key appears" : "line keys appear"} on
          more than one row; their {preview.mergedRows.toLocaleString("en-US")} repeated {preview.mergedRows === 1 ? "row was" : "rows were"} added
          to the first, so {preview.rowsRead.toLocaleString("en-US")} rows make {preview.lines.toLocaleString("en-US")} lines.
        </li>
      ) : null}
      {preview.keyFields.length ? <li>Line key: {preview.keyFields.map((k) => BUDGET_FIELD_LABELS[k].toLowerCase()).join(" + ")}.</li> : null}
      {preview.unassignedLines ? (
        <li>
          {preview.unassignedLines.toLocaleString("en-US")} {preview.unassignedLines === 1 ? "line has" : "lines have"} no department
          (unassigned)
          {preview.unmatchedDepartments.length ? `; departments not recognized: ${preview.unmatchedDepartments.join(", ")}` : ""}.
        </li>
      ) : null}
      {preview.mode === "replace" && preview.counts.remove ? (
        <li>
          <strong>
            {preview.counts.remove.toLocaleString("en-US")} {preview.counts.remove === 1 ? "line" : "lines"} of FY{preview.fiscalYear} will be
            removed
          </strong>{" "}
          because {preview.counts.remove === 1 ? "it is" : "they are"} not in the file
          {preview.counts.removeLinked ? ` (${preview.counts.removeLinked} with practice or objective links, which go too)` : ""}.
        </li>
      ) : null}
    </ul>
  );
}

function ErrorTable({ preview }: { preview: BudgetImportPreview }) {
  return (
    <TableScroll label="Problems to fix">
      <table>
        <caption>
          Problems to fix
          {preview.errorCount > preview.errors.length
            ? ` (the first ${preview.errors.length.toLocaleString("en-US")} of ${preview.errorCount.toLocaleString("en-US")})`
            : ` (${preview.errorCount.toLocaleString("en-US")})`}
        </caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              Row
            </th>
            <th scope="col">Column</th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {preview.errors.map((e, i) => (
            <tr key={i}>
              <th scope="row" className="num">
                {e.row === 1 ? "1 (header)" : e.row}
              </th>
              <td>{e.column ?? <span className="muted">—</span>}</td>
              <td>{e.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function MergedExamples({ preview }: { preview: BudgetImportPreview }) {
  return (
    <TableScroll label="Rows added together">
      <table className="budget-table">
        <caption>
          Rows added together because they repeat a line key
          {preview.mergedKeys > preview.mergedExamples.length ? ` (${preview.mergedExamples.length} examples of ${preview.mergedKeys.toLocaleString("en-US")})` : ""}
        </caption>
        <thead>
          <tr>
            <th scope="col">Line key</th>
            <th scope="col">Rows of the file</th>
            <th scope="col" className="num">
              Adopted, added up
            </th>
          </tr>
        </thead>
        <tbody>
          {preview.mergedExamples.map((l) => (
            <tr key={l.lineKey}>
              <th scope="row">
                <code>{l.lineKey}</code>
              </th>
              <td>{l.rows.join(", ")}</td>
              <td className="num">{formatCents(l.adoptedCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function TotalsTables({ preview }: { preview: BudgetImportPreview }) {
  const t = preview.totals;
  return (
    <>
      <TableScroll label="Totals of the file">
        <table className="budget-table">
          <caption>Totals of FY{preview.fiscalYear}&apos;s lines in the file, in dollars</caption>
          <thead>
            <tr>
              <th scope="col">Lines</th>
              <th scope="col" className="num">
                Adopted
              </th>
              <th scope="col" className="num">
                Amended
              </th>
              <th scope="col" className="num">
                Actual
              </th>
              <th scope="col" className="num">
                Encumbered
              </th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{preview.lines.toLocaleString("en-US")} lines</th>
              <td className="num">
                <Money cents={t.adopted} />
              </td>
              <td className="num">
                <Money cents={t.amended} />
              </td>
              <td className="num">
                <Money cents={t.actual} />
              </td>
              <td className="num">
                <Money cents={t.encumbered} />
              </td>
            </tr>
          </tbody>
        </table>
      </TableScroll>
      <TableScroll label="Adopted budget by category">
        <table className="budget-table">
          <caption>Adopted budget by category, as the file will be read</caption>
          <thead>
            <tr>
              <th scope="col">Category</th>
              <th scope="col" className="num">
                Lines
              </th>
              <th scope="col" className="num">
                Adopted
              </th>
            </tr>
          </thead>
          <tbody>
            {preview.byCategory.map((row) => (
              <tr key={row.category}>
                <th scope="row">{BUDGET_CATEGORY_LABELS[row.category]}</th>
                <td className="num">{row.lines.toLocaleString("en-US")}</td>
                <td className="num">
                  <Money cents={row.adoptedCents} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <TableScroll label="The first lines of the file">
        <table className="budget-table">
          <caption>
            The first {preview.sample.length} of {preview.lines.toLocaleString("en-US")} lines
          </caption>
          <thead>
            <tr>
              <th scope="col">Line key</th>
              <th scope="col">Action</th>
              <th scope="col">Name</th>
              <th scope="col">Department</th>
              <th scope="col">Category</th>
              <th scope="col" className="num">
                Rows
              </th>
              <th scope="col" className="num">
                Adopted
              </th>
              <th scope="col" className="num">
                Amended
              </th>
              <th scope="col" className="num">
                Actual
              </th>
            </tr>
          </thead>
          <tbody>
            {preview.sample.map((l) => (
              <tr key={l.lineKey}>
                <th scope="row">
                  <code>{l.lineKey}</code>
                </th>
                <td>
                  {l.action === "create" ? (
                    <span className="badge success">Create</span>
                  ) : l.action === "update" ? (
                    <span className="badge warn">Update</span>
                  ) : (
                    <span className="badge neutral">Unchanged</span>
                  )}
                </td>
                <td>{l.accountName || l.description || l.programName || l.unitName}</td>
                <td>{l.departmentName ?? <span className="muted">Unassigned</span>}</td>
                <td>{BUDGET_CATEGORY_LABELS[l.category]}</td>
                <td className="num" title={l.rows.length > 1 ? `Rows ${l.rows.join(", ")}` : undefined}>
                  {l.rows.length > 1 ? `${l.rows.length} (merged)` : l.rows[0]}
                </td>
                <td className="num">{formatCents(l.adoptedCents)}</td>
                <td className="num">{formatCents(l.amendedCents)}</td>
                <td className="num">{formatCents(l.actualCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
