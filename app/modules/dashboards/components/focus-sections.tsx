// The sections of a practice focus (see focus.server.ts): plan progress with target against actual,
// the budget that funds it, and workforce goals. Shared by the service delivery, equity and staff
// effectiveness dashboards and by the practice and department pages; each section appears only
// when the caller may read it (the service returns null otherwise).
import { Link } from "@remix-run/react";
import { CsvLink } from "~/components/csv-link";
import { AddressPager } from "~/components/pager";
import { LIST_PAGE_PARAMS } from "../filters";
import type { FocusTable } from "../focus-csv.server";
import type { PracticeFocus } from "../focus.server";
import { FOCUS_LIST_LIMIT_TEXT } from "./limits";
import {
  BudgetTable,
  chartDollars,
  ChartBox,
  Execution,
  MeasuresTable,
  Money,
  MONEY_COLORS,
  ObjectivesTable,
  StatusSummary,
  TableWrap,
  TargetTallyList,
  WorkforceGoalsTable,
} from "./dashboard-ui";

type Props = {
  orgSlug: string;
  focus: PracticeFocus;
  /** Prefix of the section ids and headings' context ("Service delivery", "Practice 9"…). */
  idPrefix: string;
  /** "linked to practices 9 and 10", "of Public Works"… for captions. */
  subject: string;
  fiscalYearLabel: string;
  fiscalYear: number;
  /** Heading level of the sections (2 on dashboards, 3 inside a page's own section). */
  level?: 2 | 3;
  showWorkforce?: boolean;
  chart?: boolean;
  /** The address of a table's CSV download (the page's own CSV route with its filters); no links without it. */
  csvHref?: (table: FocusTable) => string;
};

/** A table's "Download … (CSV)" link, when the page offers CSV downloads. */
function TableCsv({ csvHref, table, label }: { csvHref: Props["csvHref"]; table: FocusTable; label: string }) {
  return csvHref ? <CsvLink href={csvHref(table)} label={`Download ${label} (CSV)`} /> : null;
}

/** "(124; 21–40 listed, page 2 of 7)" after a list's caption; "(12)" when all are listed. */
export function listedText(count: number, shown: number, page: number, pageSize: number): string {
  if (count <= shown) return `(${count})`;
  const first = (page - 1) * pageSize + 1;
  return `(${count}; ${first}–${first + shown - 1} listed, page ${page} of ${Math.ceil(count / pageSize)})`;
}

/** The pages of a focus list (the filters and the other lists' pages kept), back to its section. */
export function FocusListPager({ list, page, count, pageSize, anchor, what }: { list: keyof typeof LIST_PAGE_PARAMS; page: number; count: number; pageSize: number; anchor: string; what: string }) {
  return <AddressPager label={`Pages of the ${what}`} param={LIST_PAGE_PARAMS[list]} page={page} pageCount={Math.ceil(count / pageSize)} anchor={anchor} />;
}

export function PlanFocusSection({ orgSlug, focus, idPrefix, subject, level = 2, csvHref }: Props) {
  const plan = focus.plan;
  if (!plan) return null;
  const H = level === 2 ? "h2" : "h3";
  const id = `${idPrefix}-plan`;
  return (
    <section className={level === 2 ? "card dash-section" : "dash-section"} aria-labelledby={id}>
      <H id={id}>Objectives and measures</H>
      {plan.objectiveCount === 0 && plan.measureCount === 0 ? (
        <p className="empty-inline">
          No objective or measure of the plans shown is {subject} yet. <Link to={`/o/${orgSlug}/plans`}>See the plans</Link>.
        </p>
      ) : (
        <>
          <StatusSummary counts={plan.statusCounts} label={`${plan.objectiveCount} objectives ${subject}, by status`} />
          {plan.objectives.length ? (
            <ObjectivesTable
              orgSlug={orgSlug}
              caption={`Objectives ${subject} ${listedText(plan.objectiveCount, plan.objectives.length, plan.objectivesPage, plan.pageSize)}`}
              objectives={plan.objectives}
            />
          ) : null}
          <FocusListPager list="objectives" page={plan.objectivesPage} count={plan.objectiveCount} pageSize={plan.pageSize} anchor={id} what={`objectives ${subject}`} />
          {plan.objectives.length ? <TableCsv csvHref={csvHref} table="objectives" label={`objectives ${subject}`} /> : null}
          <TargetTallyList tally={plan.targets} label={`${plan.measureCount} measures against their targets`} />
          {plan.measures.length ? (
            <MeasuresTable
              orgSlug={orgSlug}
              caption={`Measures ${subject}: latest value against target ${listedText(plan.measureCount, plan.measures.length, plan.measuresPage, plan.pageSize)}`}
              measures={plan.measures}
            />
          ) : null}
          <FocusListPager list="measures" page={plan.measuresPage} count={plan.measureCount} pageSize={plan.pageSize} anchor={id} what={`measures ${subject}`} />
          {plan.measures.length ? (
            <TableCsv csvHref={csvHref} table="measures" label={`measures ${subject}`} />
          ) : (
            <p className="empty-inline">No measure {subject} yet.</p>
          )}
          <p className="muted small">
            A measure counts here when it, or its objective, is linked. Lower-is-better measures meet their target at or below it. {FOCUS_LIST_LIMIT_TEXT}
          </p>
        </>
      )}
    </section>
  );
}

