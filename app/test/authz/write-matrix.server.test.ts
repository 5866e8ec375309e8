/// <reference types="vite/client" />
// The authorization matrix's writes, sent for real (issue 15, item 1): every intent of every
// action, with a body the action accepts, as every role — see write-matrix.ts for what each cell
// means. Requests are real Requests with a real session cookie, handed to the route's action as
// Remix hands them; rows are read from the database before and after each one.
import { beforeAll, describe, expect, it } from "vitest";
import { rawQuery } from "#db/client.server";
import { ROLES, type Role } from "~/modules/auth/permissions";
import { ACTION_ROUTES, type Intent } from "../hostile/action-table";
import { buildFixture, callAction, changedTables, digest, pathOf, postRequest, type Fixture, type FormFields, type Outcome } from "../hostile/harness";
import { WRITE_MATRIX, type OrgEntry, type WriteRow } from "./write-matrix";

type ActionFn = Parameters<typeof callAction>[0];
const modules = import.meta.glob<{ action?: unknown }>("/app/routes/*.tsx", { eager: true });
const sources = import.meta.glob<string>("/app/routes/*.tsx", { eager: true, query: "?raw", import: "default" });
const fileOf = (path: string) => path.slice(path.lastIndexOf("/") + 1);
const actions = new Map(
  Object.entries(modules)
    .filter(([, m]) => typeof m.action === "function")
    .map(([path, m]) => [fileOf(path), m.action as ActionFn]),
);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The intents a route's source handles: compared with (`intent === "x"`), switched on (`case "x"`
 * in a file that switches on an intent) or posted by its forms (a hidden `intent` input). */
export function intentsInSource(source: string): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/intent\s*[!=]==\s*"([\w-]+)"/g)) found.add(m[1]!);
  for (const m of source.matchAll(/name="intent"\s+value="([\w-]+)"/g)) found.add(m[1]!);
  for (const m of source.matchAll(/z\.literal\("([\w-]+)"\)/g)) if (/intent:\s*z\.literal/.test(source)) found.add(m[1]!);
  if (/switch\s*\([^)]*intent[^)]*\)/.test(source)) for (const m of source.matchAll(/case\s+"([\w-]+)"\s*:/g)) found.add(m[1]!);
  return [...found].sort();
}

const describeOutcome = (o: Outcome) =>
  o.kind === "error" ? `threw ${String((o.error as Error)?.message ?? o.error).slice(0, 200)}` : `${o.status} ${o.location ?? o.body.slice(0, 160)}`;

/** The record ids of a body and its params (not the organization's slug, not generated names). */
function idsOf(form: FormFields, params: Record<string, string>): string[] {
  const values = [...Object.values(form), ...Object.entries(params).filter(([k]) => k !== "org").map(([, v]) => v)];
  return values.flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v): v is string => typeof v === "string" && UUID.test(v));
}

describe("the authorization matrix's writes", () => {
  it("has a row for every intent of every route with an action, and a body for every row", () => {
    const problems: string[] = [];
    for (const file of actions.keys()) {
      const entry = WRITE_MATRIX[file];
      if (!entry) {
        problems.push(`${file}: no entry in app/test/authz/write-matrix.ts`);
        continue;
      }
      if (entry.scope !== "organization") continue;
      const rows = Object.keys(entry.intents);
      const bodies = (ACTION_ROUTES[file]?.intents ?? []).map((i) => i.name);
      for (const intent of intentsInSource(sources[`/app/routes/${file}`]!)) {
        if (!rows.includes(intent)) problems.push(`${file}: the route handles intent "${intent}", the write matrix has no row for it`);
      }
      for (const row of rows) if (!bodies.includes(row)) problems.push(`${file}: row "${row}" has no valid body in app/test/hostile/action-table.ts`);
      for (const body of bodies) if (!rows.includes(body)) problems.push(`${file}: body "${body}" has no row in the write matrix`);
    }
    for (const file of Object.keys(WRITE_MATRIX)) if (!actions.has(file)) problems.push(`${file}: in the write matrix, but no such route has an action`);
    expect(problems).toEqual([]);
    expect(actions.size).toBeGreaterThanOrEqual(30);
  });

  it("finds the intents of a route's source (the inventory can fail)", () => {
    const source = `switch (formData.get("intent")) { case "a": break; }\nif (intent === "b") {}\n<input type="hidden" name="intent" value="c" />`;
    expect(intentsInSource(source)).toEqual(["a", "b", "c"]);
  });

  let other: Fixture;
  beforeAll(async () => {
    // Another organization, with a record of every kind: its ids go into our URLs and bodies.
    other = await buildFixture("authz-other");
  }, 120_000);

  for (const [file, entry] of Object.entries(WRITE_MATRIX)) {
    if (entry.scope !== "organization") continue;
    const action = actions.get(file);
    const route = ACTION_ROUTES[file];
    if (!action || !route) continue; // the inventory test reports it
    for (const [name, row] of Object.entries((entry as OrgEntry).intents)) {
      const intent = route.intents.find((i) => i.name === name);
      if (!intent) continue;
      it(`${file} — ${name}`, { timeout: 300_000 }, async () => {
        expect(await writeCheck(file, action, intent, intent.params ?? route.params, row, other)).toEqual([]);
      });
    }
  }
});

