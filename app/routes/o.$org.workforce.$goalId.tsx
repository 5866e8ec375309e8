import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CsvLink } from "~/components/csv-link";
import { lazy, Suspense, useEffect, useRef } from "react";
import { z } from "zod";
import { FormErrors, SelectField, TextAreaField, TextField } from "~/components/forms";
import { cachedJson } from "~/modules/cache/view-cache.server";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { formatIsoDate, ObjectiveStatusBadge, StaleBadge } from "~/modules/plans/components/plan-badges";
import { PracticeLinkList } from "~/modules/plans/components/practice-links";
import {
  MEASURE_DIRECTION_LABELS,
  measurementSchema,
  NARRATIVE_MAX,
  NOTE_MAX,
  OBJECTIVE_STATUS_LABELS,
  OBJECTIVE_STATUSES,
  REPORTING_FREQUENCY_LABELS,
  statusUpdateSchema,
} from "~/modules/plans/plans.schema";
import { organizationToday } from "~/modules/core/today";
import { WorkforceError } from "~/modules/workforce/components/workforce-error";
import { DEMOGRAPHIC_FIELD_LABELS } from "~/modules/workforce/workforce.schema";
import { addWorkforceGoalUpdate, deleteWorkforceGoal, getWorkforceGoal, recordWorkforceMeasurement } from "~/modules/workforce/workforce.server";
import { replyOnFieldErrors } from "~/utils/forms.server";
import { badRequest } from "~/utils/http.server";
import { useHydrated } from "~/components/hydrated";

// The chart is drawn in the browser only, after hydration (a same-size placeholder before); the
// table below it always carries the same numbers. The plan's measure chart draws it.
const MeasureChart = lazy(() => import("~/modules/plans/components/measure-chart.client"));

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.goal.name} — Workforce goals — Praxis` : "Workforce goal not found — Praxis" },
];

const NOTICES = {
  created: "Workforce goal added. Record its first value and status update below.",
  saved: "Workforce goal saved.",
  updated: "Status update added.",
  recorded: "Value recorded.",
  unchanged: "That value was already recorded for this period; nothing changed.",
  aligned: "Linked practices saved.",
} as const;
type Notice = keyof typeof NOTICES;

/** Served from the view cache while nothing of the organization changes (ADR 014). */
export const handle = { viewCache: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "workforce.read");
  // What the page shows, computed once per organization data version (app/modules/cache).
  return cachedJson(ctx, request, async () => {
    const goal = await getWorkforceGoal(ctx, params.goalId ?? "");
    const url = new URL(request.url);
    const notice = url.searchParams.get("notice");
    return {
      orgSlug: ctx.orgSlug,
      goal,
      today: organizationToday(ctx),
      confirmDelete: goal.canEdit && url.searchParams.get("confirm") === "delete",
      notice: notice && notice in NOTICES ? (notice as Notice) : null,
    };
  });
}

const deleteSchema = z.object({ intent: z.literal("delete-goal") });

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "workforce.edit");
  const id = params.goalId ?? "";
  const here = `/o/${ctx.orgSlug}/workforce/${id}`;
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "status-update") {
    const submission = parseWithZod(formData, { schema: statusUpdateSchema });
    if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
    const outcome = await replyOnFieldErrors(submission, () => addWorkforceGoalUpdate(ctx, id, submission.value));
    if (!outcome.ok) return outcome.response;
    return redirect(`${here}?notice=updated#status-updates`);
  }
  if (intent === "measurement") {
    const submission = parseWithZod(formData, { schema: measurementSchema });
    if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
    const outcome = await replyOnFieldErrors(submission, () => recordWorkforceMeasurement(ctx, id, submission.value));
    if (!outcome.ok) return outcome.response;
    return redirect(`${here}?notice=${outcome.value.changed ? "recorded" : "unchanged"}#values`);
  }
  if (intent === "delete-goal") {
    const submission = parseWithZod(formData, { schema: deleteSchema });
    if (submission.status !== "success") badRequest();
    const outcome = await replyOnFieldErrors(submission, () => deleteWorkforceGoal(ctx, id));
    if (!outcome.ok) return outcome.response;
    return redirect(`/o/${ctx.orgSlug}/workforce?notice=deleted`);
  }
  badRequest("Choose what to do with this workforce goal.");
}

