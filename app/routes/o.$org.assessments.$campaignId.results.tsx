import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AddressPager } from "~/components/pager";
import { pageNumberFrom } from "~/modules/core/pagination";
import { getCampaign } from "~/modules/assessments/campaigns.server";
import { CampaignStatusBadge, day, ParticipationTable, pct } from "~/modules/assessments/components/assessment-ui";
import { getComments, getParticipation, getResults, type Dimension } from "~/modules/assessments/results.server";
import { can } from "~/modules/auth/permissions";
import { cachedJson } from "~/modules/cache/view-cache.server";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { ChartBox, TableWrap } from "~/modules/dashboards/components/dashboard-ui";
import assessmentStyles from "~/styles/assessments.css";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: `Results of ${data?.campaign.title ?? "campaign"} — Assessments — Praxis`,
  },
];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: assessmentStyles }];

function cutFrom(param: string | null): Dimension[] {
  if (!param) return [];
  return param.split(",").filter(Boolean).slice(0, 2) as Dimension[];
}

/** Served from the view cache while nothing of the organization changes (ADR 014). */
export const handle = { viewCache: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "assessments.results");
  // What the page shows, computed once per organization data version (app/modules/cache).
  return cachedJson(ctx, request, async () => {
    const campaign = await getCampaign(ctx, params.campaignId ?? "");
    const canManage = can(ctx.role, "assessments.manage");
    const base = {
      orgSlug: ctx.orgSlug,
      campaign: {
        id: campaign.id,
        title: campaign.title,
        kind: campaign.kind,
        status: campaign.effectiveStatus,
        opensOn: campaign.opensOn,
        closesOn: campaign.closesOn,
        anonymityThreshold: campaign.anonymityThreshold,
        commentsThreshold: campaign.commentsThreshold,
        depth: campaign.depth,
      },
    };
    if (campaign.effectiveStatus !== "closed" || campaign.kind === "self") {
      const participation =
        campaign.invited > 0 && (canManage || campaign.effectiveStatus === "closed") ? await getParticipation(ctx, campaign.id) : null;
      return {
        ...base,
        mode: "participation" as const,
        participation,
        results: null,
        comments: null,
        cutParam: "",
        cutRefused: false,
        compare: false,
      };
    }
    const url = new URL(request.url);
    const cutParam = url.searchParams.get("cut") ?? "";
    const compare = url.searchParams.get("compare") === "1";
    let cutRefused = false;
    let results;
    try {
      results = await getResults(ctx, campaign.id, { cut: cutFrom(cutParam), compare });
    } catch (error) {
      // A cut this campaign does not have (an edited address): say so, and show the whole organization.
      if (!(error instanceof Response) || error.status !== 409) throw error;
      cutRefused = true;
      results = await getResults(ctx, campaign.id, { compare });
    }
    // Each practice's comments a page at a time (?comments<practice>=<page>).
    const commentPages = Object.fromEntries(Array.from({ length: 14 }, (_, i) => [i + 1, pageNumberFrom(url.searchParams.get(`comments${i + 1}`))]));
    const [participation, comments] = await Promise.all([getParticipation(ctx, campaign.id), getComments(ctx, campaign.id, { pages: commentPages })]);
    return {
      ...base,
      mode: "results" as const,
      participation,
      results,
      comments,
      cutParam: cutRefused ? "" : cutParam,
      cutRefused,
      compare,
    };
  });
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Results = NonNullable<Data["results"]>;
type Cell = Results["total"];

const fmtMean = (x: number | null) => (x === null ? "—" : x.toFixed(2));

