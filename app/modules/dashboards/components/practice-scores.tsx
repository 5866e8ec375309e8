// A practice page's staff-assessment scores across closed campaigns (organization-wide, as the
// results service shows them: a hidden total reads "No data shown" with its note, never a number)
// and the development resources linked to the practice. The table is server-rendered; the chart
// beside it is drawn in the browser and repeats the table's favorable percentages.
import { Link } from "@remix-run/react";
import { CsvLink } from "~/components/csv-link";
import type { DevelopmentResource } from "~/modules/assessments/resources.server";
import type { PracticeScores } from "../assessments.server";
import { ChartBox, TableWrap } from "./dashboard-ui";

const FAVORABLE_COLOR = "#0072B2";

export function PracticeScoresSection({ orgSlug, practiceNumber, scores }: { orgSlug: string; practiceNumber: number; scores: PracticeScores }) {
  return (
    <section className="card dash-section" aria-labelledby="practice-scores">
      <h2 id="practice-scores">Staff assessment scores</h2>
      {scores.state === "none" ? <p className="empty-inline">{scores.message}</p> : (
        <>
          <ScoresBody practiceNumber={practiceNumber} campaigns={scores.campaigns} />
          <CsvLink href={`/o/${orgSlug}/practices/${practiceNumber}/scores.csv`} label={`Download the scores of practice ${practiceNumber} by campaign (CSV)`} />
        </>
      )}
    </section>
  );
}

function ScoresBody({ practiceNumber, campaigns }: { practiceNumber: number; campaigns: Extract<PracticeScores, { state: "ready" }>["campaigns"] }) {
  const caption = `Practice ${practiceNumber} across closed campaigns, oldest first: favorable % and mean, organization-wide`;
  const notes = [...new Set(campaigns.flatMap((c) => (c.note ? [c.note] : [])))];
  const thresholds = [...new Set(campaigns.map((c) => c.threshold))];
  const shown = campaigns.filter((c) => c.favorable !== null);
  return (
    <>
      <p className="muted">
        Favorable is the share of answers of 4 or 5; the mean is on the 1 to 5 scale. A campaign's results are hidden when fewer than{" "}
        {thresholds.join(" or ")} people responded, or when showing them would reveal a smaller group.
      </p>
      {shown.length ? (
        <ChartBox
          height={Math.max(8, 3 + campaigns.length * 2.5)}
          label={`Bar chart: favorable % of practice ${practiceNumber} by campaign, oldest first. The same numbers are in the table below.`}
          categories={campaigns.map((c) => c.title)}
          series={[{ label: "Favorable %", color: FAVORABLE_COLOR, values: campaigns.map((c) => c.favorable) }]}
          percent
        />
      ) : null}
      <TableWrap label={caption}>
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Campaign</th>
              <th scope="col" className="num">
                Respondents
              </th>
              <th scope="col" className="num">
                Favorable
              </th>
              <th scope="col" className="num">
                Mean (1–5)
              </th>
            </tr>
          </thead>
          <tbody>
            {campaigns.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  {c.title} <span className="small muted block">closed {c.closesOn}</span>
                </th>
                {c.n === null ? (
                  <td className="hidden-cell" colSpan={3}>
                    No data shown<sup>*</sup>
                  </td>
                ) : (
                  <>
                    <td className="num">{c.n}</td>
                    <td className="num">{c.favorable === null ? "No answers" : `${c.favorable.toFixed(1)}%`}</td>
                    <td className="num">{c.mean === null ? "No answers" : c.mean.toFixed(2)}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {notes.map((n) => (
        <p key={n} className="small muted">
          <sup>*</sup> {n}
        </p>
      ))}
    </>
  );
}

export function PracticeResourcesSection({ orgSlug, practiceNumber, resources }: { orgSlug: string; practiceNumber: number; resources: DevelopmentResource[] }) {
  return (
    <section className="card" aria-labelledby="practice-resources">
      <h2 id="practice-resources">Development resources</h2>
      {resources.length === 0 ? (
        <p className="empty-inline">No development resource is linked to this practice yet.</p>
      ) : (
        <ul className="plain-list">
          {resources.map((r) => (
            <li key={r.id}>
              <strong>{r.url ? <a href={r.url}>{r.title}</a> : r.title}</strong>
              <span className="small muted"> · {r.source === "icma" ? "ICMA" : "Added by your organization"}</span>
              {r.description ? <span className="block">{r.description}</span> : null}
            </li>
          ))}
        </ul>
      )}
      <p className="small">
        <Link to={`/o/${orgSlug}/assessments/resources?practice=${practiceNumber}`}>All development resources for practice {practiceNumber}</Link>
      </p>
    </section>
  );
}
