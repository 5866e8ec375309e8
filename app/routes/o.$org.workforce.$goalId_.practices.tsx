import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AlignmentPicker, selectionFrom } from "~/components/alignment-picker";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { PracticeLinkList } from "~/modules/plans/components/practice-links";
import { loadPicker } from "~/modules/plans/picker.server";
import { alignmentFormSchema, alignmentFromForm } from "~/modules/plans/plans.schema";
import { WorkforceError } from "~/modules/workforce/components/workforce-error";
import { getWorkforceGoal, setWorkforceGoalAlignment, WORKFORCE_NOT_FOUND } from "~/modules/workforce/workforce.server";
import { replyOnFieldErrors } from "~/utils/forms.server";
import { notFound } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Linked practices of ${data.goal.name} — Praxis` : "Linked practices — Praxis" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "workforce.edit");
  const g = await getWorkforceGoal(ctx, params.goalId ?? "");
  if (!g.canEdit) notFound(WORKFORCE_NOT_FOUND);
  const picker = await loadPicker(ctx, new URL(request.url), g.links);
  return json({ orgSlug: ctx.orgSlug, goal: { id: g.id, name: g.name, links: g.links }, picker });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "workforce.edit");
  const id = params.goalId ?? "";
  const submission = parseWithZod(await request.formData(), { schema: alignmentFormSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const outcome = await replyOnFieldErrors(submission, () => setWorkforceGoalAlignment(ctx, id, alignmentFromForm(submission.value)));
  if (!outcome.ok) return outcome.response;
  return redirect(`/o/${ctx.orgSlug}/workforce/${id}?notice=aligned#linked-practices`);
}

export default function WorkforceGoalPracticesPage() {
  const { orgSlug, goal: g, picker } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>()?.result;
  const selection = selectionFrom(result?.initialValue as Record<string, unknown> | undefined) ?? picker.selection;
  const back = `/o/${orgSlug}/workforce/${g.id}`;
  return (
    <>
      <p className="small">
        <Link to={back}>Back to {g.name}</Link>
      </p>
      <h1>Linked practices of {g.name}</h1>
      <p className="muted">
        Tick the practices this workforce goal puts into action — a whole practice, or one of its leadership or management
        dimensions — and mark one as primary.
      </p>
      <section className="card" aria-labelledby="current-links">
        <h2 id="current-links">Linked now</h2>
        <PracticeLinkList orgSlug={orgSlug} links={g.links} empty="None yet." />
      </section>
      <AlignmentPicker
        key={JSON.stringify(selection)}
        id="workforce-goal-practices"
        action={`/o/${orgSlug}/workforce/${g.id}/practices`}
        cancelTo={back}
        itemLabel={`workforce goal ${g.name}`}
        groups={picker.groups}
        selection={selection}
        query={picker.query}
        hits={picker.hits}
        lastResult={result}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <WorkforceError />;
}
