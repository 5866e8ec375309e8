// The summary report as a document: the same component renders the published page, the
// administrator's preview, the print view and (through renderToStaticMarkup) the server's PDF, so
// it uses no router links or forms. Written for a reader who is not a specialist: sentences first,
// then the few figures that matter, then each topic as a chart with its table.
import type { ReactNode } from "react";
import { formatCents } from "~/modules/budget/money";
import { OBJECTIVE_STATUS_LABELS } from "~/modules/plans/plans.schema";
import { displayFigure, shareOf, statusRows, type BudgetRow, type PracticeRating, type ReportModel } from "../report-model";
import { CHART_COLORS, ReportChart } from "./report-chart";

export type ReportStatus = { kind: "published"; version: number; publishedAt: string } | { kind: "preview" };

const STATUS_COLOR: Record<string, string> = {
  not_started: CHART_COLORS.grey,
  on_track: CHART_COLORS.green,
  at_risk: CHART_COLORS.orange,
  off_track: CHART_COLORS.vermillion,
  done: CHART_COLORS.blue,
};

/** "March 4, 2026" from an ISO date or timestamp, the same on the server and in the browser. */
export function longDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
  const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  return `${months[(m ?? 1) - 1]} ${d}, ${y}`;
}

const dollars = (cents: string) => Number(BigInt(cents) / 100n);
const money = (cents: string) => formatCents(cents, { wholeDollars: true });
const pct = (p: string | null) => (p === null ? "No amended budget" : `${p}%`);

