// Workforce representation on the equity dashboard: the category chooser (a GET form: the choice
// is in the address), a chart of the whole organization's shares (client-only) and, always, the
// same numbers and the levels' as server-rendered tables; hidden cells read "Hidden", never a number.
import { Form, Link } from "@remix-run/react";
import { CsvLink } from "~/components/csv-link";
import type { RepresentationBlock, RepresentationRow } from "~/modules/workforce/representation";
import type { RepresentationView } from "../focus.server";
import { ChartBox, TableWrap } from "./dashboard-ui";

// Okabe–Ito blue and orange; the legend and the table name both series.
const WORKFORCE_COLOR = "#0072B2";
const COMMUNITY_COLOR = "#E69F00";

type Ready = Extract<RepresentationView, { available: true }>;

const pct = (v: number | null) => (v === null ? null : `${v.toFixed(1)}%`);
const communityText = (v: number | null) => (v === null ? null : `${Number.isInteger(v * 10) ? v.toFixed(1) : v.toFixed(2)}%`);
const gapText = (v: number | null) => (v === null ? null : `${v > 0 ? "+" : v < 0 ? "−" : ""}${Math.abs(v).toFixed(1)}`);

function Dash({ spoken }: { spoken: string }) {
  return (
    <>
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">{spoken}</span>
    </>
  );
}

function HiddenCell({ row, threshold }: { row: RepresentationRow; threshold: number }) {
  return <>{row.hidden === "complementary" ? "Hidden" : `Hidden (fewer than ${threshold})`}</>;
}

export function RepresentationTable({ block, categoryLabel, threshold }: { block: RepresentationBlock; categoryLabel: string; threshold: number }) {
  const caption = `${block.key === "all" ? "All active staff" : `${block.label} level`}: workforce and community share by ${categoryLabel.toLowerCase()}${
    block.total === null ? ` (fewer than ${threshold} people: hidden)` : `, ${block.total} people`
  }`;
  return (
    <TableWrap label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col" className="num">
              People
            </th>
            <th scope="col" className="num">
              Workforce share
            </th>
            <th scope="col" className="num">
              Community share
            </th>
            <th scope="col" className="num">
              Gap (points)
            </th>
          </tr>
        </thead>
        <tbody>
          {block.rows.map((r) => (
            <tr key={r.group}>
              <th scope="row">{r.group}</th>
              <td className="num">{r.count === null ? <HiddenCell row={r} threshold={threshold} /> : r.count}</td>
              <td className="num">{pct(r.workforcePercent) ?? <Dash spoken="Hidden" />}</td>
              <td className="num">{communityText(r.communityPercent) ?? <Dash spoken="No community figure" />}</td>
              <td className="num">{gapText(r.gapPoints) ?? <Dash spoken="No gap: a share is hidden or missing" />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

export function RepresentationSection({ view, orgSlug, hiddenFilters }: { view: RepresentationView; orgSlug: string; hiddenFilters: Record<string, string> }) {
  return (
    <section className="card dash-section" aria-labelledby="equity-representation">
      <h2 id="equity-representation">Workforce representation</h2>
      {view.available ? <Representation view={view} orgSlug={orgSlug} hiddenFilters={hiddenFilters} /> : <p className="empty-inline">{view.reason}</p>}
    </section>
  );
}

function Representation({ view, orgSlug, hiddenFilters }: { view: Ready; orgSlug: string; hiddenFilters: Record<string, string> }) {
  const { table, categoryLabel } = view;
  const k = table.threshold;
  const settingsLink = view.canEditCommunity ? <Link to={`/o/${orgSlug}/settings/community`}>Enter or change the community figures</Link> : null;
  const chartRows = table.overall.rows.filter((r) => r.workforcePercent !== null || r.communityPercent !== null);
  const csvQuery = new URLSearchParams({ category: view.category }).toString();
  return (
    <>
      <p className="muted">
        Active staff on the roster by {categoryLabel.toLowerCase()} (self-reported), for the whole organization whatever department is chosen above, against the
        community&apos;s share of each group. Workforce shares are of all active staff at the level, including those who did not report.
      </p>
      <Form method="get" className="plan-filters" aria-label="Field of the representation tables">
        {Object.entries(hiddenFilters).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <div className="field">
          <label htmlFor="representation-category">Demographic field</label>
          <select id="representation-category" name="category" defaultValue={view.category} key={view.category}>
            {view.categories.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
                {c.hasCommunityData ? "" : " (no community figures yet)"}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="secondary">
          Show
        </button>
      </Form>
      {view.sources.length ? (
        <p className="small">
          Community figures: {view.sources.join("; ")}. {settingsLink}
        </p>
      ) : (
        <p className="empty-inline">
          No community figures for {categoryLabel.toLowerCase()} yet, so only the workforce&apos;s shares are shown. {settingsLink}
        </p>
      )}
      {table.overall.total !== null && chartRows.length ? (
        <ChartBox
          height={Math.max(10, chartRows.length * 3 + 4)}
          label={`Bar chart of the workforce's and the community's share by ${categoryLabel.toLowerCase()}, all active staff. The same numbers are in the table below.`}
          categories={chartRows.map((r) => r.group)}
          series={[
            { label: "Workforce %", color: WORKFORCE_COLOR, values: chartRows.map((r) => r.workforcePercent) },
            { label: "Community %", color: COMMUNITY_COLOR, values: chartRows.map((r) => r.communityPercent) },
          ]}
          percent
        />
      ) : null}
      <RepresentationTable block={table.overall} categoryLabel={categoryLabel} threshold={k} />
      <h3>By supervisory level</h3>
      {table.levels.map((b) => (
        <RepresentationTable key={b.key} block={b} categoryLabel={categoryLabel} threshold={k} />
      ))}
      {table.anyHidden ? (
        <p className="muted small">
          “Hidden (fewer than {k})” is a group with fewer than {k} people at that level — possibly nobody — so that no one can be singled out; “Hidden” is a
          larger group hidden as well, because the hidden group could otherwise be worked out by subtraction from the totals or the other levels. A level with
          fewer than {k} people is hidden entirely. Groups with fewer than {k} people in the whole organization, and no community figure, are not named: they
          are counted together as “Smaller groups”.
        </p>
      ) : null}
      <CsvLink href={`/o/${orgSlug}/dashboards/representation.csv?${csvQuery}`} label="Download the representation tables as CSV" />
    </>
  );
}
