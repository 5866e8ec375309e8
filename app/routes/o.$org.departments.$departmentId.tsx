import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { FormErrors, SelectField, TextField } from "~/components/forms";
import { can } from "~/modules/auth/permissions";
import { cachedJson } from "~/modules/cache/view-cache.server";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { activeChildrenMessage, DEPARTMENT_CODE_MAX, departmentSchema } from "~/modules/orgs/departments.schema";
import {
  archiveDepartment,
  getDepartment,
  restoreDepartment,
  updateDepartment,
} from "~/modules/orgs/departments.server";
import { FilterForm } from "~/modules/dashboards/components/dashboard-ui";
import { BudgetFocusSection, PlanFocusSection, WorkforceFocusSection } from "~/modules/dashboards/components/focus-sections";
import { getDepartmentDashboard } from "~/modules/dashboards/focus.server";
import { dashboardQueryFrom, type DashboardChoices } from "~/modules/dashboards/filters";
import { getDepartmentScores } from "~/modules/dashboards/assessments.server";
import { AssessmentSection } from "~/modules/dashboards/components/assessment-panels";
import dashboardStyles from "~/styles/dashboards.css";
import { replyOnFieldErrors } from "~/utils/forms.server";
import { badRequest } from "~/utils/http.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.department.name ?? "Department"} — Departments — Praxis` },
];

const NOTICES = {
  saved: "Changes saved.",
  archived: "Department archived. It is no longer offered in pickers; you can restore it at any time.",
  restored: "Department restored.",
} as const;
type Notice = keyof typeof NOTICES;

/** Served from the view cache while nothing of the organization changes (ADR 014). */
export const handle = { viewCache: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "departments.read");
  // What the page shows, computed once per organization data version (app/modules/cache).
  return cachedJson(ctx, request, async () => {
    const department = await getDepartment(ctx, params.departmentId ?? "");
    const url = new URL(request.url);
    const canManage = can(ctx.role, "departments.manage");
    const notice = url.searchParams.get("notice");
    // What the department (with its sub-departments) owns: objectives and measures, budget and
    // workforce goals, each only for roles that may read it; fiscal year and plan from the address.
    const { fy, plan, objectivesPage, measuresPage } = dashboardQueryFrom(url.searchParams);
    const dashboard = await getDepartmentDashboard(ctx, department.id, { fy, plan, objectivesPage, measuresPage });
    // Its staff-assessment scores by practice (and its sub-departments'), for the campaign in the
    // address (?campaign=) or the latest closed one: the dashboards' heatmap, from the results
    // service with its suppression; roles without results are told why.
    const campaignId = url.searchParams.get("campaign") || null;
    const assessments = await getDepartmentScores(ctx, department, campaignId);
    return {
      orgSlug: ctx.orgSlug,
      canManage,
      department,
      // Its filter offers the fiscal year, the plan and the campaign: not the department choices.
      dashboard: { ...dashboard, choices: { ...dashboard.choices, departments: [] } as DashboardChoices },
      assessments,
      campaignId,
      confirmArchive: canManage && !department.archived && url.searchParams.get("confirm") === "archive",
      notice: notice && notice in NOTICES ? (notice as Notice) : null,
    };
  });
}

// Archive and restore carry nothing but their intent; the schema gives conform a submission to
// report a refusal (e.g. active sub-departments) on.
const intentOnly = z.object({ intent: z.enum(["archive", "restore"]) });

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "departments.manage");
  const id = params.departmentId ?? "";
  const formData = await request.formData();
  const intent = formData.get("intent");
  const here = `/o/${ctx.orgSlug}/departments/${id}`;

  if (intent === "update") {
    const submission = parseWithZod(formData, { schema: departmentSchema });
    if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
    const outcome = await replyOnFieldErrors(submission, () => updateDepartment(ctx, id, submission.value));
    if (!outcome.ok) return outcome.response;
    return redirect(`${here}?notice=saved`);
  }
  if (intent === "archive" || intent === "restore") {
    const submission = parseWithZod(formData, { schema: intentOnly });
    if (submission.status !== "success") badRequest();
    const outcome = await replyOnFieldErrors(submission, () =>
      intent === "archive" ? archiveDepartment(ctx, id) : restoreDepartment(ctx, id),
    );
    if (!outcome.ok) return outcome.response;
    return redirect(`${here}?notice=${intent === "archive" ? "archived" : "restored"}`);
  }
  badRequest("Choose what to do with this department.");
}

