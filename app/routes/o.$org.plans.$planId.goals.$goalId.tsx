import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { FieldErrorList, FormErrors, TextAreaField, TextField } from "~/components/forms";
import { cachedJson } from "~/modules/cache/view-cache.server";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { getAlignmentOptions, setAlignment } from "~/modules/plans/alignment.server";
import { alignmentFormSchema, alignmentFromForm, goalSchema } from "~/modules/plans/plans.schema";
import { deleteGoal, getGoal, updateGoal } from "~/modules/plans/plans.server";
import { replyOnFieldErrors } from "~/utils/forms.server";
import { badRequest } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Goal ${data.goal.position}: ${data.goal.title}` : "Goal"} — Plans — Praxis` },
];

const NOTICES = { saved: "Goal saved.", aligned: "Practice links saved." } as const;
type Notice = keyof typeof NOTICES;

/** Served from the view cache while nothing of the organization changes (ADR 014). */
export const handle = { viewCache: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "plans.manage");
  // What the page shows, computed once per organization data version (app/modules/cache).
  return cachedJson(ctx, request, async () => {
    const { plan, goal } = await getGoal(ctx, params.planId ?? "", params.goalId ?? "");
    const url = new URL(request.url);
    const notice = url.searchParams.get("notice");
    const groups = await getAlignmentOptions(ctx);
    return {
      orgSlug: ctx.orgSlug,
      plan,
      goal: { id: goal.id, title: goal.title, description: goal.description, position: goal.position, links: goal.links },
      objectiveCount: goal.objectiveCount,
      practices: groups.flatMap((g) => g.practices.map((p) => ({ token: p.token, number: p.number, name: p.name }))),
      confirmDelete: url.searchParams.get("confirm") === "delete",
      notice: notice && notice in NOTICES ? (notice as Notice) : null,
    };
  });
}

const deleteSchema = z.object({ intent: z.literal("delete") });

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "plans.manage");
  const planId = params.planId ?? "";
  const { goal } = await getGoal(ctx, planId, params.goalId ?? ""); // a goal id under another plan's URL is not found
  const here = `/o/${ctx.orgSlug}/plans/${planId}/goals/${goal.id}`;
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "update") {
    const submission = parseWithZod(formData, { schema: goalSchema });
    if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
    const outcome = await replyOnFieldErrors(submission, () => updateGoal(ctx, goal.id, submission.value));
    if (!outcome.ok) return outcome.response;
    return redirect(`${here}?notice=saved`);
  }
  if (intent === "align") {
    const submission = parseWithZod(formData, { schema: alignmentFormSchema });
    if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
    const outcome = await replyOnFieldErrors(submission, () => setAlignment(ctx, { kind: "goal", id: goal.id }, alignmentFromForm(submission.value)));
    if (!outcome.ok) return outcome.response;
    return redirect(`${here}?notice=aligned`);
  }
  if (intent === "delete") {
    const submission = parseWithZod(formData, { schema: deleteSchema });
    if (submission.status !== "success") badRequest();
    const outcome = await replyOnFieldErrors(submission, () => deleteGoal(ctx, goal.id));
    if (!outcome.ok) return outcome.response;
    return redirect(`/o/${ctx.orgSlug}/plans/${planId}?notice=goal-deleted`);
  }
  badRequest("Choose what to do with this goal.");
}

function useLastResultFor(intent: string) {
  const actionData = useActionData<typeof action>();
  const result = actionData?.result;
  return result && (result.initialValue as Record<string, unknown> | null | undefined)?.intent === intent ? result : undefined;
}

export default function GoalPage() {
  const { orgSlug, plan, goal, confirmDelete, notice } = useLoaderData<typeof loader>();
  const planUrl = `/o/${orgSlug}/plans/${plan.id}`;
  const here = `${planUrl}/goals/${goal.id}`;
  const archived = plan.status === "archived";
  return (
    <>
      <p className="small">
        <Link to={planUrl}>Back to {plan.title}</Link>
      </p>
      <div className="page-header">
        <div>
          <h1>
            Goal {goal.position}: {goal.title}
          </h1>
          <p className="muted">Part of {plan.title}</p>
        </div>
      </div>
      {notice ? (
        <p role="status" className="notice success">
          {NOTICES[notice]}
        </p>
      ) : null}
      {archived ? (
        <p className="notice info">This plan is archived, so its goals can't be changed. Set the plan back to draft or adopted first.</p>
      ) : (
        <>
          <EditGoal key={`${goal.title}|${goal.description}`} here={here} />
          <AlignGoal key={goal.links.map((l) => `${l.token}${l.isPrimary ? "*" : ""}`).join(",")} here={here} />
          {confirmDelete ? <ConfirmDelete here={here} /> : <DeleteStart />}
        </>
      )}
    </>
  );
}

