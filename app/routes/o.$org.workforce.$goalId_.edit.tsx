import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrors } from "~/components/forms";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { WorkforceGoalFields, type GoalFieldsMeta } from "~/modules/workforce/components/goal-fields";
import { WorkforceError } from "~/modules/workforce/components/workforce-error";
import { workforceGoalSchema } from "~/modules/workforce/workforce.schema";
import { getWorkforceGoal, getWorkforceGoalFormOptions, updateWorkforceGoal, WORKFORCE_NOT_FOUND } from "~/modules/workforce/workforce.server";
import { replyOnFieldErrors } from "~/utils/forms.server";
import { notFound } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Edit ${data.goal.name} — Praxis` : "Edit workforce goal — Praxis" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "workforce.edit");
  const goal = await getWorkforceGoal(ctx, params.goalId ?? "");
  if (!goal.canEdit) notFound(WORKFORCE_NOT_FOUND);
  const options = await getWorkforceGoalFormOptions(ctx);
  // A goal of a now-archived department keeps its department in the list.
  const departments =
    goal.department && !options.departments.some((d) => d.id === goal.department!.id) ? [goal.department, ...options.departments] : options.departments;
  return json({ orgSlug: ctx.orgSlug, goal, departments, allowOrgWide: options.canCreateOrgWide });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "workforce.edit");
  const id = params.goalId ?? "";
  const submission = parseWithZod(await request.formData(), { schema: workforceGoalSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const outcome = await replyOnFieldErrors(submission, () => updateWorkforceGoal(ctx, id, submission.value));
  if (!outcome.ok) return outcome.response;
  return redirect(`/o/${ctx.orgSlug}/workforce/${id}?notice=saved`);
}

export default function EditWorkforceGoal() {
  const { orgSlug, goal: g, departments, allowOrgWide } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const navigation = useNavigation();
  const back = `/o/${orgSlug}/workforce/${g.id}`;
  const [form, fields] = useForm({
    id: "edit-workforce-goal",
    lastResult,
    defaultValue: {
      name: g.name,
      description: g.description,
      departmentId: g.department?.id ?? "",
      metric: g.metric,
      unit: g.unit,
      direction: g.direction,
      baseline: g.baseline ?? "",
      target: g.target ?? "",
      dueDate: g.dueDate ?? "",
      reportingFrequency: g.reportingFrequency,
      demographicField: g.demographicField ?? "",
      demographicGroup: g.demographicGroup ?? "",
    },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: workforceGoalSchema }),
  });
  return (
    <>
      <p className="small">
        <Link to={back}>Back to {g.name}</Link>
      </p>
      <h1>Edit workforce goal</h1>
      <Form method="post" className="stack card" {...getFormProps(form)} noValidate>
        <FormErrors id={form.errorId} errors={form.errors} />
        <WorkforceGoalFields fields={fields as unknown as GoalFieldsMeta} departments={departments} allowOrgWide={allowOrgWide} />
        <div className="actions">
          <button type="submit" disabled={navigation.state === "submitting"}>
            {navigation.state === "submitting" ? "Saving…" : "Save goal"}
          </button>
          <Link to={back} className="button secondary">
            Cancel
          </Link>
        </div>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <WorkforceError />;
}
