// Budget import: a CSV exported by the finance system (one row per account line, a header row)
// becomes a fiscal year's budget lines through a column mapping.
//
// 1. The mapping step. The file's header is read; the mapping is the one given, else the one the
//    organization last used for a file with the same header, else one proposed from the column
//    names (aliases such as "FundCode", "Account Description", "FY2016 Budget"). Used mappings
//    are remembered per organization and header when an import is committed.
// 2. The preview (nothing written): every row is checked and every problem reported with its row
//    (as a spreadsheet numbers them: header = row 1), its column (as the file names it) and the
//    reason. Rows whose key repeats are summed into one line, and the preview says how many.
// 3. The commit re-reads the file against the data as it is then and writes everything in one
//    transaction, or nothing if any row has a problem.
//
// Rules (the decisions behind them are in docs/decisions/005-budget-import.md):
// - Line key: the mapped key fields' cells, trimmed, joined with "|" (e.g. fund|unit|program|
//   account). Re-importing the same fiscal year matches lines by key: the same file twice changes
//   nothing; a line whose key is unchanged keeps its id, so its practice links and the objectives
//   it funds survive new amounts.
// - Amounts: see money.ts (exact cents; "(1,234.56)" and "-$5" are negative; sub-cent digits other
//   than zeros are refused). A blank amount cell is $0.00. Amount columns that are not mapped
//   leave existing lines' amounts as they are (an "actuals only" file updates actuals only); new
//   lines get 0, except the amended budget, which starts equal to the adopted one.
// - Department: matched by code or by name, ignoring case. A value that matches no department is
//   a row error, unless the mapping says to keep such lines as unassigned. With no department
//   column every line is unassigned (an administrator can still link them; the views show them as
//   "Unassigned").
// - Category: from a mapped column (personnel, operating, capital, debt service, other, or common
//   synonyms), from rules on the start of the account code (longest prefix wins; e.g. 51 →
//   personnel), or one category for every line. We never guess from a chart of accounts we do not
//   know: the proposed mapping uses "other" for all lines until the person chooses.
// - Text is trimmed (finance systems pad it); blank rows (such as a trailing ",,,,") are ignored.
// - Modes: "update" (default) adds and changes lines and leaves the year's other lines alone;
//   "replace" also removes the lines that are not in the file, and the preview says how many of
//   those carry practice or objective links.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Transaction } from "#db/client.server";
import { budgetLineObjectives, budgetLinePractices, budgetLines, departments, importMappings } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { requirePermission, type TenantContext } from "~/modules/auth/tenant.server";
import { normalizeColumn, parseCsv } from "~/modules/core/csv";
import {
  BUDGET_AMOUNT_FIELDS,
  BUDGET_CATEGORIES,
  BUDGET_FIELD_LABELS,
  BUDGET_FIELDS,
  BUDGET_KEY_FIELDS,
  budgetMappingSchema,
  fiscalYearSchema,
  type BudgetAmountField,
  type BudgetCategory,
  type BudgetField,
  type BudgetImportMode,
  type BudgetKeyField,
  type BudgetMapping,
  type BudgetMappingInput,
} from "./budget.schema";
import { ensureFiscalYear } from "./fiscal-years.server";
import { parseMoney, type CentsString } from "./money";
import { chooseColumnMapping, headerSignature, missingColumnIssues, rememberColumnMapping } from "~/modules/core/column-mapping.server";

export const BUDGET_CSV_MAX_BYTES = 8_000_000;
export const BUDGET_CSV_MAX_ROWS = 50_000;
/** The preview lists at most this many problems (and says how many there are in all). */
export const BUDGET_IMPORT_MAX_ERRORS = 500;
const TEXT_MAX = 500;

export type BudgetImportIssue = { row: number; column: string | null; reason: string };

export type BudgetFileColumn = {
  /** The normalized name mappings refer to ("fy2016_budget"). */
  name: string;
  /** The header as the file writes it ("FY2016 Budget"). */
  label: string;
  /** The first non-blank value under it, to help choose. */
  sample: string;
};

