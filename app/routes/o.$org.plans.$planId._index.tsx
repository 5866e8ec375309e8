import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { FormErrors, SelectField, TextAreaField, TextField } from "~/components/forms";
import { Pager } from "~/components/pager";
import { pageNumberFrom } from "~/modules/core/pagination";
import { can } from "~/modules/auth/permissions";
import { cachedJson } from "~/modules/cache/view-cache.server";
import { requireTenant, requirePermission } from "~/modules/auth/tenant.server";
import {
  formatIsoDate,
  ObjectiveStatusBadge,
  PlanStatusBadge,
  StaleBadge,
} from "~/modules/plans/components/plan-badges";
import {
  goalSchema,
  moveSchema,
  OBJECTIVE_STATUSES,
  OBJECTIVE_STATUS_LABELS,
  objectiveSchema,
  PLAN_STATUSES,
  planTreeFiltersFrom,
  REPORTING_FREQUENCIES,
  REPORTING_FREQUENCY_LABELS,
  type PlanStatus,
} from "~/modules/plans/plans.schema";
import {
  createGoal,
  createObjective,
  deletePlan,
  getObjectiveFormOptions,
  getPlanTree,
  moveGoal,
  setPlanStatus,
} from "~/modules/plans/plans.server";
import { replyOnFieldErrors } from "~/utils/forms.server";
import { badRequest, FieldErrors } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.tree.plan.title ?? "Plan"} — Plans — Praxis` }];

const NOTICES = {
  created: "Plan created as a draft. Add its goals and objectives, then adopt it.",
  adopted: "Plan adopted. Everyone in the organization can now see it.",
  archived: "Plan archived. It is read-only and hidden from staff and elected officials.",
  draft: "Plan set back to draft. Staff and elected officials no longer see it.",
  saved: "Changes saved.",
  "goal-added": "Goal added.",
  "goal-moved": "Goal moved.",
  "goal-deleted": "Goal deleted, with its objectives.",
  "objective-added": "Objective added.",
} as const;
type Notice = keyof typeof NOTICES;

const CONFIRMS = ["adopted", "archived", "draft", "delete"] as const;
type Confirm = (typeof CONFIRMS)[number];

/** Served from the view cache while nothing of the organization changes (ADR 014). */
export const handle = { viewCache: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenant(request, params);
  requirePermission(ctx, "plans.read");
  // What the page shows, computed once per organization data version (app/modules/cache).
  return cachedJson(ctx, request, async () => {
    const url = new URL(request.url);
    const planId = params.planId ?? "";
    // One goal's objectives may be on a later page (?goal=…&page=…); the others show their first.
    const tree = await getPlanTree(ctx, planId, planTreeFiltersFrom(url.searchParams), {
      page: { goalId: url.searchParams.get("goal"), page: pageNumberFrom(url.searchParams.get("page")) },
      objectiveId: url.searchParams.get("objective"),
    });
    const objectiveForm =
      tree.plan.canAddObjective && can(ctx.role, "objectives.edit") ? await getObjectiveFormOptions(ctx, planId) : null;
    const confirm = url.searchParams.get("confirm");
    const notice = url.searchParams.get("notice");
    return {
      orgSlug: ctx.orgSlug,
      tree,
      canImport: can(ctx.role, "objectives.edit") && tree.plan.status !== "archived",
      objectiveForm: objectiveForm?.canAddObjective ? objectiveForm : null,
      confirm:
        tree.plan.canManage && confirm && (CONFIRMS as readonly string[]).includes(confirm) && confirm !== tree.plan.status
          ? (confirm as Confirm)
          : null,
      preselectedGoalId: url.searchParams.get("goal"),
      notice: notice && notice in NOTICES ? (notice as Notice) : null,
      addedObjective: url.searchParams.get("objective"),
    };
  });
}

const addObjectiveSchema = objectiveSchema.extend({
  goalId: z
    .string({ required_error: "Choose the goal this objective serves." })
    .trim()
    .min(1, "Choose the goal this objective serves.")
    .max(64),
});
const setStatusSchema = z.object({ status: z.enum(PLAN_STATUSES) });
const moveGoalSchema = moveSchema.extend({ goalId: z.string().min(1).max(64) });

/** A refusal of an action without its own form fields (e.g. the plan was archived meanwhile). */
async function runOrExplain(run: () => Promise<unknown>) {
  try {
    await run();
    return null;
  } catch (error) {
    if (error instanceof FieldErrors) return json({ pageError: error.message }, { status: 400 });
    throw error;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenant(request, params);
  const planId = params.planId ?? "";
  const here = `/o/${ctx.orgSlug}/plans/${planId}`;
  const formData = await request.formData();
  const intent = formData.get("intent");

  if (intent === "add-objective") {
    requirePermission(ctx, "objectives.edit");
    const submission = parseWithZod(formData, { schema: addObjectiveSchema });
    if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
    const { goalId, ...input } = submission.value;
    const outcome = await replyOnFieldErrors(submission, async () => {
      const options = await getObjectiveFormOptions(ctx, planId);
      // The goal must belong to this plan, not only to this organization.
      if (!options.goals.some((g) => g.id === goalId)) throw FieldErrors.of("goalId", "Choose one of this plan's goals.");
      return createObjective(ctx, goalId, input);
    });
    if (!outcome.ok) return outcome.response;
    return redirect(`${here}?notice=objective-added&objective=${outcome.value.id}`);
  }

  requirePermission(ctx, "plans.manage");
  if (intent === "add-goal") {
    const submission = parseWithZod(formData, { schema: goalSchema });
    if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
    const outcome = await replyOnFieldErrors(submission, () => createGoal(ctx, planId, submission.value));
    if (!outcome.ok) return outcome.response;
    // The new goal comes preselected in the objective form.
    return redirect(`${here}?notice=goal-added&goal=${outcome.value.id}`);
  }
  if (intent === "move-goal") {
    const parsed = moveGoalSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) badRequest("Choose a goal and a direction to move it.");
    const refusal = await runOrExplain(() => moveGoal(ctx, parsed.data.goalId, parsed.data.direction));
    if (refusal) return refusal;
    return redirect(`${here}?notice=goal-moved`);
  }
  if (intent === "set-status") {
    const parsed = setStatusSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) badRequest("Choose draft, adopted or archived.");
    const refusal = await runOrExplain(() => setPlanStatus(ctx, planId, parsed.data.status));
    if (refusal) return refusal;
    return redirect(`${here}?notice=${parsed.data.status}`);
  }
  if (intent === "delete-plan") {
    const refusal = await runOrExplain(() => deletePlan(ctx, planId));
    if (refusal) return refusal;
    return redirect(`/o/${ctx.orgSlug}/plans?notice=deleted`);
  }
  badRequest("Choose what to do with this plan.");
}

/** Which of this page's forms the last action answered (conform echoes the submitted values). */
function useLastResultFor(intent: string) {
  const actionData = useActionData<typeof action>();
  const result = actionData && "result" in actionData ? actionData.result : undefined;
  return result && (result.initialValue as Record<string, unknown> | null | undefined)?.intent === intent ? result : undefined;
}

function formatValue(value: string, unit: string): string {
  const n = Number(value);
  const shown = Number.isFinite(n) ? n.toLocaleString("en-US", { maximumFractionDigits: 6 }) : value;
  if (!unit) return shown;
  return unit === "%" ? `${shown}%` : `${shown} ${unit}`;
}

export default function PlanPage() {
  const { orgSlug, tree, canImport, objectiveForm, confirm, notice, addedObjective, preselectedGoalId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const pageError = actionData && "pageError" in actionData ? actionData.pageError : null;
  const { plan } = tree;
  const base = `/o/${orgSlug}`;
  const here = `${base}/plans/${plan.id}`;
  const canEditGoals = plan.canManage && plan.status !== "archived";
  const added = notice === "objective-added" && addedObjective && tree.objective?.id === addedObjective ? tree.objective : undefined;

  return (
    <>
      <p className="small">
        <Link to={`${base}/plans`}>All plans</Link>
      </p>
      <div className="page-header">
        <div>
          <h1>{plan.title}</h1>
          <p className="muted">
            {plan.periodLabel} · <PlanStatusBadge status={plan.status} />
          </p>
        </div>
        {plan.canManage ? (
          <p>
            <Link to={`${here}/edit`} className="button secondary">
              Edit plan
            </Link>
          </p>
        ) : null}
      </div>

      {notice ? (
        <p role="status" className="notice success">
          {added ? (
            <>
              Objective {added.code} added: <Link to={`${base}/objectives/${added.id}`}>{added.title}</Link>.
            </>
          ) : (
            NOTICES[notice]
          )}
        </p>
      ) : null}
      {pageError ? (
        <p role="alert" className="notice error">
          {pageError}
        </p>
      ) : null}
      {plan.status === "draft" ? (
        <p className="notice info">This plan is a draft: only administrators and department heads can see it.</p>
      ) : null}
      {plan.status === "archived" ? (
        <p className="notice info">This plan is archived and read-only. An administrator can set it back to draft or adopted.</p>
      ) : null}

      {confirm ? <ConfirmPlanChange confirm={confirm} here={here} /> : null}

      <Statements />

      <Overview here={here} canImport={canImport} />

      {plan.canManage ? <PlanStatusActions /> : null}

      <section aria-labelledby="plan-tree-title">
        <h2 id="plan-tree-title">Goals and objectives</h2>
        <Filters here={here} />
        {tree.goals.length === 0 ? (
          <div className="card empty">
            {tree.filtersActive ? (
              <>
                <p>
                  <strong>No objectives match these filters.</strong>
                </p>
                <p>
                  <Link to={here}>Clear filters</Link>
                </p>
              </>
            ) : (
              <>
                <p>
                  <strong>This plan has no goals yet.</strong>
                </p>
                <p>
                  {canEditGoals
                    ? "Goals are the plan's strategic priorities, like “Safe and resilient community”. Add the first one below; objectives go under goals."
                    : "An administrator adds the plan's goals; objectives then go under them."}
                </p>
              </>
            )}
          </div>
        ) : (
          tree.goals.map((g, i) => (
            <GoalSection key={g.id} goal={g} index={i} goalCount={tree.goals.length} here={here} canEditGoals={canEditGoals} />
          ))
        )}
      </section>

      {/* Keyed by what was just added, so each form starts empty again after a success. */}
      {canEditGoals ? <AddGoal key={notice === "goal-added" ? (preselectedGoalId ?? "added") : "new"} /> : null}
      {objectiveForm ? <AddObjective key={`${preselectedGoalId ?? ""}|${addedObjective ?? ""}`} /> : null}
    </>
  );
}

function Statements() {
  const { plan } = useLoaderData<typeof loader>().tree;
  const items = [
    ["Vision", plan.vision],
    ["Mission", plan.mission],
    ["Values", plan.values],
  ].filter(([, text]) => text);
  if (items.length === 0) return null;
  return (
    <section className="card plan-statements" aria-label="Vision, mission and values">
      {items.map(([label, text]) => (
        <div key={label}>
          <h2>{label}</h2>
          <p>{text}</p>
        </div>
      ))}
    </section>
  );
}

function Overview({ here, canImport }: { here: string; canImport: boolean }) {
  const { tree, orgSlug } = useLoaderData<typeof loader>();
  const total = tree.objectiveCount;
  const pct = (n: number) => (total ? `${Math.round((n / total) * 100)}%` : "—");
  return (
    <section className="card" aria-labelledby="plan-overview-title">
      <h2 id="plan-overview-title">At a glance</h2>
      <p>
        {total} {total === 1 ? "objective" : "objectives"} and {tree.measureCount} {tree.measureCount === 1 ? "measure" : "measures"}
        {tree.plan.status === "adopted" ? (
          <>
            ; {tree.staleObjectiveCount} stale {tree.staleObjectiveCount === 1 ? "objective" : "objectives"} and{" "}
            {tree.staleMeasureCount} stale {tree.staleMeasureCount === 1 ? "measure" : "measures"}
          </>
        ) : null}
        .
      </p>
      <div className="grid two">
        <div className="table-wrap">
          <table>
            <caption>Objectives by status</caption>
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Objectives
                </th>
                <th scope="col" className="num">
                  Share
                </th>
              </tr>
            </thead>
            <tbody>
              {OBJECTIVE_STATUSES.map((s) => (
                <tr key={s}>
                  <th scope="row">
                    <ObjectiveStatusBadge status={s} />
                  </th>
                  <td className="num">{tree.statusCounts[s]}</td>
                  <td className="num">{pct(tree.statusCounts[s])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <h3>Data</h3>
          <ul className="link-list" style={{ flexDirection: "column" }}>
            <li>
              <a href={`${here}/objectives.csv`} download>
                Download objectives (CSV)
              </a>
            </li>
            <li>
              <a href={`${here}/measurements.csv`} download>
                Download measurements (CSV)
              </a>
            </li>
            {canImport ? (
              <li>
                <Link to={`${here}/import`}>Import from CSV</Link>
              </li>
            ) : null}
            {tree.plan.status === "adopted" ? (
              <li>
                <Link to={`/o/${orgSlug}/plans/stale?plan=${tree.plan.id}`}>Stale items</Link>
              </li>
            ) : null}
          </ul>
        </div>
      </div>
    </section>
  );
}

const STATUS_CHANGES: Record<Confirm, { button: string; heading: (t: string) => string; text: string; yes: string }> = {
  adopted: {
    button: "Adopt plan",
    heading: (t) => `Adopt ${t}?`,
    text: "Everyone in the organization, staff and elected officials included, will see this plan, and objectives and measures that miss an update will be flagged stale.",
    yes: "Yes, adopt",
  },
  archived: {
    button: "Archive plan",
    heading: (t) => `Archive ${t}?`,
    text: "The plan becomes read-only and is hidden from staff and elected officials. You can set it back to draft or adopted later.",
    yes: "Yes, archive",
  },
  draft: {
    button: "Set back to draft",
    heading: (t) => `Set ${t} back to draft?`,
    text: "Staff and elected officials will no longer see this plan until it is adopted again.",
    yes: "Yes, set back to draft",
  },
  delete: {
    button: "Delete plan",
    heading: (t) => `Delete ${t}?`,
    text: "",
    yes: "Yes, delete plan",
  },
};

function PlanStatusActions() {
  const { plan } = useLoaderData<typeof loader>().tree;
  const changes = (["adopted", "archived", "draft"] as PlanStatus[]).filter((s) => s !== plan.status);
  return (
    <section className="card" aria-labelledby="plan-status-title">
      <h2 id="plan-status-title">Plan status</h2>
      <p className="muted small">
        Drafts are seen only by administrators and department heads; adopted plans by everyone; archived plans are read-only.
      </p>
      <div className="actions">
        {/* GETs to the confirmation step: they work by keyboard and without JavaScript. */}
        {changes.map((s) => (
          <Form method="get" key={s} className="inline-form">
            <input type="hidden" name="confirm" value={s} />
            <button type="submit" className={s === "adopted" ? undefined : "secondary"}>
              {STATUS_CHANGES[s as Confirm].button}
            </button>
          </Form>
        ))}
        <Form method="get" className="inline-form">
          <input type="hidden" name="confirm" value="delete" />
          <button type="submit" className="danger">
            Delete plan
          </button>
        </Form>
      </div>
    </section>
  );
}

function ConfirmPlanChange({ confirm, here }: { confirm: Confirm; here: string }) {
  const { tree } = useLoaderData<typeof loader>();
  const heading = useRef<HTMLHeadingElement>(null);
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting";
  // Arriving here from a button (client-side), focus would otherwise be lost with it.
  useEffect(() => heading.current?.focus(), []);
  const change = STATUS_CHANGES[confirm];
  const goals = tree.goals.length;
  return (
    <section className="card notice warn" aria-labelledby="confirm-plan-title">
      <h2 id="confirm-plan-title" ref={heading} tabIndex={-1}>
        {change.heading(tree.plan.title)}
      </h2>
      <Form method="post" action={here} className="stack">
        {confirm === "delete" ? (
          <>
            <p>
              This deletes the plan with its {goals} {goals === 1 ? "goal" : "goals"}, {tree.objectiveCount}{" "}
              {tree.objectiveCount === 1 ? "objective" : "objectives"} and {tree.measureCount}{" "}
              {tree.measureCount === 1 ? "measure" : "measures"}, their values, status updates and practice links. It can't be
              undone. To keep the record, archive the plan instead.
            </p>
            <input type="hidden" name="intent" value="delete-plan" />
          </>
        ) : (
          <>
            <p>{change.text}</p>
            <input type="hidden" name="intent" value="set-status" />
            <input type="hidden" name="status" value={confirm} />
          </>
        )}
        <div className="actions">
          <button type="submit" className={confirm === "delete" || confirm === "archived" ? "danger" : undefined} disabled={submitting}>
            {change.yes}
          </button>
          <Link to={here} className="button secondary">
            Cancel
          </Link>
        </div>
      </Form>
    </section>
  );
}

function Filters({ here }: { here: string }) {
  const { tree } = useLoaderData<typeof loader>();
  const f = tree.filters;
  return (
    <>
      <Form method="get" className="card plan-filters" aria-label="Filter objectives" key={JSON.stringify(f)}>
        <div className="field">
          <label htmlFor="filter-department">Department</label>
          <select id="filter-department" name="department" defaultValue={f.departmentId ?? ""}>
            <option value="">All departments</option>
            {tree.departmentOptions.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-status">Status</label>
          <select id="filter-status" name="status" defaultValue={f.status ?? ""}>
            <option value="">All statuses</option>
            {OBJECTIVE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {OBJECTIVE_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-practice">Practice</label>
          <select id="filter-practice" name="practice" defaultValue={f.practiceNumber ? String(f.practiceNumber) : ""}>
            <option value="">All practices</option>
            {tree.practiceOptions.map((p) => (
              <option key={p.number} value={p.number}>
                {p.number}. {p.name}
              </option>
            ))}
          </select>
        </div>
        <label className="check" htmlFor="filter-stale">
          <input type="checkbox" id="filter-stale" name="stale" value="1" defaultChecked={f.staleOnly} />
          Stale only
        </label>
        <div className="actions" style={{ paddingBottom: "0.1rem" }}>
          <button type="submit">Apply filters</button>
          {tree.filtersActive ? (
            <Link to={here} className="button secondary">
              Clear filters
            </Link>
          ) : null}
        </div>
      </Form>
      {tree.filtersActive ? (
        <p role="status" className="muted">
          Showing {tree.shownObjectiveCount} of {tree.objectiveCount} objectives.
        </p>
      ) : null}
    </>
  );
}

type Tree = SerializeFrom<typeof loader>["tree"];
type Goal = Tree["goals"][number];
type Objective = Goal["objectives"][number];
type Links = Goal["links"];

function PracticeLinks({ links, label }: { links: Links; label: string }) {
  const { orgSlug } = useLoaderData<typeof loader>();
  if (links.length === 0) return null;
  return (
    <p className="small" style={{ margin: "0 0 0.5rem" }}>
      <span className="muted">{label}: </span>
      {links.map((l, i) => (
        <span key={l.token}>
          {i > 0 ? "; " : null}
          <Link to={`/o/${orgSlug}/practices/${l.practiceNumber}`}>
            {l.practiceNumber}. {l.practiceName}
          </Link>
          {l.dimensionKind && l.dimensionLetter ? ` (${l.dimensionKind} dimension ${l.dimensionLetter})` : null}
          {l.isPrimary ? <strong> — primary</strong> : null}
        </span>
      ))}
    </p>
  );
}

function GoalSection({
  goal: g,
  index,
  goalCount,
  here,
  canEditGoals,
}: {
  goal: Goal;
  index: number;
  goalCount: number;
  here: string;
  canEditGoals: boolean;
}) {
  const { tree, objectiveForm } = useLoaderData<typeof loader>();
  const location = useLocation();
  /** This page's address with the goal's page changed, the filters kept and one-time notices dropped. */
  const goalPageHref = (goalId: string, page: number) => {
    const params = new URLSearchParams(location.search);
    for (const name of ["notice", "objective", "confirm"]) params.delete(name);
    params.set("goal", goalId);
    if (page > 1) params.set("page", String(page));
    else params.delete("page");
    return `?${params.toString()}#goal-${goalId}-section`;
  };
  const navigation = useNavigation();
  const moving = navigation.state === "submitting" && navigation.formData?.get("intent") === "move-goal";
  return (
    <section className="goal-section" aria-labelledby={`goal-${g.id}`} id={`goal-${g.id}-section`}>
      <header>
        <div>
          <h2 id={`goal-${g.id}`}>
            Goal {g.position}: {g.title}
          </h2>
          {g.description ? <p className="muted">{g.description}</p> : null}
          <PracticeLinks links={g.links} label="Practices" />
        </div>
        {canEditGoals ? (
          <div className="actions">
            <Link to={`${here}/goals/${g.id}`} className="button secondary">
              Edit goal<span className="visually-hidden"> {g.position}</span>
            </Link>
            {!tree.filtersActive ? (
              <>
                {index > 0 ? (
                  <Form method="post" action={here} className="inline-form">
                    <input type="hidden" name="intent" value="move-goal" />
                    <input type="hidden" name="goalId" value={g.id} />
                    <input type="hidden" name="direction" value="up" />
                    <button type="submit" className="secondary" disabled={moving}>
                      Move up<span className="visually-hidden"> goal {g.position}</span>
                    </button>
                  </Form>
                ) : null}
                {index < goalCount - 1 ? (
                  <Form method="post" action={here} className="inline-form">
                    <input type="hidden" name="intent" value="move-goal" />
                    <input type="hidden" name="goalId" value={g.id} />
                    <input type="hidden" name="direction" value="down" />
                    <button type="submit" className="secondary" disabled={moving}>
                      Move down<span className="visually-hidden"> goal {g.position}</span>
                    </button>
                  </Form>
                ) : null}
              </>
            ) : null}
          </div>
        ) : null}
      </header>
      <GoalCounts goal={g} />
      {g.objectives.length === 0 ? (
        <p className="muted">
          {tree.filtersActive ? "No objectives of this goal match the filters." : "No objectives under this goal yet."}
        </p>
      ) : (
        <>
          {g.page.pageCount > 1 ? (
            <p className="small muted">
              Objectives {g.page.first}–{g.page.last} of {g.page.total}
              {tree.filtersActive ? " matching the filters" : ""}.
            </p>
          ) : null}
          <ol className="objective-list" aria-label={`Objectives of goal ${g.position}`} start={g.page.first}>
            {g.objectives.map((o) => (
              <ObjectiveItem key={o.id} objective={o} />
            ))}
          </ol>
          <Pager label={`Pages of goal ${g.position}'s objectives`} page={g.page.page} pageCount={g.page.pageCount} href={(n) => goalPageHref(g.id, n)} />
        </>
      )}
      {objectiveForm ? (
        <p className="small" style={{ marginTop: "0.75rem" }}>
          <Link to={`?goal=${g.id}#new-objective`}>
            Add an objective to goal {g.position}
          </Link>
        </p>
      ) : null}
    </section>
  );
}

