import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrors, SelectField, TextAreaField, TextField } from "~/components/forms";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { PlanItemError } from "~/modules/plans/components/plan-item-error";
import { CODE_MAX, objectiveSchema, REPORTING_FREQUENCIES, REPORTING_FREQUENCY_LABELS } from "~/modules/plans/plans.schema";
import { getObjective, getObjectiveFormOptions, updateObjective } from "~/modules/plans/plans.server";
import { replyOnFieldErrors } from "~/utils/forms.server";
import { notFound } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Edit objective ${data.objective.code} — Praxis` : "Edit objective — Praxis" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "objectives.edit");
  const o = await getObjective(ctx, params.objectiveId ?? "");
  if (!o.canEdit) notFound("We couldn't find that objective in this organization.");
  const options = await getObjectiveFormOptions(ctx, o.plan.id);
  // The current department stays choosable even if it was archived since.
  const departments = options.departments.some((d) => d.id === o.department.id) ? options.departments : [o.department, ...options.departments];
  return json({
    orgSlug: ctx.orgSlug,
    objective: {
      id: o.id,
      code: o.code,
      title: o.title,
      description: o.description,
      goalId: o.goalId,
      departmentId: o.department.id,
      ownerMembershipId: o.owner?.membershipId ?? "",
      dueDate: o.dueDate ?? "",
      reportingFrequency: o.reportingFrequency,
    },
    goals: options.goals,
    departments,
    members: options.members,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "objectives.edit");
  const id = params.objectiveId ?? "";
  const submission = parseWithZod(await request.formData(), { schema: objectiveSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const outcome = await replyOnFieldErrors(submission, () => updateObjective(ctx, id, submission.value));
  if (!outcome.ok) return outcome.response;
  return redirect(`/o/${ctx.orgSlug}/objectives/${id}?notice=saved`);
}

export default function EditObjectivePage() {
  const { orgSlug, objective: o, goals, departments, members } = useLoaderData<typeof loader>();
  const back = `/o/${orgSlug}/objectives/${o.id}`;
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting";
  const [form, fields] = useForm({
    id: "edit-objective",
    lastResult: actionData?.result,
    defaultValue: {
      code: o.code,
      title: o.title,
      description: o.description,
      goalId: o.goalId,
      ownerDepartmentId: o.departmentId,
      ownerMembershipId: o.ownerMembershipId,
      dueDate: o.dueDate,
      reportingFrequency: o.reportingFrequency,
    },
    constraint: getZodConstraint(objectiveSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: objectiveSchema }),
  });
  return (
    <div className="page-medium">
      <p className="small">
        <Link to={back}>
          Back to objective {o.code}: {o.title}
        </Link>
      </p>
      <h1>
        Edit objective <span className="item-code">{o.code}</span>
      </h1>
      <Form method="post" className="stack card" {...getFormProps(form)} noValidate>
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField meta={fields.title} label="Title" autoComplete="off" />
        <TextAreaField meta={fields.description} label="Description (optional)" hint="What will be different when this objective is met." rows={3} />
        <div className="row">
          <TextField meta={fields.code} label="Code" hint={`Unique within the plan, like 2.3 or PW-4. At most ${CODE_MAX} characters.`} autoComplete="off" spellCheck={false} />
          <SelectField meta={fields.goalId} label="Goal" options={goals.map((g) => [g.id, `${g.position}. ${g.title}`] as const)} />
        </div>
        <div className="row">
          <SelectField
            meta={fields.ownerDepartmentId}
            label="Owner department"
            hint={departments.length === 1 ? "You can assign objectives to your own department only." : undefined}
            options={departments.map((d) => [d.id, d.name] as const)}
          />
          <SelectField
            meta={fields.ownerMembershipId}
            label="Owner (optional)"
            options={members.map((m) => [m.membershipId, m.name] as const)}
            placeholder="No one named"
          />
        </div>
        <div className="row">
          <TextField meta={fields.dueDate} type="date" label="Due date (optional)" />
          <SelectField
            meta={fields.reportingFrequency}
            label="Reporting frequency"
            hint="How often a status update is expected; without one the objective is flagged stale."
            options={REPORTING_FREQUENCIES.map((f) => [f, REPORTING_FREQUENCY_LABELS[f]] as const)}
          />
        </div>
        <div className="actions">
          <button type="submit" disabled={submitting}>
            {submitting ? "Saving…" : "Save objective"}
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
