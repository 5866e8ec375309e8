// `npm run restore:org -- --from-backup <PGlite folder | postgres://…> --org <address> [--replace]`
// Restores one organization completely (survey answers and demographics included) from a database
// backup: a copy of a PGlite data folder, or a PostgreSQL database a pg_dump file was restored into
// (docs/operations.md, ADR 019). Refused if the organization is here unless --replace.
//
// `npm run restore:org -- --file export.zip [--slug new-address] [--temporary-passwords accounts.csv]`
// Restores one organization from its full export (Organization settings → Export) into the
// configured database (DATABASE_URL, or the embedded one at PGLITE_DIR; stop the app first when
// it is the embedded one), after applying any pending migrations. All or nothing: on any refusal
// nothing is written and the command exits with status 1. See docs/decisions/013-restore.md.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { RestoreRefused, restoreOrganization } from "~/modules/exports/restore.server";
import { BackupRestoreRefused, restoreOrganizationFromBackup } from "~/modules/exports/restore-backup.server";
import { closeDb } from "#db/client.server";
import { migrateDatabase } from "#db/migrate.server";

const { values } = parseArgs({
  options: {
    file: { type: "string" },
    slug: { type: "string" },
    "temporary-passwords": { type: "string" },
    "from-backup": { type: "string" },
    org: { type: "string" },
    replace: { type: "boolean", default: false },
  },
});

if (values["from-backup"]) {
  const from = values["from-backup"];
  if (!values.org) {
    console.error("Usage: npm run restore:org -- --from-backup <PGlite folder | postgres://…> --org <address> [--replace]");
    process.exit(2);
  }
  let code = 0;
  try {
    await migrateDatabase();
    const source = /^postgres(ql)?:\/\//.test(from) ? { url: from } : { pgliteDir: from };
    const result = await restoreOrganizationFromBackup(source, values.org, { replace: values.replace });
    console.log(`${result.replaced ? "Replaced" : "Restored"} ${result.name} at /o/${result.slug} (organization ${result.orgId}) from the backup.`);
    for (const [table, n] of Object.entries(result.rows)) console.log(`  ${table}: ${n}`);
    console.log(`Accounts already here: ${result.accountsKept}; created from the backup (with their passwords as they were then): ${result.accountsCreated}`);
  } catch (error) {
    code = 1;
    console.error(error instanceof BackupRestoreRefused ? `Not restored: ${error.message}` : error);
  } finally {
    await closeDb();
  }
  process.exit(code);
}

if (!values.file) {
  console.error("Usage: npm run restore:org -- --file export.zip [--slug new-address] [--temporary-passwords accounts.csv]\n   or: npm run restore:org -- --from-backup <PGlite folder | postgres://…> --org <address> [--replace]");
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
