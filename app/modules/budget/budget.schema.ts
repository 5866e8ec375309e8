// What the budget pages and services share: categories, the import's fields and its column
// mapping (validated with zod on both sides).
import { z } from "zod";

export const BUDGET_CATEGORIES = ["personnel", "operating", "capital", "debt_service", "other"] as const;
export type BudgetCategory = (typeof BUDGET_CATEGORIES)[number];

export const BUDGET_CATEGORY_LABELS: Record<BudgetCategory, string> = {
  personnel: "Personnel",
  operating: "Operating",
  capital: "Capital",
  debt_service: "Debt service",
  other: "Other",
};

/** The fields of a budget line an import can fill, in the order the mapping step shows them. */
export const BUDGET_FIELDS = [
  "fund_code",
  "fund_name",
  "department",
  "unit_code",
  "unit_name",
  "program_code",
  "program_name",
  "account_code",
  "account_name",
  "description",
  "category",
  "adopted",
  "amended",
  "actual",
  "encumbered",
] as const;
export type BudgetField = (typeof BUDGET_FIELDS)[number];

export const BUDGET_FIELD_LABELS: Record<BudgetField, string> = {
  fund_code: "Fund code",
  fund_name: "Fund name",
  department: "Department (code or name)",
  unit_code: "Unit / cost center code",
  unit_name: "Unit / cost center name",
  program_code: "Program code",
  program_name: "Program name",
  account_code: "Account code",
  account_name: "Account name",
  description: "Description",
  category: "Category",
  adopted: "Adopted budget",
  amended: "Amended budget",
  actual: "Actual (year to date)",
  encumbered: "Encumbered",
};

/** The codes a line's key can be built from (in this order). */
export const BUDGET_KEY_FIELDS = ["fund_code", "department", "unit_code", "program_code", "account_code"] as const;
export type BudgetKeyField = (typeof BUDGET_KEY_FIELDS)[number];

export const BUDGET_AMOUNT_FIELDS = ["adopted", "amended", "actual", "encumbered"] as const;
export type BudgetAmountField = (typeof BUDGET_AMOUNT_FIELDS)[number];

export const categoryRuleSchema = z.object({
  /** An account code that starts with this text gets the category (the longest prefix wins). */
  prefix: z.string().trim().min(1, "Enter the start of the account codes.").max(20),
  category: z.enum(BUDGET_CATEGORIES),
});

/**
 * How a file's columns become budget lines.
 * - columns: our field → the file's column (its normalized name, as the preview lists it).
 * - keyFields: the codes that identify a line across imports (default: every mapped one of fund,
 *   unit, program and account). Rows with the same key are one line: their amounts are summed.
 * - unmatchedDepartment: a department cell that matches no department's code or name is a row
 *   error ("error", the default) or the line is kept as unassigned ("unassigned"). Without a
 *   department column every line is unassigned.
 * - category: from a column, from rules on the account code's prefix, or one category for all.
 */
export const budgetMappingSchema = z.object({
  columns: z.record(z.enum(BUDGET_FIELDS), z.string().trim().min(1).max(200).nullable().optional()),
  keyFields: z.array(z.enum(BUDGET_KEY_FIELDS)).max(BUDGET_KEY_FIELDS.length).optional(),
  unmatchedDepartment: z.enum(["error", "unassigned"]).default("error"),
  category: z
    .discriminatedUnion("source", [
      z.object({ source: z.literal("column") }),
      z.object({
        source: z.literal("account_prefix"),
        rules: z.array(categoryRuleSchema).min(1, "Add at least one rule.").max(100),
        fallback: z.enum(BUDGET_CATEGORIES).nullable().default(null),
      }),
      z.object({ source: z.literal("fixed"), category: z.enum(BUDGET_CATEGORIES) }),
    ])
    .default({ source: "fixed", category: "other" }),
});
export type BudgetMapping = z.output<typeof budgetMappingSchema>;
export type BudgetMappingInput = z.input<typeof budgetMappingSchema>;