export type BudgetImportLine = {
  lineKey: string;
  departmentId: string | null;
  departmentName: string | null;
  category: BudgetCategory;
  fundCode: string;
  fundName: string;
  unitCode: string;
  unitName: string;
  programCode: string;
  programName: string;
  accountCode: string;
  accountName: string;
  description: string;
  adoptedCents: CentsString;
  amendedCents: CentsString;
  actualCents: CentsString;
  encumberedCents: CentsString;
  /** The file rows summed into this line (more than one when the key repeats). */
  rows: number[];
  action: "create" | "update" | "unchanged";
};

export type BudgetImportPreview = {
  ok: boolean;
  fiscalYear: number;
  mode: BudgetImportMode;
  columns: BudgetFileColumn[];
  mapping: BudgetMapping;
  mappingSource: "given" | "saved" | "proposed";
  /** The fields the line key is built from, in order. */
  keyFields: BudgetKeyField[];
  /** Problems: file and mapping ones first (row 1), then by row. At most BUDGET_IMPORT_MAX_ERRORS. */
  errors: BudgetImportIssue[];
  errorCount: number;
  rowsRead: number;
  blankRows: number;
  /** Distinct line keys in the file. */
  lines: number;
  /** Rows folded into an earlier row with the same key (rowsRead − lines when there are no errors). */
  mergedRows: number;
  /** Keys that occur on more than one row. */
  mergedKeys: number;
  unassignedLines: number;
  /** Department cells that matched no department (kept as unassigned). */
  unmatchedDepartments: string[];
  counts: { create: number; update: number; unchanged: number; remove: number; removeLinked: number };
  /** The file's totals (what the fiscal year's lines in the file will add up to). */
  totals: Record<BudgetAmountField, CentsString>;
  byCategory: { category: BudgetCategory; lines: number; adoptedCents: CentsString }[];
  /** The first lines, for the preview table. */
  sample: BudgetImportLine[];
  /** The first lines made of several rows (their `rows` say which), to show what was summed. */
  mergedExamples: BudgetImportLine[];
};

export type BudgetImportCommit =
  | { ok: true; fiscalYear: number; created: number; updated: number; unchanged: number; removed: number; mergedRows: number }
  | { ok: false; fiscalYear: number; errors: BudgetImportIssue[]; errorCount: number };

export type BudgetImportRequest = {
  fiscalYear: number | string;
  csv: string;
  /** The mapping to use; without it, the saved one for this header or a proposed one. */
  mapping?: BudgetMappingInput | null;
  mode?: BudgetImportMode;
};

// ---------------------------------------------------------------------------------------------
// The mapping step

const squash = (name: string) => name.replace(/_/g, "");

/** Column names (squashed: no case, spaces or punctuation) that mean each of our fields. */
const ALIASES: Record<BudgetField, string[]> = {
  fund_code: ["fund", "fundcode", "fundnumber", "fundno", "fundid", "fundnum"],
  fund_name: ["fundname", "funddescription", "funddesc", "fundtitle"],
  department: ["department", "dept", "departmentcode", "deptcode", "departmentname", "deptname", "departmentid", "deptid"],
  unit_code: ["unit", "unitcode", "operatingunit", "orgunit", "costcenter", "costcentre", "division", "divisioncode", "orgcode", "organization", "organizationcode", "businessunit"],
  unit_name: ["unitname", "unitdescription", "operatingunitdescription", "operatingunitname", "costcentername", "costcenterdescription", "divisionname", "orgname", "organizationname", "businessunitname"],
  program_code: ["program", "programcode", "programid", "programnumber", "programno", "activity", "activitycode"],
  program_name: ["programname", "programdescription", "programdesc", "activityname", "activitydescription"],
  account_code: ["account", "accountcode", "accountnumber", "accountno", "accountid", "object", "objectcode", "glaccount", "objectnumber", "accountstring"],
  account_name: ["accountname", "accountdescription", "accountdesc", "objectname", "objectdescription", "accounttitle"],
  description: ["description", "linedescription", "linename", "memo"],
  category: ["category", "budgetcategory", "expensecategory", "expenditurecategory", "expensetype", "expendituretype", "majorobject", "characterclass"],
  adopted: ["adopted", "adoptedbudget", "adoptedamount", "originalbudget", "original", "budget", "budgetamount", "appropriation", "approvedbudget", "approved"],
  amended: ["amended", "amendedbudget", "revised", "revisedbudget", "currentbudget", "workingbudget", "modifiedbudget", "adjustedbudget"],
  actual: ["actual", "actuals", "ytdactual", "actualytd", "ytdactuals", "expended", "expenditures", "expenses", "spent", "ytdexpenditures"],
  encumbered: ["encumbered", "encumbrance", "encumbrances", "committed", "commitments", "openencumbrances"],
};

