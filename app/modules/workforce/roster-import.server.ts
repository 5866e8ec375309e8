// Roster import: the HR system's staff export (CSV, a header row, one row per person) becomes the
// staff roster through a column mapping, like the budget import (and with the same remembered
// mappings: import_mappings, kind "roster", per organization and header).
//
// 1. Mapping: the one given, else the one last used for a file with the same header, else one
//    proposed from the column names ("Emp ID", "Dept", "Position Title", "Date Hired"…).
// 2. Preview (nothing written): every row checked, every problem reported with its row (header =
//    row 1), its column (as the file names it) and the reason; what would be created, updated,
//    left unchanged, reactivated, and — for a full import — how many people will be marked as
//    having left.
// 3. Commit: re-checks the file against the roster as it is then and writes everything in one
//    transaction, or nothing if any row has a problem.
//
// Rules:
// - People are matched by employee number (trimmed, compared exactly). A number twice in a file is
//   an error on the later row.
// - Full import (default): the file is the whole roster, so active people missing from it are
//   marked inactive with today as the day they left — never deleted. People in the file who had
//   left are active again. Update import: only adds and changes the people in the file.
// - Department: the department's code or name (any case); required, current departments only.
// - Supervisory level: executive, manager, supervisor or staff (and common synonyms); blank = staff.
// - Hire date: 2019-04-15 or 4/15/2019; not in the future; blank = unknown.
// - Demographics (race/ethnicity, gender, age band, veteran, disability) are optional and
//   self-reported: a blank cell is "not reported". A plain number in the age column becomes its
//   age band (the roster keeps bands, not ages). They are written, never read back per person:
//   the preview, its sample rows, the column samples and the audit log carry none of them.
// - A field without a mapped column keeps the values people already have (a file without
//   demographics does not erase those reported earlier); a mapped column's blank cell clears it.
// - Importing the same file twice changes nothing the second time.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Transaction } from "#db/client.server";
import { departments, staffMembers } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { requirePermission, type TenantContext } from "~/modules/auth/tenant.server";
import { normalizeColumn, parseCsv } from "~/modules/core/csv";
import { addDays, isIsoDate } from "~/modules/core/dates";
import { organizationToday } from "~/modules/core/today";
import {
  ROSTER_CSV_MAX_BYTES,
  ROSTER_CSV_MAX_ROWS,
  ROSTER_DEMOGRAPHIC_FIELDS,
  ROSTER_FIELD_LABELS,
  ROSTER_FIELDS,
  rosterMappingSchema,
  type RosterField,
  type RosterImportMode,
  type RosterMapping,
  type SupervisoryLevel,
} from "./workforce.schema";
import { chooseColumnMapping, missingColumnIssues, rememberColumnMapping } from "~/modules/core/column-mapping.server";

export const ROSTER_IMPORT_MAX_ERRORS = 500;
const SAMPLE_ROWS = 20;

export type RosterImportIssue = { row: number; column: string | null; reason: string };

export type RosterFileColumn = {
  /** The normalized name mappings refer to ("emp_id"). */
  name: string;
  /** The header as the file writes it ("Emp ID"). */
  label: string;
  /** The first non-blank value under it, to help choose; never shown for a demographic column. */
  sample: string;
};

export type RosterImportAction = "create" | "update" | "reactivate" | "unchanged";

/** A row as the preview shows it: no demographic field. */
export type RosterPreviewRow = {
  row: number;
  employeeNumber: string;
  fullName: string;
  departmentName: string;
  jobTitle: string;
  supervisoryLevel: SupervisoryLevel;
  hireDate: string | null;
  action: RosterImportAction;
};

export type RosterImportPreview = {
  ok: boolean;
  mode: RosterImportMode;
  columns: RosterFileColumn[];
  mapping: RosterMapping;
  mappingSource: "given" | "saved" | "proposed";
  errors: RosterImportIssue[];
  errorCount: number;
  rowsRead: number;
  blankRows: number;
  counts: { create: number; update: number; reactivate: number; unchanged: number; leave: number };
  /** The demographic fields the mapping reads (the file's values are never echoed). */
  demographicFields: RosterField[];
  /** The first people who will be marked as having left (full imports), by name. */
  leavers: { employeeNumber: string; fullName: string }[];
  sample: RosterPreviewRow[];
};

export type RosterImportCommit =
  | { ok: true; created: number; updated: number; reactivated: number; unchanged: number; left: number }
  | { ok: false; errors: RosterImportIssue[]; errorCount: number };

export type RosterImportRequest = {
  csv: string;
  mapping?: RosterMapping | null;
  mode?: RosterImportMode | string | null;
  /** For tests: the day people who left are recorded as leaving. */
  today?: string;
};