/** "update" changes and adds lines and leaves the year's other lines alone; "replace" also
 * removes the year's lines that are not in the file (with their links). */
export const BUDGET_IMPORT_MODES = ["update", "replace"] as const;
export type BudgetImportMode = (typeof BUDGET_IMPORT_MODES)[number];

export const fiscalYearSchema = z.coerce
  .number({ invalid_type_error: "Choose a fiscal year." })
  .int("Choose a fiscal year.")
  .min(1900, "Choose a fiscal year between 1900 and 2199.")
  .max(2199, "Choose a fiscal year between 1900 and 2199.");

/** Category rules as a person types them, one per line: "51 = personnel", "54: capital". */
export function parseCategoryRules(text: string): { rules: { prefix: string; category: BudgetCategory }[]; errors: string[] } {
  const rules: { prefix: string; category: BudgetCategory }[] = [];
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const m = /^([^=:]+?)\s*[=:]\s*(.+)$/.exec(line);
    const category = m ? categoryFromLabel(m[2]!) : null;
    if (!m || !category) {
      errors.push(`Line ${i + 1}: write a rule as “account prefix = category”, like “51 = personnel” (categories: ${BUDGET_CATEGORIES.map((c) => BUDGET_CATEGORY_LABELS[c].toLowerCase()).join(", ")}).`);
      return;
    }
    rules.push({ prefix: m[1]!.trim(), category });
  });
  return { rules, errors };
}

/** "Debt service", "debt_service", "DEBT SERVICE" → debt_service. */
export function categoryFromLabel(label: string): BudgetCategory | null {
  const s = label.trim().toLowerCase().replace(/[\s-]+/g, "_");
  return (BUDGET_CATEGORIES as readonly string[]).includes(s) ? (s as BudgetCategory) : null;
}

export function categoryRulesToText(rules: { prefix: string; category: BudgetCategory }[]): string {
  return rules.map((r) => `${r.prefix} = ${BUDGET_CATEGORY_LABELS[r.category].toLowerCase()}`).join("\n");
}

/**
 * The mapping step's form as a mapping: `column.<field>` (a column name, empty for none),
 * `keyField` (repeated), `unmatchedDepartment`, `categorySource` (column, account_prefix, fixed),
 * `categoryFixed`, `categoryRules` (text, see parseCategoryRules) and `categoryFallback`.
 * Problems come back by form field, for the form to show beside them.
 */
export function budgetMappingFromForm(
  form: FormData | URLSearchParams,
): { ok: true; mapping: BudgetMapping } | { ok: false; errors: Record<string, string[]> } {
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const columns: Partial<Record<BudgetField, string>> = {};
  for (const f of BUDGET_FIELDS) if (text(`column.${f}`)) columns[f] = text(`column.${f}`);
  const errors: Record<string, string[]> = {};
  const source = text("categorySource") || (columns.category ? "column" : "fixed");
  let category: BudgetMappingInput["category"];
  if (source === "account_prefix") {
    const parsed = parseCategoryRules(text("categoryRules"));
    if (parsed.errors.length) errors.categoryRules = parsed.errors;
    else if (parsed.rules.length === 0) errors.categoryRules = ["Add at least one rule, like “51 = personnel”."];
    category = { source, rules: parsed.rules, fallback: categoryFromLabel(text("categoryFallback")) };
  } else if (source === "column") {
    category = { source };
  } else {
    category = { source: "fixed", category: categoryFromLabel(text("categoryFixed")) ?? "other" };
  }
  const keyFields = form.getAll("keyField").map(String);
  const parsed = budgetMappingSchema.safeParse({
    columns,
    keyFields: keyFields.length ? keyFields : undefined,
    unmatchedDepartment: text("unmatchedDepartment") || "error",
    category,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.path[0] === "category" && errors.categoryRules) continue;
      const field = issue.path[0] === "category" ? "categorySource" : String(issue.path[0] ?? "form");
      (errors[field] ??= []).push(issue.message);
    }
  }
  if (Object.keys(errors).length || !parsed.success) return { ok: false, errors };
  return { ok: true, mapping: parsed.data };
}