export default function DepartmentPage() {
  const { orgSlug, canManage, department: d, confirmArchive, notice, dashboard, assessments, campaignId } = useLoaderData<typeof loader>();
  const list = `/o/${orgSlug}/departments`;
  const here = `${list}/${d.id}`;
  return (
    <>
      <p className="small">
        <Link to={list}>All departments</Link>
      </p>
      <div className="page-header">
        <div>
          <h1>{d.name}</h1>
          <p className="muted">
            {d.ancestors.length ? `Part of ${d.ancestors.map((a) => a.name).join(" › ")}` : "Top-level department"}
            {" · "}
            {d.archived ? <span className="badge neutral">Archived</span> : <span className="badge">Active</span>}
          </p>
        </div>
      </div>

      {notice ? (
        <p role="status" className="notice success">
          {NOTICES[notice]}
        </p>
      ) : null}
      {d.archived && notice !== "archived" ? (
        <p className="notice info">
          This department is archived. It is kept for the plans, budgets and records that refer to it, but it is no longer
          offered in pickers.
        </p>
      ) : null}

      <section className="card" aria-labelledby="department-details">
        <h2 id="department-details">Details</h2>
        <dl className="facts">
          <dt>Name</dt>
          <dd>{d.name}</dd>
          <dt>Code</dt>
          <dd>{d.code}</dd>
          <dt>Parent department</dt>
          <dd>
            {d.parentId && d.parentName ? <Link to={`${list}/${d.parentId}`}>{d.parentName}</Link> : "None (top level)"}
          </dd>
          <dt>Status</dt>
          <dd>{d.archived ? "Archived" : "Active"}</dd>
          <dt>Members</dt>
          <dd>{d.memberCount}</dd>
        </dl>
        <h3>Sub-departments</h3>
        {d.children.length ? (
          <ul>
            {d.children.map((c) => (
              <li key={c.id}>
                <Link to={`${list}/${c.id}`}>{c.name}</Link> ({c.code}){c.archived ? " — archived" : ""}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">
            None.{canManage && !d.archived ? " To add one, choose this department as the parent when you add a department." : ""}
          </p>
        )}
      </section>

      <DepartmentDashboard orgSlug={orgSlug} departmentId={d.id} name={d.name} dashboard={dashboard} campaigns={assessments.campaigns} campaignId={campaignId} />
      <AssessmentSection
        id="department-scores"
        title="Staff assessment scores"
        panels={assessments}
        orgSlug={orgSlug}
        csvHref={() => `${here}/scores.csv${campaignId ? `?campaign=${campaignId}` : ""}`}
      />

      {canManage ? (
        <>
          <EditDepartment key={`${d.id}:${d.name}:${d.code}:${d.parentId ?? ""}`} here={here} />
          {d.archived ? <RestoreDepartment here={here} /> : confirmArchive ? <ConfirmArchive here={here} /> : <ArchiveStart />}
        </>
      ) : null}
    </>
  );
}

/** Which of this page's forms the last action answered (conform echoes the submitted values). */
function useLastResultFor(intent: string) {
  const actionData = useActionData<typeof action>();
  const result = actionData?.result;
  return result && (result.initialValue as Record<string, unknown> | null | undefined)?.intent === intent ? result : undefined;
}

function EditDepartment({ here }: { here: string }) {
  const { department: d } = useLoaderData<typeof loader>();
  const lastResult = useLastResultFor("update");
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" && navigation.formData?.get("intent") === "update";
  const [form, fields] = useForm({
    id: "edit-department",
    lastResult,
    defaultValue: { name: d.name, code: d.code, parentId: d.parentId ?? "" },
    constraint: getZodConstraint(departmentSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: departmentSchema }),
  });
  return (
    <section aria-labelledby="edit-department-title">
      <h2 id="edit-department-title">Edit department</h2>
      <Form method="post" action={here} className="stack card" {...getFormProps(form)} noValidate>
        <input type="hidden" name="intent" value="update" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField meta={fields.name} label="Name" autoComplete="off" />
        <TextField
          meta={fields.code}
          label="Code"
          hint={`Up to ${DEPARTMENT_CODE_MAX} letters, digits or hyphens, like PW or PUB-WORKS.`}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
        />
        <SelectField
          meta={fields.parentId}
          label="Parent department"
          hint="Moving a department moves its sub-departments with it. It can't go under itself or one of its own sub-departments."
          options={d.eligibleParents.map((p) => [p.id, p.label] as const)}
          placeholder="None (top level)"
        />
        <div className="actions">
          <button type="submit" disabled={submitting}>
            {submitting ? "Saving…" : "Save changes"}
          </button>
        </div>
      </Form>
    </section>
  );
}

function ArchiveStart() {
  return (
    <section className="card" aria-labelledby="archive-department-title">
      <h2 id="archive-department-title">Archive this department</h2>
      <p>
        Archive a department that no longer exists. Plans, budgets and members that refer to it keep it, but it is no
        longer offered in pickers. You can restore it later.
      </p>
      {/* A GET to the confirmation step: works by keyboard and without JavaScript. */}
      <Form method="get" className="actions">
        <input type="hidden" name="confirm" value="archive" />
        <button type="submit" className="secondary">
          Archive department
        </button>
      </Form>
    </section>
  );
}

function ConfirmArchive({ here }: { here: string }) {
  const { department: d } = useLoaderData<typeof loader>();
  const lastResult = useLastResultFor("archive");
  const [form] = useForm({ id: "archive-department", lastResult });
  const heading = useRef<HTMLHeadingElement>(null);
  // Arriving here from the Archive button (client-side), focus would otherwise be lost with it.
  useEffect(() => heading.current?.focus(), []);
  const activeChildren = d.children.filter((c) => !c.archived).map((c) => c.name);
  return (
    <section className="card notice warn" aria-labelledby="confirm-archive-title">
      <h2 id="confirm-archive-title" ref={heading} tabIndex={-1}>
        Archive {d.name}?
      </h2>
      {activeChildren.length ? (
        <>
          <p>{activeChildrenMessage(d.name, activeChildren)}</p>
          <div className="actions">
            <Link to={here} className="button secondary">
              Back
            </Link>
          </div>
        </>
      ) : (
        <Form method="post" action={`${here}?confirm=archive`} {...getFormProps(form)} className="stack">
          <FormErrors id={form.errorId} errors={form.errors} />
          <p>
            {d.name} will no longer be offered when assigning members, objectives, budget lines or workforce goals.
            Everything that already refers to it keeps it, and you can restore it at any time.
          </p>
          <input type="hidden" name="intent" value="archive" />
          <div className="actions">
            <button type="submit" className="danger">
              Yes, archive
            </button>
            <Link to={here} className="button secondary">
              Cancel
            </Link>
          </div>
        </Form>
      )}
    </section>
  );
}

function RestoreDepartment({ here }: { here: string }) {
  const { department: d } = useLoaderData<typeof loader>();
  const lastResult = useLastResultFor("restore");
  const [form] = useForm({ id: "restore-department", lastResult });
  return (
    <section className="card" aria-labelledby="restore-department-title">
      <h2 id="restore-department-title">Restore this department</h2>
      <Form method="post" action={here} {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <p>Restoring {d.name} makes it available in pickers again.</p>
        <input type="hidden" name="intent" value="restore" />
        <div className="actions">
          <button type="submit">Restore department</button>
        </div>
      </Form>
    </section>
  );
}

type DepartmentDashboardData = ReturnType<typeof useLoaderData<typeof loader>>["dashboard"];

/** The department's objectives, measures, budget and workforce goals (its sub-departments included). */
function DepartmentDashboard({
  orgSlug,
  departmentId,
  name,
  dashboard,
  campaigns,
  campaignId,
}: {
  orgSlug: string;
  departmentId: string;
  name: string;
  dashboard: DepartmentDashboardData;
  /** Closed campaigns for the scores section below, chosen with the same form. */
  campaigns: { id: string; title: string; closesOn: string }[];
  campaignId: string | null;
}) {
  const { focus } = dashboard;
  if (!focus.plan && !focus.budget && !focus.workforceGoals) return null;
  const common = {
    orgSlug,
    focus,
    idPrefix: "department",
    subject: `owned by ${name}`,
    fiscalYearLabel: dashboard.fiscalYearLabel,
    fiscalYear: dashboard.filters.fiscalYear,
    level: 3 as const,
    // Each table's CSV, with the page's fiscal year and plan.
    csvHref: (table: string) =>
      `/o/${orgSlug}/departments/${departmentId}/dashboard.csv?table=${table}&fy=${dashboard.filters.fiscalYear}${dashboard.filters.planId ? `&plan=${dashboard.filters.planId}` : ""}`,
  };
  return (
    <section className="card" aria-labelledby="department-dashboard">
      <h2 id="department-dashboard">Plan, budget and workforce</h2>
      <p className="muted">
        Everything {name} and its sub-departments own: objectives of {dashboard.planTitle ? `the plan “${dashboard.planTitle}”` : "the adopted plans"}
        {focus.budget ? `, the budget of ${dashboard.fiscalYearLabel}` : ""}
        {focus.workforceGoals ? " and workforce goals" : ""}.
      </p>
      <FilterForm choices={dashboard.choices} filters={{ ...dashboard.filters, campaignId }} show={{ plan: true }} campaigns={campaigns} idPrefix="department" />
      <PlanFocusSection {...common} />
      <BudgetFocusSection {...common} chart={false} />
      <WorkforceFocusSection {...common} />
    </section>
  );
}
