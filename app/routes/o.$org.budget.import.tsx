import { parseWithZod } from "@conform-to/zod";
import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import {
  BUDGET_CSV_MAX_BYTES,
  BUDGET_CSV_MAX_ROWS,
  commitBudgetImport,
  previewBudgetImport,
  type BudgetImportPreview,
} from "~/modules/budget/budget-import.server";
import { BUDGET_IMPORT_MODES, budgetMappingFromForm, budgetMappingSchema, fiscalYearSchema, type BudgetImportMode, type BudgetMapping } from "~/modules/budget/budget.schema";
import { BudgetError } from "~/modules/budget/components/budget-error";
import { BudgetImportSteps, budgetUploadSchema, valuesFromForm, valuesFromMapping, type BudgetImportActionData, type BudgetImportLoaderData, type FileState } from "~/modules/budget/components/budget-import-steps";
import { listFiscalYears } from "~/modules/budget/fiscal-years.server";
import { readImportForm } from "~/modules/core/upload.server";

// The budget import, in three steps on one page (modules/budget/components/budget-import-steps.tsx):
// (1) the file, the fiscal year and the mode; (2) how the file's columns map to our fields; (3) the
// preview, then the commit.
//
// The file travels with the forms (a hidden field, posted as multipart so a 1 MB export is not
// percent-encoded), so nothing is kept on the server between steps and the person never uploads
// it twice. One form carries it through steps 2 and 3: its "Preview" and "Import" buttons submit
// the same fields, and the import only goes ahead when the mapping is the one just previewed.

export const meta: MetaFunction = () => [{ title: "Import a budget — Praxis" }];

// The limits live in a .server module (empty in the browser): the client reads them from the loader.
const MB = BUDGET_CSV_MAX_BYTES / 1_000_000;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "budget.manage");
  const years = await listFiscalYears(ctx);
  const url = new URL(request.url);
  const current = years.find((y) => y.isCurrent)!.fiscalYear;
  const fy = url.searchParams.get("fy");
  const count = (name: string) => Math.max(0, Math.trunc(Number(url.searchParams.get(name))) || 0);
  const done =
    url.searchParams.get("done") === "1" && fy && /^\d{4}$/.test(fy)
      ? {
          fiscalYear: Number(fy),
          created: count("created"),
          updated: count("updated"),
          unchanged: count("unchanged"),
          removed: count("removed"),
          merged: count("merged"),
        }
      : null;
  return json<BudgetImportLoaderData>({
    orgSlug: ctx.orgSlug,
    years: years.map((y) => ({ fiscalYear: y.fiscalYear, label: y.label, isCurrent: y.isCurrent, lineCount: y.lineCount })),
    defaultFiscalYear: fy && /^\d{4}$/.test(fy) ? Number(fy) : current,
    limits: { megabytes: MB, rows: BUDGET_CSV_MAX_ROWS },
    done,
  });
}

const uploadSchema = budgetUploadSchema(MB);

