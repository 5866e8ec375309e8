// Upgrading a database that holds data: a fresh database (every other test, the demo, e2e) never
// meets a migration's UPDATE firing a deferred trigger before an ALTER TABLE in the same
// transaction ("cannot ALTER TABLE … because it has pending trigger events"), which is what a
// city's server meets when it upgrades. Each case migrates an embedded database up to a point,
// writes the rows a real organization has there, then applies every later migration.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { afterAll, describe, expect, it } from "vitest";

const FULL = path.resolve(process.cwd(), "drizzle");
const temp: string[] = [];
afterAll(() => temp.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A copy of the migrations folder that ends with the migration tagged `lastTag`. */
function migrationsUpTo(lastTag: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "praxis-migrations-"));
  temp.push(dir);
  fs.cpSync(FULL, dir, { recursive: true });
  const journalFile = path.join(dir, "meta", "_journal.json");
  const journal = JSON.parse(fs.readFileSync(journalFile, "utf8")) as { entries: { idx: number; tag: string }[] };
  const last = journal.entries.findIndex((e) => e.tag === lastTag);
  expect(last, `migration ${lastTag} exists`).toBeGreaterThanOrEqual(0);
  journal.entries = journal.entries.slice(0, last + 1);
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  return dir;
}

describe("migrations upgrade a database that already holds an organization's data", () => {
  it("from before sealed drafts (0028): invitations with roster addresses, a member, saved drafts", async () => {
    const pg = new PGlite();
    const db = drizzle(pg);
    await migrate(db, { migrationsFolder: migrationsUpTo("0027_sso_by_email_domain") });
    const org = (await pg.query<{ id: string }>(`insert into organizations (id, slug, name, kind, state) values (gen_random_uuid(), 'upgrade-town', 'Upgrade Town', 'town', 'OR') returning id`)).rows[0]!.id;
    const user = (await pg.query<{ id: string }>(`insert into users (email, display_name, password_hash) values ('pat@upgrade.gov', 'Pat', 'x') returning id`)).rows[0]!.id;
    await pg.query(`insert into memberships (org_id, user_id, role) values ($1, $2, 'staff')`, [org, user]);
    const staff = (await pg.query<{ id: string }>(`insert into staff_members (org_id, employee_number, full_name, email) values ($1, 'E1', 'Pat', 'Pat@Upgrade.gov') returning id`, [org])).rows[0]!.id;
    await pg.query(`insert into frameworks (code, name, approved) values ('icma-2017', 'ICMA practices', '2017')`);
    const campaign = (
      await pg.query<{ id: string }>(
        `insert into assessment_campaigns (org_id, title, kind, depth, framework_code, practice_numbers, scale_labels, opens_on, closes_on, anonymity_threshold)
         values ($1, 'Survey', 'organizational', 'practice', 'icma-2017', '{1}', '{a,b,c,d,e}', '2026-01-01', '2026-02-01', 5) returning id`,
        [org],
      )
    ).rows[0]!.id;
    const invitation = (
      await pg.query<{ id: string }>(`insert into assessment_invitations (org_id, campaign_id, staff_member_id, token_hash, supervisory_level) values ($1, $2, $3, 'h', 'staff') returning id`, [org, campaign, staff])
    ).rows[0]!.id;
    await pg.query(`insert into assessment_drafts (org_id, invitation_id, answers, step) values ($1, $2, '{"1": 4}', 2)`, [org, invitation]);

    await migrate(db, { migrationsFolder: FULL });

    const after = await pg.query<{ email: string; user_id: string }>(`select email, user_id from assessment_invitations where id = $1`, [invitation]);
    expect(after.rows[0]).toEqual({ email: "pat@upgrade.gov", user_id: user });
    // Clear-text drafts cannot be sealed with a key the server never had: they are gone.
    expect((await pg.query(`select 1 from assessment_drafts`)).rows).toHaveLength(0);
    await pg.close();
  }, 120_000);
});