function aliasField(column: string): BudgetField | null {
  const s = squash(column);
  for (const field of BUDGET_FIELDS) if (ALIASES[field].includes(s)) return field;
  // "FY2016 Budget", "FY 2026 Adopted", "2026 Adopted Budget": the adopted budget of a year.
  if (/^(fy)?\d{2,4}(adopted)?(budget|adopted)(amount)?$/.test(s) || /^(adopted|budget)(fy)?\d{2,4}$/.test(s)) return "adopted";
  if (/^(fy)?\d{2,4}(amended|revised)(budget)?$/.test(s)) return "amended";
  if (/^(fy)?\d{2,4}(ytd)?actuals?$/.test(s)) return "actual";
  return null;
}

/** A mapping proposed from the file's column names: each field to the first column that means it. */
export function proposeBudgetMapping(header: string[]): BudgetMapping {
  const columns: Partial<Record<BudgetField, string>> = {};
  for (const column of header) {
    const field = aliasField(column);
    if (field && !columns[field]) columns[field] = column;
  }
  return budgetMappingSchema.parse({
    columns,
    unmatchedDepartment: "error",
    category: columns.category ? { source: "column" } : { source: "fixed", category: "other" },
  });
}

function defaultKeyFields(mapping: BudgetMapping): BudgetKeyField[] {
  const mapped = (["fund_code", "unit_code", "program_code", "account_code"] as const).filter((f) => mapping.columns[f]);
  return mapped.length ? [...mapped] : mapping.columns.department ? ["department"] : [];
}

export function keyFieldsOf(mapping: BudgetMapping): BudgetKeyField[] {
  const chosen = mapping.keyFields?.length ? mapping.keyFields : defaultKeyFields(mapping);
  return BUDGET_KEY_FIELDS.filter((f) => chosen.includes(f));
}


const CATEGORY_WORDS: Record<string, BudgetCategory> = {
  personnel: "personnel",
  personnelservices: "personnel",
  personalservices: "personnel",
  salaries: "personnel",
  salariesandwages: "personnel",
  salariesandbenefits: "personnel",
  wagesandbenefits: "personnel",
  payroll: "personnel",
  operating: "operating",
  operations: "operating",
  operatingexpenses: "operating",
  operatingexpense: "operating",
  om: "operating",
  operationsandmaintenance: "operating",
  servicesandsupplies: "operating",
  materialsandsupplies: "operating",
  capital: "capital",
  capitaloutlay: "capital",
  capitalimprovement: "capital",
  capitalimprovements: "capital",
  capitalprojects: "capital",
  debtservice: "debt_service",
  debt: "debt_service",
  other: "other",
  transfers: "other",
  transfersout: "other",
  interfundtransfers: "other",
};

function categoryOfCell(value: string): BudgetCategory | null {
  const s = squash(normalizeColumn(value.replace(/&/g, "and")));
  if ((BUDGET_CATEGORIES as readonly string[]).includes(normalizeColumn(value))) return normalizeColumn(value) as BudgetCategory;
  return CATEGORY_WORDS[s] ?? CATEGORY_WORDS[s.replace(/and/g, "")] ?? null;
}

// ---------------------------------------------------------------------------------------------
// Reading and checking the file

type ExistingLine = typeof budgetLines.$inferSelect;

type Analysis = {
  preview: BudgetImportPreview;
  header: string[];
  writes: { line: BudgetImportLine; before: ExistingLine | null }[];
  removals: ExistingLine[];
};