function isMode(value: unknown): value is BudgetImportMode {
  return typeof value === "string" && (BUDGET_IMPORT_MODES as readonly string[]).includes(value);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "budget.manage");
  const form = await readImportForm(request, BUDGET_CSV_MAX_BYTES);
  if (!form.ok) {
    const result: SubmissionResult<string[]> = { status: "error", initialValue: null, error: { file: [form.reason] } };
    return json<BudgetImportActionData>({ step: "upload" as const, result }, { status: 400 });
  }
  const { formData } = form;
  const step = formData.get("step");

  if (step === "upload") {
    const submission = parseWithZod(formData, { schema: uploadSchema });
    if (submission.status !== "success") return json<BudgetImportActionData>({ step: "upload" as const, result: submission.reply() }, { status: 400 });
    const { fiscalYear, mode, csv, carriedMapping } = submission.value;
    const file: FileState = { csv, fiscalYear, mode, fileName: String(formData.get("fileName") ?? "") };
    const preview = await previewBudgetImport(ctx, { fiscalYear, csv, mode });
    if (preview.columns.length === 0) {
      // Not a readable CSV: say why beside the file fields, and keep what was typed.
      const reasons = preview.errors.map((e) => (e.row > 1 ? `Row ${e.row}: ${e.reason}` : e.reason));
      return json<BudgetImportActionData>({ step: "upload" as const, result: submission.reply({ fieldErrors: { csv: reasons } }) }, { status: 400 });
    }
    // A replacement file with the same columns keeps the choices made for the previous one.
    const carried = carriedMappingFor(carriedMapping, preview);
    if (carried) {
      const again = await previewBudgetImport(ctx, { fiscalYear, csv, mode, mapping: carried });
      return json<BudgetImportActionData>({
        step: "preview" as const,
        file,
        preview: again,
        values: valuesFromMapping(carried),
        previewedMapping: JSON.stringify(carried),
        mappingErrors: {} as Record<string, string[]>,
        note: "kept" as const,
      }, { status: again.ok ? 200 : 422 });
    }
    return json<BudgetImportActionData>({
      step: "mapping" as const,
      file,
      preview,
      values: valuesFromMapping(preview.mapping),
      mappingErrors: {} as Record<string, string[]>,
      note: preview.mappingSource === "saved" ? ("saved" as const) : ("proposed" as const),
    });
  }

  // Steps 2 and 3: the file comes back from the hidden fields.
  const fy = fiscalYearSchema.safeParse(formData.get("fiscalYear"));
  const csv = String(formData.get("csv") ?? "");
  const mode = formData.get("mode");
  if (!fy.success || !csv || !isMode(mode)) {
    const result: SubmissionResult<string[]> = {
      status: "error",
      initialValue: null,
      error: { "": ["The file did not come back with the form. Choose it again, please."] },
    };
    return json<BudgetImportActionData>({ step: "upload" as const, result }, { status: 400 });
  }
  const file: FileState = { csv, fiscalYear: fy.data, mode, fileName: String(formData.get("fileName") ?? "") };
  const values = valuesFromForm(formData);
  const parsed = budgetMappingFromForm(formData);
  if (!parsed.ok) {
    const preview = await previewBudgetImport(ctx, { fiscalYear: file.fiscalYear, csv, mode });
    return json<BudgetImportActionData>({ step: "mapping" as const, file, preview, values, mappingErrors: parsed.errors, note: null }, { status: 400 });
  }
  const mapping = parsed.mapping;
  const mappingJson = JSON.stringify(mapping);
  const request_ = { fiscalYear: file.fiscalYear, csv, mode, mapping };

  if (step === "commit") {
    if (formData.get("previewedMapping") !== mappingJson) {
      // The columns were changed after the preview: show what they would do before importing.
      const preview = await previewBudgetImport(ctx, request_);
      return json<BudgetImportActionData>(
        { step: "preview" as const, file, preview, values, previewedMapping: mappingJson, mappingErrors: {} as Record<string, string[]>, note: "changed" as const },
        { status: preview.ok ? 200 : 422 },
      );
    }
    const preview = await previewBudgetImport(ctx, request_);
    if (preview.ok && preview.counts.remove > 0 && formData.get("confirmRemoval") !== "yes") {
      return json(
        { step: "preview" as const, file, preview, values, previewedMapping: mappingJson, mappingErrors: {} as Record<string, string[]>, note: "confirm-removal" as const },
        { status: 400 },
      );
    }
    const outcome = await commitBudgetImport(ctx, request_);
    if (outcome.ok) {
      const q = new URLSearchParams({
        done: "1",
        fy: String(outcome.fiscalYear),
        created: String(outcome.created),
        updated: String(outcome.updated),
        unchanged: String(outcome.unchanged),
        removed: String(outcome.removed),
        merged: String(outcome.mergedRows),
      });
      return redirect(`/o/${ctx.orgSlug}/budget/import?${q.toString()}`);
    }
    // The data changed between the preview and the commit: show the problems as they are now.
    const now = await previewBudgetImport(ctx, request_);
    return json<BudgetImportActionData>(
      { step: "preview" as const, file, preview: now, values, previewedMapping: mappingJson, mappingErrors: {} as Record<string, string[]>, note: "commit-refused" as const },
      { status: 400 },
    );
  }

  // A file that cannot be imported as it is (its problems listed in the preview) is a 422.
  const preview = await previewBudgetImport(ctx, request_);
  return json<BudgetImportActionData>(
    { step: "preview" as const, file, preview, values, previewedMapping: mappingJson, mappingErrors: {} as Record<string, string[]>, note: null },
    { status: preview.ok ? 200 : 422 },
  );
}

/** The previous file's mapping, when every column it names is in the new file. */
function carriedMappingFor(carried: string | undefined, preview: BudgetImportPreview): BudgetMapping | null {
  if (!carried) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(carried);
  } catch {
    return null;
  }
  const parsed = budgetMappingSchema.safeParse(raw);
  if (!parsed.success) return null;
  const names = new Set(preview.columns.map((c) => c.name));
  const mapped = Object.values(parsed.data.columns).filter((c): c is string => Boolean(c));
  return mapped.length > 0 && mapped.every((c) => names.has(c)) ? parsed.data : null;
}

export default function BudgetImportPage() {
  return <BudgetImportSteps />;
}

export function ErrorBoundary() {
  return <BudgetError />;
}
