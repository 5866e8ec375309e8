import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AlignmentPicker, selectionFrom } from "~/components/alignment-picker";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { BUDGET_LINE_NOT_FOUND, getBudgetLine, setBudgetLineAlignment } from "~/modules/budget/budget.server";
import { BudgetError } from "~/modules/budget/components/budget-error";
import { lineTitle } from "~/modules/budget/components/budget-ui";
import { PracticeLinkList } from "~/modules/plans/components/practice-links";
import { loadPicker } from "~/modules/plans/picker.server";
import { alignmentFormSchema, alignmentFromForm } from "~/modules/plans/plans.schema";
import { replyOnFieldErrors } from "~/utils/forms.server";
import { notFound } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Linked practices of budget line ${data.line.lineKey} — Praxis` : "Linked practices — Praxis" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "budget.link");
  const line = await getBudgetLine(ctx, params.lineId ?? "");
  // Another department's line looks like no line at all.
  if (!line.canLink) notFound(BUDGET_LINE_NOT_FOUND);
  const picker = await loadPicker(ctx, new URL(request.url), line.practices);
  return json({
    orgSlug: ctx.orgSlug,
    line: { id: line.id, lineKey: line.lineKey, title: lineTitle(line), fiscalYearLabel: line.fiscalYearLabel, practices: line.practices },
    picker,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "budget.link");
  const id = params.lineId ?? "";
  const submission = parseWithZod(await request.formData(), { schema: alignmentFormSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const outcome = await replyOnFieldErrors(submission, () => setBudgetLineAlignment(ctx, id, alignmentFromForm(submission.value)));
  if (!outcome.ok) return outcome.response;
  return redirect(`/o/${ctx.orgSlug}/budget/lines/${id}?notice=aligned#linked-practices`);
}

export default function BudgetLinePracticesPage() {
  const { orgSlug, line, picker } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>()?.result;
  const selection = selectionFrom(result?.initialValue as Record<string, unknown> | undefined) ?? picker.selection;
  const back = `/o/${orgSlug}/budget/lines/${line.id}`;
  return (
    <>
      <p className="small">
        <Link to={back}>
          Back to budget line {line.title} ({line.lineKey})
        </Link>
      </p>
      <h1>Linked practices of budget line {line.title}</h1>
      <p className="muted">
        Tick the practices this spending ({line.lineKey}, {line.fiscalYearLabel}) puts into action — a whole practice, or one of
        its leadership or management dimensions — and mark one as primary. The primary practice is where the line counts in the
        budget by practice.
      </p>
      <section className="card" aria-labelledby="current-links">
        <h2 id="current-links">Linked now</h2>
        <PracticeLinkList orgSlug={orgSlug} links={line.practices} empty="None yet." />
      </section>
      <AlignmentPicker
        key={JSON.stringify(selection)}
        id="budget-line-practices"
        action={`/o/${orgSlug}/budget/lines/${line.id}/practices`}
        cancelTo={back}
        itemLabel={`budget line ${line.lineKey}`}
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
  return <BudgetError />;
}
