// Issue 9, item 3, imports: the budget, plan (measurements) and roster imports receive malformed
// files through their routes, as uploaded files (bytes, decoded by the route): Latin-1 text and
// UTF-16 without its byte-order mark (UTF-16 with it is read: app/test/import-formats), a byte-order mark, ragged rows, an empty file, a header alone, 100,000 rows, formulas in
// text fields and binary junk. A malformed file gets a 400 with a message that says what is
// wrong, and nothing is written (all or nothing); formulas are text and stay text.
import { beforeAll, describe, expect, it } from "vitest";
import { rawQuery } from "#db/client.server";
import * as budgetImportRoute from "~/routes/o.$org.budget.import";
import * as planImportRoute from "~/routes/o.$org.plans.$planId.import";
import * as rosterImportRoute from "~/routes/o.$org.roster.import";
import { commitBudgetImport, previewBudgetImport } from "~/modules/budget/budget-import.server";
import { buildFixture, callAction, changedTables, digest, postRequest, type Fixture, type FormFields, type Outcome } from "./harness";

type Import = {
  name: string;
  header: string;
  /** One good data row, numbered so that rows differ. */
  row: (i: number) => string;
  /** Posts the file and, where the route has steps, goes on to the commit. */
  send: (fx: Fixture, file: File) => Promise<Outcome>;
};

const fileOf = (bytes: Uint8Array | string, name = "import.csv") => new File([typeof bytes === "string" ? bytes : new Uint8Array(bytes)], name, { type: "text/csv" });
const post = (action: unknown, path: string, params: Record<string, string>, fields: FormFields, cookie: string) =>
  callAction(action as Parameters<typeof callAction>[0], postRequest(path, fields, cookie), params);

const IMPORTS: Import[] = [
  {
    name: "plan measurements",
    header: "measure,period,value,note",
    row: (i) => `1.1.1,${2000 + (i % 26)}-01-01,${i},note ${i}`,
    send: (fx, file) =>
      post(planImportRoute.action, `/o/${fx.org.slug}/plans/${fx.planId}/import`, { org: fx.org.slug, planId: fx.planId }, { step: "commit", kind: "measurements", file }, fx.cookies.admin),
  },
  {
    name: "roster",
    header: "employee_number,full_name,department,email",
    row: (i) => `N-${i},Person ${i},PW,person${i}@example.test`,
    send: (fx, file) => post(rosterImportRoute.action, `/o/${fx.org.slug}/roster/import`, { org: fx.org.slug }, { step: "commit", mode: "update", file }, fx.cookies.admin),
  },
  {
    name: "budget",
    header: "fund,department,account,description,adopted",
    row: (i) => `100,PW,${6000 + i},Line ${i},${1000 + i}`,
    send: async (fx, file) => {
      const params = { org: fx.org.slug };
      const path = `/o/${fx.org.slug}/budget/import`;
      const upload = await post(budgetImportRoute.action, path, params, { step: "upload", fiscalYear: "2027", mode: "update", file }, fx.cookies.admin);
      if (upload.kind !== "response" || upload.status >= 400) return upload;
      // The upload was readable: commit it with the mapping the import proposes (the route's
      // mapping form only echoes that mapping back), through the same service the route calls.
      const csv = await file.text();
      const preview = await previewBudgetImport(fx.org.ctx.admin, { fiscalYear: 2027, csv, mode: "update" });
      const outcome = await commitBudgetImport(fx.org.ctx.admin, { fiscalYear: 2027, csv, mode: "update", mapping: preview.mapping });
      return outcome.ok
        ? { kind: "response", status: 200, thrown: false, body: JSON.stringify(outcome), location: null }
        : { kind: "response", status: 400, thrown: false, body: JSON.stringify(outcome.errors), location: null };
    },
  },
];

function utf16le(text: string): Uint8Array {
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes[0] = 0xff;
  bytes[1] = 0xfe;
  for (let i = 0; i < text.length; i++) {
    bytes[2 + i * 2] = text.charCodeAt(i) & 0xff;
    bytes[3 + i * 2] = text.charCodeAt(i) >> 8;
  }
  return bytes;
}
const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);

type Malformed = { label: string; bytes: (imp: Import) => Uint8Array | string; message: RegExp };