/** A topic of the report; `newPage` topics start a new printed page. */
function Section({ id, title, newPage, children }: { id: string; title: string; newPage?: boolean; children: ReactNode }) {
  return (
    <section className={newPage ? "report-section page-start" : "report-section"} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

function Table({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrollable region must be reachable by keyboard
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table>
        <caption>{caption}</caption>
        {children}
      </table>
    </div>
  );
}

export function ReportDocument({ report, status }: { report: ReportModel; status: ReportStatus }) {
  const r = report;
  const title = `Summary report: ${r.period.label}`;
  return (
    <article className="report-document">
      <header className="print-header" aria-hidden="true">
        <span>{r.orgName}</span>
        <span>Summary report · {r.period.label}</span>
      </header>
      <header className="report-title">
        <p className="report-org">{r.orgName}</p>
        <h1>{title}</h1>
        <p className="report-meta">
          {status.kind === "published" ? (
            <>
              Published on {longDate(status.publishedAt)} (version {status.version}). Figures as of {longDate(r.asOf)}.
            </>
          ) : (
            <>
              <strong>Preview, not published.</strong> Figures as of {longDate(r.asOf)}; they change as the data changes until the report is published.
            </>
          )}
        </p>
      </header>

      <Section id="summary" title="In brief">
        <ul className="report-narrative">
          {r.narrative.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      </Section>

      <Section id="figures" title="Key figures">
        <dl className="key-figures">
          {r.keyFigures.map((f) => (
            <div key={f.key} className="key-figure">
              <dt>{f.label}</dt>
              <dd>
                <span className="figure-value">{displayFigure(f)}</span>
                {f.context ? <span className="figure-context"> {f.context}</span> : null}
              </dd>
            </div>
          ))}
        </dl>
      </Section>

      {r.managerNote ? (
        <Section id="note" title="From the manager">
          <div className="manager-note">
            {r.managerNote.split(/\n{2,}/).map((p, i) => (
              <p key={i}>{p}</p>
            ))}
          </div>
        </Section>
      ) : null}

      <Section id="plan" title="Strategic plan progress" newPage>
        {r.objectives.total === 0 ? (
          <p>No objectives of an adopted strategic plan are recorded yet.</p>
        ) : (
          <>
            <p>Each objective of the adopted plans has a status that its department updates. This is where they stand.</p>
            <ReportChart
              label="Objectives by status"
              unit="count"
              categories={statusRows(r.objectives.statusCounts).map((s) => s.label)}
              series={[{ label: "Objectives", color: CHART_COLORS.blue, values: statusRows(r.objectives.statusCounts).map((s) => s.count) }]}
            />
            <Table caption="Objectives by status">
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
                {statusRows(r.objectives.statusCounts).map((s) => (
                  <tr key={s.status}>
                    <th scope="row">
                      <span className="status-dot" style={{ background: STATUS_COLOR[s.status] }} aria-hidden="true" /> {s.label}
                    </th>
                    <td className="num">{s.count}</td>
                    <td className="num">{shareOf(s.count, r.objectives.total)}%</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">All objectives</th>
                  <td className="num">{r.objectives.total}</td>
                  <td className="num">100%</td>
                </tr>
              </tfoot>
            </Table>
            {r.objectives.byPractice.length > 0 ? (
              <Table caption="Objectives by practice (an objective linked to several practices counts under each)">
                <thead>
                  <tr>
                    <th scope="col">Practice</th>
                    <th scope="col" className="num">
                      Objectives
                    </th>
                    <th scope="col" className="num">
                      On track or done
                    </th>
                    <th scope="col" className="num">
                      At risk or off track
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {r.objectives.byPractice.map((p) => (
                    <tr key={p.practiceNumber}>
                      <th scope="row">
                        {p.practiceNumber}. {p.practiceName}
                      </th>
                      <td className="num">{p.total}</td>
                      <td className="num">{p.statusCounts.on_track + p.statusCounts.done}</td>
                      <td className="num">{p.statusCounts.at_risk + p.statusCounts.off_track}</td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            ) : null}
          </>
        )}
      </Section>

      <Section id="at-risk" title="Objectives at risk">
        {r.objectivesAtRisk.length === 0 ? (
          <p>No objective is at risk or off track.</p>
        ) : (
          <Table caption="Objectives at risk or off track">
            <thead>
              <tr>
                <th scope="col">Objective</th>
                <th scope="col">Department</th>
                <th scope="col">Status</th>
                <th scope="col">Due</th>
              </tr>
            </thead>
            <tbody>
              {r.objectivesAtRisk.map((o) => (
                <tr key={o.code}>
                  <th scope="row">
                    {o.code} {o.title}
                  </th>
                  <td>{o.departmentName}</td>
                  <td>{OBJECTIVE_STATUS_LABELS[o.status]}</td>
                  <td>{o.dueDate ? longDate(o.dueDate) : "No due date"}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Section>

      <Section id="budget" title={`Budget, FY${r.budget.fiscalYear}`} newPage>
        {BigInt(r.budget.total.amendedCents) === 0n && BigInt(r.budget.total.actualCents) === 0n ? (
          <p>No budget is recorded for this fiscal year yet.</p>
        ) : (
          <>
            <p>
              The amended budget is the adopted budget with the council&apos;s changes during the year. Spending is the actual amount recorded so far, as a share of the
              amended budget.
            </p>
            <ReportChart
              label="Amended budget and spending by practice"
              unit="dollars"
              categories={r.budget.byPrimaryPractice.map((b) => b.label)}
              series={[
                { label: "Amended", color: CHART_COLORS.sky, values: r.budget.byPrimaryPractice.map((b) => dollars(b.amendedCents)) },
                { label: "Spent", color: CHART_COLORS.blue, values: r.budget.byPrimaryPractice.map((b) => dollars(b.actualCents)) },
              ]}
            />
            <BudgetTable caption="Budget by practice (each line under its main practice)" first="Practice" rows={r.budget.byPrimaryPractice} total={r.budget.total} />
            <BudgetTable caption="Budget by department" first="Department" rows={r.budget.byDepartment} total={r.budget.total} />
          </>
        )}
      </Section>

      {r.workforce && r.workforce.goalCount > 0 ? (
        <Section id="workforce" title="Workforce goals">
          <Table caption="Workforce goals by status">
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Goals
                </th>
              </tr>
            </thead>
            <tbody>
              {statusRows(r.workforce.statusCounts).map((s) => (
                <tr key={s.status}>
                  <th scope="row">{s.label}</th>
                  <td className="num">{s.count}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Section>
      ) : null}

      <Section id="staff" title="How staff rate the practices" newPage>
        {r.staffViews && r.staffViews.practices.length > 0 ? (
          <StaffViewsSection report={r} />
        ) : (
          <p>No staff assessment results can be reported for this period.</p>
        )}
      </Section>

      <section className="report-section report-about" aria-labelledby="about-title">
        <h2 id="about-title">About this report</h2>
        <p>
          Plan figures count the objectives of adopted strategic plans. Budget figures are in dollars, rounded to the dollar in sentences and charts. Staff ratings come from
          anonymous assessments: a rating is “favorable” when it is 4 or 5 on the 1–5 scale. Results of any group with too few responses to stay anonymous are never shown, and
          this report only gives organization-wide ratings.
        </p>
      </section>
    </article>
  );
}

function BudgetTable({ caption, first, rows, total }: { caption: string; first: string; rows: BudgetRow[]; total: BudgetRow }) {
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <th scope="col">{first}</th>
          <th scope="col" className="num">
            Adopted
          </th>
          <th scope="col" className="num">
            Amended
          </th>
          <th scope="col" className="num">
            Spent
          </th>
          <th scope="col" className="num">
            Share spent
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((b) => (
          <tr key={b.key}>
            <th scope="row">{b.label}</th>
            <td className="num">{money(b.adoptedCents)}</td>
            <td className="num">{money(b.amendedCents)}</td>
            <td className="num">{money(b.actualCents)}</td>
            <td className="num">{pct(b.executionPercent)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          <td className="num">{money(total.adoptedCents)}</td>
          <td className="num">{money(total.amendedCents)}</td>
          <td className="num">{money(total.actualCents)}</td>
          <td className="num">{pct(total.executionPercent)}</td>
        </tr>
      </tfoot>
    </Table>
  );
}

function PracticeList({ items, label }: { items: PracticeRating[]; label: string }) {
  return (
    <div>
      <h3>{label}</h3>
      <ol className="practice-rank">
        {items.map((p) => (
          <li key={p.practiceNumber}>
            {p.practiceNumber}. {p.practiceName}: <strong>{p.favorable}% favorable</strong>
          </li>
        ))}
      </ol>
    </div>
  );
}

function StaffViewsSection({ report }: { report: ReportModel }) {
  const s = report.staffViews!;
  const hasPrevious = s.previousTitle !== null && s.practices.some((p) => p.previous !== null);
  return (
    <>
      <p>
        From the assessment “{s.campaignTitle}”, closed on {longDate(s.closesOn)}
        {hasPrevious ? <>, compared with “{s.previousTitle}”</> : null}.
      </p>
      {report.topPractices.length > 0 ? (
        <div className="top-bottom">
          <PracticeList items={report.topPractices} label="Rated highest" />
          <PracticeList items={report.bottomPractices} label="Rated lowest" />
        </div>
      ) : null}
      <ReportChart
        label="Favorable ratings by practice"
        unit="percent"
        categories={s.practices.map((p) => `${p.practiceNumber}. ${p.practiceName}`)}
        series={[
          { label: s.campaignTitle, color: CHART_COLORS.blue, values: s.practices.map((p) => p.favorable) },
          ...(hasPrevious ? [{ label: s.previousTitle!, color: CHART_COLORS.sky, values: s.practices.map((p) => p.previous ?? 0) }] : []),
        ]}
      />
      <Table caption="Favorable ratings by practice (share of answers that are 4 or 5)">
        <thead>
          <tr>
            <th scope="col">Practice</th>
            <th scope="col" className="num">
              {s.campaignTitle}
            </th>
            {hasPrevious ? (
              <>
                <th scope="col" className="num">
                  {s.previousTitle}
                </th>
                <th scope="col" className="num">
                  Change
                </th>
              </>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {s.practices.map((p) => (
            <tr key={p.practiceNumber}>
              <th scope="row">
                {p.practiceNumber}. {p.practiceName}
              </th>
              <td className="num">{p.favorable}%</td>
              {hasPrevious ? (
                <>
                  <td className="num">{p.previous === null ? "Not reported" : `${p.previous}%`}</td>
                  <td className="num">{p.change === null ? "—" : p.change === 0 ? "No change" : `${p.change > 0 ? "+" : "−"}${Math.abs(p.change)} points`}</td>
                </>
              ) : null}
            </tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}
