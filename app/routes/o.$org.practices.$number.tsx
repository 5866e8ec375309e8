import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { can } from "~/modules/auth/permissions";
import { cachedJson } from "~/modules/cache/view-cache.server";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { listItemsForPractice, type LinkedDimension } from "~/modules/plans/alignment.server";
import { ObjectiveStatusBadge, StaleBadge } from "~/modules/plans/components/plan-badges";
import { FilterForm, MeasuresTable, StatusSummary, TargetTallyList } from "~/modules/dashboards/components/dashboard-ui";
import { BudgetFocusSection, FocusListPager, listedText, WorkforceFocusSection } from "~/modules/dashboards/components/focus-sections";
import { LIST_PAGE_PARAMS, type DashboardChoices } from "~/modules/dashboards/filters";
import { getPracticeDashboard } from "~/modules/dashboards/focus.server";
import { getPracticeScores } from "~/modules/dashboards/assessments.server";
import { PracticeResourcesSection, PracticeScoresSection } from "~/modules/dashboards/components/practice-scores";
import { listResources } from "~/modules/assessments/resources.server";
import { getPractice, type Dimension } from "~/modules/practices/practices.server";
import { OrganizationPageError } from "~/components/error-message";
import { CsvLink } from "~/components/csv-link";
import { AddressPager } from "~/components/pager";
import { pageOfRows } from "~/modules/core/pagination";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `Practice ${data.practice.number}: ${data.practice.name} — Praxis`
      : "Practice not found — Praxis",
  },
];

const LINKED_PAGE_SIZE = 20;
const LINKED_PAGE_PARAMS = { objectives: "linkedObjectivesPage", measures: "linkedMeasuresPage" } as const;

/** Served from the view cache while nothing of the organization changes (ADR 014). */
export const handle = { viewCache: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "catalog.read");
  // What the page shows, computed once per organization data version (app/modules/cache).
  return cachedJson(ctx, request, async () => {
    const practice = await getPractice(ctx, params.number);
    // The plan items linked to it (plans the caller may see; never archived ones).
    const search = new URL(request.url).searchParams;
    const all = can(ctx.role, "plans.read") ? await listItemsForPractice(ctx, practice.number) : null;
    // A page of each list (the CSV download has them all): a practice of a large city's plan has
    // hundreds of linked objectives and measures.
    const linkedObjectives = all ? pageOfRows(all.objectives, search.get(LINKED_PAGE_PARAMS.objectives), LINKED_PAGE_SIZE) : null;
    const linkedMeasures = all ? pageOfRows(all.measures, search.get(LINKED_PAGE_PARAMS.measures), LINKED_PAGE_SIZE) : null;
    const linked = all
      ? {
          ...all,
          objectives: linkedObjectives!.rows,
          measures: linkedMeasures!.rows,
          pages: { objectives: { ...linkedObjectives!, rows: undefined }, measures: { ...linkedMeasures!, rows: undefined } },
        }
      : null;
    // Progress, budget and workforce goals linked to it, each part only for roles that may read it;
    // the budget's fiscal year comes from the address (?fy=), the current one by default.
    const dashboard = await getPracticeDashboard(ctx, practice.number, { fy: search.get("fy"), measuresPage: search.get(LIST_PAGE_PARAMS.measures) });
    // Its staff-assessment scores across closed campaigns (through the results service, with its
    // suppression) and the development resources linked to it.
    const scores = await getPracticeScores(ctx, practice.number);
    const resources = await listResources(ctx, practice.number);
    // Its filter offers the fiscal year only: the department and plan choices are not sent.
    const choices: DashboardChoices = { ...dashboard.choices, departments: [], plans: [] };
    return { orgSlug: ctx.orgSlug, practice, linked, dashboard: { ...dashboard, choices }, scores, resources };
  });
}

