import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AlignmentPicker, selectionFrom } from "~/components/alignment-picker";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { setAlignment } from "~/modules/plans/alignment.server";
import { PlanItemError } from "~/modules/plans/components/plan-item-error";
import { PracticeLinkList } from "~/modules/plans/components/practice-links";
import { loadPicker } from "~/modules/plans/picker.server";
import { alignmentFormSchema, alignmentFromForm } from "~/modules/plans/plans.schema";
import { getObjective } from "~/modules/plans/plans.server";
import { replyOnFieldErrors } from "~/utils/forms.server";
import { notFound } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Linked practices of objective ${data.objective.code} — Praxis` : "Linked practices — Praxis" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "objectives.edit");
  const o = await getObjective(ctx, params.objectiveId ?? "");
  if (!o.canEdit) notFound("We couldn't find that objective in this organization.");
  const picker = await loadPicker(ctx, new URL(request.url), o.links);
  return json({ orgSlug: ctx.orgSlug, objective: { id: o.id, code: o.code, title: o.title, links: o.links }, picker });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "objectives.edit");
  const id = params.objectiveId ?? "";
  const submission = parseWithZod(await request.formData(), { schema: alignmentFormSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const outcome = await replyOnFieldErrors(submission, () => setAlignment(ctx, { kind: "objective", id }, alignmentFromForm(submission.value)));
  if (!outcome.ok) return outcome.response;
  return redirect(`/o/${ctx.orgSlug}/objectives/${id}?notice=aligned#linked-practices`);
}

export default function ObjectivePracticesPage() {
  const { orgSlug, objective: o, picker } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>()?.result;
  const selection = selectionFrom(result?.initialValue as Record<string, unknown> | undefined) ?? picker.selection;
  const back = `/o/${orgSlug}/objectives/${o.id}`;
  return (
    <>
      <p className="small">
        <Link to={back}>
          Back to objective {o.code}: {o.title}
        </Link>
      </p>
      <h1>Linked practices of objective {o.code}</h1>
      <p className="muted">
        Tick the practices that “{o.title}” puts into action — a whole practice, or one of its leadership or management dimensions —
        and mark one as primary.
      </p>
      <section className="card" aria-labelledby="current-links">
        <h2 id="current-links">Linked now</h2>
        <PracticeLinkList orgSlug={orgSlug} links={o.links} empty="None yet." />
      </section>
      <AlignmentPicker
        key={JSON.stringify(selection)}
        id="objective-practices"
        action={`/o/${orgSlug}/objectives/${o.id}/practices`}
        cancelTo={back}
        itemLabel={`objective ${o.code}`}
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
  return <PlanItemError />;
}