async function moveMember(membershipId: string, departmentId: string): Promise<void> {
  await rawQuery(`update memberships set department_id = $1 where id = $2`, [departmentId, membershipId]);
}

async function writeCheck(
  file: string,
  action: ActionFn,
  intent: Intent,
  paramsOf: (fx: Fixture) => Record<string, string>,
  row: WriteRow,
  other: Fixture,
): Promise<string[]> {
  const failures: string[] = [];
  const fresh = async () => {
    const f = await buildFixture("authz");
    await intent.prepare?.(f);
    return f;
  };
  let fx = await fresh();

  /** Sends a request that must be refused with `expected` and change nothing in `orgs`. */
  const refused = async (who: string, cookie: string | undefined, params: Record<string, string>, form: FormFields, expected: 400 | 403 | 404 | "sign-in", orgs: string[]) => {
    const before = await Promise.all(orgs.map((o) => digest(o)));
    const outcome = await callAction(action, postRequest(pathOf(file, params), form, cookie), params);
    const after = await Promise.all(orgs.map((o) => digest(o)));
    const got = outcome.kind === "error" ? "error" : outcome.location?.startsWith("/sign-in") ? "sign-in" : outcome.status;
    if (got !== expected) failures.push(`${who}: expected ${expected}, got ${describeOutcome(outcome)}`);
    const changed = orgs.flatMap((_, i) => changedTables(before[i]!, after[i]!));
    if (changed.length > 0) failures.push(`${who}: refused or not, it changed ${[...new Set(changed)].join(", ")}`);
  };

  // The refused roles, with the very body an allowed role sends.
  for (const role of ROLES) {
    const cell = row[role];
    if (cell === 403 || cell === 404) await refused(role, fx.cookies[role], paramsOf(fx), intent.valid(fx), cell, [fx.org.orgId]);
  }
  // A department head of another department than the record's.
  if (row.department_head === "own department") {
    const head = fx.org.ctx.department_head.membershipId;
    await moveMember(head, fx.org.departmentIds[1]!);
    await refused("department head of another department", fx.cookies.department_head, paramsOf(fx), intent.valid(fx), row.otherDepartment?.status ?? 404, [fx.org.orgId]);
    await moveMember(head, fx.org.departmentIds[0]!);
  }
  await refused("signed out", undefined, paramsOf(fx), intent.valid(fx), "sign-in", [fx.org.orgId]);
  // The other organization's administrator, at our address with our body.
  await refused("another organization's administrator", other.cookies.admin, paramsOf(fx), intent.valid(fx), 404, [fx.org.orgId, other.org.orgId]);
  // Our administrator, at our address, with the other organization's record ids in URL and body.
  const foreignParams = { ...paramsOf(other), org: fx.org.slug };
  const foreignForm = intent.valid(other);
  const ours = idsOf(intent.valid(fx), paramsOf(fx));
  const theirs = idsOf(foreignForm, foreignParams);
  if (theirs.some((id) => !ours.includes(id))) {
    await refused("our administrator with another organization's ids", fx.cookies.admin, foreignParams, foreignForm, row.foreignIds?.status ?? 404, [fx.org.orgId, other.org.orgId]);
  }

  // The allowed roles: accepted, and the declared tables changed — each on a fixture of its own
  // (the same body twice is a no-op, or refused when the first one ended the record).
  let first = true;
  for (const role of ROLES.filter((r: Role) => row[r] === "ok" || row[r] === "own department")) {
    if (!first) fx = await fresh();
    first = false;
    const before = await digest(fx.org.orgId);
    const params = paramsOf(fx);
    const outcome = await callAction(action, postRequest(pathOf(file, params), intent.valid(fx), fx.cookies[role]), params);
    const changed = changedTables(before, await digest(fx.org.orgId));
    if (outcome.kind === "error" || outcome.status >= 400 || outcome.location?.startsWith("/sign-in")) {
      failures.push(`${role}: expected the request to be accepted, got ${describeOutcome(outcome)}`);
    } else {
      const missing = row.effect.filter((t) => !changed.includes(t));
      if (missing.length > 0) failures.push(`${role}: accepted, but ${missing.join(", ")} did not change (changed: ${changed.join(", ") || "nothing"})`);
      if (row.effect.length === 0 && changed.length > 0) failures.push(`${role}: declared to write nothing, changed ${changed.join(", ")}`);
    }
  }
  return failures;
}