export default function ResultsPage() {
  const data = useLoaderData<typeof loader>();
  const { campaign, orgSlug } = data;
  const here = `/o/${orgSlug}/assessments/${campaign.id}`;
  return (
    <>
      <p className="small">
        <Link to={here}>Back to {campaign.title}</Link>
      </p>
      <div className="page-header">
        <div>
          <h1>Results: {campaign.title}</h1>
          <p className="muted">
            {day(campaign.opensOn)} to {day(campaign.closesOn)} · <CampaignStatusBadge status={campaign.status} />
          </p>
        </div>
      </div>
      <p className="notice info">
        Any group with fewer than {campaign.anonymityThreshold} respondents is hidden, and so is any number from which a hidden group's
        answers could be worked out. Hidden groups look the same as groups without answers.
      </p>
      {data.mode === "participation" ? (
        <>
          <p className="notice warn">
            {campaign.kind === "self"
              ? "Self-assessment results belong to each person: they read their own results on their page. Participation is shown here."
              : "Results are available once the campaign has closed. While it is open, administrators can follow participation."}
          </p>
          {data.participation ? (
            <section aria-labelledby="participation-title">
              <h2 id="participation-title">Participation{data.participation.live ? " (live)" : ""}</h2>
              <ParticipationTable
                caption={`Participation by department in ${campaign.title}`}
                total={data.participation.total}
                rows={data.participation.departments}
              />
            </section>
          ) : null}
        </>
      ) : (
        <FullResults />
      )}
    </>
  );
}

function cutLabel(results: Results, cut: readonly string[]): string {
  if (cut.length === 0) return "Whole organization only";
  return cut.map((d) => results.dimensions.find((x) => x.dimension === d)?.label ?? d).join(" × ");
}