const AMOUNT_COLUMN: Record<BudgetAmountField, "adoptedCents" | "amendedCents" | "actualCents" | "encumberedCents"> = {
  adopted: "adoptedCents",
  amended: "amendedCents",
  actual: "actualCents",
  encumbered: "encumberedCents",
};
const TEXT_COLUMN = {
  fund_code: "fundCode",
  fund_name: "fundName",
  unit_code: "unitCode",
  unit_name: "unitName",
  program_code: "programCode",
  program_name: "programName",
  account_code: "accountCode",
  account_name: "accountName",
  description: "description",
} as const satisfies Partial<Record<BudgetField, keyof BudgetImportLine>>;
type TextField = keyof typeof TEXT_COLUMN;
const TEXT_FIELDS = Object.keys(TEXT_COLUMN) as TextField[];

function emptyPreview(fiscalYear: number, mode: BudgetImportMode, mapping: BudgetMapping): BudgetImportPreview {
  return {
    ok: false,
    fiscalYear,
    mode,
    columns: [],
    mapping,
    mappingSource: "given",
    keyFields: [],
    errors: [],
    errorCount: 0,
    rowsRead: 0,
    blankRows: 0,
    lines: 0,
    mergedRows: 0,
    mergedKeys: 0,
    unassignedLines: 0,
    unmatchedDepartments: [],
    counts: { create: 0, update: 0, unchanged: 0, remove: 0, removeLinked: 0 },
    totals: { adopted: "0", amended: "0", actual: "0", encumbered: "0" },
    byCategory: [],
    sample: [],
    mergedExamples: [],
  };
}