/** A result goes back only to the form that was submitted (known by its hidden `intent`). */
function resultFor(data: unknown, intent: string): SubmissionResult<string[]> | undefined {
  if (!data || typeof data !== "object" || !("result" in data)) return undefined;
  const result = (data as { result: SubmissionResult<string[]> }).result;
  const values = (result.initialValue ?? {}) as Record<string, unknown>;
  return values.intent === intent ? result : undefined;
}

export default function WorkforceGoalPage() {
  const { orgSlug, goal: g, notice, confirmDelete } = useLoaderData<typeof loader>();
  const here = `/o/${orgSlug}/workforce/${g.id}`;
  const unit = g.unit ? ` ${g.unit}` : "";
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumbs">
        <ol>
          <li>
            <Link to={`/o/${orgSlug}/workforce`}>Workforce goals</Link>
          </li>
          <li aria-current="page">{g.name}</li>
        </ol>
      </nav>
      <div className="page-header">
        <div>
          <h1>{g.name}</h1>
          <p className="objective-meta">
            <span>
              Status: <ObjectiveStatusBadge status={g.status} />
            </span>
            {g.stale ? <StaleBadge reason={g.staleReason} withReason={false} /> : null}
            {g.overdue ? <span className="badge warn">Overdue</span> : null}
          </p>
        </div>
        {g.canEdit ? (
          <ul className="link-list">
            <li>
              <Link to={`${here}/edit`}>Edit goal</Link>
            </li>
            <li>
              <Link to={`${here}/practices`}>Edit linked practices</Link>
            </li>
          </ul>
        ) : null}
      </div>
      {notice ? (
        <p role="status" className="notice success">
          {NOTICES[notice]}
        </p>
      ) : null}
      {!g.canEdit ? (
        <p className="notice info">
          You can read this goal. {g.department ? `${g.department.name} and administrators keep it up to date.` : "Administrators keep it up to date."}
        </p>
      ) : null}

      <section className="card" aria-labelledby="goal-details">
        <h2 id="goal-details">Details</h2>
        {g.description ? <p className="prewrap">{g.description}</p> : null}
        <dl className="facts">
          <dt>Department</dt>
          <dd>{g.department?.name ?? "Organization-wide"}</dd>
          <dt>Metric</dt>
          <dd>
            {g.metricLabel}
            {g.demographicField && g.demographicGroup ? ` (${DEMOGRAPHIC_FIELD_LABELS[g.demographicField]}: ${g.demographicGroup})` : null}
          </dd>
          <dt>Direction</dt>
          <dd>{MEASURE_DIRECTION_LABELS[g.direction]}</dd>
          <dt>Baseline</dt>
          <dd>{g.baseline !== null ? `${g.baseline}${unit}` : <span className="muted">Not set</span>}</dd>
          <dt>Target</dt>
          <dd>{g.target !== null ? `${g.target}${unit}` : <span className="muted">Not set</span>}</dd>
          <dt>Latest value</dt>
          <dd>{g.latest ? `${g.latest.value}${unit} (${g.latest.periodLabel})` : <span className="muted">None yet</span>}</dd>
          <dt>Due date</dt>
          <dd>
            {g.dueDate ? formatIsoDate(g.dueDate) : <span className="muted">None</span>}
            {g.overdue ? " (overdue)" : null}
          </dd>
          <dt>Current status</dt>
          <dd>
            <ObjectiveStatusBadge status={g.status} />
            {g.lastUpdateAsOf ? ` as of ${formatIsoDate(g.lastUpdateAsOf)}` : " (no update yet)"}
          </dd>
          <dt>Reports</dt>
          <dd>{REPORTING_FREQUENCY_LABELS[g.reportingFrequency]}</dd>
          <dt>Freshness</dt>
          <dd>
            {g.stale ? (
              <>
                <StaleBadge reason={g.staleReason} withReason={false} /> <span>{g.staleReason}</span>
              </>
            ) : (
              g.staleReason
            )}
          </dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="linked-practices">
        <h2 id="linked-practices">Linked practices</h2>
        <PracticeLinkList
          orgSlug={orgSlug}
          links={g.links}
          empty={g.canEdit ? "Not linked to any practice yet. Link it to the practices it puts into action (often 13, 4, 3 or 1)." : "Not linked to any practice yet."}
        />
        {g.canEdit ? (
          <p>
            <Link to={`${here}/practices`}>Edit linked practices</Link>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="values-title" id="values" className="card">
        <h2 id="values-title">Values</h2>
        {g.measurements.length === 0 ? (
          <p className="muted">No values recorded yet.</p>
        ) : (
          <>
            <ChartBox />
            <ValueTable />
          </>
        )}
        {g.canEdit ? <MeasurementForm /> : null}
      </section>

      <section aria-labelledby="status-updates-title" id="status-updates">
        <h2 id="status-updates-title">Status updates</h2>
        {g.canEdit ? <StatusUpdateForm /> : null}
        <StatusHistory />
      </section>

      {g.canEdit ? confirmDelete ? <ConfirmDelete here={here} /> : <DeleteStart /> : null}
    </>
  );
}

function ChartBox() {
  const { goal: g } = useLoaderData<typeof loader>();
  const hydrated = useHydrated();
  const label = `Line chart of ${g.name}: values${g.target !== null ? " against the target" : ""} by period. The same numbers are in the table below.`;
  const placeholder = (
    <p className="muted chart-placeholder" aria-hidden="true">
      Loading the chart…
    </p>
  );
  return (
    <div className="chart-box" data-testid="workforce-chart">
      {hydrated ? (
        <Suspense fallback={placeholder}>
          <MeasureChart label={label} unit={g.unit} points={g.measurements} target={g.target} baseline={g.baseline} />
        </Suspense>
      ) : (
        placeholder
      )}
    </div>
  );
}

function ValueTable() {
  const { orgSlug, goal: g } = useLoaderData<typeof loader>();
  const rows = [...g.measurements].reverse();
  return (
    <div className="table-wrap">
      <CsvLink href={`/o/${orgSlug}/workforce/${g.id}/history.csv`} label="Download values and status updates as CSV" />
      <table>
        <caption>
          Values of {g.name}, newest first ({rows.length})
        </caption>
        <thead>
          <tr>
            <th scope="col">Period</th>
            <th scope="col" className="num">
              Value{g.unit ? ` (${g.unit})` : ""}
            </th>
            <th scope="col" className="num">
              Target
            </th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.id}>
              <th scope="row">{p.periodLabel}</th>
              <td className="num">{p.value}</td>
              <td className="num">{g.target ?? "—"}</td>
              <td>{p.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MeasurementForm() {
  const { goal: g } = useLoaderData<typeof loader>();
  const lastResult = resultFor(useActionData<typeof action>(), "measurement");
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" && navigation.formData?.get("intent") === "measurement";
  const recorded = new Set(g.measurements.map((p) => p.period));
  const defaultPeriod = g.periodOptions.find((p) => !recorded.has(p.value))?.value ?? g.periodOptions[0]?.value ?? "";
  const [form, fields] = useForm({
    id: "measurement",
    lastResult,
    defaultValue: { period: defaultPeriod, value: "", note: "" },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: measurementSchema }),
  });
  return (
    <Form method="post" className="stack measurement-form" {...getFormProps(form)} noValidate aria-labelledby="measurement-title">
      <h3 id="measurement-title">Record a value</h3>
      <input type="hidden" name="intent" value="measurement" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="row">
        <SelectField
          meta={fields.period}
          label="Period"
          hint="A value already recorded for the period is replaced."
          options={g.periodOptions.map((p) => [p.value, `${p.label}${recorded.has(p.value) ? " (has a value)" : ""}`] as const)}
        />
        <TextField meta={fields.value} label={`Value${g.unit ? ` (${g.unit})` : ""}`} inputMode="decimal" autoComplete="off" />
        <TextField meta={fields.note} label="Note (optional)" maxLength={NOTE_MAX} autoComplete="off" />
      </div>
      <div className="actions">
        <button type="submit" disabled={submitting}>
          {submitting ? "Recording…" : "Record value"}
        </button>
      </div>
    </Form>
  );
}

function StatusUpdateForm() {
  const { goal: g, today } = useLoaderData<typeof loader>();
  const lastResult = resultFor(useActionData<typeof action>(), "status-update");
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" && navigation.formData?.get("intent") === "status-update";
  const [form, fields] = useForm({
    id: "status-update",
    lastResult,
    defaultValue: { asOf: today, status: g.status, narrative: "" },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: statusUpdateSchema }),
  });
  return (
    <Form method="post" className="stack card" {...getFormProps(form)} noValidate aria-labelledby="add-update-title">
      <h3 id="add-update-title">Add a status update</h3>
      <input type="hidden" name="intent" value="status-update" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="row">
        <TextField meta={fields.asOf} type="date" label="As of" hint="The date this update describes. The latest update sets the current status." max={today} />
        <SelectField meta={fields.status} label="Status" options={OBJECTIVE_STATUSES.map((s) => [s, OBJECTIVE_STATUS_LABELS[s]] as const)} />
      </div>
      <TextAreaField
        meta={fields.narrative}
        label="What happened since the last update"
        hint={`Progress, obstacles, next steps. At most ${NARRATIVE_MAX.toLocaleString("en-US")} characters.`}
        rows={3}
      />
      <div className="actions">
        <button type="submit" disabled={submitting}>
          {submitting ? "Adding…" : "Add status update"}
        </button>
      </div>
    </Form>
  );
}

