// Restores one organization from its full export (exports/org-export.server.ts) into a database:
// the operator's `npm run restore:org`, for an organization moved to another Praxis or brought
// back after it was deleted. What an export can and cannot bring back, and how restored members
// sign in, is docs/decisions/013-restore.md.
//
// All or nothing: the manifest's checksums, row counts and columns are checked before anything is
// written, then the accounts, the organization and every table go in one transaction. The tenant
// rows are written as the app role with the organization set, so row level security refuses any
// row of another organization whatever the file says.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { getTableColumns, getTableName, inArray, sql } from "drizzle-orm";
import { getTableConfig, type PgColumn, type PgTable } from "drizzle-orm/pg-core";
import { parse } from "csv-parse/sync";
import { unzipSync } from "fflate";
import { getDb, type Transaction } from "#db/client.server";
import { organizations, users } from "#db/schema";
import { enterTenant } from "#db/tenant.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { slugField } from "~/modules/auth/auth.schema";
import { hashPassword } from "~/modules/auth/password.server";
import { unneutralizeCell } from "~/modules/core/csv";
import { EXPORT_DECISIONS, MEMBER_ACCOUNTS_FILE, type ExportManifest } from "./org-export.server";

/** A restore that was not attempted, or rolled back, and why, in words for the operator. */
export class RestoreRefused extends Error {
  override name = "RestoreRefused";
}

/**
 * Not an argon2 hash, so no password verifies against it (verifyPassword returns false): a
 * restored account nobody has set a password for cannot be signed in to.
 */
export const NO_PASSWORD = "!restored-without-password";

/** Tables in an export that a restore leaves out, and why. */
export const NOT_RESTORED: Record<string, string> = {
  outbox_emails:
    "Mail in transit: the export has neither recipients nor bodies, so a queued message could not be sent and a sent one could not be read.",
};

export type RestoreOptions = {
  /** Restore under another web address (when the exported one is taken in this database). */
  slug?: string;
  /** Give each account the restore creates a random temporary password, returned once. */
  temporaryPasswords?: boolean;
};

export type RestoredAccount = { email: string; userId: string; exportedUserId: string };

export type RestoreResult = {
  orgId: string;
  slug: string;
  name: string;
  /** Rows written per table ("organizations" and "users" included). */
  rows: Record<string, number>;
  /** Members whose email already had an account here: they sign in as before. */
  matchedAccounts: RestoredAccount[];
  /** Accounts created, without a password unless temporary passwords were asked for. */
  createdAccounts: (RestoredAccount & { temporaryPassword?: string })[];
  /** Tables of the export not restored, with the reason. */
  skipped: { table: string; rows: number; reason: string }[];
};

type Parsed = { columns: string[]; rows: Record<string, string>[] };

const snake = (key: string) => key.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);
const decoder = new TextDecoder();

function columnsByName(table: PgTable): Map<string, PgColumn> {
  return new Map(Object.entries(getTableColumns(table)).map(([key, c]) => [snake(key), c as PgColumn]));
}

function nameOf(table: PgTable, column: PgColumn): string {
  // A foreign key declared in a table's extra config holds its own column objects: match by name.
  for (const [name, c] of columnsByName(table)) if (c === column || c.name === column.name) return name;
  throw new Error(`Column not found in ${getTableName(table)}.`);
}

/** Reads and checks the zip: every file listed with the right checksum, row count and columns. */
export function readExport(zip: Uint8Array): { manifest: ExportManifest; files: Map<string, Parsed> } {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
  } catch {
    throw new RestoreRefused("The file is not a zip archive.");
  }
  const manifestBytes = entries["manifest.json"];
  if (!manifestBytes) throw new RestoreRefused("The zip has no manifest.json: it is not a Praxis organization export.");
  let manifest: ExportManifest;
  try {
    manifest = JSON.parse(decoder.decode(manifestBytes)) as ExportManifest;
  } catch {
    throw new RestoreRefused("manifest.json is not valid JSON.");
  }
  if (manifest.format !== "praxis-organization-export" || manifest.formatVersion !== 1) {
    throw new RestoreRefused(`This is not a Praxis organization export of format version 1 (format ${String(manifest.format)}, version ${String(manifest.formatVersion)}).`);
  }
  const listed = new Set(manifest.files.map((f) => f.path));
  const unlisted = Object.keys(entries).filter((p) => p !== "manifest.json" && !listed.has(p));
  if (unlisted.length) throw new RestoreRefused(`The zip holds files its manifest does not list: ${unlisted.join(", ")}.`);
  const files = new Map<string, Parsed>();
  for (const f of manifest.files) {
    const bytes = entries[f.path];
    if (!bytes) throw new RestoreRefused(`The manifest lists ${f.path}, which is not in the zip.`);
    if (createHash("sha256").update(bytes).digest("hex") !== f.sha256) {
      throw new RestoreRefused(`${f.path} does not match its checksum in the manifest: the file was changed or damaged.`);
    }
    if (f.kind !== "rows") continue;
    let records: string[][];
    try {
      records = parse(decoder.decode(bytes), { bom: true }) as string[][];
    } catch (error) {
      throw new RestoreRefused(`${f.path} is not valid CSV: ${(error as Error).message}`);
    }
    const [header = [], ...body] = records;
    if (body.length !== f.rowCount) throw new RestoreRefused(`${f.path} has ${body.length} rows; the manifest says ${f.rowCount}.`);
    if (header.join("\u0000") !== f.columns.join("\u0000")) throw new RestoreRefused(`${f.path} does not have the columns its manifest lists.`);
    // Cells were neutralized against spreadsheet formulas on export; undo it to get the values back.
    const rows = body.map((cells) => Object.fromEntries(header.map((h, i) => [h, unneutralizeCell(cells[i] ?? "")])));
    files.set(f.path, { columns: header, rows });
  }
  return { manifest, files };
}

