import { describe, expect, it } from "vitest";
import { budgetMappingFromForm, categoryRulesToText, parseCategoryRules } from "./budget.schema";

describe("the mapping step's form", () => {
  it("reads columns, key fields, the department choice and category rules", () => {
    const form = new URLSearchParams([
      ["column.fund_code", "fundcode"],
      ["column.account_code", "account"],
      ["column.adopted", "fy2016_budget"],
      ["column.department", ""],
      ["keyField", "fund_code"],
      ["keyField", "account_code"],
      ["unmatchedDepartment", "unassigned"],
      ["categorySource", "account_prefix"],
      ["categoryRules", "51 = personnel\n52: Operating\n55 = debt service\n"],
      ["categoryFallback", "other"],
    ]);
    expect(budgetMappingFromForm(form)).toEqual({
      ok: true,
      mapping: {
        columns: { fund_code: "fundcode", account_code: "account", adopted: "fy2016_budget" },
        keyFields: ["fund_code", "account_code"],
        unmatchedDepartment: "unassigned",
        category: {
          source: "account_prefix",
          rules: [
            { prefix: "51", category: "personnel" },
            { prefix: "52", category: "operating" },
            { prefix: "55", category: "debt_service" },
          ],
          fallback: "other",
        },
      },
    });
  });

  it("names the field of each problem", () => {
    const bad = budgetMappingFromForm(new URLSearchParams([["categorySource", "account_prefix"], ["categoryRules", "51 personnel"]]));
    expect(bad).toEqual({ ok: false, errors: { categoryRules: [expect.stringContaining("Line 1")] } });
    const badKey = budgetMappingFromForm(new URLSearchParams([["keyField", "colour"]]));
    expect(badKey.ok ? {} : badKey.errors).toHaveProperty("keyFields");
    expect(categoryRulesToText(parseCategoryRules("54=capital\n59 = Other").rules)).toBe("54 = capital\n59 = other");
  });
});
