import type { SelfResults } from "../results.server";
import { formatDay } from "./survey";

// A person's own self-assessment: their answers by practice and resources for the lowest ones.
// Shown only through their own link or session (getSelfResults takes no id).

export function SelfResultsView({ results }: { results: SelfResults }) {
  const scale = results.campaign.scaleLabels;
  const lowest = results.practices.filter((p) => results.lowest.includes(p.practiceNumber));
  return (
    <>
      <h1>Your self-assessment: {results.campaign.title}</h1>
      <p className="muted">Submitted on {formatDay(results.submittedOn)}. Only you can see this page.</p>
      <div className="table-wrap card">
        <table className="results-table">
          <caption>Your answers by practice (1 = {scale[0]}, 5 = {scale[4]})</caption>
          <thead>
            <tr>
              <th scope="col">Practice</th>
              <th scope="col" className="num">
                Your average (1–5)
              </th>
            </tr>
          </thead>
          <tbody>
            {results.practices.map((p) => (
              <tr key={p.practiceNumber}>
                <th scope="row">
                  {p.practiceNumber}. {p.practiceName}
                  {p.items.length > 1 ? (
                    <ul className="small plain-list">
                      {p.items.map((i) => (
                        <li key={i.statement}>
                          {i.statement}: <strong>{i.value === null ? "Not applicable" : `${i.value} ${scale[i.value - 1] ?? ""}`}</strong>
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </th>
                <td className="num">
                  {p.mean === null ? "Not applicable" : p.mean.toFixed(p.items.length > 1 ? 1 : 0)}
                  {p.mean !== null && p.items.length === 1 ? ` ${scale[Math.round(p.mean) - 1] ?? ""}` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section aria-labelledby="growth-title">
        <h2 id="growth-title">Where to grow</h2>
        {lowest.length === 0 ? (
          <p>You rated yourself at the top of the scale everywhere you answered. The resources library is still open to you.</p>
        ) : (
          <>
            <p>
              Your lowest-rated {lowest.length === 1 ? "practice is" : "practices are"}: {lowest.map((p) => `${p.practiceNumber}. ${p.practiceName}`).join("; ")}.
              These resources are linked to {lowest.length === 1 ? "it" : "them"}:
            </p>
            {results.resources.length === 0 ? (
              <p className="muted">No resources are linked to these practices yet.</p>
            ) : (
              <ul className="stack plain-list">
                {results.resources.map((r) => (
                  <li key={r.id} className="card">
                    <h3>{r.url ? <a href={r.url}>{r.title}</a> : r.title}</h3>
                    {r.description ? <p>{r.description}</p> : null}
                    <p className="small muted">
                      Practices {r.practiceNumbers.join(", ")} · {r.source === "icma" ? "ICMA" : "Your organization"}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </section>
    </>
  );
}