/** The cell as the value json_populate_recordset turns into the column's type. */
function jsonValue(column: PgColumn, cell: string | undefined): unknown {
  if (cell === undefined || cell === "") {
    // CSV has no null: an empty cell is null where the column allows it, else the empty string.
    if (column.notNull && (column.columnType === "PgText" || column.columnType === "PgVarchar")) return "";
    return null;
  }
  if (column.columnType === "PgJsonb" || column.columnType === "PgJson" || column.columnType === "PgArray") {
    try {
      return JSON.parse(cell) as unknown;
    } catch {
      // A JSON string value is exported as its bare text.
      return cell;
    }
  }
  return cell;
}

type TablePlan = { name: string; table: PgTable; rows: Record<string, string>[]; columns: string[] };

/** The tables in an order where every foreign key points at a table already written. */
function dependencyOrder(plans: TablePlan[]): TablePlan[] {
  const byTable = new Map(plans.map((p) => [p.table, p]));
  const done = new Set<PgTable>();
  const order: TablePlan[] = [];
  const visiting = new Set<PgTable>();
  const visit = (p: TablePlan) => {
    if (done.has(p.table)) return;
    if (visiting.has(p.table)) throw new Error(`Foreign keys form a cycle through ${p.name}.`);
    visiting.add(p.table);
    for (const fk of getTableConfig(p.table).foreignKeys) {
      const target = byTable.get(fk.reference().foreignTable);
      if (target && target.table !== p.table) visit(target);
    }
    visiting.delete(p.table);
    done.add(p.table);
    order.push(p);
  };
  for (const p of plans) visit(p);
  return order;
}

/** Rows of a table that references itself (a department's parent), parents first. */
function parentsFirst(p: TablePlan): Record<string, string>[] {
  // Each self-reference as its referencing and referenced columns (org_id, the same on both
  // sides, left out).
  const selfRefs = getTableConfig(p.table)
    .foreignKeys.map((fk) => fk.reference())
    .filter((r) => r.foreignTable === p.table)
    .map((r) => {
      const pairs = r.columns.map((c, i) => [nameOf(p.table, c), nameOf(p.table, r.foreignColumns[i]!)] as const).filter(([from, to]) => from !== to);
      return { from: pairs.map(([from]) => from), to: pairs.map(([, to]) => to) };
    });
  if (selfRefs.length === 0) return p.rows;
  const key = (row: Record<string, string>, cols: string[]) => cols.map((c) => row[c] ?? "").join("\u0000");
  const inFile = selfRefs.map((ref) => new Set(p.rows.map((r) => key(r, ref.to))));
  const placed = selfRefs.map(() => new Set<string>());
  const out: Record<string, string>[] = [];
  let pending = p.rows;
  while (pending.length) {
    const next: Record<string, string>[] = [];
    for (const row of pending) {
      const ready = selfRefs.every((ref, i) => {
        if (ref.from.some((c) => !row[c])) return true;
        const target = key(row, ref.from);
        return placed[i]!.has(target) || !inFile[i]!.has(target);
      });
      if (!ready) {
        next.push(row);
        continue;
      }
      out.push(row);
      selfRefs.forEach((ref, i) => placed[i]!.add(key(row, ref.to)));
    }
    if (next.length === pending.length) throw new RestoreRefused(`The rows of ${p.name} reference each other in a cycle.`);
    pending = next;
  }
  return out;
}