// ---------------------------------------------------------------------------------------------
// The mapping step

const squash = (name: string) => name.replace(/_/g, "");

const ALIASES: Record<RosterField, string[]> = {
  employee_number: ["employeenumber", "employeeno", "employeenum", "empno", "empnum", "employeeid", "empid", "emplid", "staffid", "staffnumber", "personnelnumber", "badge", "badgenumber", "id"],
  full_name: ["name", "fullname", "employeename", "staffname", "empname"],
  first_name: ["firstname", "givenname", "first", "fname"],
  last_name: ["lastname", "surname", "familyname", "last", "lname"],
  email: ["email", "emailaddress", "workemail", "mail", "businessemail"],
  department: ["department", "dept", "departmentcode", "deptcode", "departmentname", "deptname", "homedepartment", "homedept", "departmentid", "deptid"],
  job_title: ["jobtitle", "title", "position", "positiontitle", "job", "classification", "jobclass", "jobclassification"],
  supervisory_level: ["supervisorylevel", "level", "supervisory", "supervisorystatus", "managementlevel", "tier", "supervisorytier"],
  hire_date: ["hiredate", "datehired", "startdate", "dateofhire", "hired", "originalhiredate", "servicedate"],
  race_ethnicity: ["raceethnicity", "race", "ethnicity", "raceandethnicity", "raceorethnicity"],
  gender: ["gender", "sex", "genderidentity"],
  age_band: ["ageband", "agegroup", "agerange", "age"],
  veteran: ["veteran", "veteranstatus", "vet", "protectedveteran"],
  disability: ["disability", "disabilitystatus", "disabled"],
};

export function proposeRosterMapping(header: string[]): RosterMapping {
  const columns: Partial<Record<RosterField, string>> = {};
  for (const column of header) {
    const s = squash(column);
    const field = ROSTER_FIELDS.find((f) => ALIASES[f].includes(s));
    if (field && !columns[field]) columns[field] = column;
  }
  return { columns };
}


const LEVEL_WORDS: Record<string, SupervisoryLevel> = {
  executive: "executive",
  exec: "executive",
  director: "executive",
  departmenthead: "executive",
  seniorleadership: "executive",
  manager: "manager",
  mgr: "manager",
  management: "manager",
  supervisor: "supervisor",
  supervisory: "supervisor",
  sup: "supervisor",
  staff: "staff",
  employee: "staff",
  nonsupervisory: "staff",
  individualcontributor: "staff",
  line: "staff",
};

function levelOf(value: string): SupervisoryLevel | null {
  if (value === "") return "staff";
  return LEVEL_WORDS[squash(normalizeColumn(value))] ?? null;
}

/** 2019-04-15, 4/15/2019 or 04/15/2019 as an ISO date, or null if it is not a real date. */
function parseHireDate(value: string): string | null {
  if (isIsoDate(value)) return value;
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (!m) return null;
  const iso = `${m[3]}-${m[1]!.padStart(2, "0")}-${m[2]!.padStart(2, "0")}`;
  return isIsoDate(iso) ? iso : null;
}

