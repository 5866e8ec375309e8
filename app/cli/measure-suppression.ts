// `DATABASE_URL=… npx tsx app/cli/measure-suppression.ts [org-slug]`: how much the results of each
// closed organizational campaign of an organization hide, as the results service decides it (the
// campaign's cells, and each item's own decisions as its rollups store them): the share
// of department cells with respondents that are hidden, how many of them had at least k
// respondents, and the share of practice numbers hidden inside shown department cells. Read-only;
// connects as the database owner (an operator's tool, like seed:large), not through the app role.
import postgres from "postgres";
import { cellKey, cutsFor, decideSuppression, type Atom, type Dimension } from "~/modules/assessments/suppression";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("Set DATABASE_URL.");
const slug = process.argv[2] ?? "lakeshore";
const sql = postgres(url, { max: 1 });
try {
  const campaigns = await sql<{ id: string; title: string; k: number; categories: string[]; atoms: Atom[]; itemHidden: Record<string, string[]> }[]>`
    select c.id, c.title, c.anonymity_threshold as k, c.demographic_categories as categories, r.atoms, r.item_hidden as "itemHidden"
    from assessment_campaigns c
    join organizations o on o.id = c.org_id
    join assessment_result_rollups r on r.org_id = c.org_id and r.campaign_id = c.id
    where o.slug = ${slug} and c.kind = 'organizational'
    order by c.closes_on, c.updated_at`;
  const items = await sql<{ campaignId: string; id: string; practiceNumber: number }[]>`
    select i.campaign_id as "campaignId", i.id, i.practice_number as "practiceNumber" from assessment_items i
    join organizations o on o.id = i.org_id where o.slug = ${slug}`;
  let hiddenAll = 0;
  let cellsAll = 0;
  for (const c of campaigns) {
    const dims: Dimension[] = ["department", "level", ...c.categories.map((x) => `demographic:${x}` as const)];
    const cuts = cutsFor(dims);
    const started = performance.now();
    const decisions = decideSuppression({ atoms: c.atoms, k: c.k, cuts });
    const ms = performance.now() - started;
    const departments = [...decisions.values()].filter((d) => d.cut.length === 1 && d.cut[0] === "department" && d.n > 0);
    const hidden = departments.filter((d) => !d.shown);
    const bigHidden = hidden.filter((d) => d.n >= c.k);
    const mine = items.filter((i) => i.campaignId === c.id);
    const practiceNumbers = [...new Set(mine.map((i) => i.practiceNumber))];
    let practiceCells = 0;
    let practiceHidden = 0;
    for (const d of departments.filter((x) => x.shown)) {
      for (const p of practiceNumbers) {
        practiceCells += 1;
        const key = cellKey(["department"], d.values);
        if (mine.filter((i) => i.practiceNumber === p).some((i) => c.itemHidden[i.id]?.includes(key))) practiceHidden += 1;
      }
    }
    hiddenAll += hidden.length;
    cellsAll += departments.length;
    console.log(
      `${c.title}: k=${c.k}; department cells hidden ${hidden.length} of ${departments.length} (${((100 * hidden.length) / departments.length).toFixed(1)}%), ` +
        `${bigHidden.length} of them with ≥ k respondents (largest ${Math.max(0, ...bigHidden.map((d) => d.n))}); ` +
        `practice numbers hidden in shown department cells ${practiceHidden} of ${practiceCells}; items with their own decisions ${Object.keys(c.itemHidden).length}; decided in ${ms.toFixed(0)} ms`,
    );
  }
  console.log(`All campaigns: department cells hidden ${hiddenAll} of ${cellsAll} (${((100 * hiddenAll) / Math.max(1, cellsAll)).toFixed(1)}%)`);
} finally {
  await sql.end();
}
