// `npm run restore:org -- --file export.zip [--slug new-address] [--temporary-passwords accounts.csv]`
// Restores one organization from its full export (Organization settings → Export) into the
// configured database (DATABASE_URL, or the embedded one at PGLITE_DIR; stop the app first when
// it is the embedded one), after applying any pending migrations. All or nothing: on any refusal
// nothing is written and the command exits with status 1. See docs/decisions/013-restore.md.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { RestoreRefused, restoreOrganization } from "~/modules/exports/restore.server";
import { closeDb } from "#db/client.server";
import { migrateDatabase } from "#db/migrate.server";

const { values } = parseArgs({
  options: {
    file: { type: "string" },
    slug: { type: "string" },
    "temporary-passwords": { type: "string" },
  },
});

if (!values.file) {
  console.error("Usage: npm run restore:org -- --file export.zip [--slug new-address] [--temporary-passwords accounts.csv]");
  process.exit(2);
}
const passwordsFile = values["temporary-passwords"];
if (passwordsFile && fs.existsSync(passwordsFile)) {
  console.error(`${passwordsFile} exists: choose a new file for the temporary passwords.`);
  process.exit(2);
}

let status = 0;
try {
  await migrateDatabase();
  const result = await restoreOrganization(new Uint8Array(fs.readFileSync(values.file)), {
    slug: values.slug,
    temporaryPasswords: Boolean(passwordsFile),
  });
  console.log(`Restored ${result.name} at /o/${result.slug} (organization ${result.orgId}).`);
  for (const [table, n] of Object.entries(result.rows)) console.log(`  ${table}: ${n}`);
  for (const s of result.skipped) console.log(`  not restored: ${s.table} (${s.rows} rows): ${s.reason}`);
  console.log(`Members with an account here already (they sign in as before): ${result.matchedAccounts.length}`);
  for (const a of result.matchedAccounts) console.log(`  ${a.email}`);
  console.log(`Accounts created: ${result.createdAccounts.length}`);
  for (const a of result.createdAccounts) console.log(`  ${a.email}`);
  if (passwordsFile) {
    const lines = ["email,temporary_password", ...result.createdAccounts.map((a) => `${a.email},${a.temporaryPassword ?? ""}`)];
    fs.writeFileSync(passwordsFile, `${lines.join("\n")}\n`, { mode: 0o600, flag: "wx" });
    console.log(`Their temporary passwords are in ${passwordsFile} (readable by you only). Hand each one over privately; the member changes it under Account after signing in.`);
  } else if (result.createdAccounts.length) {
    console.log("They have no password and cannot sign in until they are given one (restore with --temporary-passwords to hand out temporary ones): see docs/decisions/013-restore.md.");
  }
} catch (error) {
  status = 1;
  console.error(error instanceof RestoreRefused ? `Not restored: ${error.message}` : error);
} finally {
  await closeDb();
}
process.exit(status);