function EditGoal({ here }: { here: string }) {
  const { goal } = useLoaderData<typeof loader>();
  const lastResult = useLastResultFor("update");
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" && navigation.formData?.get("intent") === "update";
  const [form, fields] = useForm({
    id: "edit-goal",
    lastResult,
    defaultValue: { title: goal.title, description: goal.description },
    constraint: getZodConstraint(goalSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: goalSchema }),
  });
  return (
    <section aria-labelledby="edit-goal-heading">
      <h2 id="edit-goal-heading">Edit goal</h2>
      <Form method="post" action={here} className="stack card" {...getFormProps(form)} noValidate>
        <input type="hidden" name="intent" value="update" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField meta={fields.title} label="Goal title" autoComplete="off" />
        <TextAreaField meta={fields.description} label="Goal description" hint="Optional." />
        <div className="actions">
          <button type="submit" disabled={submitting}>
            {submitting ? "Saving…" : "Save goal"}
          </button>
        </div>
      </Form>
    </section>
  );
}

/** A checkbox per practice and one "primary" radio among the checked ones. Links to a practice's
 * dimensions (made elsewhere) are listed too, so saving here keeps them unless unchecked. */
function AlignGoal({ here }: { here: string }) {
  const { goal, practices, orgSlug } = useLoaderData<typeof loader>();
  const lastResult = useLastResultFor("align");
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" && navigation.formData?.get("intent") === "align";
  const [form, fields] = useForm<z.input<typeof alignmentFormSchema>>({ id: "align-goal", lastResult });
  const linked = new Map(goal.links.map((l) => [l.token, l]));
  const dimensionLinks = goal.links.filter((l) => l.dimensionKind);
  const choices = [
    ...practices.map((p) => ({ token: p.token, label: `${p.number}. ${p.name}`, number: p.number })),
    ...dimensionLinks.map((l) => ({
      token: l.token,
      label: `${l.practiceNumber}. ${l.practiceName}: ${l.dimensionKind} dimension ${l.dimensionLetter}`,
      number: l.practiceNumber,
    })),
  ];
  const primaryErrorId = fields.primary.errorId;
  const linkErrorId = fields.link.errorId;
  return (
    <section aria-labelledby="align-goal-title">
      <h2 id="align-goal-title">Practices this goal serves</h2>
      <Form method="post" action={here} className="stack card" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="align" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <p className="muted small" id="align-goal-hint">
          Check the ICMA practices this goal puts into practice and mark the main one as primary. Objectives and measures
          have their own links, set on their pages. <Link to={`/o/${orgSlug}/practices`}>Read about the practices</Link>.
        </p>
        <fieldset aria-describedby={fields.link.errors?.length ? linkErrorId : undefined}>
          <legend>Linked practices</legend>
          <div className="practice-checks">
            {choices.map((c) => {
              const id = `link-${c.token.replace(/[^a-zA-Z0-9]/g, "-")}`;
              return (
                <div className="practice-choice" key={c.token}>
                  <input type="checkbox" id={id} name="link" value={c.token} defaultChecked={linked.has(c.token)} />
                  <label htmlFor={id}>{c.label}</label>
                  <label className="small">
                    <input
                      type="radio"
                      name="primary"
                      value={c.token}
                      defaultChecked={linked.get(c.token)?.isPrimary ?? false}
                      aria-describedby={fields.primary.errors?.length ? primaryErrorId : undefined}
                    />{" "}
                    Primary<span className="visually-hidden"> practice: {c.label}</span>
                  </label>
                </div>
              );
            })}
          </div>
          <FieldErrorList id={linkErrorId} errors={fields.link.errors} />
          <FieldErrorList id={primaryErrorId} errors={fields.primary.errors} />
        </fieldset>
        <div className="actions">
          <button type="submit" disabled={submitting}>
            {submitting ? "Saving…" : "Save practice links"}
          </button>
        </div>
      </Form>
    </section>
  );
}

function DeleteStart() {
  return (
    <section className="card" aria-labelledby="delete-goal-title">
      <h2 id="delete-goal-title">Delete this goal</h2>
      <p>Deleting a goal also deletes its objectives, with their measures, values and status updates.</p>
      <Form method="get" className="actions">
        <input type="hidden" name="confirm" value="delete" />
        <button type="submit" className="secondary">
          Delete goal
        </button>
      </Form>
    </section>
  );
}

function ConfirmDelete({ here }: { here: string }) {
  const { goal, objectiveCount } = useLoaderData<typeof loader>();
  const lastResult = useLastResultFor("delete");
  const [form] = useForm({ id: "delete-goal", lastResult });
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="card notice warn" aria-labelledby="confirm-delete-goal-title">
      <h2 id="confirm-delete-goal-title" ref={heading} tabIndex={-1}>
        Delete goal {goal.position}?
      </h2>
      <Form method="post" action={`${here}?confirm=delete`} {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <p>
          “{goal.title}” will be deleted with its {objectiveCount} {objectiveCount === 1 ? "objective" : "objectives"}, their
          measures, values, status updates and practice links. The goals after it move up one number. This can't be undone.
        </p>
        <input type="hidden" name="intent" value="delete" />
        <div className="actions">
          <button type="submit" className="danger">
            Yes, delete goal
          </button>
          <Link to={here} className="button secondary">
            Cancel
          </Link>
        </div>
      </Form>
    </section>
  );
}
