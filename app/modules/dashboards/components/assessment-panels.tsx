// Staff assessment results on the dashboards, as the results service hands them over: hidden
// cells read "Hidden" with the service's note, never a number; every table is server-rendered.
import { Link } from "@remix-run/react";
import { CsvLink } from "~/components/csv-link";
import { AddressPager } from "~/components/pager";
import type { AssessmentTable } from "../assessment-csv.server";
import type { ScoreRow } from "../assessments.server";
import { PANEL_PAGE_PARAMS, type PagedAssessmentPanels, type PanelList } from "../panel-pages";
import { TableWrap } from "./dashboard-ui";

const pct = (v: number | null | undefined) => (v === null || v === undefined ? null : `${v.toFixed(1)}%`);

/** Heatmap cell tint: a single blue scale by favorable %, light enough for dark text; the number is
 * always written in the cell, so the colour only repeats it. */
function tint(v: number | null | undefined): string | undefined {
  if (v === null || v === undefined) return undefined;
  const steps = ["#f7fbff", "#deebf7", "#c6dbef", "#9ecae1"];
  return steps[Math.min(steps.length - 1, Math.floor(Math.max(0, Math.min(99.9, v)) / 25))];
}

function Score({ value, heat }: { value: number | null | undefined; heat?: boolean }) {
  const text = pct(value);
  return (
    <td className="num" style={heat ? { background: tint(value) } : undefined}>
      {text ?? (
        <>
          <span aria-hidden="true">—</span>
          <span className="visually-hidden">Hidden or no answers</span>
        </>
      )}
    </td>
  );
}

function ScoreTable({ caption, firstColumn, practices, rows, total, heat }: { caption: string; firstColumn: string; practices: { number: number; name: string }[]; rows: ScoreRow[]; total?: ScoreRow; heat?: boolean }) {
  const notes = [...new Set([...rows, ...(total ? [total] : [])].flatMap((r) => (r.note ? [r.note] : [])))];
  return (
    <>
      <TableWrap label={caption}>
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{firstColumn}</th>
              <th scope="col" className="num">
                Respondents
              </th>
              {practices.map((p) => (
                <th key={p.number} scope="col" className="num" title={p.name}>
                  <abbr title={p.name}>P{p.number}</abbr>
                  <span className="visually-hidden"> {p.name}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.label}</th>
                <td className="num">{r.n ?? "Hidden"}</td>
                {r.favorable.map((v, i) => (
                  <Score key={practices[i]?.number ?? i} value={v} heat={heat} />
                ))}
              </tr>
            ))}
          </tbody>
          {total ? (
            <tfoot>
              <tr>
                <th scope="row">{total.label}</th>
                <td className="num">{total.n ?? "Hidden"}</td>
                {total.favorable.map((v, i) => (
                  <Score key={practices[i]?.number ?? i} value={v} />
                ))}
              </tr>
            </tfoot>
          ) : null}
        </table>
      </TableWrap>
      {notes.map((n) => (
        <p key={n} className="muted small">
          {n}
        </p>
      ))}
    </>
  );
}

