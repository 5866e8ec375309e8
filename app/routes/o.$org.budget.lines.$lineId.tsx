import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { CsvLink } from "~/components/csv-link";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { FormErrors, SelectField } from "~/components/forms";
import { cachedJson } from "~/modules/cache/view-cache.server";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { BUDGET_CATEGORY_LABELS } from "~/modules/budget/budget.schema";
import { getBudgetLine, setBudgetLineObjectives } from "~/modules/budget/budget.server";
import { BudgetError } from "~/modules/budget/components/budget-error";
import { Execution, lineTitle, Money, UNASSIGNED, TableScroll } from "~/modules/budget/components/budget-ui";
import { findFundableObjectives } from "~/modules/budget/funding-options.server";
import { ObjectiveStatusBadge } from "~/modules/plans/components/plan-badges";
import { PracticeLinkList } from "~/modules/plans/components/practice-links";
import { replyOnFieldErrors } from "~/utils/forms.server";
import { badRequest, FieldErrors } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${lineTitle(data.line)} — Budget line, FY${data.line.fiscalYear} — Praxis` : "Budget line not found — Praxis" },
];

const NOTICES = {
  aligned: "Linked practices saved. The change is recorded in the audit log.",
  funded: "This line now funds the objective. The change is recorded in the audit log.",
  unfunded: "This line no longer funds the objective. The change is recorded in the audit log.",
  unchanged: "Nothing changed: the line already funded that objective.",
} as const;
type Notice = keyof typeof NOTICES;

/** Served from the view cache while nothing of the organization changes (ADR 014). */
export const handle = { viewCache: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "budget.read");
  // What the page shows, computed once per organization data version (app/modules/cache).
  return cachedJson(ctx, request, async () => {
    const line = await getBudgetLine(ctx, params.lineId ?? "");
    const url = new URL(request.url);
    const funded = new Set(line.objectives.map((o) => o.id));
    const notice = url.searchParams.get("notice");
    const noticeObjective = url.searchParams.get("objective");
    // The chooser offers a few objectives at a time, found by a search in the address (?find=).
    const search = (url.searchParams.get("find") ?? "").trim();
    const choices = line.canLink
      ? await findFundableObjectives(ctx, { search, excludeIds: [...funded], namedId: noticeObjective })
      : { objectives: [], matching: 0, named: null };
    const confirmRemove = url.searchParams.get("remove");
    return {
      orgSlug: ctx.orgSlug,
      line,
      fundable: choices.objectives,
      fundableMatching: choices.matching,
      fundableSearch: search,
      notice: notice && notice in NOTICES ? (notice as Notice) : null,
      /** The objective a notice is about (its code and title), when it is one the line may fund. */
      noticeObjective: choices.named ?? line.objectives.find((o) => o.id === noticeObjective) ?? null,
      confirmRemove: line.canLink && confirmRemove && funded.has(confirmRemove) ? confirmRemove : null,
    };
  });
}

const fundSchema = z.object({
  intent: z.literal("fund-objective"),
  objectiveId: z.string({ required_error: "Choose an objective this line funds." }).trim().min(1, "Choose an objective this line funds.").max(64),
});
const unfundSchema = z.object({ intent: z.literal("unfund-objective"), objectiveId: z.string().trim().min(1).max(64) });

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "budget.link");
  const id = params.lineId ?? "";
  const here = `/o/${ctx.orgSlug}/budget/lines/${id}`;
  const formData = await request.formData();
  const intent = formData.get("intent");
  // The current funding links, read through the same 404 rules (another organization's line, or
  // a line outside a department head's departments, is not found).
  const line = await getBudgetLine(ctx, id);
  const current = line.objectives.map((o) => o.id);

  if (intent === "fund-objective") {
    const submission = parseWithZod(formData, { schema: fundSchema });
    if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
    const objectiveId = submission.value.objectiveId;
    if (current.includes(objectiveId)) return redirect(`${here}?notice=unchanged#funded-objectives`);
    const outcome = await replyOnFieldErrors(submission, async () => {
      try {
        return await setBudgetLineObjectives(ctx, id, [...current, objectiveId]);
      } catch (error) {
        // The service names its field "objectives"; on this form it is the objective chooser.
        if (error instanceof FieldErrors) throw new FieldErrors({ objectiveId: Object.values(error.errors).flat() });
        throw error;
      }
    });
    if (!outcome.ok) return outcome.response;
    return redirect(`${here}?notice=funded&objective=${encodeURIComponent(objectiveId)}#funded-objectives`);
  }
  if (intent === "unfund-objective") {
    const submission = parseWithZod(formData, { schema: unfundSchema });
    if (submission.status !== "success") badRequest("Choose the objective to remove.");
    const objectiveId = submission.value.objectiveId;
    const outcome = await replyOnFieldErrors(submission, () => setBudgetLineObjectives(ctx, id, current.filter((o) => o !== objectiveId)));
    if (!outcome.ok) return outcome.response;
    return redirect(`${here}?notice=unfunded&objective=${encodeURIComponent(objectiveId)}#funded-objectives`);
  }
  badRequest("Choose what to do with this budget line.");
}