function FullResults() {
  const data = useLoaderData<typeof loader>();
  const results = data.results!;
  const comments = data.comments!;
  const participation = data.participation!;
  const { campaign, orgSlug, cutParam } = data;
  const here = `/o/${orgSlug}/assessments/${campaign.id}/results`;
  const total = results.total;
  // Administrators see the organization; a department head their own group and everyone else.
  const scoped = results.scope === "own_group";
  const who = scoped ? total.groups.map((g) => g.label).join(", ") || "your department" : "all respondents";
  const csvHref = `/o/${orgSlug}/assessments/${campaign.id}/results.csv${cutParam ? `?cut=${encodeURIComponent(cutParam)}` : ""}`;
  const showItems = results.items.length > results.practices.length;
  // The previous campaign's organization-wide figures, through its own suppression.
  const prevTotal = results.previous?.total;
  const previousTotals =
    results.previous && prevTotal?.shown
      ? {
          title: results.previous.campaign.title,
          byPractice: new Map(prevTotal.practices.map((p) => [String(p.practiceNumber), { mean: p.mean, favorablePct: p.favorablePct }])),
        }
      : null;
  return (
    <>
      <section aria-labelledby="participation-title">
        <h2 id="participation-title">Participation</h2>
        <ParticipationTable
          caption={`Participation by department in ${campaign.title}`}
          total={participation.total}
          rows={participation.departments}
        />
      </section>

      <section aria-labelledby="practices-title">
        <h2 id="practices-title">Scores by practice</h2>
        <p className="small muted">
          Mean on the 1–5 scale; favorable is the share of answers of 4 or 5; “not applicable” answers are counted apart.
        </p>
        {total.shown ? (
          <>
            <ChartBox
              height={Math.max(16, results.practices.length * 1.8)}
              label={`Bar chart of the share of favorable answers by practice, ${who}. The same numbers are in the table below.`}
              categories={total.practices.filter((p) => p.shown).map((p) => `${p.practiceNumber}. ${p.practiceName}`)}
              series={[
                {
                  label: "Favorable % (4–5)",
                  color: "#0072B2",
                  values: total.practices.filter((p) => p.shown).map((p) => Math.round(p.favorablePct ?? 0)),
                },
              ]}
            />
            <StatTable
              caption={`Scores by practice, ${who} (${total.n} people)`}
              rowHeader="Practice"
              rows={total.practices.map((p) => ({
                key: String(p.practiceNumber),
                label: `${p.practiceNumber}. ${p.practiceName}`,
                stat: p,
              }))}
              previous={previousTotals}
            />
            {data.compare && !previousTotals ? (
              <p className="small muted">
                {results.previous
                  ? "The previous campaign's organization-wide results are hidden, so there is nothing to compare with."
                  : "There is no earlier closed organizational campaign to compare with."}
              </p>
            ) : null}
          </>
        ) : (
          <HiddenNote cell={total} />
        )}
      </section>

      {scoped && results.others ? (
        <section aria-labelledby="others-title">
          <h2 id="others-title">Everyone else</h2>
          <p className="small muted">Respondents outside your department, together. Department heads do not see organization-wide results or other departments.</p>
          {results.others.shown ? (
            <StatTable
              caption={`Scores by practice, everyone else (${results.others.n} people)`}
              rowHeader="Practice"
              rows={results.others.practices.map((p) => ({ key: String(p.practiceNumber), label: `${p.practiceNumber}. ${p.practiceName}`, stat: p }))}
            />
          ) : (
            <HiddenNote cell={results.others} />
          )}
        </section>
      ) : null}

      {showItems && total.shown ? (
        <section aria-labelledby="items-title">
          <h2 id="items-title">Scores by statement</h2>
          <StatTable
            caption={`Scores by statement (leadership and management dimensions), ${who} (${total.n} people)`}
            rowHeader="Statement"
            rows={total.items.map((s) => {
              const item = results.items.find((i) => i.id === s.itemId)!;
              const tag = item.dimensionKind
                ? `${item.practiceNumber}${item.dimensionKind === "leadership" ? "L" : "M"}${item.dimensionLetter ?? ""}`
                : String(item.practiceNumber);
              return {
                key: s.itemId,
                label: `${tag}. ${item.statement}`,
                stat: s,
              };
            })}
          />
        </section>
      ) : null}

      <section aria-labelledby="cut-title">
        <h2 id="cut-title">By group</h2>
        <Form method="get" action={here} className="cut-form">
          <div className="field">
            <label htmlFor="cut">Compare groups by</label>
            <select id="cut" name="cut" defaultValue={cutParam}>
              {results.cuts.map((c) => (
                <option key={c.join(",")} value={c.join(",")}>
                  {cutLabel(results, c)}
                </option>
              ))}
            </select>
          </div>
          <label className="check">
            <input type="checkbox" name="compare" value="1" defaultChecked={data.compare} />
            <span>Compare with the previous campaign</span>
          </label>
          <button type="submit" className="secondary">
            Show
          </button>
        </Form>
        {data.cutRefused ? <p className="notice warn">Results cannot be cut that way; showing the whole organization.</p> : null}
        {results.cut.length > 0 ? (
          <CutTable results={results} />
        ) : (
          <p className="muted">
            Choose a way to compare groups: department, supervisory level, a question about the respondent, or a department with one of the
            others.
          </p>
        )}
        <p>
          <a href={csvHref} download>
            Download these results (CSV)
          </a>
        </p>
      </section>

      <section aria-labelledby="comments-title">
        <h2 id="comments-title">Comments by practice</h2>
        {comments.practices.every((p) => !p.shown) ? (
          <p className="muted">{comments.practices[0]?.note ?? "No comments."}</p>
        ) : (
          comments.practices.map((p) => (
            <section key={p.practiceNumber} className="card" aria-labelledby={`comments-${p.practiceNumber}`}>
              <h3 id={`comments-${p.practiceNumber}`}>
                {p.practiceNumber}. {p.practiceName}
              </h3>
              {p.comments.length ? (
                <details open={p.page > 1}>
                  <summary>
                    {p.count} {p.count === 1 ? "comment" : "comments"}
                    <span className="visually-hidden"> on {p.practiceName}</span>
                    {p.pageCount > 1 ? `, ${(p.page - 1) * comments.pageSize + 1}–${(p.page - 1) * comments.pageSize + p.comments.length} shown` : null}
                  </summary>
                  <ul className="comment-list">
                    {p.comments.map((c, i) => (
                      <li key={i}>{c}</li>
                    ))}
                  </ul>
                  <AddressPager label={`Pages of comments on ${p.practiceName}`} param={`comments${p.practiceNumber}`} page={p.page} pageCount={p.pageCount} anchor={`comments-${p.practiceNumber}`} />
                </details>
              ) : (
                <p className="muted">No comments on this practice.</p>
              )}
            </section>
          ))
        )}
        <p className="small muted">
          Comments are shown organization-wide only, in alphabetical order, when at least {comments.threshold} people responded.
        </p>
      </section>
    </>
  );
}

function HiddenNote({ cell }: { cell: Cell }) {
  if (cell.shown) return null;
  return <p className="notice info">No data shown. {cell.note}</p>;
}

type StatRow = {
  key: string;
  label: string;
  stat: {
    shown: boolean;
    mean: number | null;
    favorablePct: number | null;
    distribution: number[] | null;
    notApplicable: number | null;
  };
};

