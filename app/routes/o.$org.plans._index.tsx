import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrors, TextAreaField, TextField } from "~/components/forms";
import { can } from "~/modules/auth/permissions";
import { cachedJson } from "~/modules/cache/view-cache.server";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { PlanStatusBadge } from "~/modules/plans/components/plan-badges";
import { OBJECTIVE_STATUSES, OBJECTIVE_STATUS_LABELS, PLAN_YEARS_MAX, planSchema } from "~/modules/plans/plans.schema";
import { createPlan, listPlans } from "~/modules/plans/plans.server";
import { replyOnFieldErrors } from "~/utils/forms.server";
import { CsvLink } from "~/components/csv-link";

export const meta: MetaFunction = () => [{ title: "Plans — Praxis" }];

const NOTICES = { deleted: "Plan deleted, with its goals, objectives and measures." } as const;
type Notice = keyof typeof NOTICES;

/** Served from the view cache while nothing of the organization changes (ADR 014). */
export const handle = { viewCache: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "plans.read");
  // What the page shows, computed once per organization data version (app/modules/cache).
  return cachedJson(ctx, request, async () => {
    const plans = await listPlans(ctx);
    const notice = new URL(request.url).searchParams.get("notice");
    return {
      orgSlug: ctx.orgSlug,
      canManage: can(ctx.role, "plans.manage"),
      seesDrafts: can(ctx.role, "plans.read_drafts"),
      plans,
      notice: notice && notice in NOTICES ? (notice as Notice) : null,
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "plans.manage");
  const submission = parseWithZod(await request.formData(), { schema: planSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const outcome = await replyOnFieldErrors(submission, () => createPlan(ctx, { ...submission.value, status: "draft" }));
  if (!outcome.ok) return outcome.response;
  return redirect(`/o/${ctx.orgSlug}/plans/${outcome.value.id}?notice=created`);
}

export default function Plans() {
  const { orgSlug, canManage, seesDrafts, plans, notice } = useLoaderData<typeof loader>();
  const base = `/o/${orgSlug}/plans`;
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Plans</h1>
          <p className="muted">
            {seesDrafts
              ? "The organization's strategic plans: adopted, draft and archived."
              : "The organization's adopted strategic plans."}{" "}
            Each plan has goals, objectives owned by departments, and measures that show progress.
          </p>
        </div>
        <CsvLink href={`/o/${orgSlug}/plans.csv`} />
        {plans.some((p) => p.status === "adopted") ? (
          <p>
            <Link to={`${base}/stale`}>Stale items</Link>
          </p>
        ) : null}
      </div>

      {notice ? (
        <p role="status" className="notice success">
          {NOTICES[notice]}
        </p>
      ) : null}

      {plans.length === 0 ? (
        <div className="card empty">
          <p>
            <strong>There are no plans yet.</strong>
          </p>
          <p>
            {canManage
              ? "Create your organization's first strategic plan with the form below. It starts as a draft: add its goals and objectives, then adopt it."
              : seesDrafts
                ? "An administrator creates the strategic plan. Once it exists you can add your department's objectives to it."
                : "An administrator publishes the strategic plan here once it is adopted."}
          </p>
        </div>
      ) : (
        <div className="table-wrap card">
          <table>
            <caption>
              {seesDrafts ? "Plans" : "Adopted plans"} ({plans.length})
            </caption>
            <thead>
              <tr>
                <th scope="col">Plan</th>
                <th scope="col">Period</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Goals
                </th>
                <th scope="col" className="num">
                  Objectives
                </th>
                {OBJECTIVE_STATUSES.map((s) => (
                  <th scope="col" className="num" key={s}>
                    {OBJECTIVE_STATUS_LABELS[s]}
                  </th>
                ))}
                <th scope="col" className="num">
                  Stale items
                </th>
              </tr>
            </thead>
            <tbody>
              {plans.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <Link to={`${base}/${p.id}`}>{p.title}</Link>
                  </th>
                  <td>{p.periodLabel}</td>
                  <td>
                    <PlanStatusBadge status={p.status} />
                  </td>
                  <td className="num">{p.goalCount}</td>
                  <td className="num">{p.objectiveCount}</td>
                  {OBJECTIVE_STATUSES.map((s) => (
                    <td className="num" key={s}>
                      {p.statusCounts[s]}
                    </td>
                  ))}
                  <td className="num">
                    {p.staleCount > 0 ? (
                      <Link to={`${base}/${p.id}?stale=1`} aria-label={`${p.staleCount} stale items in ${p.title}`}>
                        {p.staleCount}
                      </Link>
                    ) : (
                      p.staleCount
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="small muted" style={{ marginTop: "0.75rem" }}>
            The status columns count objectives by their latest status update.
            Stale items are objectives and measures of adopted plans with no update within their reporting frequency.
          </p>
        </div>
      )}

      {canManage ? <CreatePlan /> : null}
    </>
  );
}

function CreatePlan() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" && navigation.formMethod?.toLowerCase() === "post";
  const [form, fields] = useForm({
    id: "create-plan",
    lastResult: actionData?.result,
    constraint: getZodConstraint(planSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: planSchema }),
  });
  return (
    <section aria-labelledby="create-plan-heading">
      <h2 id="create-plan-heading">Create a plan</h2>
      <Form method="post" className="stack card" {...getFormProps(form)} noValidate>
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField meta={fields.title} label="Title" hint="For example: Riverton Forward 2027–2031" autoComplete="off" />
        <div className="row">
          <TextField
            meta={fields.startFiscalYear}
            label="First fiscal year"
            hint="Like 2027."
            type="number"
            inputMode="numeric"
            autoComplete="off"
          />
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
        <p className="small muted">The plan starts as a draft, seen only by administrators and department heads until you adopt it.</p>
        <div className="actions">
          <button type="submit" disabled={submitting}>
            {submitting ? "Creating…" : "Create plan"}
          </button>
        </div>
      </Form>
    </section>
  );
}