function resultFor(data: unknown, intent: string): SubmissionResult<string[]> | undefined {
  if (!data || typeof data !== "object" || !("result" in data)) return undefined;
  const result = (data as { result: SubmissionResult<string[]> }).result;
  return (result.initialValue as Record<string, unknown> | null | undefined)?.intent === intent ? result : undefined;
}

export default function BudgetLinePage() {
  const { orgSlug, line: l, notice, confirmRemove } = useLoaderData<typeof loader>();
  const base = `/o/${orgSlug}/budget`;
  const here = `${base}/lines/${l.id}`;
  const title = lineTitle(l);
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumbs">
        <ol>
          <li>
            <Link to={`${base}?fy=${l.fiscalYear}`}>Budget</Link>
          </li>
          <li>
            <Link to={`${base}/lines?fy=${l.fiscalYear}`}>Lines</Link>
          </li>
          <li aria-current="page">{title}</li>
        </ol>
      </nav>
      <div className="page-header">
        <div>
          <h1>{title}</h1>
          <p className="muted">
            Budget line {l.lineKey}, {l.fiscalYearLabel}
          </p>
        </div>
        {l.canLink ? (
          <ul className="link-list">
            <li>
              <Link to={`${here}/practices`}>Edit linked practices</Link>
            </li>
          </ul>
        ) : null}
      </div>

      {notice ? <NoticeBanner /> : null}
      {!l.canLink ? (
        <p className="notice info">
          You can read this budget line.{" "}
          {l.departmentName
            ? `${l.departmentName}'s head and administrators link it to practices and objectives.`
            : "Administrators link it to practices and objectives."}
        </p>
      ) : null}

      <section className="card" aria-labelledby="line-details">
        <h2 id="line-details">Details</h2>
        <dl className="facts">
          <dt>Department</dt>
          <dd>{l.departmentName ?? <span className="muted">{UNASSIGNED}</span>}</dd>
          <dt>Fund</dt>
          <dd>{[l.fundCode, l.fundName].filter(Boolean).join(" — ") || <span className="muted">None</span>}</dd>
          <dt>Unit</dt>
          <dd>{[l.unitCode, l.unitName].filter(Boolean).join(" — ") || <span className="muted">None</span>}</dd>
          <dt>Program</dt>
          <dd>{[l.programCode, l.programName].filter(Boolean).join(" — ") || <span className="muted">None</span>}</dd>
          <dt>Account</dt>
          <dd>{[l.accountCode, l.accountName].filter(Boolean).join(" — ") || <span className="muted">None</span>}</dd>
          {l.description ? (
            <>
              <dt>Description</dt>
              <dd>{l.description}</dd>
            </>
          ) : null}
          <dt>Category</dt>
          <dd>{BUDGET_CATEGORY_LABELS[l.category]}</dd>
          <dt>Fiscal year</dt>
          <dd>{l.fiscalYearLabel}</dd>
          <dt>Line key</dt>
          <dd>
            <code>{l.lineKey}</code>
          </dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="line-amounts">
        <h2 id="line-amounts">Amounts</h2>
        <TableScroll label="Amounts of this line" card={false}>
          <table className="budget-table">
            <caption>Amounts of this line, in dollars</caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  Adopted
                </th>
                <th scope="col" className="num">
                  Amended
                </th>
                <th scope="col" className="num">
                  Actual (year to date)
                </th>
                <th scope="col" className="num">
                  Encumbered
                </th>
                <th scope="col" className="num">
                  Execution
                </th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td className="num">
                  <Money cents={l.adoptedCents} />
                </td>
                <td className="num">
                  <Money cents={l.amendedCents} />
                </td>
                <td className="num">
                  <Money cents={l.actualCents} />
                </td>
                <td className="num">
                  <Money cents={l.encumberedCents} />
                </td>
                <td className="num">
                  <Execution percent={l.executionPercent} />
                </td>
              </tr>
            </tbody>
          </table>
        </TableScroll>
      </section>

      <section className="card" aria-labelledby="linked-practices-title" id="linked-practices">
        <h2 id="linked-practices-title">Linked practices</h2>
        <PracticeLinkList
          orgSlug={orgSlug}
          links={l.practices}
          empty={l.canLink ? "Not linked to any practice yet. Link it to the practices this spending puts into action." : "Not linked to any practice yet."}
        />
        {l.practices.length ? <CsvLink href={`${here}/tables.csv?table=practices`} label="Download the linked practices (CSV)" /> : null}
        {l.canLink ? (
          <p>
            <Link to={`${here}/practices`}>Edit linked practices</Link>
          </p>
        ) : null}
      </section>

      <section className="card" aria-labelledby="funded-objectives-title" id="funded-objectives">
        <h2 id="funded-objectives-title">Objectives this line funds</h2>
        <FundedObjectives here={here} />
        {l.objectives.length ? <CsvLink href={`${here}/tables.csv?table=objectives`} label="Download the objectives this line funds (CSV)" /> : null}
        {confirmRemove ? <ConfirmUnfund here={here} objectiveId={confirmRemove} /> : null}
        {l.canLink ? <FundForm here={here} /> : null}
      </section>
    </>
  );
}

