import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, } from "@remix-run/react";
import { FormErrors } from "~/components/forms";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { PlanItemError } from "~/modules/plans/components/plan-item-error";
import { MeasureFields } from "~/modules/plans/components/measure-fields";
import { measureSchema } from "~/modules/plans/plans.schema";
import { createMeasure, getObjective } from "~/modules/plans/plans.server";
import { replyOnFieldErrors } from "~/utils/forms.server";
import { notFound } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Add a measure — ${data.objective.code} ${data.objective.title} — Praxis` : "Add a measure — Praxis" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "objectives.edit");
  const o = await getObjective(ctx, params.objectiveId ?? "");
  // Someone who can't change this objective finds no form here (as the service would answer).
  if (!o.canEdit) notFound("We couldn't find that objective in this organization.");
  return json({ orgSlug: ctx.orgSlug, objective: { id: o.id, code: o.code, title: o.title, reportingFrequency: o.reportingFrequency } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "objectives.edit");
  const id = params.objectiveId ?? "";
  const submission = parseWithZod(await request.formData(), { schema: measureSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const outcome = await replyOnFieldErrors(submission, () => createMeasure(ctx, id, submission.value));
  if (!outcome.ok) return outcome.response;
  const measureId = outcome.value.id;
  return redirect(`/o/${ctx.orgSlug}/objectives/${id}?notice=measure-added&measure=${measureId}#measure-${measureId}`);
}

export default function NewMeasurePage() {
  const { orgSlug, objective: o } = useLoaderData<typeof loader>();
  const back = `/o/${orgSlug}/objectives/${o.id}`;
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting";
  const [form, fields] = useForm({
    id: "add-measure",
    lastResult: actionData?.result,
    defaultValue: { direction: "higher_is_better", reportingFrequency: o.reportingFrequency },
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
      <h1>Add a measure</h1>
      <p className="muted">
        A measure (KPI) of objective {o.code}, “{o.title}”. After saving, record its values on the objective's page and link it to
        practices.
      </p>
      <Form method="post" className="stack card" {...getFormProps(form)} noValidate>
        <FormErrors id={form.errorId} errors={form.errors} />
        <MeasureFields fields={fields} codeHint={`Left empty, it is numbered after the objective, like ${o.code}.1.`} />
        <div className="actions">
          <button type="submit" disabled={submitting}>
            {submitting ? "Adding…" : "Add measure"}
          </button>
          <Link to={back} className="button secondary">
            Cancel
          </Link>
        </div>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <PlanItemError />;
}
