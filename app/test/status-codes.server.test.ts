// Issue 15, item 6: a file that cannot be imported answers a 4xx with what is wrong (it was a 200
// with a message), and a POST without a form answers 400 (the export's was a 500). The same
// requests with a good file / a form are accepted, so each refusal is the file's or the form's.
import { beforeAll, describe, expect, it } from "vitest";
import * as budgetImportRoute from "~/routes/o.$org.budget.import";
import * as exportRoute from "~/routes/o.$org.export[.]zip";
import * as planImportRoute from "~/routes/o.$org.plans.$planId.import";
import * as rosterImportRoute from "~/routes/o.$org.roster.import";
import { buildFixture, callAction, changedTables, digest, postRequest, type Fixture, type FormFields } from "./hostile/harness";

type ActionFn = Parameters<typeof callAction>[0];
let fx: Fixture;
beforeAll(async () => {
  fx = await buildFixture("status");
}, 120_000);

async function preview(action: unknown, path: string, params: Record<string, string>, fields: FormFields) {
  const before = await digest(fx.org.orgId);
  const outcome = await callAction(action as ActionFn, postRequest(path, fields, fx.cookies.admin), params);
  expect(changedTables(before, await digest(fx.org.orgId)), "a preview writes nothing").toEqual([]);
  return outcome.kind === "response" ? { status: outcome.status, body: outcome.body } : { status: 500, body: String(outcome.error) };
}

describe("status codes of imports and of a POST without a form", () => {
  it("a plan import whose rows cannot be imported answers 422 with the row's problem; a good one 200", async () => {
    const params = { org: fx.org.slug, planId: fx.planId };
    const path = `/o/${fx.org.slug}/plans/${fx.planId}/import`;
    const good = await preview(planImportRoute.action, path, params, { step: "preview", kind: "measurements", csv: "measure,period,value,note\n1.1.1,2026-04-01,5,ok\n" });
    expect(good.status).toBe(200);
    const bad = await preview(planImportRoute.action, path, params, { step: "preview", kind: "measurements", csv: "measure,period,value,note\n1.1.1,2026-04-01,five,ok\n9.9.9,2026-04-01,5,ok\n" });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatch(/"ok":false/);
    expect(bad.body).toMatch(/9\.9\.9|row/i);
  });

  it("a roster import whose rows cannot be imported answers 422 with the row's problem; a good one 200", async () => {
    const params = { org: fx.org.slug };
    const path = `/o/${fx.org.slug}/roster/import`;
    const good = await preview(rosterImportRoute.action, path, params, { step: "preview", mode: "update", csv: "employee_number,full_name,department\nE-77,Kim Lee,PW\n" });
    expect(good.status).toBe(200);
    const bad = await preview(rosterImportRoute.action, path, params, { step: "preview", mode: "update", csv: "employee_number,full_name,department\nE-78,,PW\nE-79,Ana Ruiz,NO-SUCH-DEPT\n" });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatch(/"ok":false/);
  });

  it("a budget import whose rows cannot be imported answers 422 at the preview step; a good one 200", async () => {
    const params = { org: fx.org.slug };
    const path = `/o/${fx.org.slug}/budget/import`;
    const previewOf = async (csv: string) => {
      const file = { fiscalYear: "2027", mode: "update", csv, fileName: "budget.csv" };
      // The upload step proposes the column mapping; the preview step sends it back, as the page does.
      const upload = await preview(budgetImportRoute.action, path, params, { step: "upload", ...file });
      expect(upload.status, upload.body.slice(0, 300)).toBe(200);
      const values = (JSON.parse(upload.body) as { values: { columns: Record<string, string>; keyFields: string[] } & Record<string, unknown> }).values;
      const fields: Record<string, string | string[]> = { step: "preview", ...file, keyField: values.keyFields };
      for (const [field, column] of Object.entries(values.columns)) fields[`column.${field}`] = column;
      for (const name of ["unmatchedDepartment", "categorySource", "categoryFixed", "categoryRules", "categoryFallback"]) fields[name] = String(values[name] ?? "");
      return preview(budgetImportRoute.action, path, params, fields);
    };
    const header = "fund,department,account,description,adopted";
    expect((await previewOf(`${header}\n100,PW,5100,Salaries,1000\n`)).status).toBe(200);
    const bad = await previewOf(`${header}\n100,PW,5100,Salaries,one thousand\n100,NO-SUCH,5200,Supplies,10\n`);
    expect(bad.status).toBe(422);
    expect(bad.body).toMatch(/"ok":false/);
  });

  it("a POST to the export without a form answers 400, not 500; with its form, the zip", async () => {
    const params = { org: fx.org.slug };
    const url = `http://localhost/o/${fx.org.slug}/export.zip`;
    const headers = { Origin: "http://localhost", Cookie: fx.cookies.admin };
    const noBody = await callAction(exportRoute.action as ActionFn, new Request(url, { method: "POST", headers }), params);
    expect(noBody.kind === "response" ? noBody.status : String(noBody.error)).toBe(400);
    const json = await callAction(
      exportRoute.action as ActionFn,
      new Request(url, { method: "POST", headers: { ...headers, "Content-Type": "application/json" }, body: '{"confirm":"yes"}' }),
      params,
    );
    expect(json.kind === "response" ? json.status : String(json.error)).toBe(400);
    const zip = await callAction(exportRoute.action as ActionFn, postRequest(`/o/${fx.org.slug}/export.zip`, { confirm: "yes" }, fx.cookies.admin), params);
    expect(zip.kind === "response" ? [zip.status, zip.body] : String(zip.error)).toEqual([200, "<zip>"]);
  });
});
