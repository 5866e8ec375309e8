// The full organization export (public-records requests, portability): one CSV per tenant table,
// the assessment results as the results service's suppressed aggregates, and a manifest.json,
// in a zip. Read as the app role with the organization set (RLS), so nothing of another
// organization can be in it whatever a query says.
//
// Every tenant table has a decision below. A table added later without one is missing from the
// manifest's `tables`, and the export test (which lists tenant tables from the Postgres catalog)
// fails until someone decides what of it may leave.
import { createHash } from "node:crypto";
import { and, asc, eq, getTableColumns, getTableName, type SQL } from "drizzle-orm";
import { getTableConfig, type PgColumn, type PgTable } from "drizzle-orm/pg-core";
import { parse } from "csv-parse/sync";
import { zipSync } from "fflate";
import {
  assessmentCampaigns,
  assessmentItems,
  auditEvents,
  budgetLineObjectives,
  budgetLinePractices,
  budgetLines,
  communityDemographics,
  departments,
  fiscalYears,
  goalPractices,
  goals,
  importMappings,
  invitations,
  orgEmailDomains,
  orgSsoConfigs,
  ssoIdentities,
  measurePractices,
  measurements,
  measures,
  memberships,
  objectivePractices,
  objectives,
  objectiveUpdates,
  orgDevelopmentResources,
  organizations,
  outboxEmails,
  plans,
  reports,
  staffMembers,
  users,
  workforceGoalPractices,
  workforceGoals,
  workforceGoalUpdates,
  workforceMeasurements,
} from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { effectiveStatus } from "~/modules/assessments/campaigns.server";
import { getParticipation, getResultsCsv } from "~/modules/assessments/results.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { requirePermission, type TenantContext } from "~/modules/auth/tenant.server";
import { CURRENT_FRAMEWORK } from "~/modules/practices/practices.server";
import { csvText, fileDate, safeFileName, tableCsv, type CsvTable } from "./csv.server";

/** What leaves Praxis of one tenant table. */
export type TableDecision =
  /** Every row of the organization, minus the columns named (secrets, per-person demographics). */
  | { kind: "rows"; table: PgTable; omit?: readonly string[]; note?: string }
  /** Only as aggregates from the results service, suppressed below the anonymity threshold. */
  | { kind: "aggregate"; reason: string }
  /** Not exported at all. */
  | { kind: "excluded"; reason: string };

const rows = (table: PgTable, omit: readonly string[] = [], note?: string): TableDecision => ({ kind: "rows", table, omit, note });

const SURVEY_AGGREGATE =
  "Survey answers leave Praxis only as the results service's aggregates (assessment-results/…): groups smaller than the anonymity threshold, and numbers from which one could be worked out, are blank.";

/** Keyed by the Postgres table name. Column names in `omit` are the database's (snake_case). */
export const EXPORT_DECISIONS: Record<string, TableDecision> = {
  departments: rows(departments),
  // Published figures about the community (census shares), not about any person.
  community_demographics: rows(communityDemographics),
  memberships: rows(memberships),
  invitations: rows(invitations, ["token_hash"], "The hash of each invitation link is left out."),
  // The organization's email domains and whether it proved them (the TXT value is public by design).
  org_email_domains: rows(orgEmailDomains),
  // The single sign-on setup without its client secret (a credential at the directory).
  org_sso_configs: rows(orgSsoConfigs, ["client_secret"], "The client secret is left out: enter it again after a restore."),
  sso_identities: rows(ssoIdentities),
  outbox_emails: rows(
    outboxEmails,
    ["to_address", "body_text"],
    "Recipients and bodies are left out: bodies carry sign-in and survey links, and recipients of survey reminders would show who had not answered.",
  ),
  audit_events: rows(auditEvents),
  plans: rows(plans),
  goals: rows(goals),
  objectives: rows(objectives),
  objective_updates: rows(objectiveUpdates),
  measures: rows(measures),
  measurements: rows(measurements),
  goal_practices: rows(goalPractices),
  objective_practices: rows(objectivePractices),
  measure_practices: rows(measurePractices),
  fiscal_years: rows(fiscalYears),
  budget_lines: rows(budgetLines),
  budget_line_objectives: rows(budgetLineObjectives),
  budget_line_practices: rows(budgetLinePractices),
  import_mappings: rows(importMappings),
  workforce_goals: rows(workforceGoals),
  workforce_measurements: rows(workforceMeasurements),
  workforce_goal_updates: rows(workforceGoalUpdates),
  workforce_goal_practices: rows(workforceGoalPractices),
  staff_members: rows(
    staffMembers,
    ["race_ethnicity", "gender", "age_band", "veteran", "disability"],
    "Self-reported demographics are never exported per person.",
  ),
  assessment_campaigns: rows(assessmentCampaigns),
  assessment_items: rows(assessmentItems),
  org_development_resources: rows(orgDevelopmentResources),
  // Published reports are frozen from the suppressed services; drafts are the manager's note.
  reports: rows(reports),
  assessment_invitations: {
    kind: "aggregate",
    reason: "Who was invited and who completed is never exported per person: participation by department (suppressed) is in assessment-results/…/participation.csv.",
  },
  assessment_responses: { kind: "aggregate", reason: SURVEY_AGGREGATE },
  assessment_answers: { kind: "aggregate", reason: SURVEY_AGGREGATE },
  assessment_comments: {
    kind: "excluded",
    reason: "Free-text comments can identify the person who wrote them; they are read in Praxis, where they are shown only to enough respondents.",
  },
  assessment_drafts: { kind: "excluded", reason: "Unsubmitted answers, tied to one person's invitation." },
  assessment_self_responses: { kind: "excluded", reason: "A self-assessment belongs to the person who took it; only they see it." },
  // Stored counts behind the results service, unsuppressed: their suppressed form is already in
  // assessment-results/….
  assessment_result_rollups: { kind: "excluded", reason: "Respondents counted by department, level and demographic answers before any suppression: the results leave Praxis only suppressed, in assessment-results/…." },
  org_data_versions: { kind: "excluded", reason: "A counter of the organization's changes, kept for the view cache (ADR 014): no data of the organization." },
  assessment_result_tallies: { kind: "excluded", reason: "Answers counted per group and item before any suppression: the results leave Praxis only suppressed, in assessment-results/…." },
};

