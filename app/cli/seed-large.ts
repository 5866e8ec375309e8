// `npm run seed:large -- [--scale 1] [--seed 8] [--orgs 200] [--today YYYY-MM-DD] [--password …]`
// Migrates the configured database (DATABASE_URL, or the embedded one at PGLITE_DIR), then creates
// the large tenant and the small organizations beside it, and prints the sign-ins.
import { parseArgs } from "node:util";
import { closeDb } from "#db/client.server";
import { migrateDatabase } from "#db/migrate.server";
import { seedLarge } from "~/seed/large/large.server";

const { values } = parseArgs({
  options: {
    scale: { type: "string", default: "1" },
    seed: { type: "string", default: "8" },
    orgs: { type: "string", default: "200" },
    today: { type: "string" },
    password: { type: "string" },
    json: { type: "boolean", default: false },
  },
});

try {
  await migrateDatabase();
  const summary = await seedLarge({
    scale: Number(values.scale),
    seed: Number(values.seed),
    orgs: Number(values.orgs),
    today: values.today,
    password: values.password,
    log: values.json ? undefined : (line) => console.log(line),
  });
  if (values.json) {
    console.log(JSON.stringify(summary));
  } else {
    console.log(`\nDone in ${summary.seconds.toFixed(1)} s. Organization: /o/${summary.orgSlug} (and ${summary.smallOrgs} small ones).`);
    console.log("Sign-ins (all share one password):");
    for (const s of summary.signIns) console.log(`  ${s.role.padEnd(18)} ${s.email}`);
    console.log(`  ${"password".padEnd(18)} ${summary.password}`);
  }
} finally {
  await closeDb();
}
