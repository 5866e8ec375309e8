import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrors, TextAreaField, TextField } from "~/components/forms";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { PlanStatusBadge } from "~/modules/plans/components/plan-badges";
import { PLAN_YEARS_MAX, planSchema } from "~/modules/plans/plans.schema";
import { getPlan, updatePlan } from "~/modules/plans/plans.server";
import { replyOnFieldErrors } from "~/utils/forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Edit ${data?.plan.title ?? "plan"} — Plans — Praxis` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "plans.manage");
  const plan = await getPlan(ctx, params.planId ?? "");
  return json({ orgSlug: ctx.orgSlug, plan });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "plans.manage");
  const planId = params.planId ?? "";
  const submission = parseWithZod(await request.formData(), { schema: planSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  // The status changes only through the plan page's adopt / archive buttons (with their
  // confirmation); this form keeps whatever the status is now.
  const current = await getPlan(ctx, planId);
  const outcome = await replyOnFieldErrors(submission, () => updatePlan(ctx, planId, { ...submission.value, status: current.status }));
  if (!outcome.ok) return outcome.response;
  return redirect(`/o/${ctx.orgSlug}/plans/${current.id}?notice=saved`);
}

export default function EditPlan() {
  const { orgSlug, plan } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting";
  const back = `/o/${orgSlug}/plans/${plan.id}`;
  const [form, fields] = useForm({
    id: "edit-plan",
    lastResult: actionData?.result,
    defaultValue: {
      title: plan.title,
      startFiscalYear: String(plan.startFiscalYear),
      endFiscalYear: String(plan.endFiscalYear),
      vision: plan.vision,
      mission: plan.mission,
      values: plan.values,
    },
    constraint: getZodConstraint(planSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: planSchema }),
  });
  return (
    <>
      <p className="small">
        <Link to={back}>Back to the plan</Link>
      </p>
      <div className="page-header">
        <div>
          <h1>Edit plan</h1>
          <p className="muted">
            {plan.title} · {plan.periodLabel} · <PlanStatusBadge status={plan.status} />
          </p>
        </div>
      </div>
      <Form method="post" className="stack card" {...getFormProps(form)} noValidate>
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField meta={fields.title} label="Title" autoComplete="off" />
        <div className="row">
          <TextField meta={fields.startFiscalYear} label="First fiscal year" hint="Like 2027." type="number" inputMode="numeric" autoComplete="off" />
          <TextField
            meta={fields.endFiscalYear}
            label="Last fiscal year"
            hint={`At most ${PLAN_YEARS_MAX} years after the first.`}
            type="number"
            inputMode="numeric"
            autoComplete="off"
          />
        </div>
        <TextAreaField meta={fields.vision} label="Vision" hint="Optional. Where the community wants to be." />
        <TextAreaField meta={fields.mission} label="Mission" hint="Optional. What the organization does to get there." />
        <TextAreaField meta={fields.values} label="Values" hint="Optional. The principles staff work by." />
        <p className="small muted">To adopt, archive or delete the plan, use the buttons on the plan's page.</p>
        <div className="actions">
          <button type="submit" disabled={submitting}>
            {submitting ? "Saving…" : "Save changes"}
          </button>
          <Link to={back} className="button secondary">
            Cancel
          </Link>
        </div>
      </Form>
    </>
  );
}