function DimensionList({ id, title, dimensions }: { id: string; title: string; dimensions: Dimension[] }) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <ol className="dimensions">
        {dimensions.map((d) => (
          <li key={d.letter}>
            <span className="letter">{d.letter}</span>
            <span>{d.text}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

export default function PracticePage() {
  const { orgSlug, practice, linked, dashboard, scores, resources } = useLoaderData<typeof loader>();
  const base = `/o/${orgSlug}/practices`;
  return (
    <>
      <p className="small">
        <Link to={base}>All practices</Link>
      </p>
      <div className="page-header">
        <div>
          <p className="group-phrase">{practice.groupPhrase}</p>
          <h1>
            <span className="practice-number">{practice.number}</span> {practice.name}
          </h1>
          <p className="practice-definition">{practice.definition}</p>
        </div>
      </div>
      <div className="grid two">
        <DimensionList id="leadership-dimensions" title="Leadership dimensions" dimensions={practice.leadership} />
        <DimensionList id="management-dimensions" title="Management dimensions" dimensions={practice.management} />
      </div>
      <section className="card" aria-labelledby="linked">
        <h2 id="linked">Linked to this practice</h2>
        {linked ? <LinkedItems orgSlug={orgSlug} linked={linked} /> : null}
        {linked && linked.goals.length + linked.objectives.length + linked.measures.length > 0 ? (
          <CsvLink href={`${base}/${practice.number}/linked.csv`} label={`Download the goals, objectives and measures linked to practice ${practice.number} (CSV)`} />
        ) : null}
      </section>
      <PracticeScoresSection orgSlug={orgSlug} practiceNumber={practice.number} scores={scores} />
      <PracticeDashboard orgSlug={orgSlug} practiceNumber={practice.number} dashboard={dashboard} />
      <PracticeResourcesSection orgSlug={orgSlug} practiceNumber={practice.number} resources={resources} />
      <nav aria-label="Previous and next practice" className="practice-pager">
        {practice.previous ? (
          <Link to={`${base}/${practice.previous.number}`} rel="prev">
            <span aria-hidden="true">← </span>Previous practice: {practice.previous.number}. {practice.previous.name}
          </Link>
        ) : (
          <span />
        )}
        {practice.next ? (
          <Link to={`${base}/${practice.next.number}`} rel="next">
            Next practice: {practice.next.number}. {practice.next.name}
            <span aria-hidden="true"> →</span>
          </Link>
        ) : null}
      </nav>
    </>
  );
}

type PracticeDashboardData = ReturnType<typeof useLoaderData<typeof loader>>["dashboard"];

/** How the practice's objectives and measures are doing, and the budget and workforce goals linked to it. */
function PracticeDashboard({ orgSlug, practiceNumber, dashboard }: { orgSlug: string; practiceNumber: number; dashboard: PracticeDashboardData }) {
  const { focus } = dashboard;
  if (!focus.plan && !focus.budget && !focus.workforceGoals) return null;
  const subject = `linked to practice ${practiceNumber}`;
  const csvHref = (table: string) => `/o/${orgSlug}/practices/${practiceNumber}/dashboard.csv?table=${table}&fy=${dashboard.filters.fiscalYear}`;
  const common = { orgSlug, focus, idPrefix: "practice", subject, fiscalYearLabel: dashboard.fiscalYearLabel, fiscalYear: dashboard.filters.fiscalYear, level: 3 as const, csvHref };
  return (
    <section className="card" aria-labelledby="practice-progress" id="practice-progress-section">
      <h2 id="practice-progress">Progress, budget and workforce</h2>
      {focus.plan ? (
        <>
          <StatusSummary counts={focus.plan.statusCounts} label={`${focus.plan.objectiveCount} objectives by status`} />
          <TargetTallyList tally={focus.plan.targets} label={`${focus.plan.measureCount} measures against their targets`} />
          {focus.plan.measures.length ? (
            <>
              <MeasuresTable
                orgSlug={orgSlug}
                caption={`Target against actual: the measures of practice ${practiceNumber} and of its objectives ${listedText(focus.plan.measureCount, focus.plan.measures.length, focus.plan.measuresPage, focus.plan.pageSize)}`}
                measures={focus.plan.measures}
              />
              <FocusListPager
                list="measures"
                page={focus.plan.measuresPage}
                count={focus.plan.measureCount}
                pageSize={focus.plan.pageSize}
                anchor="practice-progress-section"
                what={`measures of practice ${practiceNumber}`}
              />
              <CsvLink href={csvHref("measures")} label={`Download the measures of practice ${practiceNumber} against their targets (CSV)`} />
            </>
          ) : null}
        </>
      ) : null}
      {focus.budget ? <FilterForm choices={dashboard.choices} filters={dashboard.filters} show={{}} idPrefix="practice" /> : null}
      <BudgetFocusSection {...common} chart={false} />
      <WorkforceFocusSection {...common} />
    </section>
  );
}

type Linked = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["linked"]>;

const KIND = { leadership: "Leadership", management: "Management" } as const;

/** "Primary" or "Secondary", and the dimensions linked (none: the practice as a whole). */
function LinkCells({ isPrimary, dimensions }: { isPrimary: boolean; dimensions: LinkedDimension[] }) {
  return (
    <>
      <td>{isPrimary ? <span className="badge">Primary</span> : <span className="badge neutral">Secondary</span>}</td>
      <td>
        {dimensions.length === 0 ? (
          <span className="muted">The practice as a whole</span>
        ) : (
          <ul className="plain-list">
            {dimensions.map((d) => (
              <li key={`${d.kind}${d.letter}`}>
                {KIND[d.kind]} {d.letter}
                {d.text ? `: ${d.text}` : ""}
              </li>
            ))}
          </ul>
        )}
      </td>
    </>
  );
}

function LinkedItems({ orgSlug, linked }: { orgSlug: string; linked: Linked }) {
  const { goals, objectives, measures, pages } = linked;
  const objectiveCount = pages.objectives.total;
  const measureCount = pages.measures.total;
  const listed = (p: { page: number; pageCount: number; total: number }, shown: number) => {
    if (p.pageCount <= 1) return "";
    const first = (p.page - 1) * LINKED_PAGE_SIZE + 1;
    return ` (${first}–${first + shown - 1} of ${p.total}, page ${p.page} of ${p.pageCount})`;
  };
  if (goals.length + objectiveCount + measureCount === 0) {
    return (
      <p className="empty-inline">
        No goal, objective or measure of a current plan is linked to this practice yet. Department heads link their objectives and measures
        to the practices from each objective's page; <Link to={`/o/${orgSlug}/plans`}>see the plans</Link>.
      </p>
    );
  }
  const plans = `/o/${orgSlug}/plans`;
  return (
    <>
      <p className="muted">
        {goals.length} {goals.length === 1 ? "goal" : "goals"}, {objectiveCount} {objectiveCount === 1 ? "objective" : "objectives"} and{" "}
        {measureCount} {measureCount === 1 ? "measure" : "measures"} of current plans. A primary link means the practice is the item's
        main one.
      </p>
      {goals.length ? (
        <div className="table-wrap">
          <table>
            <caption>Goals linked to practice {linked.practiceNumber}</caption>
            <thead>
              <tr>
                <th scope="col">Goal</th>
                <th scope="col">Plan</th>
                <th scope="col">Link</th>
                <th scope="col">Dimensions</th>
              </tr>
            </thead>
            <tbody>
              {goals.map((g) => (
                <tr key={g.id}>
                  <th scope="row">
                    {g.position}. {g.title}
                  </th>
                  <td>
                    <Link to={`${plans}/${g.planId}`}>{g.planTitle}</Link>
                  </td>
                  <LinkCells isPrimary={g.isPrimary} dimensions={g.dimensions} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {objectives.length ? (
        <div className="table-wrap" id="linked-objectives">
          <table>
            <caption>
              Objectives linked to practice {linked.practiceNumber}
              {listed(pages.objectives, objectives.length)}
            </caption>
            <thead>
              <tr>
                <th scope="col">Objective</th>
                <th scope="col">Department</th>
                <th scope="col">Status</th>
                <th scope="col">Link</th>
                <th scope="col">Dimensions</th>
              </tr>
            </thead>
            <tbody>
              {objectives.map((o) => (
                <tr key={o.id}>
                  <th scope="row">
                    <Link to={`/o/${orgSlug}/objectives/${o.id}`}>
                      <span className="item-code">{o.code}</span> {o.title}
                    </Link>
                    <span className="small muted block">{o.planTitle}</span>
                  </th>
                  <td>{o.departmentName}</td>
                  <td>
                    <ObjectiveStatusBadge status={o.status} />
                    {o.stale ? (
                      <>
                        {" "}
                        <StaleBadge reason="Stale: no status update within its reporting frequency." />
                      </>
                    ) : null}
                  </td>
                  <LinkCells isPrimary={o.isPrimary} dimensions={o.dimensions} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <AddressPager
        label={`Pages of the objectives linked to practice ${linked.practiceNumber}`}
        param={LINKED_PAGE_PARAMS.objectives}
        page={pages.objectives.page}
        pageCount={pages.objectives.pageCount}
        anchor="linked-objectives"
      />
      {measures.length ? (
        <div className="table-wrap" id="linked-measures">
          <table>
            <caption>
              Measures linked to practice {linked.practiceNumber}
              {listed(pages.measures, measures.length)}
            </caption>
            <thead>
              <tr>
                <th scope="col">Measure</th>
                <th scope="col">Objective</th>
                <th scope="col" className="num">
                  Latest value
                </th>
                <th scope="col" className="num">
                  Target
                </th>
                <th scope="col">Link</th>
                <th scope="col">Dimensions</th>
              </tr>
            </thead>
            <tbody>
              {measures.map((m) => (
                <tr key={m.id}>
                  <th scope="row">
                    <span className="item-code">{m.code}</span> {m.name}
                    {m.stale ? (
                      <>
                        {" "}
                        <StaleBadge reason="Stale: a value is overdue." />
                      </>
                    ) : null}
                  </th>
                  <td>
                    <Link to={`/o/${orgSlug}/objectives/${m.objectiveId}#measure-${m.id}`}>
                      {m.objectiveCode} {m.objectiveTitle}
                    </Link>
                    <span className="small muted block">{m.departmentName}</span>
                  </td>
                  <td className="num">
                    {m.latestValue !== null ? `${m.latestValue}${m.unit ? ` ${m.unit}` : ""}` : <span className="muted">None yet</span>}
                  </td>
                  <td className="num">{m.target !== null ? `${m.target}${m.unit ? ` ${m.unit}` : ""}` : "—"}</td>
                  <LinkCells isPrimary={m.isPrimary} dimensions={m.dimensions} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <AddressPager
        label={`Pages of the measures linked to practice ${linked.practiceNumber}`}
        param={LINKED_PAGE_PARAMS.measures}
        page={pages.measures.page}
        pageCount={pages.measures.pageCount}
        anchor="linked-measures"
      />
    </>
  );
}

/** A wrong practice number keeps the navigation around it, with a way back to the list. */
export function ErrorBoundary() {
  return <OrganizationPageError back="practices" label="See all practices" />;
}