/** The members' accounts: users is a global table, so only these three columns of its members. */
export const MEMBER_ACCOUNTS_FILE = "tables/member_accounts.csv";

export type ManifestFile = {
  path: string;
  /** The tenant table the file comes from ("organizations" for the organization's own row). */
  table: string;
  kind: "rows" | "aggregate";
  rowCount: number;
  columns: string[];
  sha256: string;
};

export type ExportManifest = {
  format: "praxis-organization-export";
  formatVersion: 1;
  organization: { id: string; slug: string; name: string };
  generatedAt: string;
  generatedBy: { userId: string; name: string };
  frameworkVersion: string;
  encoding: string;
  /** Every tenant table and what of it is in the export. */
  tables: Record<string, { decision: TableDecision["kind"]; omittedColumns?: string[]; note?: string; files: string[] }>;
  files: ManifestFile[];
};

export type OrganizationExport = { fileName: string; zip: Uint8Array<ArrayBuffer>; manifest: ExportManifest };

const snake = (key: string) => key.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);

type TableDump = { table: string; path: string; columns: string[]; rows: string[][] };

/** The columns of a table that may leave, by database name, and the select of exactly those. */
function exportedColumns(table: PgTable, omit: readonly string[]): { names: string[]; select: Record<string, PgColumn> } {
  const select: Record<string, PgColumn> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const name = snake(key);
    if (!omit.includes(name)) select[name] = column as PgColumn;
  }
  return { names: Object.keys(select), select };
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

const encoder = new TextEncoder();

/**
 * The whole organization as a zip. Administrators only; the export itself is written to the
 * audit log first, in the transaction that reads the tables, so the file contains its own record.
 */