const MALFORMED: Malformed[] = [
  { label: "Latin-1 bytes (not UTF-8)", bytes: (imp) => latin1(`${imp.header}\n${imp.row(1).replace("1", "1é")}\n${imp.row(2)}ñ\n`), message: /UTF-8/ },
  { label: "UTF-16 without a byte-order mark", bytes: (imp) => utf16le(`${imp.header}\n${imp.row(1)}\n`).slice(2), message: /UTF-8/ },
  // A row with more cells than the header: its last values have no column and would be lost.
  { label: "ragged rows (a good row, then one with extra cells)", bytes: (imp) => `${imp.header}\n${imp.row(1)}\n${imp.row(2)},surplus,more\n`, message: /more cells|column/i },
  { label: "an unclosed quote", bytes: (imp) => `${imp.header}\n"${imp.row(1)}\n${imp.row(2)}\n`, message: /not valid CSV|quote/i },
  { label: "an empty file", bytes: () => "", message: /empty|Choose a CSV|choose/i },
  { label: "a byte-order mark and nothing else", bytes: () => "\ufeff", message: /empty|Choose a CSV|choose/i },
  { label: "a header and no rows", bytes: (imp) => `${imp.header}\n`, message: /no rows|nothing to import|no data|empty/i },
  { label: "100,000 rows", bytes: (imp) => `${imp.header}\n${Array.from({ length: 100_000 }, (_, i) => imp.row(i)).join("\n")}\n`, message: /at most|too large/i },
  {
    label: "binary junk",
    bytes: () => Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256),
    message: /UTF-8|not valid CSV|empty/i,
  },
];

describe("malformed files sent to each import", () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await buildFixture("imports");
  });

  for (const imp of IMPORTS) {
    for (const m of MALFORMED) {
      it(`${imp.name}: ${m.label} → a 400 that says why, and nothing written`, { timeout: 120_000 }, async () => {
        const before = await digest(fx.org.orgId);
        const outcome = await imp.send(fx, fileOf(m.bytes(imp)));
        const after = await digest(fx.org.orgId);
        expect(outcome.kind === "response" ? outcome.status : String((outcome as { error: unknown }).error)).toBe(400);
        expect(outcome.kind === "response" && outcome.body).toMatch(m.message);
        expect(changedTables(before, after)).toEqual([]);
      });
    }

    it(`${imp.name}: a UTF-8 byte-order mark is skipped, and the file imports`, { timeout: 60_000 }, async () => {
      const outcome = await imp.send(fx, fileOf(`\ufeff${imp.header}\r\n${imp.row(7)}\r\n`));
      expect(outcome.kind === "response" ? [outcome.status < 400, outcome.body.slice(0, 300)] : outcome.error).toEqual([true, expect.any(String)]);
    });
  }

  it("formulas in text fields are stored as the text they are (exports neutralize them)", { timeout: 60_000 }, async () => {
    const formulas = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1)"];
    const roster = IMPORTS.find((i) => i.name === "roster")!;
    const csv = `${roster.header}\n${formulas.map((f, i) => `F-${i},"${f.replace(/"/g, '""')}",PW,`).join("\n")}\n`;
    const outcome = await roster.send(fx, fileOf(csv));
    expect(outcome.kind === "response" && outcome.status).toBeLessThan(400);
    const names = await rawQuery<{ full_name: string }>(`select full_name from staff_members where org_id = $1 and employee_number like 'F-%' order by employee_number`, [fx.org.orgId]);
    expect(names.map((n) => n.full_name)).toEqual(formulas);

    const plan = IMPORTS.find((i) => i.name === "plan measurements")!;
    const notes = `${plan.header}\n${formulas.map((f, i) => `1.1.1,${2010 + i}-01-01,${i + 1},"${f.replace(/"/g, '""')}"`).join("\n")}\n`;
    const planned = await plan.send(fx, fileOf(notes));
    expect(planned.kind === "response" && planned.status).toBeLessThan(400);
    const stored = await rawQuery<{ note: string }>(`select note from measurements where org_id = $1 and period between '2010-01-01' and '2013-12-31' order by period`, [fx.org.orgId]);
    expect(stored.map((n) => n.note)).toEqual(formulas);
  });
});
