import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FieldErrorList, FormErrors, TextAreaField } from "~/components/forms";
import { cachedJson } from "~/modules/cache/view-cache.server";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { ReportDocument } from "~/modules/reports/components/report-document";
import { ReportError } from "~/modules/reports/components/report-error";
import { buildReport, listReportPeriods, publishReport, saveManagerNote } from "~/modules/reports/reports.server";
import { CONFIRM_PUBLISH, MANAGER_NOTE_MAX, managerNoteSchema, publishFormSchema } from "~/modules/reports/reports.schema";
import reportStyles from "~/styles/reports.css";
import { replyOnFieldErrors } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Preview a report — Praxis" }];
export const links = () => [{ rel: "stylesheet", href: reportStyles }];

/** Served from the view cache while nothing of the organization changes (ADR 014). */
export const handle = { viewCache: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "reports.manage");
  // What the page shows, computed once per organization data version (app/modules/cache).
  return cachedJson(ctx, request, async () => {
    const periods = await listReportPeriods(ctx);
    const url = new URL(request.url);
    const period = url.searchParams.get("period") ?? periods.find((p) => p.kind === "fiscal_year")!.key;
    const report = await buildReport(ctx, { period });
    return { orgSlug: ctx.orgSlug, periods: periods.map((p) => ({ key: p.key, label: p.label })), report, saved: url.searchParams.get("saved") === "1" };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "reports.manage");
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "note") {
    const submission = parseWithZod(formData, { schema: managerNoteSchema });
    if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
    const outcome = await replyOnFieldErrors(submission, () => saveManagerNote(ctx, submission.value));
    if (!outcome.ok) return json({ intent, result: (await outcome.response.json()).result }, { status: 400 });
    return redirect(`/o/${ctx.orgSlug}/reports/preview?period=${submission.value.period}&saved=1#note-form`);
  }
  const submission = parseWithZod(formData, { schema: publishFormSchema });
  if (submission.status !== "success") return json({ intent: "publish", result: submission.reply() }, { status: 400 });
  const outcome = await replyOnFieldErrors(submission, () => publishReport(ctx, { period: submission.value.period }));
  if (!outcome.ok) return json({ intent: "publish", result: (await outcome.response.json()).result }, { status: 400 });
  return redirect(`/o/${ctx.orgSlug}/reports/${outcome.value.id}?published=1`);
}

export default function ReportPreviewPage() {
  const { orgSlug, periods, report, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const [noteForm, noteFields] = useForm({
    id: `note-${report.period.key}`,
    lastResult: actionData?.intent === "note" ? actionData.result : undefined,
    defaultValue: { period: report.period.key, note: report.managerNote },
    constraint: getZodConstraint(managerNoteSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: managerNoteSchema }),
  });
  const [publishForm, publishFields] = useForm({
    id: `publish-${report.period.key}`,
    lastResult: actionData?.intent === "publish" ? actionData.result : undefined,
    defaultValue: { period: report.period.key },
    constraint: getZodConstraint(publishFormSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: publishFormSchema }),
  });
  return (
    <>
      <p className="no-print">
        <Link to={`/o/${orgSlug}/reports`}>Reports</Link>
      </p>
      <div className="report-actions">
        <Form method="get" className="compare-pickers">
          <div className="field">
            <label htmlFor="preview-period">Period</label>
            <select id="preview-period" name="period" defaultValue={report.period.key}>
              {periods.map((p) => (
                <option key={p.key} value={p.key}>
                  {p.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button secondary">
            Show this period
          </button>
        </Form>
      </div>

      <ReportDocument report={report} status={{ kind: "preview" }} />

      <section className="publish-box no-print" aria-labelledby="note-form-title" id="note-form">
        <h2 id="note-form-title">Manager&apos;s note</h2>
        {saved ? (
          <p role="status" className="notice success">
            The note is saved. It will be part of the report when you publish it.
          </p>
        ) : null}
        <Form method="post" {...getFormProps(noteForm)}>
          <input type="hidden" name="intent" value="note" />
          <input type="hidden" name="period" value={report.period.key} />
          <FormErrors id={noteForm.errorId} errors={noteForm.errors} />
          <TextAreaField
            meta={noteFields.note}
            label="Note to the council (optional)"
            hint={`In your own words: what stands out this period and what you are doing about it. Shown near the top of the report. At most ${MANAGER_NOTE_MAX.toLocaleString("en-US")} characters; leave it empty for no note.`}
            rows={6}
          />
          <button type="submit" className="button secondary" disabled={busy}>
            Save note
          </button>
        </Form>
      </section>

      <section className="publish-box no-print" aria-labelledby="publish-form-title">
        <h2 id="publish-form-title">Publish</h2>
        <p>
          Publishing freezes this report exactly as shown above, with today&apos;s figures. Elected officials and staff can then read it and download it as a PDF. Later changes to
          the data do not change it; publish again to add a new version.
        </p>
        <Form method="post" {...getFormProps(publishForm)}>
          <input type="hidden" name="intent" value="publish" />
          <input type="hidden" name="period" value={report.period.key} />
          <FormErrors id={publishForm.errorId} errors={publishForm.errors} />
          <div className="field checkbox">
            <input
              type="checkbox"
              id={publishFields.confirm.id}
              name={publishFields.confirm.name}
              aria-invalid={publishFields.confirm.errors?.length ? true : undefined}
              aria-describedby={publishFields.confirm.errors?.length ? publishFields.confirm.errorId : undefined}
            />{" "}
            <label htmlFor={publishFields.confirm.id}>{CONFIRM_PUBLISH}</label>
            <FieldErrorList id={publishFields.confirm.errorId} errors={publishFields.confirm.errors} />
          </div>
          <button type="submit" className="button" disabled={busy}>
            Publish
          </button>
        </Form>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <ReportError />;
}
