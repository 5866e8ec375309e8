// Every import reads what a spreadsheet saves, not only a comma-separated UTF-8 file with LF line
// endings: the same rows written with old-Mac CR line endings, separated by semicolons (as Excel
// writes where the comma is the decimal mark), as UTF-16 "Unicode text" (tab-separated, with its
// byte-order mark) or as an Excel workbook (.xlsx, numbers stored as numbers) give exactly the
// preview of the CSV. Each file goes through the import's own route, as a browser uploads it.
import { write as writeWorkbook, utils as sheetUtils } from "@e965/xlsx";
import { stringify } from "csv-stringify/sync";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cookieFrom, createTestOrg, type TestOrg } from "#db/test/factories";
import { startSession } from "~/modules/auth/session.server";
import { previewBudgetImport } from "~/modules/budget/budget-import.server";
import { csvRecords } from "~/modules/core/csv";
import { createGoal, createMeasure, createObjective, createPlan } from "~/modules/plans/plans.server";
import * as budgetImportRoute from "~/routes/o.$org.budget.import";
import * as planImportRoute from "~/routes/o.$org.plans.$planId.import";
import * as rosterImportRoute from "~/routes/o.$org.roster.import";
import { callAction, postRequest, type FormFields } from "./hostile/harness";

type Variant = { label: string; file: (records: string[][]) => File };

const csvFile = (text: string | Uint8Array, name = "import.csv") => new File([typeof text === "string" ? text : new Uint8Array(text)], name, { type: "text/csv" });
const isNumber = (cell: string) => /^-?\d+(\.\d+)?$/.test(cell) && !/^0\d/.test(cell);

const VARIANTS: Variant[] = [
  { label: "CR-only line endings", file: (records) => csvFile(stringify(records, { record_delimiter: "\r" })) },
  { label: "semicolons and CRLF", file: (records) => csvFile(stringify(records, { delimiter: ";", record_delimiter: "\r\n" })) },
  { label: "a byte-order mark", file: (records) => csvFile(stringify(records, { bom: true })) },
  {
    label: "UTF-16 Unicode text (tab-separated)",
    file: (records) => {
      const text = stringify(records, { delimiter: "\t", record_delimiter: "\r\n" });
      const bytes = new Uint8Array(2 + text.length * 2);
      bytes.set([0xff, 0xfe]);
      for (let i = 0; i < text.length; i++) new DataView(bytes.buffer).setUint16(2 + i * 2, text.charCodeAt(i), true);
      return csvFile(bytes, "import.txt");
    },
  },
  {
    label: "an Excel workbook",
    file: (records) => {
      // Numbers as numbers, as a spreadsheet stores them; codes with leading zeros stay text.
      const sheet = sheetUtils.aoa_to_sheet(records.map((r, i) => (i === 0 ? r : r.map((c) => (isNumber(c) ? Number(c) : c)))));
      const book = sheetUtils.book_new();
      sheetUtils.book_append_sheet(book, sheet, "Sheet1");
      const bytes = writeWorkbook(book, { type: "array", bookType: "xlsx" }) as ArrayBuffer;
      return new File([new Uint8Array(bytes)], "import.xlsx", { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
    },
  },
];

let org: TestOrg;
let cookie: string;
let planId: string;

beforeAll(async () => {
  org = await createTestOrg("import-formats");
  cookie = cookieFrom(await startSession(org.ctx.admin.userId, new Request("http://localhost/")));
  const admin = org.ctx.admin;
  planId = (await createPlan(admin, { title: "Plan", startFiscalYear: 2026, endFiscalYear: 2030, status: "adopted" })).id;
  const goal = await createGoal(admin, planId, { title: "Streets", description: "" });
  const objective = await createObjective(admin, goal.id, { title: "Fix potholes", ownerDepartmentId: org.departmentIds[0]!, reportingFrequency: "monthly" });
  for (const code of ["1.1.1", "1.1.2"]) {
    await createMeasure(admin, objective.id, { code, name: `Measure ${code}`, direction: "higher_is_better", reportingFrequency: "monthly", target: "100" });
  }
});

async function post(action: unknown, pathName: string, params: Record<string, string>, fields: FormFields) {
  const outcome = await callAction(action as Parameters<typeof callAction>[0], postRequest(pathName, fields, cookie), params);
  if (outcome.kind !== "response") throw outcome.error;
  return { status: outcome.status, data: JSON.parse(outcome.body) as Record<string, unknown> };
}

/** A preview without the example cell it shows beside each column: that one is shown as the file
 * has it (a workbook stores the CSV's "20.000" as the number 20). Everything read from the rows
 * (values, amounts, errors, counts) must be equal. */
function withoutSamples(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSamples);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).filter(([k]) => k !== "sample").map(([k, v]) => [k, withoutSamples(v)]));
  return value;
}

