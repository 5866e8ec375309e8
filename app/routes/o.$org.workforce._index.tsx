import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrors } from "~/components/forms";
import { cachedJson } from "~/modules/cache/view-cache.server";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { ObjectiveStatusBadge, StaleBadge } from "~/modules/plans/components/plan-badges";
import { WorkforceGoalFields, type GoalFieldsMeta } from "~/modules/workforce/components/goal-fields";
import { workforceFiltersSchema, workforceGoalSchema } from "~/modules/workforce/workforce.schema";
import { createWorkforceGoal, listWorkforceGoals } from "~/modules/workforce/workforce.server";
import { replyOnFieldErrors } from "~/utils/forms.server";
import { CsvLink } from "~/components/csv-link";

export const meta: MetaFunction = () => [{ title: "Workforce goals — Praxis" }];

/** Served from the view cache while nothing of the organization changes (ADR 014). */
export const handle = { viewCache: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "workforce.read");
  // What the page shows, computed once per organization data version (app/modules/cache).
  return cachedJson(ctx, request, async () => {
    const url = new URL(request.url);
    const filters = workforceFiltersSchema.parse({
      department: url.searchParams.get("department") || undefined,
      stale: url.searchParams.get("stale") ?? undefined,
    });
    const list = await listWorkforceGoals(ctx, { departmentId: filters.department ?? null, staleOnly: filters.stale === "1" });
    return { orgSlug: ctx.orgSlug, list, deleted: url.searchParams.get("notice") === "deleted" };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "workforce.edit");
  const submission = parseWithZod(await request.formData(), { schema: workforceGoalSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const outcome = await replyOnFieldErrors(submission, () => createWorkforceGoal(ctx, submission.value));
  if (!outcome.ok) return outcome.response;
  return redirect(`/o/${ctx.orgSlug}/workforce/${outcome.value.id}?notice=created`);
}

export default function WorkforceGoals() {
  const { orgSlug, list, deleted } = useLoaderData<typeof loader>();
  const base = `/o/${orgSlug}/workforce`;
  const filtered = list.filters.departmentId !== null || list.filters.staleOnly;
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Workforce goals</h1>
          <p className="muted">
            Turnover, vacancies, time to hire, training and representation goals of each department and of the whole
            organization, with their latest value against the target. {list.staleCount > 0 ? `${list.staleCount} ${list.staleCount === 1 ? "goal is" : "goals are"} stale.` : null}
          </p>
        </div>
        <CsvLink href={`/o/${orgSlug}/workforce.csv?${new URLSearchParams({ ...(list.filters.departmentId ? { department: list.filters.departmentId } : {}), ...(list.filters.staleOnly ? { stale: "1" } : {}) }).toString()}`} />
      </div>
      {deleted ? (
        <p role="status" className="notice success">
          Workforce goal deleted.
        </p>
      ) : null}

      <Form method="get" className="row card filters" aria-label="Filter workforce goals">
        <div className="field">
          <label htmlFor="filter-department">Department</label>
          <select id="filter-department" name="department" defaultValue={list.filters.departmentId ?? ""}>
            <option value="">All</option>
            <option value="org">Organization-wide goals</option>
            {list.departmentOptions.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label>
            <input type="checkbox" name="stale" value="1" defaultChecked={list.filters.staleOnly} /> Stale goals only
          </label>
        </div>
        <div className="actions">
          <button type="submit" className="secondary">
            Filter
          </button>
          {filtered ? <Link to={base}>Show all</Link> : null}
        </div>
      </Form>

      {list.goals.length === 0 ? (
        <div className="card empty">
          <p>
            <strong>{filtered ? "No goal matches these filters." : "No workforce goals yet."}</strong>
          </p>
          {list.canCreate && !filtered ? <p>Add the first one below.</p> : null}
        </div>
      ) : (
        <div className="table-wrap card">
          <table>
            <caption>
              Workforce goals{filtered ? " matching the filters" : ""} ({list.goals.length})
            </caption>
            <thead>
              <tr>
                <th scope="col">Goal</th>
                <th scope="col">Department</th>
                <th scope="col">Metric</th>
                <th scope="col" className="num">
                  Latest
                </th>
                <th scope="col" className="num">
                  Target
                </th>
                <th scope="col">Status</th>
                <th scope="col">Up to date?</th>
              </tr>
            </thead>
            <tbody>
              {list.goals.map((g) => {
                const unit = g.unit ? ` ${g.unit}` : "";
                return (
                  <tr key={g.id}>
                    <th scope="row">
                      <Link to={`${base}/${g.id}`}>{g.name}</Link>
                    </th>
                    <td>{g.department?.name ?? "Organization-wide"}</td>
                    <td>{g.metricLabel}</td>
                    <td className="num">{g.latest ? `${g.latest.value}${unit} (${g.latest.periodLabel})` : <span className="muted">None yet</span>}</td>
                    <td className="num">{g.target !== null ? `${g.target}${unit}` : <span className="muted">Not set</span>}</td>
                    <td>
                      <ObjectiveStatusBadge status={g.status} />
                      {g.overdue ? <span className="badge warn">Overdue</span> : null}
                    </td>
                    <td>{g.stale ? <StaleBadge reason={g.staleReason} /> : "Yes"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {list.canCreate ? <CreateGoal /> : null}
    </>
  );
}

function CreateGoal() {
  const { list } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" && navigation.formMethod?.toLowerCase() === "post";
  const [form, fields] = useForm({
    id: "create-workforce-goal",
    lastResult,
    defaultValue: {
      departmentId: list.canCreateOrgWide ? "" : (list.createDepartments[0]?.id ?? ""),
      metric: "turnover_rate",
      reportingFrequency: "quarterly",
    },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: workforceGoalSchema }),
  });
  return (
    <section aria-labelledby="create-goal-title">
      <h2 id="create-goal-title">Add a workforce goal</h2>
      <Form method="post" className="stack card" {...getFormProps(form)} noValidate>
        <FormErrors id={form.errorId} errors={form.errors} />
        <WorkforceGoalFields fields={fields as unknown as GoalFieldsMeta} departments={list.createDepartments} allowOrgWide={list.canCreateOrgWide} />
        <div className="actions">
          <button type="submit" disabled={submitting}>
            {submitting ? "Adding…" : "Add workforce goal"}
          </button>
        </div>
      </Form>
    </section>
  );
}