export async function exportOrganization(ctx: TenantContext, options: { now?: Date } = {}): Promise<OrganizationExport> {
  requirePermission(ctx, "org.export");
  const now = options.now ?? new Date();

  const { org, dumps, campaigns } = await withTenant(ctx, async (tx) => {
    await recordAudit(tx, {
      orgId: ctx.orgId,
      actorUserId: ctx.userId,
      action: "organization.export",
      entityType: "organization",
      entityId: ctx.orgId,
      after: { format: "zip", tables: Object.keys(EXPORT_DECISIONS).length },
    });
    const orgCols = exportedColumns(organizations, []);
    const [orgRow] = await tx.select(orgCols.select).from(organizations).where(eq(organizations.id, ctx.orgId));
    if (!orgRow) throw new Error("The organization of a tenant context must exist.");
    const dumps: TableDump[] = [{ table: "organizations", path: "tables/organizations.csv", columns: orgCols.names, rows: [orgCols.names.map((n) => csvText(orgRow[n] as never))] }];
    for (const [name, decision] of Object.entries(EXPORT_DECISIONS)) {
      if (decision.kind !== "rows") continue;
      const table = decision.table;
      if (getTableName(table) !== name) throw new Error(`Export decision ${name} points at table ${getTableName(table)}.`);
      const { names, select } = exportedColumns(table, decision.omit ?? []);
      const all = getTableColumns(table) as Record<string, PgColumn>;
      const pk = getTableConfig(table).primaryKeys[0]?.columns ?? [];
      const order: SQL[] = pk.map((c) => asc(c));
      const found = (await tx
        .select(select)
        .from(table)
        .where(eq(all.orgId!, ctx.orgId))
        .orderBy(...order)) as Record<string, unknown>[];
      dumps.push({ table: name, path: `tables/${name}.csv`, columns: names, rows: found.map((r) => names.map((n) => csvText(r[n] as never))) });
    }
    // The members' accounts (id, email, name; never a password hash or a session), so that a
    // restore (exports/restore.server.ts) can give each membership its person back.
    const accounts = await tx
      .select({ id: users.id, email: users.email, displayName: users.displayName })
      .from(users)
      .innerJoin(memberships, and(eq(memberships.orgId, ctx.orgId), eq(memberships.userId, users.id)))
      .orderBy(asc(users.id));
    dumps.push({ table: "users", path: MEMBER_ACCOUNTS_FILE, columns: ["id", "email", "display_name"], rows: accounts.map((u) => [u.id, u.email, u.displayName]) });
    const campaigns = await tx
      .select({ id: assessmentCampaigns.id, title: assessmentCampaigns.title, kind: assessmentCampaigns.kind, status: assessmentCampaigns.status, opensOn: assessmentCampaigns.opensOn, closesOn: assessmentCampaigns.closesOn })
      .from(assessmentCampaigns)
      .where(eq(assessmentCampaigns.orgId, ctx.orgId))
      .orderBy(asc(assessmentCampaigns.opensOn), asc(assessmentCampaigns.id));
    return { org: orgRow as unknown as { id: string; slug: string; name: string }, dumps, campaigns };
  });

  const files: Record<string, Uint8Array> = {};
  const manifestFiles: ManifestFile[] = [];
  const add = (path: string, table: string, kind: ManifestFile["kind"], csv: string, columns: string[], rowCount: number) => {
    const bytes = encoder.encode(csv);
    files[path] = bytes;
    manifestFiles.push({ path, table, kind, rowCount, columns, sha256: sha256(bytes) });
  };
  for (const d of dumps) {
    const columns: CsvTable<string[]> = d.columns.map((header, i) => ({ header, value: (r) => r[i] }));
    add(d.path, d.table, "rows", tableCsv(columns, d.rows), d.columns, d.rows.length);
  }

  // Survey data: only what the results service gives an administrator, with its suppression.
  const aggregateFiles: string[] = [];
  for (const [i, c] of campaigns.entries()) {
    if (c.kind !== "organizational") continue;
    const status = effectiveStatus(c);
    if (status === "draft" || status === "scheduled") continue;
    const folder = `assessment-results/${String(i + 1).padStart(2, "0")}-${safeFileName([c.title], "").replace(/\.$/, "")}`;
    const participation = await getParticipation(ctx, c.id);
    const pHeader = ["department", "invited", "responded", "response_rate_percent", "note"];
    const pRows = [participation.total, ...participation.departments].map((r) => [
      r.departmentName,
      String(r.invited),
      r.responded === null ? "" : String(r.responded),
      r.ratePct === null ? "" : r.ratePct.toFixed(1),
      r.note ?? "",
    ]);
    add(`${folder}/participation.csv`, "assessment_invitations", "aggregate", tableCsv(pHeader.map((h, j) => ({ header: h, value: (r: string[]) => r[j] })), pRows), pHeader, pRows.length);
    aggregateFiles.push(`${folder}/participation.csv`);
    if (status !== "closed") continue;
    // By department (its first row is the whole organization): the cut a records request asks
    // for. Each cut costs a full suppression pass, so the other cuts (level, demographic groups)
    // are read in Praxis, where they carry the same suppression.
    const csv = await getResultsCsv(ctx, c.id, ["department"]);
    const path = `${folder}/results-by-department.csv`;
    const [header = [], ...body] = parse(csv, { bom: true }) as string[][];
    add(path, "assessment_responses", "aggregate", csv, header, body.length);
    aggregateFiles.push(path);
  }

  const tables: ExportManifest["tables"] = {
    organizations: { decision: "rows", files: ["tables/organizations.csv"] },
    users: {
      decision: "rows",
      omittedColumns: ["password_hash", "password_changed_at", "created_at"],
      note: "Only the accounts of the organization's members: id, email and name.",
      files: [MEMBER_ACCOUNTS_FILE],
    },
  };
  for (const [name, decision] of Object.entries(EXPORT_DECISIONS)) {
    tables[name] =
      decision.kind === "rows"
        ? { decision: "rows", ...(decision.omit?.length ? { omittedColumns: [...decision.omit] } : {}), ...(decision.note ? { note: decision.note } : {}), files: [`tables/${name}.csv`] }
        : {
            decision: decision.kind,
            note: decision.reason,
            files: decision.kind === "aggregate" ? aggregateFiles.filter((p) => (name === "assessment_invitations" ? p.endsWith("participation.csv") : !p.endsWith("participation.csv"))) : [],
          };
  }

  const manifest: ExportManifest = {
    format: "praxis-organization-export",
    formatVersion: 1,
    organization: { id: org.id, slug: org.slug, name: org.name },
    generatedAt: now.toISOString(),
    generatedBy: { userId: ctx.userId, name: ctx.user.displayName },
    frameworkVersion: CURRENT_FRAMEWORK,
    encoding: "CSV, UTF-8 with a byte-order mark, CRLF line ends; cells that would start a spreadsheet formula begin with a single quote",
    tables,
    files: manifestFiles,
  };
  const zip = new Uint8Array(zipSync({ "manifest.json": encoder.encode(`${JSON.stringify(manifest, null, 2)}\n`), ...files }, { level: 6, mtime: now }));
  return { fileName: safeFileName(["praxis", org.slug, "export", fileDate(now)], "zip"), zip, manifest };
}
