import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, } from "@remix-run/react";
import { CsvLink } from "~/components/csv-link";
import { lazy, Suspense, useEffect, useRef } from "react";
import { z } from "zod";
import { FormErrors, SelectField, TextAreaField, TextField } from "~/components/forms";
import { cachedJson } from "~/modules/cache/view-cache.server";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { PlanItemError } from "~/modules/plans/components/plan-item-error";
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
import { addStatusUpdate, deleteObjective, getObjective, recordMeasurement } from "~/modules/plans/plans.server";
import { organizationToday } from "~/modules/core/today";
import { replyOnFieldErrors } from "~/utils/forms.server";
import { badRequest } from "~/utils/http.server";
import { useHydrated } from "~/components/hydrated";

// Chart.js is loaded in the browser only, after hydration; the server renders a same-size
// placeholder, and the table below each chart always carries the same numbers.
const MeasureChart = lazy(() => import("~/modules/plans/components/measure-chart.client"));

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.objective.code} ${data.objective.title} — Objectives — Praxis` : "Objective not found — Praxis" },
];

const NOTICES = {
  updated: "Status update added.",
  recorded: "Value recorded.",
  unchanged: "That value was already recorded for this period; nothing changed.",
  saved: "Objective saved.",
  aligned: "Linked practices saved.",
  "measure-added": "Measure added.",
  "measure-saved": "Measure saved.",
  "measure-aligned": "The measure's linked practices were saved.",
  "measure-deleted": "Measure deleted, with its recorded values.",
} as const;
type Notice = keyof typeof NOTICES;

/** Served from the view cache while nothing of the organization changes (ADR 014). */
export const handle = { viewCache: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "plans.read");
  // What the page shows, computed once per organization data version (app/modules/cache).
  return cachedJson(ctx, request, async () => {
    const objective = await getObjective(ctx, params.objectiveId ?? "");
    const url = new URL(request.url);
    const notice = url.searchParams.get("notice");
    return {
      orgSlug: ctx.orgSlug,
      objective,
      today: organizationToday(ctx),
      confirmDelete: objective.canEdit && url.searchParams.get("confirm") === "delete",
      notice: notice && notice in NOTICES ? (notice as Notice) : null,
      /** The measure a notice is about, to put it beside that measure. */
      noticeMeasureId: url.searchParams.get("measure"),
    };
  });
}

const deleteSchema = z.object({ intent: z.literal("delete-objective") });

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "objectives.edit");
  const id = params.objectiveId ?? "";
  const here = `/o/${ctx.orgSlug}/objectives/${id}`;
  const formData = await request.formData();
  const intent = formData.get("intent");

  if (intent === "status-update") {
    const submission = parseWithZod(formData, { schema: statusUpdateSchema });
    if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
    const outcome = await replyOnFieldErrors(submission, () => addStatusUpdate(ctx, id, submission.value));
    if (!outcome.ok) return outcome.response;
    return redirect(`${here}?notice=updated#status-updates`);
  }
  if (intent === "measurement") {
    const measureId = String(formData.get("measureId") ?? "");
    const submission = parseWithZod(formData, { schema: measurementSchema });
    if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
    const outcome = await replyOnFieldErrors(submission, () => recordMeasurement(ctx, measureId, submission.value));
    if (!outcome.ok) return outcome.response;
    const notice = outcome.value.changed ? "recorded" : "unchanged";
    return redirect(`${here}?notice=${notice}&measure=${encodeURIComponent(measureId)}#measure-${measureId}`);
  }
  if (intent === "delete-objective") {
    const submission = parseWithZod(formData, { schema: deleteSchema });
    if (submission.status !== "success") badRequest();
    // The plan to return to, read before the objective is gone (404 if out of reach).
    const { plan } = await getObjective(ctx, id);
    const outcome = await replyOnFieldErrors(submission, () => deleteObjective(ctx, id));
    if (!outcome.ok) return outcome.response;
    return redirect(`/o/${ctx.orgSlug}/plans/${plan.id}?notice=objective-deleted`);
  }
  badRequest("Choose what to do with this objective.");
}