export function BudgetFocusSection({ orgSlug, focus, idPrefix, subject, fiscalYearLabel, fiscalYear, level = 2, chart = true, csvHref }: Props) {
  const budget = focus.budget;
  if (!budget) return null;
  const H = level === 2 ? "h2" : "h3";
  const H2 = level === 2 ? "h3" : "h4";
  const id = `${idPrefix}-budget`;
  const base = `/o/${orgSlug}/budget`;
  return (
    <section className={level === 2 ? "card dash-section" : "dash-section"} aria-labelledby={id}>
      <H id={id}>Budget</H>
      {budget.total.lines === 0 ? (
        <p className="empty-inline">
          No budget line of {fiscalYearLabel} is {subject}. <Link to={`${base}/lines?fy=${fiscalYear}`}>See the budget lines</Link>.
        </p>
      ) : (
        <>
          <p>
            {budget.total.lines} budget {budget.total.lines === 1 ? "line" : "lines"} of {fiscalYearLabel} {subject}: <Money cents={budget.total.actualCents} /> spent of{" "}
            <Money cents={budget.total.amendedCents} /> amended (<Execution percent={budget.total.executionPercent} /> executed).
          </p>
          {focus.practices.length > 1 ? (
            <BudgetTable
              caption={`Budget ${subject}, by practice (a line linked to several of them counts under each)`}
              firstColumn="Practice"
              rows={budget.byPractice}
              link={(r) => `/o/${orgSlug}/practices/${r.key}`}
            />
          ) : null}
          {focus.practices.length > 1 ? <TableCsv csvHref={csvHref} table="budget-by-practice" label={`budget ${subject} by practice`} /> : null}
          <H2>By department</H2>
          {chart && budget.byDepartment.length > 1 ? (
            <ChartBox
              height={Math.max(9, budget.byDepartment.length * 2 + 4)}
              label={`Bar chart of the amended budget and actual spending ${subject}, by department. The same numbers are in the table below.`}
              categories={budget.byDepartment.map((r) => r.label)}
              series={[
                { label: "Amended", color: MONEY_COLORS.amended, values: budget.byDepartment.map((r) => chartDollars(r.amendedCents)) },
                { label: "Actual", color: MONEY_COLORS.actual, values: budget.byDepartment.map((r) => chartDollars(r.actualCents)) },
              ]}
              money
            />
          ) : null}
          <BudgetTable caption={`Budget ${subject}, by department, ${fiscalYearLabel}`} firstColumn="Department" rows={budget.byDepartment} total={budget.total} />
          <TableCsv csvHref={csvHref} table="budget-by-department" label={`budget ${subject} by department`} />
          <H2>By category</H2>
          <BudgetTable caption={`Budget ${subject}, by category, ${fiscalYearLabel}`} firstColumn="Category" rows={budget.byCategory} total={budget.total} />
          <TableCsv csvHref={csvHref} table="budget-by-category" label={`budget ${subject} by category`} />
          <H2>By program</H2>
          <BudgetTable
            caption={`Budget ${subject}, by program${budget.programCount > budget.byProgram.length ? ` (the ${budget.byProgram.length} largest of ${budget.programCount})` : ""}`}
            firstColumn="Program"
            rows={budget.byProgram}
          />
          <TableCsv csvHref={csvHref} table="budget-by-program" label={`budget ${subject} by program`} />
          <H2>Largest lines</H2>
          <TableWrap label={`Largest budget lines ${subject} by amended budget`}>
            <table className="budget-table">
              <caption>Largest budget lines {subject} by amended budget</caption>
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Department</th>
                  <th scope="col" className="num">
                    Amended
                  </th>
                  <th scope="col" className="num">
                    Actual
                  </th>
                  <th scope="col" className="num">
                    Execution
                  </th>
                </tr>
              </thead>
              <tbody>
                {budget.topLines.map((l) => (
                  <tr key={l.id}>
                    <th scope="row">
                      <Link to={`${base}/lines/${l.id}`}>{l.title}</Link>
                      <span className="small muted block">{l.lineKey}</span>
                    </th>
                    <td>{l.departmentName ?? "Unassigned"}</td>
                    <td className="num">
                      <Money cents={l.amendedCents} />
                    </td>
                    <td className="num">
                      <Money cents={l.actualCents} />
                    </td>
                    <td className="num">
                      <Execution percent={l.executionPercent} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <TableCsv csvHref={csvHref} table="budget-top-lines" label={`the largest budget lines ${subject}`} />
        </>
      )}
    </section>
  );
}

export function WorkforceFocusSection({ orgSlug, focus, idPrefix, subject, level = 2, csvHref }: Props) {
  const goals = focus.workforceGoals;
  if (!goals) return null;
  const H = level === 2 ? "h2" : "h3";
  const id = `${idPrefix}-workforce`;
  return (
    <section className={level === 2 ? "card dash-section" : "dash-section"} aria-labelledby={id}>
      <H id={id}>Workforce goals</H>
      {goals.length === 0 ? (
        <p className="empty-inline">
          No workforce goal {subject} yet. <Link to={`/o/${orgSlug}/workforce`}>See workforce goals</Link>.
        </p>
      ) : (
        <>
          <WorkforceGoalsTable orgSlug={orgSlug} caption={`Workforce goals ${subject}`} goals={goals} />
          <TableCsv csvHref={csvHref} table="workforce-goals" label={`workforce goals ${subject}`} />
        </>
      )}
    </section>
  );
}