type Import = { name: string; records: () => string[][]; preview: (file: File) => Promise<unknown> };

const IMPORTS: Import[] = [
  {
    name: "plan measurements",
    records: () => [
      ["Measure", "Period", "Value", "Note"],
      ["1.1.1", "2026-01-01", "12.5", "Counted by hand, then checked"],
      ["1.1.1", "2026-02-01", "1234567.125", ""],
      ["1.1.2", "2026-01-01", "-3", "Lower; see the \"winter\" note"],
    ],
    preview: async (file) => {
      const res = await post(planImportRoute.action, `/o/${org.slug}/plans/${planId}/import`, { org: org.slug, planId }, { kind: "measurements", file });
      expect(res.status).toBe(200);
      return res.data.preview;
    },
  },
  {
    name: "roster",
    records: () => [
      ["Employee number", "Full name", "Department", "Email", "Title"],
      ["0042", "Ada Lovelace", "PW", "ada@example.test", "Engineer, streets"],
      ["1043", "Grace Hopper", "Finance", "grace@example.test", "Analyst"],
      ["1044", "Katherine Johnson", "pw", "katherine@example.test", ""],
    ],
    preview: async (file) => {
      const res = await post(rosterImportRoute.action, `/o/${org.slug}/roster/import`, { org: org.slug }, { mode: "update", file });
      expect(res.status).toBe(200);
      return res.data.preview;
    },
  },
  {
    name: "budget (Oklahoma City's FY2016 expense budget, 1948 rows)",
    records: () => {
      const read = csvRecords(fs.readFileSync(path.resolve("fixtures/budget/okc-fy2016-expense-budget.csv"), "utf8"));
      if (!read.ok) throw new Error(read.reason);
      return read.records.filter((r) => r.some((c) => c !== ""));
    },
    preview: async (file) => {
      const res = await post(budgetImportRoute.action, `/o/${org.slug}/budget/import`, { org: org.slug }, { step: "upload", fiscalYear: "2016", mode: "update", file });
      expect(res.status).toBe(200);
      // The mapping step, then the preview of the proposed mapping from the text the route read.
      const mapping = res.data.preview as Awaited<ReturnType<typeof previewBudgetImport>>;
      const csv = (res.data.file as { csv: string }).csv;
      const preview = await previewBudgetImport(org.ctx.admin, { fiscalYear: 2016, csv, mode: "update", mapping: mapping.mapping });
      return { mappingStep: mapping, preview };
    },
  },
];

describe("every import reads what a spreadsheet saves", () => {
  for (const imp of IMPORTS) {
    describe(imp.name, () => {
      let expected: unknown;
      beforeAll(async () => {
        expected = await imp.preview(csvFile(stringify(imp.records())));
      }, 120_000);

      it("previews the CSV with its rows and no errors", () => {
        const json = JSON.stringify(expected);
        expect(json).not.toMatch(/"errors":\[\{/);
        expect(json.length).toBeGreaterThan(200);
      });

      for (const variant of VARIANTS) {
        it(`gives the same preview from ${variant.label}`, async () => {
          expect(withoutSamples(await imp.preview(variant.file(imp.records())))).toEqual(withoutSamples(expected));
        }, 120_000);
      }
    });
  }

  it("refuses text in another encoding with a message that says how to save it, and an old .xls workbook", async () => {
    const latin1 = Uint8Array.from("employee_number,full_name,department\n7,José Núñez,PW\n", (c) => c.charCodeAt(0) & 0xff);
    const res = await post(rosterImportRoute.action, `/o/${org.slug}/roster/import`, { org: org.slug }, { mode: "update", file: csvFile(latin1) });
    expect(res.status).toBe(400);
    expect(res.data.csvError).toMatch(/not UTF-8 text.*CSV UTF-8.*row 2/s);
    const xls = new File([new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])], "budget.xls");
    const old = await post(rosterImportRoute.action, `/o/${org.slug}/roster/import`, { org: org.slug }, { mode: "update", file: xls });
    expect(old.data.csvError).toMatch(/old Excel workbook \(\.xls\)/);
  });
});