/** The page has several forms; a result goes back only to the one that was submitted (known by
 * its hidden `intent`, and for a measure's form by the measure's id). */
function resultFor(data: unknown, intent: string, measureId?: string): SubmissionResult<string[]> | undefined {
  if (!data || typeof data !== "object" || !("result" in data)) return undefined;
  const result = (data as { result: SubmissionResult<string[]> }).result;
  const values = (result.initialValue ?? {}) as Record<string, unknown>;
  if (values.intent !== intent) return undefined;
  if (measureId !== undefined && values.measureId !== measureId) return undefined;
  return result;
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;
type ObjectiveData = PageData["objective"];
type MeasureData = ObjectiveData["measures"][number];

export default function ObjectivePage() {
  const { orgSlug, objective: o, notice, noticeMeasureId, confirmDelete } = useLoaderData<typeof loader>();
  const planUrl = `/o/${orgSlug}/plans/${o.plan.id}`;
  const here = `/o/${orgSlug}/objectives/${o.id}`;
  const measureNotice = notice && noticeMeasureId && o.measures.some((m) => m.id === noticeMeasureId);
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumbs">
        <ol>
          <li>
            <Link to={`/o/${orgSlug}/plans`}>Plans</Link>
          </li>
          <li>
            <Link to={planUrl}>{o.plan.title}</Link>
          </li>
          <li>
            <Link to={`${planUrl}#goal-${o.goal.id}`}>
              Goal {o.goal.position}: {o.goal.title}
            </Link>
          </li>
          <li aria-current="page">Objective {o.code}</li>
        </ol>
      </nav>
      <div className="page-header">
        <div>
          <h1>
            <span className="item-code">{o.code}</span> {o.title}
          </h1>
          <p className="objective-meta">
            <span>
              Status: <ObjectiveStatusBadge status={o.status} />
            </span>
            {o.stale ? <StaleBadge reason={o.staleReason} withReason={false} /> : null}
            {o.overdue ? <span className="badge warn">Overdue</span> : null}
            {o.plan.status !== "adopted" ? <span className="badge neutral">Plan {o.plan.status}</span> : null}
          </p>
        </div>
        {o.canEdit ? (
          <ul className="link-list">
            <li>
              <Link to={`${here}/edit`}>Edit objective</Link>
            </li>
            <li>
              <Link to={`${here}/practices`}>Edit linked practices</Link>
            </li>
            <li>
              <Link to={`${here}/measures/new`}>Add a measure</Link>
            </li>
          </ul>
        ) : null}
      </div>

      {notice && !measureNotice ? (
        <p role="status" className="notice success">
          {NOTICES[notice]}
        </p>
      ) : null}
      {!o.canEdit ? (
        <p className="notice info">
          {o.plan.status === "archived"
            ? "This plan is archived, so its objectives can no longer be changed."
            : `You can read this objective. ${o.department.name} and administrators keep it up to date.`}
        </p>
      ) : null}

      <section className="card" aria-labelledby="objective-details">
        <h2 id="objective-details">Details</h2>
        {o.description ? <p className="prewrap">{o.description}</p> : null}
        <dl className="facts">
          <dt>Owner department</dt>
          <dd>{o.department.name}</dd>
          <dt>Owner</dt>
          <dd>{o.owner ? o.owner.name : <span className="muted">No one named</span>}</dd>
          <dt>Due date</dt>
          <dd>
            {o.dueDate ? formatIsoDate(o.dueDate) : <span className="muted">None</span>}
            {o.overdue ? " (overdue)" : null}
          </dd>
          <dt>Current status</dt>
          <dd>
            <ObjectiveStatusBadge status={o.status} />
            {o.lastUpdateAsOf ? ` as of ${formatIsoDate(o.lastUpdateAsOf)}` : " (no update yet)"}
          </dd>
          <dt>Reports</dt>
          <dd>{REPORTING_FREQUENCY_LABELS[o.reportingFrequency]}</dd>
          <dt>Freshness</dt>
          <dd>
            {o.stale ? (
              <>
                <StaleBadge reason={o.staleReason} withReason={false} /> <span>{o.staleReason}</span>
              </>
            ) : (
              o.staleReason
            )}
          </dd>
          <dt>Plan</dt>
          <dd>
            <Link to={planUrl}>{o.plan.title}</Link> ({o.plan.periodLabel})
          </dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="linked-practices">
        <h2 id="linked-practices">Linked practices</h2>
        <PracticeLinkList
          orgSlug={orgSlug}
          links={o.links}
          empty={o.canEdit ? "Not linked to any practice yet. Link it to the practices it puts into action." : "Not linked to any practice yet."}
        />
        {o.canEdit ? (
          <p>
            <Link to={`${here}/practices`}>Edit linked practices</Link>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="status-updates-title" id="status-updates">
        <h2 id="status-updates-title">Status updates</h2>
        {o.canEdit ? <StatusUpdateForm /> : null}
        <StatusHistory />
      </section>

      <section aria-labelledby="measures-title">
        <h2 id="measures-title">Measures</h2>
        {o.measures.length === 0 ? (
          <div className="card empty">
            <p>
              <strong>No measures yet.</strong>
            </p>
            <p>
              {o.canEdit ? (
                <>
                  A measure (KPI) shows progress in numbers. <Link to={`${here}/measures/new`}>Add a measure</Link>.
                </>
              ) : (
                "This objective has no measures (KPIs) yet."
              )}
            </p>
          </div>
        ) : (
          o.measures.map((m) => (
            <MeasureSection key={m.id} measure={m} notice={measureNotice && noticeMeasureId === m.id && notice ? NOTICES[notice] : null} />
          ))
        )}
      </section>

      {o.canEdit ? confirmDelete ? <ConfirmDelete here={here} /> : <DeleteStart /> : null}
    </>
  );
}

function StatusUpdateForm() {
  const { objective: o, today } = useLoaderData<typeof loader>();
  const lastResult = resultFor(useActionData<typeof action>(), "status-update");
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" && navigation.formData?.get("intent") === "status-update";
  const [form, fields] = useForm({
    id: "status-update",
    lastResult,
    defaultValue: { asOf: today, status: o.status, narrative: "" },
    constraint: getZodConstraint(statusUpdateSchema),
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
        hint={`A few sentences for the city manager and the council: progress, obstacles, next steps. At most ${NARRATIVE_MAX.toLocaleString("en-US")} characters.`}
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
  const { orgSlug, objective: o } = useLoaderData<typeof loader>();
  if (o.updates.length === 0) {
    return (
      <div className="card empty">
        <p>
          <strong>No status updates yet.</strong>
        </p>
        <p>{o.canEdit ? "Add the first one above: it sets the objective's current status." : "The owner department hasn't reported on this objective yet."}</p>
      </div>
    );
  }
  return (
    <div className="table-wrap card">
      <CsvLink href={`/o/${orgSlug}/objectives/${o.id}/history.csv`} label="Download status updates and values as CSV" />
      <table>
        <caption>Status update history, newest first ({o.updates.length})</caption>
        <thead>
          <tr>
            <th scope="col">As of</th>
            <th scope="col">Status</th>
            <th scope="col">Update</th>
            <th scope="col">By</th>
          </tr>
        </thead>
        <tbody>
          {o.updates.map((u) => (
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

function MeasureSection({ measure: m, notice }: { measure: MeasureData; notice: string | null }) {
  const { orgSlug, objective: o } = useLoaderData<typeof loader>();
  const titleId = `measure-${m.id}-title`;
  const unit = m.unit ? ` ${m.unit}` : "";
  return (
    <section className="card measure" id={`measure-${m.id}`} aria-labelledby={titleId}>
      <div className="measure-header">
        <h3 id={titleId}>
          <span className="item-code">{m.code}</span> {m.name}
        </h3>
        {m.canEdit ? (
          <ul className="link-list">
            <li>
              <Link to={`/o/${orgSlug}/measures/${m.id}/edit`}>
                Edit measure<span className="visually-hidden"> {m.name}</span>
              </Link>
            </li>
            <li>
              <Link to={`/o/${orgSlug}/measures/${m.id}/practices`}>
                Linked practices<span className="visually-hidden"> of {m.name}</span>
              </Link>
            </li>
          </ul>
        ) : null}
      </div>
      {notice ? (
        <p role="status" className="notice success">
          {notice}
        </p>
      ) : null}
      <dl className="facts">
        <dt>Direction</dt>
        <dd>{MEASURE_DIRECTION_LABELS[m.direction]}</dd>
        <dt>Baseline</dt>
        <dd>{m.baseline !== null ? `${m.baseline}${unit}` : <span className="muted">Not set</span>}</dd>
        <dt>Target</dt>
        <dd>{m.target !== null ? `${m.target}${unit}` : <span className="muted">Not set</span>}</dd>
        <dt>Reports</dt>
        <dd>{REPORTING_FREQUENCY_LABELS[m.reportingFrequency]}</dd>
        <dt>Latest value</dt>
        <dd>{m.latest ? `${m.latest.value}${unit} (${m.latest.periodLabel})` : <span className="muted">None yet</span>}</dd>
        <dt>Freshness</dt>
        <dd>
          {m.stale ? (
            <>
              <StaleBadge reason={m.staleReason} withReason={false} /> <span>{m.staleReason}</span>
            </>
          ) : (
            m.staleReason
          )}
        </dd>
        <dt>Practices</dt>
        <dd>
          {m.links.length
            ? m.links.map((l, i) => (
                <span key={l.token}>
                  {i > 0 ? ", " : null}
                  <Link to={`/o/${orgSlug}/practices/${l.practiceNumber}`}>
                    {l.practiceNumber}. {l.practiceName}
                  </Link>
                  {l.dimensionLetter ? ` (${l.dimensionKind} ${l.dimensionLetter})` : null}
                  {l.isPrimary ? " (primary)" : null}
                </span>
              ))
            : <span className="muted">None linked</span>}
        </dd>
      </dl>
      {m.measurements.length === 0 ? (
        <p className="muted">No values recorded yet.</p>
      ) : (
        <>
          <ChartBox measure={m} />
          <MeasurementTable measure={m} />
        </>
      )}
      {m.canEdit && o.canEdit ? <MeasurementForm measure={m} /> : null}
    </section>
  );
}

function ChartBox({ measure: m }: { measure: MeasureData }) {
  const hydrated = useHydrated();
  const label = `Line chart of ${m.name}: actual values${m.target !== null ? " against the target" : ""} by period. The same numbers are in the table below.`;
  const placeholder = (
    <p className="muted chart-placeholder" aria-hidden="true">
      Loading the chart…
    </p>
  );
  return (
    <div className="chart-box" data-testid="measure-chart">
      {hydrated ? (
        <Suspense fallback={placeholder}>
          <MeasureChart label={label} unit={m.unit} points={m.measurements} target={m.target} baseline={m.baseline} />
        </Suspense>
      ) : (
        placeholder
      )}
    </div>
  );
}

function MeasurementTable({ measure: m }: { measure: MeasureData }) {
  const rows = [...m.measurements].reverse();
  return (
    <div className="table-wrap">
      <table>
        <caption>
          Values of {m.name}, newest first ({rows.length})
        </caption>
        <thead>
          <tr>
            <th scope="col">Period</th>
            <th scope="col" className="num">
              Value{m.unit ? ` (${m.unit})` : ""}
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
              <td className="num">{m.target ?? "—"}</td>
              <td>{p.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MeasurementForm({ measure: m }: { measure: MeasureData }) {
  const lastResult = resultFor(useActionData<typeof action>(), "measurement", m.id);
  const navigation = useNavigation();
  const submitting =
    navigation.state === "submitting" && navigation.formData?.get("intent") === "measurement" && navigation.formData?.get("measureId") === m.id;
  const recorded = new Set(m.measurements.map((p) => p.period));
  // The most recent period still without a value, else the current one.
  const defaultPeriod = m.periodOptions.find((p) => !recorded.has(p.value))?.value ?? m.periodOptions[0]?.value ?? "";
  const [form, fields] = useForm({
    id: `measurement-${m.id}`,
    lastResult,
    defaultValue: { period: defaultPeriod, value: "", note: "" },
    constraint: getZodConstraint(measurementSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: measurementSchema }),
  });
  return (
    <Form method="post" className="stack measurement-form" {...getFormProps(form)} noValidate aria-labelledby={`${form.id}-title`}>
      <h4 id={`${form.id}-title`}>
        Record a value<span className="visually-hidden"> of {m.name}</span>
      </h4>
      <input type="hidden" name="intent" value="measurement" />
      <input type="hidden" name="measureId" value={m.id} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="row">
        <SelectField
          meta={fields.period}
          label="Period"
          hint="A value already recorded for the period is replaced."
          options={m.periodOptions.map((p) => [p.value, `${p.label}${recorded.has(p.value) ? " (has a value)" : ""}`] as const)}
        />
        <TextField meta={fields.value} label={`Value${m.unit ? ` (${m.unit})` : ""}`} inputMode="decimal" autoComplete="off" />
        <TextField meta={fields.note} label="Note (optional)" maxLength={NOTE_MAX} autoComplete="off" />
      </div>
      <div className="actions">
        <button type="submit" disabled={submitting}>
          {submitting ? "Recording…" : "Record value"}
          <span className="visually-hidden"> of {m.name}</span>
        </button>
      </div>
    </Form>
  );
}

function DeleteStart() {
  return (
    <section className="card" aria-labelledby="delete-objective-title">
      <h2 id="delete-objective-title">Delete this objective</h2>
      <p>Deleting removes the objective with its measures, recorded values, status updates and practice links. The audit log keeps a record.</p>
      {/* A GET to the confirmation step: works by keyboard and without JavaScript. */}
      <Form method="get" className="actions" preventScrollReset>
        <input type="hidden" name="confirm" value="delete" />
        <button type="submit" className="secondary">
          Delete objective
        </button>
      </Form>
    </section>
  );
}

function ConfirmDelete({ here }: { here: string }) {
  const { objective: o } = useLoaderData<typeof loader>();
  const lastResult = resultFor(useActionData<typeof action>(), "delete-objective");
  const [form] = useForm({ id: "delete-objective", lastResult });
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const measureCount = o.measures.length;
  const valueCount = o.measures.reduce((n, m) => n + m.measurements.length, 0);
  return (
    <section className="card notice warn" aria-labelledby="confirm-delete-title">
      <h2 id="confirm-delete-title" ref={heading} tabIndex={-1}>
        Delete objective {o.code}?
      </h2>
      <Form method="post" action={`${here}?confirm=delete`} {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <p>
          “{o.title}” will be deleted with its {measureCount} {measureCount === 1 ? "measure" : "measures"}, {valueCount} recorded{" "}
          {valueCount === 1 ? "value" : "values"} and {o.updates.length} status {o.updates.length === 1 ? "update" : "updates"}. This can't be undone.
        </p>
        <input type="hidden" name="intent" value="delete-objective" />
        <div className="actions">
          <button type="submit" className="danger">
            Yes, delete objective
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
  return <PlanItemError />;
}
