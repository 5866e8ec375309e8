// `tsx app/cli/refresh-rollups.ts [--slug lakeshore] [--runs 3]`
// Times refreshAssessmentRollups on the configured database (DATABASE_URL) for the organization's
// largest closed campaign (most answers): what closing a campaign of that size adds to its closing
// transaction. The benchmark calls it; prints one line of JSON. Each run is its own transaction
// (as closing is), and the result is the median of the runs.
import { sql } from "drizzle-orm";
import { parseArgs } from "node:util";
import { refreshAssessmentRollups } from "~/modules/assessments/rollups.server";
import { closeDb, getDb } from "#db/client.server";

const { values } = parseArgs({ options: { slug: { type: "string", default: "lakeshore" }, runs: { type: "string", default: "3" } } });

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

try {
  const db = getDb();
  const runs = Math.max(1, Number(values.runs));
  const [org] = rowsOf<{ id: string }>(await db.execute(sql`select id::text as id from organizations where slug = ${values.slug}`));
  if (!org) throw new Error(`No organization /o/${values.slug} in this database.`);
  const [campaign] = rowsOf<{ id: string; title: string; responses: number; answers: number }>(
    await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('app.org_id', ${org.id}, true)`);
      return tx.execute(sql`
        select c.id::text as id, c.title, count(distinct r.id)::int as responses, count(a.*)::int as answers
        from assessment_campaigns c
        join assessment_responses r on r.org_id = c.org_id and r.campaign_id = c.id
        join assessment_answers a on a.org_id = r.org_id and a.response_id = r.id
        where c.org_id = ${org.id} and c.kind = 'organizational' and c.status = 'closed'
        group by c.id, c.title
        order by answers desc, c.id
        limit 1`);
    }),
  );
  if (!campaign) throw new Error(`/o/${values.slug} has no closed organizational campaign with answers.`);
  const seconds: number[] = [];
  let tallies = 0;
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    tallies = await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('app.org_id', ${org.id}, true)`);
      return (await refreshAssessmentRollups(tx, org.id, campaign.id)).tallies;
    });
    seconds.push((performance.now() - started) / 1000);
  }
  const sorted = [...seconds].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  console.log(JSON.stringify({ campaignId: campaign.id, title: campaign.title, responses: campaign.responses, answers: campaign.answers, tallies, runs: seconds, seconds: median }));
} finally {
  await closeDb();
}