export function AssessmentSection({
  id,
  title,
  panels,
  orgSlug,
  csvHref,
}: {
  id: string;
  title: string;
  panels: PagedAssessmentPanels;
  orgSlug: string;
  /** The address of a table's CSV download (the page's CSV route with its filters); no links without it. */
  csvHref?: (table: AssessmentTable) => string;
}) {
  const download = (table: AssessmentTable, label: string) => (csvHref ? <CsvLink href={csvHref(table)} label={`Download ${label} (CSV)`} /> : null);
  if (panels.state === "none") {
    return (
      <section className="card" aria-labelledby={id}>
        <h2 id={id}>{title}</h2>
        <p className="empty-inline">{panels.message}</p>
      </section>
    );
  }
  const { campaign, heatmap, change, participation, groups, groupsNote, trend, pages } = panels;
  /** " (departments 16–30 of 60, page 2 of 4)" after a paginated table's caption. */
  const listed = (list: PanelList) => {
    const p = pages?.[list];
    if (!p || p.pageCount <= 1) return "";
    const first = (p.page - 1) * p.pageSize + 1;
    return ` (departments ${first}–${Math.min(p.count, first + p.pageSize - 1)} of ${p.count}, page ${p.page} of ${p.pageCount})`;
  };
  const pager = (list: PanelList, what: string) => {
    const p = pages?.[list];
    return p ? <AddressPager label={`Pages of the ${what}`} param={PANEL_PAGE_PARAMS[list]} page={p.page} pageCount={p.pageCount} anchor={`${id}-${list}`} /> : null;
  };
  return (
    <section className="card dash-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p className="muted">
        Campaign “{campaign.title}”, closed {campaign.closesOn}. Favorable is the share of answers of 4 or 5. Groups of fewer than {panels.threshold}{" "}
        respondents, and any number that would reveal one, are hidden.
      </p>
      {heatmap ? (
        <>
          <h3 id={`${id}-heatmap`}>Practices by department</h3>
          <ScoreTable
            caption={`Favorable % by practice and department${listed("heatmap")}`}
            firstColumn="Department"
            practices={heatmap.practices}
            rows={heatmap.rows}
            total={heatmap.total}
            heat
          />
          {pager("heatmap", "favorable % by practice and department")}
          {download("assessments-heatmap", "favorable % by practice and department")}
        </>
      ) : null}
      {change !== undefined ? (
        <>
          <h3>Change since the previous campaign</h3>
          {change === null ? (
            <p className="empty-inline">There is no earlier closed campaign to compare with.</p>
          ) : (
            <TableWrap label={`Favorable % by practice: “${campaign.title}” against “${change.previous.title}”`}>
              <table>
                <caption>Favorable % by practice: “{campaign.title}” against “{change.previous.title}”</caption>
                <thead>
                  <tr>
                    <th scope="col">Practice</th>
                    <th scope="col" className="num">
                      Now
                    </th>
                    <th scope="col" className="num">
                      Before
                    </th>
                    <th scope="col" className="num">
                      Change (points)
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {[...change.rows]
                    .sort((a, b) => (a.change ?? Infinity) - (b.change ?? Infinity))
                    .map((r) => (
                      <tr key={r.practiceNumber}>
                        <th scope="row">
                          <Link to={`/o/${orgSlug}/practices/${r.practiceNumber}`}>
                            {r.practiceNumber}. {r.practiceName}
                          </Link>
                        </th>
                        <td className="num">{pct(r.current) ?? "—"}</td>
                        <td className="num">{pct(r.previous) ?? "—"}</td>
                        <td className="num">{r.change === null ? "—" : `${r.change > 0 ? "+" : ""}${r.change.toFixed(1)}`}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </TableWrap>
          )}
          {change ? download("assessments-change", "the change since the previous campaign") : null}
        </>
      ) : null}
      {trend ? (
        <>
          <h3>Across campaigns</h3>
          <TableWrap label={`Favorable % of practices ${trend.practices.map((p) => p.number).join(", ")} by campaign, oldest first`}>
            <table>
              <caption>Favorable % of practices {trend.practices.map((p) => p.number).join(", ")} by campaign, oldest first</caption>
              <thead>
                <tr>
                  <th scope="col">Campaign</th>
                  {trend.practices.map((p) => (
                    <th key={p.number} scope="col" className="num">
                      {p.number}. {p.name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {trend.campaigns.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">
                      {c.title} <span className="small muted block">closed {c.closesOn}</span>
                    </th>
                    {c.favorable.map((v, i) => (
                      <Score key={trend.practices[i]?.number ?? i} value={v} />
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          {download("assessments-trend", "favorable % by campaign")}
        </>
      ) : null}
      {groupsNote ? <p className="notice">{groupsNote}</p> : null}
      {groups?.map((g) => (
        <div key={g.dimensionLabel}>
          <h3>By {g.dimensionLabel.toLowerCase()}</h3>
          <ScoreTable caption={`Favorable % by practice and ${g.dimensionLabel.toLowerCase()}`} firstColumn={g.dimensionLabel} practices={g.practices} rows={g.rows} />
          <TableWrap label={`Gap between the highest and lowest ${g.dimensionLabel.toLowerCase()} shown, by practice`}>
            <table>
              <caption>Gap between the highest and lowest {g.dimensionLabel.toLowerCase()} shown, by practice</caption>
              <thead>
                <tr>
                  <th scope="col">Practice</th>
                  <th scope="col" className="num">
                    Gap (points)
                  </th>
                  <th scope="col">Highest</th>
                  <th scope="col">Lowest</th>
                </tr>
              </thead>
              <tbody>
                {g.gaps.map((x) => (
                  <tr key={x.practiceNumber}>
                    <th scope="row">{g.practices.find((p) => p.number === x.practiceNumber)?.name ?? x.practiceNumber}</th>
                    <td className="num">{x.gap === null ? "—" : x.gap.toFixed(1)}</td>
                    <td>{x.highest ?? "—"}</td>
                    <td>{x.lowest ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </div>
      ))}
      {groups?.length ? download("assessments-groups", "favorable % by practice for every group") : null}
      {participation ? (
        <>
          <h3 id={`${id}-participation`}>Participation</h3>
          <TableWrap label={`Participation by department${listed("participation")}`}>
            <table>
              <caption>Participation by department{listed("participation")}</caption>
              <thead>
                <tr>
                  <th scope="col">Department</th>
                  <th scope="col" className="num">
                    Invited
                  </th>
                  <th scope="col" className="num">
                    Responded
                  </th>
                  <th scope="col" className="num">
                    Rate
                  </th>
                </tr>
              </thead>
              <tbody>
                {participation.departments.map((d) => (
                  <tr key={d.departmentId ?? "none"}>
                    <th scope="row">{d.departmentName}</th>
                    <td className="num">{d.invited}</td>
                    <td className="num">{d.responded ?? "Hidden"}</td>
                    <td className="num">{pct(d.ratePct) ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{participation.total.departmentName}</th>
                  <td className="num">{participation.total.invited}</td>
                  <td className="num">{participation.total.responded ?? "Hidden"}</td>
                  <td className="num">{pct(participation.total.ratePct) ?? "—"}</td>
                </tr>
              </tfoot>
            </table>
          </TableWrap>
          {pager("participation", "participation by department")}
          {download("assessments-participation", "participation by department")}
        </>
      ) : null}
    </section>
  );
}