/** Why a statement's or practice's numbers are not shown although its group is. */
export const ITEM_HIDDEN_NOTE =
  "Hidden to protect anonymity: fewer people than the threshold answered it (answers of “not applicable” do not count), or its numbers would let such a group's answers be worked out.";

type PreviousTotals = { title: string; byPractice: Map<string, { mean: number | null; favorablePct: number | null }> } | null;

function StatTable({ caption, rowHeader, rows, previous = null }: { caption: string; rowHeader: string; rows: StatRow[]; previous?: PreviousTotals }) {
  return (
    <div className="card">
      <TableWrap label={caption}>
        <table className="results-table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{rowHeader}</th>
              <th scope="col" className="num">
                Mean (1–5)
              </th>
              <th scope="col" className="num">
                Favorable (4–5)
              </th>
              {[1, 2, 3, 4, 5].map((v) => (
                <th key={v} scope="col" className="num">
                  <span className="visually-hidden">Answers of </span>
                  {v}
                </th>
              ))}
              <th scope="col" className="num">
                Not applicable
              </th>
              {previous ? (
                <>
                  <th scope="col" className="num">
                    Mean in {previous.title}
                  </th>
                  <th scope="col" className="num">
                    Favorable in {previous.title}
                  </th>
                </>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.label}</th>
                {r.stat.shown && r.stat.distribution ? (
                  <>
                    <td className="num">{fmtMean(r.stat.mean)}</td>
                    <td className="num">{pct(r.stat.favorablePct)}</td>
                    {r.stat.distribution.map((c, i) => (
                      <td key={i} className="num">
                        {c}
                      </td>
                    ))}
                    <td className="num">{r.stat.notApplicable}</td>
                  </>
                ) : (
                  <td className="hidden-cell" colSpan={8}>
                    Hidden<sup>†</sup>
                  </td>
                )}
                {previous ? (
                  <>
                    <td className="num">{fmtMean(previous.byPractice.get(r.key)?.mean ?? null)}</td>
                    <td className="num">{pct(previous.byPractice.get(r.key)?.favorablePct ?? null)}</td>
                  </>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {rows.some((r) => !r.stat.shown) ? (
        <p className="small muted">
          <sup>†</sup> {ITEM_HIDDEN_NOTE}
        </p>
      ) : null}
    </div>
  );
}

function CutTable({ results }: { results: Results }) {
  const notes = [...new Set(results.cells.filter((c) => !c.shown).map((c) => (c.shown ? "" : c.note)))];
  const label = cutLabel(results, results.cut);
  return (
    <>
      <div className="card">
        <TableWrap label={`Mean score (and favorable share) by practice and ${label.toLowerCase()}`}>
          <table className="results-table">
            <caption>Mean score (and favorable share) by practice and {label.toLowerCase()}</caption>
            <thead>
              <tr>
                <th scope="col">{label}</th>
                <th scope="col" className="num">
                  Respondents
                </th>
                {results.practices.map((p) => (
                  <th key={p.number} scope="col" className="num" title={p.name}>
                    <abbr title={p.name}>P{p.number}</abbr>
                    <span className="visually-hidden"> {p.name}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {results.cells.map((cell) => (
                <tr key={cell.key}>
                  <th scope="row">{cell.groups.map((g) => g.label).join(" · ")}</th>
                  {cell.shown ? (
                    <>
                      <td className="num">{cell.n}</td>
                      {cell.practices.map((p) =>
                        p.shown ? (
                          <td key={p.practiceNumber} className="num">
                            {fmtMean(p.mean)}
                            <br />
                            <span className="small muted">{pct(p.favorablePct)}</span>
                          </td>
                        ) : (
                          <td key={p.practiceNumber} className="num hidden-cell">
                            Hidden<sup>†</sup>
                          </td>
                        ),
                      )}
                    </>
                  ) : (
                    <td className="hidden-cell" colSpan={results.practices.length + 1}>
                      No data shown<sup>*</sup>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </div>
      {notes.map((n) => (
        <p key={n} className="small muted">
          <sup>*</sup> {n}
        </p>
      ))}
      {results.cells.some((c) => c.shown && c.practices.some((p) => !p.shown)) ? (
        <p className="small muted">
          <sup>†</sup> {ITEM_HIDDEN_NOTE}
        </p>
      ) : null}
    </>
  );
}