async function analyze(tx: Transaction, ctx: TenantContext, request: BudgetImportRequest): Promise<Analysis> {
  const fy = fiscalYearSchema.safeParse(request.fiscalYear);
  const mode: BudgetImportMode = request.mode === "replace" ? "replace" : "update";
  const fiscalYear = fy.success ? fy.data : 0;
  const fallbackMapping = budgetMappingSchema.parse({ columns: {} });
  const fail = (issue: BudgetImportIssue, extra: Partial<BudgetImportPreview> = {}): Analysis => ({
    preview: { ...emptyPreview(fiscalYear, mode, fallbackMapping), ...extra, errors: [issue], errorCount: 1 },
    header: [],
    writes: [],
    removals: [],
  });
  if (!fy.success) return fail({ row: 1, column: null, reason: fy.error.issues[0]!.message });
  const csvText = request.csv ?? "";
  if (csvText.length > BUDGET_CSV_MAX_BYTES) {
    return fail({ row: 1, column: null, reason: `The file is too large: import at most ${BUDGET_CSV_MAX_BYTES / 1_000_000} MB at a time.` });
  }
  const parsed = parseCsv(csvText);
  if (!parsed.ok) return fail({ row: parsed.row, column: null, reason: parsed.reason });
  if (parsed.rows.length > BUDGET_CSV_MAX_ROWS) {
    return fail({ row: BUDGET_CSV_MAX_ROWS + 2, column: null, reason: `Import at most ${BUDGET_CSV_MAX_ROWS.toLocaleString("en-US")} rows at a time.` });
  }
  const header = parsed.header;
  const labels = parsed.labels;
  const columns: BudgetFileColumn[] = header.flatMap((name, i) =>
    name && header.indexOf(name) === i
      ? [{ name, label: labels[i] || name, sample: parsed.rows.find((r) => r.cells[name])?.cells[name] ?? "" }]
      : [],
  );
  const labelOf = new Map(columns.map((c) => [c.name, c.label]));

  // The mapping: given, saved for this header, or proposed.
  const chosen = await chooseColumnMapping(tx, ctx, { kind: "budget", header, given: request.mapping, schema: budgetMappingSchema, propose: proposeBudgetMapping });
  if (!chosen.ok) {
    return fail({ row: 1, column: null, reason: `The column mapping is not valid: ${chosen.issue.message} (${chosen.issue.path.join(".")}).` }, { columns });
  }
  const { mapping, source: mappingSource } = chosen;
  const col = mapping.columns as Partial<Record<BudgetField, string>>;
  const keyFields = keyFieldsOf(mapping);
  const base = { ...emptyPreview(fiscalYear, mode, mapping), columns, mappingSource, keyFields };

  // Mapping problems are reported against the header row.
  const mappingErrors: BudgetImportIssue[] = missingColumnIssues(col, header, BUDGET_FIELD_LABELS);
  if (!BUDGET_AMOUNT_FIELDS.some((f) => col[f])) {
    mappingErrors.push({ row: 1, column: null, reason: "Map at least one amount column (adopted, amended, actual or encumbered)." });
  }
  if (keyFields.length === 0) {
    mappingErrors.push({ row: 1, column: null, reason: "Map the columns that identify a line (fund, unit, program, account or department): they make its key." });
  }
  for (const f of keyFields) {
    if (!col[f]) mappingErrors.push({ row: 1, column: null, reason: `The line key uses ${BUDGET_FIELD_LABELS[f]}, which is not mapped to a column.` });
  }
  if (mapping.category.source === "column" && !col.category) {
    mappingErrors.push({ row: 1, column: null, reason: "Categories come from a column: map the Category column, or choose rules or one category." });
  }
  if (mapping.category.source === "account_prefix" && !col.account_code) {
    mappingErrors.push({ row: 1, column: null, reason: "Category rules read the account code: map the Account code column." });
  }
  if (mappingErrors.length) {
    return { preview: { ...base, errors: mappingErrors, errorCount: mappingErrors.length }, header, writes: [], removals: [] };
  }

  const deptRows = await tx
    .select({ id: departments.id, code: departments.code, name: departments.name, archivedAt: departments.archivedAt })
    .from(departments)
    .where(eq(departments.orgId, ctx.orgId));
  const deptByWord = new Map<string, { id: string; name: string; archivedAt: Date | null }>();
  for (const d of deptRows) deptByWord.set(d.name.trim().toLowerCase(), d);
  for (const d of deptRows) deptByWord.set(d.code.trim().toLowerCase(), d); // a code wins over a name
  const prefixRules =
    mapping.category.source === "account_prefix" ? [...mapping.category.rules].sort((a, b) => b.prefix.length - a.prefix.length) : [];

  const errors: BudgetImportIssue[] = [];
  const byKey = new Map<string, BudgetImportLine & { amounts: Record<BudgetAmountField, bigint> }>();
  const unmatched = new Set<string>();
  for (const { row, cells } of parsed.rows) {
    const rowErrors: BudgetImportIssue[] = [];
    const problem = (field: BudgetField | null, reason: string) =>
      rowErrors.push({ row, column: field && col[field] ? (labelOf.get(col[field]!) ?? col[field]!) : null, reason });
    const cell = (field: BudgetField) => (col[field] ? (cells[col[field]!] ?? "") : "");

    const amounts = { adopted: 0n, amended: 0n, actual: 0n, encumbered: 0n };
    for (const f of BUDGET_AMOUNT_FIELDS) {
      if (!col[f]) continue;
      const raw = cell(f);
      if (raw === "") continue;
      const money = parseMoney(raw);
      if (money.ok) amounts[f] = money.cents;
      else problem(f, money.reason);
    }
    for (const f of [...TEXT_FIELDS, "department", "category"] as const) {
      if (cell(f).length > TEXT_MAX) problem(f, `Use at most ${TEXT_MAX} characters here.`);
    }

    let department: { id: string; name: string; archivedAt: Date | null } | null = null;
    if (col.department) {
      const value = cell("department");
      department = deptByWord.get(value.toLowerCase()) ?? null;
      if (department?.archivedAt) {
        // Archived departments are no longer assigned new budget lines.
        if (mapping.unmatchedDepartment === "unassigned") unmatched.add(value);
        else problem("department", `${department.name} is archived. Assign these lines to a current department, or choose to import them as unassigned.`);
        department = null;
      } else if (!department) {
        if (mapping.unmatchedDepartment === "unassigned") {
          if (value) unmatched.add(value);
        } else if (!value) {
          problem("department", "Enter the department's code or name (or choose to import such lines as unassigned).");
        } else {
          problem(
            "department",
            `No department has the code or name “${value}”. Add it under Departments, correct the file, or choose to import unmatched lines as unassigned.`,
          );
        }
      }
    }

    let category: BudgetCategory | null = null;
    const c = mapping.category;
    if (c.source === "fixed") category = c.category;
    else if (c.source === "column") {
      const value = cell("category");
      category = categoryOfCell(value);
      if (!category) {
        problem(
          "category",
          value
            ? `“${value}” is not a category. Use personnel, operating, capital, debt service or other.`
            : "Enter the category: personnel, operating, capital, debt service or other.",
        );
      }
    } else {
      const account = cell("account_code");
      category = prefixRules.find((r) => account.startsWith(r.prefix))?.category ?? c.fallback;
      if (!category) {
        problem("account_code", `No category rule matches the account “${account}”. Add a rule for it, or choose a category for accounts no rule matches.`);
      }
    }

    const keyParts = keyFields.map((f) => cell(f));
    if (keyParts.every((p) => p === "")) {
      problem(keyFields[0]!, `This row has no ${keyFields.map((f) => BUDGET_FIELD_LABELS[f].toLowerCase()).join(", ")}: a line needs them to be identified.`);
    }
    const lineKey = keyParts.join("|");

    const existing = byKey.get(lineKey);
    if (existing && rowErrors.length === 0) {
      if (existing.departmentId !== (department?.id ?? null)) {
        problem("department", `Row ${existing.rows[0]} has the same line key (${lineKey}) with another department: a line belongs to one department.`);
      } else if (existing.category !== category) {
        problem(c.source === "column" ? "category" : "account_code", `Row ${existing.rows[0]} has the same line key (${lineKey}) with another category: a line has one category.`);
      }
    }
    if (rowErrors.length) {
      errors.push(...rowErrors);
      continue;
    }
    if (existing) {
      existing.rows.push(row);
      for (const f of BUDGET_AMOUNT_FIELDS) existing.amounts[f] += amounts[f];
      continue;
    }
    const line: BudgetImportLine & { amounts: Record<BudgetAmountField, bigint> } = {
      lineKey,
      departmentId: department?.id ?? null,
      departmentName: department?.name ?? null,
      category: category!,
      fundCode: cell("fund_code"),
      fundName: cell("fund_name"),
      unitCode: cell("unit_code"),
      unitName: cell("unit_name"),
      programCode: cell("program_code"),
      programName: cell("program_name"),
      accountCode: cell("account_code"),
      accountName: cell("account_name"),
      description: cell("description"),
      adoptedCents: "0",
      amendedCents: "0",
      actualCents: "0",
      encumberedCents: "0",
      rows: [row],
      action: "create",
      amounts,
    };
    byKey.set(lineKey, line);
  }
  if (parsed.rows.length === 0) errors.push({ row: 1, column: null, reason: "The file has no data rows under its header." });

  // Compare with the fiscal year's lines as they are now.
  const existingRows = await tx
    .select()
    .from(budgetLines)
    .where(and(eq(budgetLines.orgId, ctx.orgId), eq(budgetLines.fiscalYear, fiscalYear)));
  const existingByKey = new Map(existingRows.map((l) => [l.lineKey, l]));
  const writes: Analysis["writes"] = [];
  const counts = { create: 0, update: 0, unchanged: 0, remove: 0, removeLinked: 0 };
  const totals = { adopted: 0n, amended: 0n, actual: 0n, encumbered: 0n };
  const byCategory = new Map<BudgetCategory, { lines: number; adopted: bigint }>();
  const lines: BudgetImportLine[] = [];
  for (const entry of byKey.values()) {
    const { amounts, ...line } = entry;
    const before = existingByKey.get(line.lineKey) ?? null;
    for (const f of BUDGET_AMOUNT_FIELDS) {
      const column = AMOUNT_COLUMN[f];
      const value = col[f] ? amounts[f] : before ? before[column] : f === "amended" ? amounts.adopted : 0n;
      line[column] = value.toString();
    }
    if (before) {
      for (const f of TEXT_FIELDS) if (!col[f]) line[TEXT_COLUMN[f]] = before[TEXT_COLUMN[f]];
      if (!col.department && before.departmentId) {
        // Without a department column an update keeps a department set earlier (by hand or another file).
        line.departmentId = before.departmentId;
        line.departmentName = deptRows.find((d) => d.id === before.departmentId)?.name ?? null;
      }
      const same =
        before.departmentId === line.departmentId &&
        before.category === line.category &&
        TEXT_FIELDS.every((f) => before[TEXT_COLUMN[f]] === line[TEXT_COLUMN[f]]) &&
        BUDGET_AMOUNT_FIELDS.every((f) => before[AMOUNT_COLUMN[f]].toString() === line[AMOUNT_COLUMN[f]]);
      line.action = same ? "unchanged" : "update";
    }
    counts[line.action] += 1;
    if (line.action !== "unchanged") writes.push({ line, before });
    for (const f of BUDGET_AMOUNT_FIELDS) totals[f] += BigInt(line[AMOUNT_COLUMN[f]]);
    const cat = byCategory.get(line.category) ?? { lines: 0, adopted: 0n };
    byCategory.set(line.category, { lines: cat.lines + 1, adopted: cat.adopted + BigInt(line.adoptedCents) });
    lines.push(line);
  }
  let removals: ExistingLine[] = [];
  if (mode === "replace") {
    removals = existingRows.filter((l) => !byKey.has(l.lineKey));
    counts.remove = removals.length;
    if (removals.length) {
      const ids = removals.map((l) => l.id);
      const linked = new Set<string>();
      for (let i = 0; i < ids.length; i += 1000) {
        const chunk = ids.slice(i, i + 1000);
        const p = await tx
          .selectDistinct({ id: budgetLinePractices.budgetLineId })
          .from(budgetLinePractices)
          .where(and(eq(budgetLinePractices.orgId, ctx.orgId), inArray(budgetLinePractices.budgetLineId, chunk)));
        const o = await tx
          .selectDistinct({ id: budgetLineObjectives.budgetLineId })
          .from(budgetLineObjectives)
          .where(and(eq(budgetLineObjectives.orgId, ctx.orgId), inArray(budgetLineObjectives.budgetLineId, chunk)));
        for (const r of [...p, ...o]) linked.add(r.id);
      }
      counts.removeLinked = linked.size;
    }
  }
  const mergedKeys = lines.filter((l) => l.rows.length > 1).length;
  const preview: BudgetImportPreview = {
    ...base,
    ok: errors.length === 0,
    errors: errors.slice(0, BUDGET_IMPORT_MAX_ERRORS),
    errorCount: errors.length,
    rowsRead: parsed.rows.length,
    blankRows: parsed.blankRows.length,
    lines: lines.length,
    mergedRows: lines.reduce((n, l) => n + l.rows.length - 1, 0),
    mergedKeys,
    unassignedLines: lines.filter((l) => l.departmentId === null).length,
    unmatchedDepartments: [...unmatched].sort(),
    counts,
    totals: {
      adopted: totals.adopted.toString(),
      amended: totals.amended.toString(),
      actual: totals.actual.toString(),
      encumbered: totals.encumbered.toString(),
    },
    byCategory: BUDGET_CATEGORIES.filter((c) => byCategory.has(c)).map((c) => ({
      category: c,
      lines: byCategory.get(c)!.lines,
      adoptedCents: byCategory.get(c)!.adopted.toString(),
    })),
    sample: lines.slice(0, 20),
    mergedExamples: lines.filter((l) => l.rows.length > 1).slice(0, 10),
  };
  return { preview, header, writes, removals };
}