/** The roster keeps age bands; a plain age becomes its band. */
function ageBandOf(value: string): string {
  if (!/^\d{1,3}$/.test(value)) return value;
  const age = Number(value);
  if (age < 25) return "Under 25";
  if (age < 35) return "25–34";
  if (age < 45) return "35–44";
  if (age < 55) return "45–54";
  if (age < 65) return "55–64";
  return "65 and over";
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const LIMITS: Partial<Record<RosterField, number>> = { employee_number: 50, full_name: 200, first_name: 100, last_name: 100, email: 254, job_title: 200 };
const DEMOGRAPHIC_MAX = 100;

// ---------------------------------------------------------------------------------------------
// Reading and checking the file

type StaffRow = typeof staffMembers.$inferSelect;
type Writable = Pick<StaffRow, "employeeNumber" | "fullName" | "email" | "departmentId" | "jobTitle" | "supervisoryLevel" | "hireDate" | "raceEthnicity" | "gender" | "ageBand" | "veteran" | "disability">;
const COMPARED: (keyof Writable)[] = ["fullName", "email", "departmentId", "jobTitle", "supervisoryLevel", "hireDate", "raceEthnicity", "gender", "ageBand", "veteran", "disability"];
const DEMOGRAPHIC_COLUMN = {
  race_ethnicity: "raceEthnicity",
  gender: "gender",
  age_band: "ageBand",
  veteran: "veteran",
  disability: "disability",
} as const satisfies Record<(typeof ROSTER_DEMOGRAPHIC_FIELDS)[number], keyof Writable>;

type Analysis = {
  preview: RosterImportPreview;
  header: string[];
  writes: { values: Writable; before: StaffRow | null; action: Exclude<RosterImportAction, "unchanged"> }[];
  leavers: StaffRow[];
};

function emptyPreview(mode: RosterImportMode): RosterImportPreview {
  return {
    ok: false,
    mode,
    columns: [],
    mapping: { columns: {} },
    mappingSource: "given",
    errors: [],
    errorCount: 0,
    rowsRead: 0,
    blankRows: 0,
    counts: { create: 0, update: 0, reactivate: 0, unchanged: 0, leave: 0 },
    demographicFields: [],
    leavers: [],
    sample: [],
  };
}

async function analyze(tx: Transaction, ctx: TenantContext, request: RosterImportRequest): Promise<Analysis> {
  const mode: RosterImportMode = request.mode === "update" ? "update" : "full";
  const today = request.today ?? organizationToday(ctx);
  const fail = (issue: RosterImportIssue, extra: Partial<RosterImportPreview> = {}): Analysis => ({
    preview: { ...emptyPreview(mode), ...extra, errors: [issue], errorCount: 1 },
    header: [],
    writes: [],
    leavers: [],
  });
  const csvText = request.csv ?? "";
  if (csvText.length > ROSTER_CSV_MAX_BYTES) {
    return fail({ row: 1, column: null, reason: `The file is too large: import at most ${ROSTER_CSV_MAX_BYTES / 1_000_000} MB at a time.` });
  }
  const parsed = parseCsv(csvText);
  if (!parsed.ok) return fail({ row: parsed.row, column: null, reason: parsed.reason });
  if (parsed.rows.length > ROSTER_CSV_MAX_ROWS) {
    return fail({ row: ROSTER_CSV_MAX_ROWS + 2, column: null, reason: `Import at most ${ROSTER_CSV_MAX_ROWS.toLocaleString("en-US")} rows at a time.` });
  }
  const header = parsed.header;
  const labels = parsed.labels;

  const chosen = await chooseColumnMapping(tx, ctx, { kind: "roster", header, given: request.mapping, schema: rosterMappingSchema, propose: proposeRosterMapping });
  if (!chosen.ok) return fail({ row: 1, column: null, reason: "The column mapping is not valid: choose columns of the file from the lists." });
  const col = chosen.mapping.columns as Partial<Record<RosterField, string>>;
  const mapping: RosterMapping = { columns: col };
  const mappingSource = chosen.source;
  const demographicFields = ROSTER_DEMOGRAPHIC_FIELDS.filter((f) => col[f]);
  // Columns whose values are demographics (mapped, or named like one) show no sample.
  const private_ = new Set<string>([...demographicFields.map((f) => col[f]!), ...header.filter((h) => ROSTER_DEMOGRAPHIC_FIELDS.some((f) => ALIASES[f].includes(squash(h))))]);
  const columns: RosterFileColumn[] = header.flatMap((name, i) =>
    name && header.indexOf(name) === i
      ? [{ name, label: labels[i] || name, sample: private_.has(name) ? "" : (parsed.rows.find((r) => r.cells[name])?.cells[name] ?? "") }]
      : [],
  );
  const labelOf = new Map(columns.map((c) => [c.name, c.label]));
  const base: RosterImportPreview = { ...emptyPreview(mode), columns, mapping, mappingSource, demographicFields: [...demographicFields] };

  const mappingErrors: RosterImportIssue[] = missingColumnIssues(col, header, ROSTER_FIELD_LABELS);
  if (!col.employee_number) mappingErrors.push({ row: 1, column: null, reason: "Map the Employee number column: people are matched by it." });
  if (!col.full_name && !(col.first_name && col.last_name)) {
    mappingErrors.push({ row: 1, column: null, reason: "Map the Name column, or both the First name and Last name columns." });
  }
  if (!col.department) mappingErrors.push({ row: 1, column: null, reason: "Map the Department column (the department's code or name)." });
  if (mappingErrors.length) return { preview: { ...base, errors: mappingErrors, errorCount: mappingErrors.length }, header, writes: [], leavers: [] };

  const deptRows = await tx
    .select({ id: departments.id, code: departments.code, name: departments.name, archivedAt: departments.archivedAt })
    .from(departments)
    .where(eq(departments.orgId, ctx.orgId));
  const deptByWord = new Map<string, (typeof deptRows)[number]>();
  for (const d of deptRows) deptByWord.set(d.name.trim().toLowerCase(), d);
  for (const d of deptRows) deptByWord.set(d.code.trim().toLowerCase(), d); // a code wins over a name
  const deptName = new Map(deptRows.map((d) => [d.id, d.name]));

  const existing = await tx.select().from(staffMembers).where(eq(staffMembers.orgId, ctx.orgId));
  const byNumber = new Map(existing.map((p) => [p.employeeNumber, p]));

  const errors: RosterImportIssue[] = [];
  const seen = new Map<string, number>();
  const writes: Analysis["writes"] = [];
  const sample: RosterPreviewRow[] = [];
  const counts = { create: 0, update: 0, reactivate: 0, unchanged: 0, leave: 0 };
  for (const { row, cells } of parsed.rows) {
    const rowErrors: RosterImportIssue[] = [];
    const problem = (field: RosterField, reason: string) =>
      rowErrors.push({ row, column: col[field] ? (labelOf.get(col[field]!) ?? col[field]!) : null, reason });
    const cell = (field: RosterField) => (col[field] ? (cells[col[field]!] ?? "") : "");
    for (const [field, max] of Object.entries(LIMITS) as [RosterField, number][]) {
      if (cell(field).length > max) problem(field, `Use at most ${max} characters here.`);
    }
    for (const f of ROSTER_DEMOGRAPHIC_FIELDS) if (cell(f).length > DEMOGRAPHIC_MAX) problem(f, `Use at most ${DEMOGRAPHIC_MAX} characters here.`);

    const employeeNumber = cell("employee_number");
    if (!employeeNumber) problem("employee_number", "Enter the employee number: people are matched by it.");
    else if (seen.has(employeeNumber)) problem("employee_number", `Row ${seen.get(employeeNumber)} has the same employee number (${employeeNumber}): each person appears once.`);
    else seen.set(employeeNumber, row);

    const fullName = col.full_name ? cell("full_name") : [cell("first_name"), cell("last_name")].filter(Boolean).join(" ");
    if (!fullName) problem(col.full_name ? "full_name" : "last_name", "Enter the person's name.");

    const email = cell("email").toLowerCase() || null;
    if (email && !EMAIL.test(email)) problem("email", `“${cell("email")}” is not an email address. Correct it or leave the cell empty.`);

    const deptValue = cell("department");
    const dept = deptByWord.get(deptValue.toLowerCase()) ?? null;
    if (!deptValue) problem("department", "Enter the department's code or name.");
    else if (!dept) problem("department", `No department has the code or name “${deptValue}”. Add it under Departments, or correct the file.`);
    else if (dept.archivedAt) problem("department", `${dept.name} is archived. Assign this person to a current department.`);

    const levelValue = cell("supervisory_level");
    const supervisoryLevel = levelOf(levelValue);
    if (!supervisoryLevel) problem("supervisory_level", `“${levelValue}” is not a supervisory level. Use executive, manager, supervisor or staff.`);

    const hireValue = cell("hire_date");
    const hireDate = hireValue ? parseHireDate(hireValue) : null;
    if (hireValue && !hireDate) problem("hire_date", `“${hireValue}” is not a date. Write it like 2019-04-15 or 4/15/2019.`);
    else if (hireDate && hireDate > addDays(today, 1)) problem("hire_date", "The hire date is in the future. Import people once they have started.");

    if (rowErrors.length) {
      errors.push(...rowErrors);
      continue;
    }
    const before = byNumber.get(employeeNumber) ?? null;
    const values: Writable = {
      employeeNumber,
      fullName,
      email: col.email ? email : (before?.email ?? null),
      departmentId: dept!.id,
      jobTitle: col.job_title ? cell("job_title") : (before?.jobTitle ?? ""),
      supervisoryLevel: col.supervisory_level ? supervisoryLevel! : (before?.supervisoryLevel ?? "staff"),
      hireDate: col.hire_date ? hireDate : (before?.hireDate ?? null),
      raceEthnicity: before?.raceEthnicity ?? null,
      gender: before?.gender ?? null,
      ageBand: before?.ageBand ?? null,
      veteran: before?.veteran ?? null,
      disability: before?.disability ?? null,
    };
    for (const f of demographicFields) {
      const v = cell(f);
      values[DEMOGRAPHIC_COLUMN[f]] = v === "" ? null : f === "age_band" ? ageBandOf(v) : v;
    }
    let action: RosterImportAction;
    if (!before) action = "create";
    else if (!before.isActive) action = "reactivate";
    else action = COMPARED.every((k) => before[k] === values[k]) ? "unchanged" : "update";
    counts[action] += 1;
    if (action !== "unchanged") writes.push({ values, before, action });
    if (sample.length < SAMPLE_ROWS) {
      sample.push({
        row,
        employeeNumber,
        fullName,
        departmentName: deptName.get(values.departmentId!) ?? "",
        jobTitle: values.jobTitle,
        supervisoryLevel: values.supervisoryLevel,
        hireDate: values.hireDate,
        action,
      });
    }
  }
  if (parsed.rows.length === 0) errors.push({ row: 1, column: null, reason: "The file has no data rows under its header." });
  const leavers = mode === "full" ? existing.filter((p) => p.isActive && !seen.has(p.employeeNumber)) : [];
  counts.leave = leavers.length;
  const preview: RosterImportPreview = {
    ...base,
    ok: errors.length === 0,
    errors: errors.slice(0, ROSTER_IMPORT_MAX_ERRORS),
    errorCount: errors.length,
    rowsRead: parsed.rows.length,
    blankRows: parsed.blankRows.length,
    counts,
    leavers: leavers
      .map((p) => ({ employeeNumber: p.employeeNumber, fullName: p.fullName }))
      .sort((a, b) => a.fullName.localeCompare(b.fullName))
      .slice(0, SAMPLE_ROWS),
    sample,
  };
  return { preview, header, writes, leavers };
}

// ---------------------------------------------------------------------------------------------
// Services

/** What importing this file would do to the roster; writes nothing. Admins only. */
export async function previewRosterImport(ctx: TenantContext, request: RosterImportRequest): Promise<RosterImportPreview> {
  requirePermission(ctx, "roster.manage");
  return withTenant(ctx, async (tx) => (await analyze(tx, ctx, request)).preview);
}

/** Imports the file: everyone, or no one if any row has a problem. The mapping is remembered for
 * the next file with the same header. */
export async function commitRosterImport(ctx: TenantContext, request: RosterImportRequest): Promise<RosterImportCommit> {
  requirePermission(ctx, "roster.manage");
  return withTenant(ctx, async (tx) => {
    // One roster import per organization at a time.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('praxis.roster-import'), hashtext(${ctx.orgId}))`);
    const { preview, header, writes, leavers } = await analyze(tx, ctx, request);
    if (!preview.ok) return { ok: false, errors: preview.errors, errorCount: preview.errorCount };
    const today = request.today ?? organizationToday(ctx);
    for (let i = 0; i < writes.length; i += 500) {
      const chunk = writes.slice(i, i + 500);
      await tx
        .insert(staffMembers)
        .values(chunk.map(({ values }) => ({ orgId: ctx.orgId, ...values, isActive: true, leftOn: null })))
        .onConflictDoUpdate({
          target: [staffMembers.orgId, staffMembers.employeeNumber],
          set: {
            fullName: sql`excluded.full_name`,
            email: sql`excluded.email`,
            departmentId: sql`excluded.department_id`,
            jobTitle: sql`excluded.job_title`,
            supervisoryLevel: sql`excluded.supervisory_level`,
            hireDate: sql`excluded.hire_date`,
            raceEthnicity: sql`excluded.race_ethnicity`,
            gender: sql`excluded.gender`,
            ageBand: sql`excluded.age_band`,
            veteran: sql`excluded.veteran`,
            disability: sql`excluded.disability`,
            isActive: sql`true`,
            leftOn: sql`null`,
            updatedAt: sql`now()`,
          },
        });
    }
    const leaverIds = leavers.map((p) => p.id);
    for (let i = 0; i < leaverIds.length; i += 1000) {
      await tx
        .update(staffMembers)
        .set({ isActive: false, leftOn: today, updatedAt: new Date() })
        .where(and(eq(staffMembers.orgId, ctx.orgId), inArray(staffMembers.id, leaverIds.slice(i, i + 1000))));
    }
    await rememberColumnMapping(tx, ctx, "roster", header, preview.mapping);
    const { create, update, reactivate, unchanged, leave } = preview.counts;
    if (writes.length || leavers.length) {
      // Who changed, by employee number: never a demographic value (the audit log is read per event).
      const numbers = (action: RosterImportAction) => writes.filter((w) => w.action === action).map((w) => w.values.employeeNumber);
      await recordAudit(tx, {
        orgId: ctx.orgId,
        actorUserId: ctx.userId,
        action: "roster.import",
        entityType: "roster",
        entityId: null,
        before: null,
        after: {
          mode: preview.mode,
          created: numbers("create"),
          updated: numbers("update"),
          reactivated: numbers("reactivate"),
          left: leavers.map((p) => p.employeeNumber),
          unchanged,
          demographicFields: preview.demographicFields,
        },
      });
    }
    return { ok: true, created: create, updated: update, reactivated: reactivate, unchanged, left: leave };
  });
}