function StatusHistory() {
  const { goal: g } = useLoaderData<typeof loader>();
  if (g.updates.length === 0) {
    return (
      <div className="card empty">
        <p>
          <strong>No status updates yet.</strong>
        </p>
        <p>{g.canEdit ? "Add the first one above: it sets the goal's current status." : "No one has reported on this goal yet."}</p>
      </div>
    );
  }
  return (
    <div className="table-wrap card">
      <table>
        <caption>Status update history, newest first ({g.updates.length})</caption>
        <thead>
          <tr>
            <th scope="col">As of</th>
            <th scope="col">Status</th>
            <th scope="col">Update</th>
            <th scope="col">By</th>
          </tr>
        </thead>
        <tbody>
          {g.updates.map((u) => (
            <tr key={u.id}>
              <th scope="row" className="nowrap">
                {formatIsoDate(u.asOf)}
              </th>
              <td>
                <ObjectiveStatusBadge status={u.status} />
              </td>
              <td className="prewrap">{u.narrative}</td>
              <td>{u.authorName ?? <span className="muted">Former member</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DeleteStart() {
  return (
    <section className="card" aria-labelledby="delete-goal-title">
      <h2 id="delete-goal-title">Delete this goal</h2>
      <p>Deleting removes the goal with its recorded values, status updates and practice links. The audit log keeps a record.</p>
      <Form method="get" className="actions" preventScrollReset>
        <input type="hidden" name="confirm" value="delete" />
        <button type="submit" className="secondary">
          Delete goal
        </button>
      </Form>
    </section>
  );
}

function ConfirmDelete({ here }: { here: string }) {
  const { goal: g } = useLoaderData<typeof loader>();
  const lastResult = resultFor(useActionData<typeof action>(), "delete-goal");
  const [form] = useForm({ id: "delete-goal", lastResult });
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="card notice warn" aria-labelledby="confirm-delete-title">
      <h2 id="confirm-delete-title" ref={heading} tabIndex={-1}>
        Delete “{g.name}”?
      </h2>
      <Form method="post" action={`${here}?confirm=delete`} {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <p>
          The goal will be deleted with its {g.measurements.length} recorded {g.measurements.length === 1 ? "value" : "values"} and{" "}
          {g.updates.length} status {g.updates.length === 1 ? "update" : "updates"}. This can&apos;t be undone.
        </p>
        <input type="hidden" name="intent" value="delete-goal" />
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

export function ErrorBoundary() {
  return <WorkforceError />;
}