// ---------------------------------------------------------------------------------------------
// Services

/** What importing this file into the fiscal year would do; writes nothing. Admins only. */
export async function previewBudgetImport(ctx: TenantContext, request: BudgetImportRequest): Promise<BudgetImportPreview> {
  requirePermission(ctx, "budget.manage");
  return withTenant(ctx, async (tx) => (await analyze(tx, ctx, request)).preview);
}

/** Imports the file into the fiscal year: everything, or nothing if any row has a problem. The
 * mapping used is remembered for the next file with the same header. */
export async function commitBudgetImport(ctx: TenantContext, request: BudgetImportRequest): Promise<BudgetImportCommit> {
  requirePermission(ctx, "budget.manage");
  return withTenant(ctx, async (tx) => {
    const fy = fiscalYearSchema.safeParse(request.fiscalYear);
    if (fy.success) {
      // One import per organization and fiscal year at a time.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('praxis.budget-import'), hashtext(${`${ctx.orgId}:${fy.data}`}))`);
    }
    const { preview, header, writes, removals } = await analyze(tx, ctx, request);
    if (!preview.ok) return { ok: false, fiscalYear: preview.fiscalYear, errors: preview.errors, errorCount: preview.errorCount };
    const fiscalYear = preview.fiscalYear;
    await ensureFiscalYear(tx, ctx, fiscalYear);
    for (let i = 0; i < writes.length; i += 500) {
      const chunk = writes.slice(i, i + 500);
      await tx
        .insert(budgetLines)
        .values(
          chunk.map(({ line }) => ({
            orgId: ctx.orgId,
            fiscalYear,
            lineKey: line.lineKey,
            departmentId: line.departmentId,
            category: line.category,
            fundCode: line.fundCode,
            fundName: line.fundName,
            unitCode: line.unitCode,
            unitName: line.unitName,
            programCode: line.programCode,
            programName: line.programName,
            accountCode: line.accountCode,
            accountName: line.accountName,
            description: line.description,
            adoptedCents: BigInt(line.adoptedCents),
            amendedCents: BigInt(line.amendedCents),
            actualCents: BigInt(line.actualCents),
            encumberedCents: BigInt(line.encumberedCents),
          })),
        )
        .onConflictDoUpdate({
          target: [budgetLines.orgId, budgetLines.fiscalYear, budgetLines.lineKey],
          set: {
            departmentId: sql`excluded.department_id`,
            category: sql`excluded.category`,
            fundCode: sql`excluded.fund_code`,
            fundName: sql`excluded.fund_name`,
            unitCode: sql`excluded.unit_code`,
            unitName: sql`excluded.unit_name`,
            programCode: sql`excluded.program_code`,
            programName: sql`excluded.program_name`,
            accountCode: sql`excluded.account_code`,
            accountName: sql`excluded.account_name`,
            description: sql`excluded.description`,
            adoptedCents: sql`excluded.adopted_cents`,
            amendedCents: sql`excluded.amended_cents`,
            actualCents: sql`excluded.actual_cents`,
            encumberedCents: sql`excluded.encumbered_cents`,
            updatedAt: sql`now()`,
          },
        });
    }
    const removedIds = removals.map((l) => l.id);
    for (let i = 0; i < removedIds.length; i += 1000) {
      await tx
        .delete(budgetLines)
        .where(and(eq(budgetLines.orgId, ctx.orgId), inArray(budgetLines.id, removedIds.slice(i, i + 1000))));
    }
    await rememberColumnMapping(tx, ctx, "budget", header, preview.mapping);
    const { create, update, unchanged, remove } = preview.counts;
    if (writes.length || removals.length) {
      const amounts = (l: { adoptedCents: bigint | string; amendedCents: bigint | string; actualCents: bigint | string; encumberedCents: bigint | string }) => ({
        adopted: l.adoptedCents.toString(),
        amended: l.amendedCents.toString(),
        actual: l.actualCents.toString(),
        encumbered: l.encumberedCents.toString(),
      });
      await recordAudit(tx, {
        orgId: ctx.orgId,
        actorUserId: ctx.userId,
        action: "budget.import",
        entityType: "fiscal_year",
        entityId: String(fiscalYear),
        before: {
          updated: writes.filter((w) => w.before).map((w) => ({ key: w.line.lineKey, ...amounts(w.before!) })),
          removed: removals.map((l) => ({ key: l.lineKey, ...amounts(l) })),
        },
        after: {
          mode: preview.mode,
          created: create,
          updated: update,
          unchanged,
          removed: remove,
          mergedRows: preview.mergedRows,
          totals: preview.totals,
          changes: writes.map((w) => ({ key: w.line.lineKey, category: w.line.category, departmentId: w.line.departmentId, ...amounts(w.line) })),
        },
      });
    }
    return { ok: true, fiscalYear, created: create, updated: update, unchanged, removed: remove, mergedRows: preview.mergedRows };
  });
}

/** The mapping the organization last saved for files with this header, if any. */
export async function savedBudgetMapping(ctx: TenantContext, header: string[]): Promise<BudgetMapping | null> {
  requirePermission(ctx, "budget.manage");
  return withTenant(ctx, async (tx) => {
    const [row] = await tx
      .select({ mapping: importMappings.mapping })
      .from(importMappings)
      .where(
        and(
          eq(importMappings.orgId, ctx.orgId),
          eq(importMappings.kind, "budget"),
          eq(importMappings.headerSignature, headerSignature(header)),
        ),
      );
    const parsed = row ? budgetMappingSchema.safeParse(row.mapping) : null;
    return parsed?.success ? parsed.data : null;
  });
}