/** The goal's objectives by status and its stale items, over the whole goal (not only this page). */
function GoalCounts({ goal: g }: { goal: Goal }) {
  const { tree } = useLoaderData<typeof loader>();
  if (g.objectiveCount === 0) return null;
  const statuses = OBJECTIVE_STATUSES.filter((s) => g.statusCounts[s] > 0).map((s) => `${g.statusCounts[s]} ${OBJECTIVE_STATUS_LABELS[s].toLowerCase()}`);
  return (
    <p className="small">
      {g.objectiveCount} {g.objectiveCount === 1 ? "objective" : "objectives"}: {statuses.join(", ")}
      {tree.plan.status === "adopted" ? (
        <>
          ; {g.staleObjectiveCount} stale {g.staleObjectiveCount === 1 ? "objective" : "objectives"} and {g.staleMeasureCount} stale{" "}
          {g.staleMeasureCount === 1 ? "measure" : "measures"}
        </>
      ) : null}
      .
    </p>
  );
}

function ObjectiveItem({ objective: o }: { objective: Objective }) {
  const { orgSlug, tree } = useLoaderData<typeof loader>();
  const adopted = tree.plan.status === "adopted";
  return (
    <li>
      <h3>
        <span className="muted">{o.code}</span> <Link to={`/o/${orgSlug}/objectives/${o.id}`}>{o.title}</Link>
      </h3>
      <p className="objective-meta">
        <span>
          <ObjectiveStatusBadge status={o.status} />
          {adopted && o.stale ? (
            <>
              {" "}
              <StaleBadge reason={o.staleReason} />
            </>
          ) : null}
        </span>
        <span>
          Department: <strong>{o.department.name}</strong>
        </span>
        <span>
          Owner: <strong>{o.owner?.name ?? "Not assigned"}</strong>
        </span>
        <span>
          Due: <strong>{o.dueDate ? formatIsoDate(o.dueDate) : "No date"}</strong>
          {o.overdue ? (
            <>
              {" "}
              <span className="badge warn">Overdue</span>
            </>
          ) : null}
        </span>
        <span>
          Reports: <strong>{REPORTING_FREQUENCY_LABELS[o.reportingFrequency].toLowerCase()}</strong>
        </span>
        <span>
          Last update: <strong>{o.lastUpdateAsOf ? formatIsoDate(o.lastUpdateAsOf) : "None yet"}</strong>
        </span>
      </p>
      <PracticeLinks links={o.links} label="Practices" />
      {o.measures.length === 0 ? (
        <p className="small muted">No measures yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>Measures of objective {o.code}</caption>
            <thead>
              <tr>
                <th scope="col">Measure</th>
                <th scope="col" className="num">
                  Latest value
                </th>
                <th scope="col">Period</th>
                <th scope="col" className="num">
                  Target
                </th>
                <th scope="col">Freshness</th>
              </tr>
            </thead>
            <tbody>
              {o.measures.map((m) => (
                <tr key={m.id}>
                  <th scope="row">
                    <span className="muted">{m.code}</span> {m.name}
                  </th>
                  <td className="num">{m.latest ? formatValue(m.latest.value, m.unit) : "No value yet"}</td>
                  <td>{m.latest?.periodLabel ?? "—"}</td>
                  <td className="num">
                    {m.target !== null ? formatValue(m.target, m.unit) : "—"}
                    <span className="visually-hidden">
                      {m.direction === "lower_is_better" ? " (lower is better)" : " (higher is better)"}
                    </span>
                    <span aria-hidden="true" className="muted" title={m.direction === "lower_is_better" ? "Lower is better" : "Higher is better"}>
                      {m.direction === "lower_is_better" ? " ↓" : " ↑"}
                    </span>
                  </td>
                  <td>{adopted && m.stale ? <StaleBadge reason={m.staleReason} /> : <span className="muted">Up to date</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </li>
  );
}

function AddGoal() {
  const lastResult = useLastResultFor("add-goal");
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" && navigation.formData?.get("intent") === "add-goal";
  const [form, fields] = useForm({
    id: "add-goal",
    lastResult,
    constraint: getZodConstraint(goalSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: goalSchema }),
  });
  return (
    <section aria-labelledby="add-goal-heading">
      <h2 id="add-goal-heading">Add a goal</h2>
      <Form method="post" className="stack card" {...getFormProps(form)} noValidate>
        <input type="hidden" name="intent" value="add-goal" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField meta={fields.title} label="Goal title" hint="A strategic priority, like “Thriving economy and housing”." autoComplete="off" />
        <TextAreaField meta={fields.description} label="Goal description" hint="Optional. What success looks like for residents." />
        <div className="actions">
          <button type="submit" disabled={submitting}>
            {submitting ? "Adding…" : "Add goal"}
          </button>
        </div>
      </Form>
    </section>
  );
}

function AddObjective() {
  const { objectiveForm, preselectedGoalId } = useLoaderData<typeof loader>();
  const options = objectiveForm!;
  const lastResult = useLastResultFor("add-objective");
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" && navigation.formData?.get("intent") === "add-objective";
  const preselected = options.goals.some((g) => g.id === preselectedGoalId) ? preselectedGoalId : undefined;
  const [form, fields] = useForm({
    id: "add-objective",
    lastResult,
    defaultValue: {
      goalId: preselected ?? (options.goals.length === 1 ? options.goals[0]!.id : ""),
      ownerDepartmentId: options.departments.length === 1 ? options.departments[0]!.id : "",
      reportingFrequency: "quarterly",
    },
    constraint: getZodConstraint(addObjectiveSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: addObjectiveSchema }),
  });
  return (
    <section aria-labelledby="add-objective-heading" id="new-objective">
      <h2 id="add-objective-heading">Add an objective</h2>
      {options.goals.length === 0 ? (
        <p className="card muted">Objectives go under a goal. Add a goal first.</p>
      ) : (
        <Form method="post" className="stack card" {...getFormProps(form)} noValidate>
          <input type="hidden" name="intent" value="add-objective" />
          <FormErrors id={form.errorId} errors={form.errors} />
          <SelectField
            meta={fields.goalId}
            label="Goal"
            options={options.goals.map((g) => [g.id, `Goal ${g.position}: ${g.title}`] as const)}
            placeholder="Choose a goal"
          />
          <TextField meta={fields.title} label="Objective title" hint="What will be achieved, like “Speed up building permit reviews”." autoComplete="off" />
          <TextField
            meta={fields.code}
            label="Code"
            hint="Optional. Left empty, the objective is numbered after its goal, like 2.3."
            autoComplete="off"
            spellCheck={false}
          />
          <TextAreaField meta={fields.description} label="Description" hint="Optional." />
          <div className="row">
            <SelectField
              meta={fields.ownerDepartmentId}
              label="Owner department"
              options={options.departments.map((d) => [d.id, d.name] as const)}
              placeholder="Choose a department"
            />
            <SelectField
              meta={fields.ownerMembershipId}
              label="Owner"
              hint="Optional. The person who reports on it."
              options={options.members.map((m) => [m.membershipId, m.name] as const)}
              placeholder="Nobody in particular"
            />
          </div>
          <div className="row">
            <TextField meta={fields.dueDate} label="Due date" type="date" hint="Optional." />
            <SelectField
              meta={fields.reportingFrequency}
              label="Reporting frequency"
              hint="How often a status update is expected; missing one flags the objective stale."
              options={REPORTING_FREQUENCIES.map((f) => [f, REPORTING_FREQUENCY_LABELS[f]] as const)}
            />
          </div>
          <div className="actions">
            <button type="submit" disabled={submitting}>
              {submitting ? "Adding…" : "Add objective"}
            </button>
          </div>
        </Form>
      )}
    </section>
  );
}
