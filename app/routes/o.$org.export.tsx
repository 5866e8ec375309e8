import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { EXPORT_DECISIONS } from "~/modules/exports/org-export.server";

export const meta: MetaFunction = () => [{ title: "Export the organization — Praxis" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "org.export");
  const tables = Object.entries(EXPORT_DECISIONS).map(([table, d]) => ({
    table,
    decision: d.kind,
    note: d.kind === "rows" ? (d.note ?? null) : d.reason,
    omitted: d.kind === "rows" ? [...(d.omit ?? [])] : [],
  }));
  const confirmMissing = new URL(request.url).searchParams.get("confirm") === "missing";
  return json({ orgSlug: ctx.orgSlug, orgName: ctx.orgName, tables, confirmMissing });
}

const DECISION_LABELS = { rows: "Every row", aggregate: "Suppressed totals only", excluded: "Not exported" } as const;

export default function OrganizationExport() {
  const { orgSlug, orgName, tables, confirmMissing } = useLoaderData<typeof loader>();
  const error = confirmMissing ? "Confirm that you understand what the file contains before downloading it." : null;
  return (
    <>
      <h1>Export the organization</h1>
      <div style={{ maxWidth: "46rem" }}>
        <p>
          One zip file with everything {orgName} keeps in Praxis, for a public-records request or to move to another system: one CSV file per
          table (UTF-8, readable by any spreadsheet) and a <code>manifest.json</code> that lists each file with its table, columns, number of rows
          and SHA-256 checksum.
        </p>
        <p>What is left out, on purpose:</p>
        <ul>
          <li>Passwords, sign-in sessions and the secret part of invitation and survey links.</li>
          <li>Staff members&apos; self-reported demographics: the roster is exported without them.</li>
          <li>
            Individual survey answers, comments, drafts and who answered: assessment results are exported as the same totals the results page
            shows, with groups smaller than the anonymity threshold left blank.
          </li>
        </ul>
        <p>The export is recorded in the audit log, with your name and the time.</p>
      </div>

      <Form method="post" action={`/o/${orgSlug}/export.zip`} reloadDocument className="card" style={{ maxWidth: "46rem" }} aria-labelledby="download-title">
        <h2 id="download-title">Download</h2>
        <div className="field">
          <label className="checkbox">
            <input type="checkbox" name="confirm" value="yes" aria-invalid={error ? true : undefined} aria-describedby={error ? "confirm-error" : undefined} />{" "}
            I understand that this file contains the organization&apos;s records, including staff names and email addresses, and that I am
            responsible for where it goes.
          </label>
          {error ? (
            <p id="confirm-error" className="field-error">
              {error}
            </p>
          ) : null}
        </div>
        <button type="submit">Download the export (.zip)</button>
      </Form>

      <section aria-labelledby="tables-title">
        <h2 id="tables-title">What each table contributes</h2>
        <div className="table-wrap card">
          <table>
            <caption>Tables of the organization and what of each is exported</caption>
            <thead>
              <tr>
                <th scope="col">Table</th>
                <th scope="col">Exported</th>
                <th scope="col">Left out and why</th>
              </tr>
            </thead>
            <tbody>
              {tables.map((t) => (
                <tr key={t.table}>
                  <th scope="row">
                    <code>{t.table}</code>
                  </th>
                  <td>{DECISION_LABELS[t.decision]}</td>
                  <td>
                    {t.omitted.length ? (
                      <>
                        Columns {t.omitted.map((c) => <code key={c}>{c} </code>)}
                        {t.note ? `— ${t.note}` : null}
                      </>
                    ) : (
                      (t.note ?? <span className="muted">Nothing</span>)
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
