import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { FormErrors } from "~/components/forms";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { MeasureFields } from "~/modules/plans/components/measure-fields";
import { PlanItemError } from "~/modules/plans/components/plan-item-error";
import { measureSchema } from "~/modules/plans/plans.schema";
import { deleteMeasure, getMeasure, updateMeasure } from "~/modules/plans/plans.server";
import { replyOnFieldErrors } from "~/utils/forms.server";
import { badRequest, notFound } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Edit measure ${data.measure.code} ${data.measure.name} — Praxis` : "Edit measure — Praxis" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "objectives.edit");
  const m = await getMeasure(ctx, params.measureId ?? "");
  if (!m.canEdit) notFound("We couldn't find that measure in this organization.");
  const url = new URL(request.url);
  return json({
    orgSlug: ctx.orgSlug,
    measure: {
      id: m.id,
      code: m.code,
      name: m.name,
      unit: m.unit,
      direction: m.direction,
      baseline: m.baseline,
      target: m.target,
      reportingFrequency: m.reportingFrequency,
      valueCount: m.measurements.length,
    },
    objective: m.objective,
    confirmDelete: url.searchParams.get("confirm") === "delete",
  });
}

const deleteSchema = z.object({ intent: z.literal("delete") });

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "objectives.edit");
  const id = params.measureId ?? "";
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "update") {
    const submission = parseWithZod(formData, { schema: measureSchema });
    if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
    const outcome = await replyOnFieldErrors(submission, async () => {
      await updateMeasure(ctx, id, submission.value);
      return getMeasure(ctx, id);
    });
    if (!outcome.ok) return outcome.response;
    return redirect(`/o/${ctx.orgSlug}/objectives/${outcome.value.objective.id}?notice=measure-saved&measure=${id}#measure-${id}`);
  }
  if (intent === "delete") {
    const submission = parseWithZod(formData, { schema: deleteSchema });
    if (submission.status !== "success") badRequest();
    const { objective } = await getMeasure(ctx, id);
    const outcome = await replyOnFieldErrors(submission, () => deleteMeasure(ctx, id));
    if (!outcome.ok) return outcome.response;
    return redirect(`/o/${ctx.orgSlug}/objectives/${objective.id}?notice=measure-deleted#measures-title`);
  }
  badRequest("Choose what to do with this measure.");
}

function resultFor(data: unknown, intent: string): SubmissionResult<string[]> | undefined {
  if (!data || typeof data !== "object" || !("result" in data)) return undefined;
  const result = (data as { result: SubmissionResult<string[]> }).result;
  return (result.initialValue as Record<string, unknown> | null | undefined)?.intent === intent ? result : undefined;
}

export default function EditMeasurePage() {
  const { orgSlug, measure: m, objective: o, confirmDelete } = useLoaderData<typeof loader>();
  const back = `/o/${orgSlug}/objectives/${o.id}`;
  const here = `/o/${orgSlug}/measures/${m.id}/edit`;
  const lastResult = resultFor(useActionData<typeof action>(), "update");
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" && navigation.formData?.get("intent") === "update";
  const [form, fields] = useForm({
    id: "edit-measure",
    lastResult,
    defaultValue: {
      code: m.code,
      name: m.name,
      unit: m.unit,
      direction: m.direction,
      baseline: m.baseline ?? "",
      target: m.target ?? "",
      reportingFrequency: m.reportingFrequency,
    },
    constraint: getZodConstraint(measureSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: measureSchema }),
  });
  return (
    <div className="page-medium">
      <p className="small">
        <Link to={back}>
          Back to objective {o.code}: {o.title}
        </Link>
      </p>
      <h1>
        Edit measure <span className="item-code">{m.code}</span> {m.name}
      </h1>
      <Form method="post" action={here} className="stack card" {...getFormProps(form)} noValidate>
        <input type="hidden" name="intent" value="update" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <MeasureFields fields={fields} codeHint="Unique within the plan." />
        <div className="actions">
          <button type="submit" disabled={submitting}>
            {submitting ? "Saving…" : "Save measure"}
          </button>
          <Link to={back} className="button secondary">
            Cancel
          </Link>
        </div>
      </Form>
      {confirmDelete ? <ConfirmDelete here={here} /> : <DeleteStart />}
    </div>
  );
}

function DeleteStart() {
  return (
    <section className="card" aria-labelledby="delete-measure-title">
      <h2 id="delete-measure-title">Delete this measure</h2>
      <p>Deleting removes the measure with all its recorded values and practice links. The audit log keeps a record.</p>
      <Form method="get" className="actions" preventScrollReset>
        <input type="hidden" name="confirm" value="delete" />
        <button type="submit" className="secondary">
          Delete measure
        </button>
      </Form>
    </section>
  );
}

function ConfirmDelete({ here }: { here: string }) {
  const { measure: m } = useLoaderData<typeof loader>();
  const lastResult = resultFor(useActionData<typeof action>(), "delete");
  const [form] = useForm({ id: "delete-measure", lastResult });
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="card notice warn" aria-labelledby="confirm-delete-measure-title">
      <h2 id="confirm-delete-measure-title" ref={heading} tabIndex={-1}>
        Delete measure {m.code}?
      </h2>
      <Form method="post" action={`${here}?confirm=delete`} {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <p>
          “{m.name}” will be deleted with its {m.valueCount} recorded {m.valueCount === 1 ? "value" : "values"}. This can't be undone.
        </p>
        <input type="hidden" name="intent" value="delete" />
        <div className="actions">
          <button type="submit" className="danger">
            Yes, delete measure
          </button>
          <Link to={here} className="button secondary">
            Cancel
          </Link>
        </div>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <PlanItemError />;
}