async function insertRows(tx: Transaction, table: PgTable, columns: string[], rows: Record<string, unknown>[]): Promise<void> {
  const list = sql.raw(columns.map((c) => `"${c}"`).join(", "));
  const name = sql.identifier(getTableName(table));
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = JSON.stringify(rows.slice(i, i + 500));
    await tx.execute(sql`insert into ${name} (${list}) select ${list} from json_populate_recordset(null::${name}, ${chunk}::json)`);
  }
}

async function countRows(tx: Transaction, table: PgTable, orgColumn: string, orgId: string): Promise<number> {
  const result = await tx.execute(sql`select count(*)::int as n from ${sql.identifier(getTableName(table))} where ${sql.identifier(orgColumn)} = ${orgId}`);
  const rows = (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as { n: number }[];
  return Number(rows[0]?.n ?? 0);
}

/**
 * Restores the organization of an export zip. Throws RestoreRefused, having written nothing, when
 * the file is damaged or changed, when the organization's id or web address already exists here,
 * or when any row cannot be written.
 */
export async function restoreOrganization(zip: Uint8Array, options: RestoreOptions = {}): Promise<RestoreResult> {
  const { manifest, files } = readExport(zip);
  const orgFile = files.get("tables/organizations.csv");
  const accountsFile = files.get(MEMBER_ACCOUNTS_FILE);
  if (!orgFile || orgFile.rows.length !== 1) throw new RestoreRefused("The export has no organization row.");
  if (!accountsFile) throw new RestoreRefused(`The export has no ${MEMBER_ACCOUNTS_FILE}: it was made before exports carried the members' accounts, so its memberships cannot be restored.`);
  const orgRow = orgFile.rows[0]!;
  const orgId = orgRow.id!;
  if (orgId !== manifest.organization.id) throw new RestoreRefused("The organization row does not match the manifest.");

  let slug = orgRow.slug!;
  if (options.slug !== undefined) {
    const parsed = slugField.safeParse(options.slug);
    if (!parsed.success) throw new RestoreRefused(`The web address "${options.slug}" cannot be used: ${parsed.error.issues[0]?.message ?? "invalid"}`);
    slug = parsed.data;
  }

  // What to write: every table the export has rows of and this version knows, in FK order.
  const plans: TablePlan[] = [];
  const skipped: RestoreResult["skipped"] = [];
  for (const [name, entry] of Object.entries(manifest.tables)) {
    if (name === "organizations" || name === "users" || entry.decision !== "rows") continue;
    const decision = EXPORT_DECISIONS[name];
    if (!decision || decision.kind !== "rows") throw new RestoreRefused(`The export has rows of ${name}, which this version of Praxis does not store as rows: restore it with the version that made it.`);
    const parsed = files.get(`tables/${name}.csv`);
    if (!parsed) throw new RestoreRefused(`The manifest lists rows of ${name} but the export has no tables/${name}.csv.`);
    if (NOT_RESTORED[name]) {
      skipped.push({ table: name, rows: parsed.rows.length, reason: NOT_RESTORED[name] });
      continue;
    }
    const known = columnsByName(decision.table);
    const unknown = parsed.columns.filter((c) => !known.has(c));
    if (unknown.length) throw new RestoreRefused(`tables/${name}.csv has columns this version of Praxis does not have: ${unknown.join(", ")}.`);
    const foreign = parsed.rows.filter((r) => r.org_id !== orgId).length;
    if (foreign) throw new RestoreRefused(`tables/${name}.csv has ${foreign} rows of another organization.`);
    plans.push({ name, table: decision.table, rows: parsed.rows, columns: parsed.columns });
  }
  const ordered = dependencyOrder(plans);

  const db = getDb();
  const temporary = new Map<string, string>();
  if (options.temporaryPasswords) for (const a of accountsFile.rows) temporary.set(a.id!, randomBytes(15).toString("base64url"));
  const hashes = new Map<string, string>();
  for (const [id, password] of temporary) hashes.set(id, await hashPassword(password));

  return db.transaction(async (tx) => {
    // Refusals first, as the owner (the app role sees no organization it is not in).
    const [bySlug] = await tx.select({ id: organizations.id }).from(organizations).where(sql`${organizations.slug} = ${slug}`);
    if (bySlug) throw new RestoreRefused(`The web address "${slug}" is taken in this database: restore with --slug and another address.`);
    const [byId] = await tx.select({ slug: organizations.slug }).from(organizations).where(inArray(organizations.id, [orgId]));
    if (byId) throw new RestoreRefused(`This database already has the organization ${orgId} (at /o/${byId.slug}). Delete it first, or restore into another database.`);

    // Accounts: an email that already has an account keeps it; otherwise one is created.
    const emails = accountsFile.rows.map((a) => a.email!.toLowerCase());
    const existing = emails.length
      ? await tx.select({ id: users.id, email: users.email }).from(users).where(inArray(sql`lower(${users.email})`, emails))
      : [];
    const byEmail = new Map(existing.map((u) => [u.email.toLowerCase(), u.id]));
    const userMap = new Map<string, string>();
    const matchedAccounts: RestoredAccount[] = [];
    const createdAccounts: RestoreResult["createdAccounts"] = [];
    for (const a of accountsFile.rows) {
      const found = byEmail.get(a.email!.toLowerCase());
      if (found) {
        userMap.set(a.id!, found);
        matchedAccounts.push({ email: a.email!, userId: found, exportedUserId: a.id! });
        continue;
      }
      const [taken] = await tx.select({ id: users.id }).from(users).where(inArray(users.id, [a.id!]));
      const id = taken ? randomUUID() : a.id!;
      await tx.insert(users).values({ id, email: a.email!, displayName: a.display_name!, passwordHash: hashes.get(a.id!) ?? NO_PASSWORD });
      userMap.set(a.id!, id);
      createdAccounts.push({ email: a.email!, userId: id, exportedUserId: a.id!, ...(temporary.has(a.id!) ? { temporaryPassword: temporary.get(a.id!)! } : {}) });
    }
    // Someone who is no longer a member (the author of an old update) is not in the export: like
    // a deleted user, the reference becomes empty, unless that account exists here.
    const referenced = new Set<string>();
    const userColumns = new Map<TablePlan, string[]>();
    for (const p of ordered) {
      const cols = getTableConfig(p.table)
        .foreignKeys.map((fk) => fk.reference())
        .filter((r) => r.foreignTable === users)
        .flatMap((r) => r.columns.map((c) => nameOf(p.table, c)));
      userColumns.set(p, cols);
      for (const c of cols) for (const r of p.rows) if (r[c] && !userMap.has(r[c])) referenced.add(r[c]);
    }
    const present = referenced.size ? await tx.select({ id: users.id }).from(users).where(inArray(users.id, [...referenced])) : [];
    for (const u of present) userMap.set(u.id, u.id);

    await enterTenant(tx, { orgId, userId: null });
    const rows: Record<string, number> = { users: createdAccounts.length };
    const orgColumns = columnsByName(organizations);
    await insertRows(tx, organizations, orgFile.columns, [
      Object.fromEntries(orgFile.columns.map((c) => [c, c === "slug" ? slug : jsonValue(orgColumns.get(c)!, orgRow[c])])),
    ]);
    rows.organizations = 1;

    for (const p of ordered) {
      const columns = columnsByName(p.table);
      const userCols = new Set(userColumns.get(p) ?? []);
      const fill = p.name === "invitations" && !p.columns.includes("token_hash");
      const written = parentsFirst(p).map((r) => {
        const out: Record<string, unknown> = {};
        for (const c of p.columns) {
          const cell = r[c];
          if (userCols.has(c) || (p.name === "audit_events" && c === "actor_user_id")) {
            // audit_events.actor_user_id has no foreign key: a past actor's id is kept as history.
            out[c] = cell ? (userMap.get(cell) ?? (userCols.has(c) ? null : cell)) : null;
          } else out[c] = jsonValue(columns.get(c)!, cell);
        }
        // Nobody holds the link of a restored invitation: a fresh random hash keeps it unusable.
        if (fill) out.token_hash = createHash("sha256").update(randomBytes(32)).digest("hex");
        return out;
      });
      const cols = fill ? [...p.columns, "token_hash"] : p.columns;
      try {
        await insertRows(tx, p.table, cols, written);
      } catch (error) {
        const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
        throw new RestoreRefused(`Restoring ${p.name} failed, so nothing was restored: ${cause}`);
      }
      const n = await countRows(tx, p.table, "org_id", orgId);
      if (n !== p.rows.length) throw new RestoreRefused(`${p.name}: ${n} rows written of ${p.rows.length}; nothing was restored.`);
      rows[p.name] = n;
    }

    await recordAudit(tx, {
      orgId,
      actorUserId: null,
      action: "organization.restore",
      entityType: "organization",
      entityId: orgId,
      after: {
        exportedAt: manifest.generatedAt,
        exportedSlug: manifest.organization.slug,
        slug,
        accountsMatched: matchedAccounts.length,
        accountsCreated: createdAccounts.length,
        notRestored: skipped.map((s) => s.table),
      },
    });
    return { orgId, slug, name: orgRow.name!, rows, matchedAccounts, createdAccounts, skipped };
  });
}