function NoticeBanner() {
  const { notice, noticeObjective: o } = useLoaderData<typeof loader>();
  const text =
    notice === "funded" && o
      ? `This line now funds objective ${o.code} ${o.title}. The change is recorded in the audit log.`
      : notice === "unfunded" && o
        ? `This line no longer funds objective ${o.code} ${o.title}. The change is recorded in the audit log.`
        : NOTICES[notice!];
  return (
    <p role="status" className="notice success">
      {text}
    </p>
  );
}

function FundedObjectives({ here }: { here: string }) {
  const { orgSlug, line: l } = useLoaderData<typeof loader>();
  if (l.objectives.length === 0) {
    return <p className="muted">This line does not fund any objective of a current plan yet.</p>;
  }
  return (
    <TableScroll label="Objectives funded by this line" card={false}>
      <table>
        <caption>Objectives funded by this line ({l.objectives.length})</caption>
        <thead>
          <tr>
            <th scope="col">Objective</th>
            <th scope="col">Plan</th>
            <th scope="col">Owner department</th>
            <th scope="col">Status</th>
            {l.canLink ? <th scope="col">Change</th> : null}
          </tr>
        </thead>
        <tbody>
          {l.objectives.map((o) => (
            <tr key={o.id}>
              <th scope="row">
                <Link to={`/o/${orgSlug}/objectives/${o.id}`}>
                  <span className="item-code">{o.code}</span> {o.title}
                </Link>
              </th>
              <td>
                <Link to={`/o/${orgSlug}/plans/${o.planId}`}>{o.planTitle}</Link>
                {o.planStatus !== "adopted" ? <span className="muted"> ({o.planStatus})</span> : null}
              </td>
              <td>{o.departmentName}</td>
              <td>
                <ObjectiveStatusBadge status={o.status} />
              </td>
              {l.canLink ? (
                <td>
                  {/* A GET to the confirmation step: works by keyboard and without JavaScript. */}
                  <Form method="get" action={here} preventScrollReset className="inline-form">
                    <input type="hidden" name="remove" value={o.id} />
                    <button type="submit" className="secondary">
                      Remove<span className="visually-hidden"> objective {o.code} from this line</span>
                    </button>
                  </Form>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function ConfirmUnfund({ here, objectiveId }: { here: string; objectiveId: string }) {
  const { line } = useLoaderData<typeof loader>();
  const o = line.objectives.find((x) => x.id === objectiveId)!;
  const lastResult = resultFor(useActionData<typeof action>(), "unfund-objective");
  const [form] = useForm({ id: "unfund-objective", lastResult });
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="notice warn stack" role="group" aria-labelledby="confirm-unfund-title">
      <h3 id="confirm-unfund-title" ref={heading} tabIndex={-1}>
        Stop funding objective {o.code} from this line?
      </h3>
      <Form method="post" action={here} {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <p style={{ margin: 0 }}>
          “{o.title}” will no longer be listed as funded by {lineTitle(line)} ({line.lineKey}). The objective and the line stay as
          they are; the audit log records who removed the link and when.
        </p>
        <input type="hidden" name="intent" value="unfund-objective" />
        <input type="hidden" name="objectiveId" value={o.id} />
        <div className="actions">
          <button type="submit" className="danger">
            Yes, remove the link
          </button>
          <Link to={`${here}#funded-objectives`} className="button secondary">
            Cancel
          </Link>
        </div>
      </Form>
    </div>
  );
}

function FundForm({ here }: { here: string }) {
  const { fundable, fundableMatching, fundableSearch } = useLoaderData<typeof loader>();
  const lastResult = resultFor(useActionData<typeof action>(), "fund-objective");
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" && navigation.formData?.get("intent") === "fund-objective";
  const [form, fields] = useForm({
    id: "fund-objective",
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: fundSchema }),
  });
  if (fundableMatching === 0 && !fundableSearch) {
    return <p className="muted">There is no other objective in a current plan for this line to fund.</p>;
  }
  const found = fundableSearch
    ? `${fundableMatching} ${fundableMatching === 1 ? "objective matches" : "objectives match"} “${fundableSearch}”`
    : `${fundableMatching} ${fundableMatching === 1 ? "objective" : "objectives"} of current plans`;
  const listed = fundableMatching > fundable.length ? `; the first ${fundable.length} by plan and code are offered below` : "";
  return (
    <div className="stack">
      <h3 id="fund-objective-title">Add an objective this line funds</h3>
      {/* A plain search of the page's own address: works without JavaScript, and the chooser
          below never holds more than a few objectives. */}
      <Form method="get" action={`${here}#funded-objectives`} className="row" role="search" aria-label="Objectives to fund" preventScrollReset>
        <div className="field">
          <label htmlFor="find-objective">Find an objective by code, title, plan or department</label>
          <input id="find-objective" type="search" name="find" defaultValue={fundableSearch} key={fundableSearch} maxLength={200} autoComplete="off" />
        </div>
        <div className="actions">
          <button type="submit" className="secondary">
            Find
          </button>
          {fundableSearch ? <Link to={`${here}#funded-objectives`}>Clear the search</Link> : null}
        </div>
      </Form>
      <p role="status" className="small">
        {found}
        {listed}.
      </p>
      {fundable.length ? (
        <Form method="post" action={`${here}${fundableSearch ? `?find=${encodeURIComponent(fundableSearch)}` : ""}`} className="stack" {...getFormProps(form)} noValidate aria-labelledby="fund-objective-title">
          <input type="hidden" name="intent" value="fund-objective" />
          <FormErrors id={form.errorId} errors={form.errors} />
          <SelectField
            meta={fields.objectiveId}
            label="Objective"
            hint="Objectives of current plans, by plan and code. A department can fund another department's objective."
            placeholder="Choose an objective…"
            options={fundable.map((o) => [o.id, `${o.code} ${o.title} — ${o.planTitle} (${o.departmentName})`] as const)}
          />
          <div className="actions">
            <button type="submit" disabled={submitting}>
              {submitting ? "Adding…" : "Add objective"}
            </button>
          </div>
        </Form>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <BudgetError />;
}
