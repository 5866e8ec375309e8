/// <reference types="vite/client" />
// Issue 9, item 3: every form action of the app, found from app/routes (not a hand list), receives
// hostile input — missing fields, 1 MB strings, arrays where one value goes, text in numbers,
// negative and huge numbers, impossible dates, HTML, SQL, unicode edge cases, unknown intents and
// the same valid form twice. Each answer must be a Response below 500 (a thrown non-Response is
// what the server turns into a 500), and a refused submission (400 and up) must leave every tenant
// table of the organization exactly as it was.
import { afterAll, describe, expect, it } from "vitest";
import type { ZodTypeAny } from "zod";
import { ACTION_ROUTES, type Intent } from "./action-table";
import { buildFixture, callAction, changedTables, cookieFor, digest, pathOf, postRequest, type Digest, type FormFields, type Outcome } from "./harness";

type RouteModule = { action?: unknown };
const modules = import.meta.glob<RouteModule>("/app/routes/*.tsx", { eager: true });
const routeFile = (path: string) => path.slice(path.lastIndexOf("/") + 1);
const actionRoutes = Object.entries(modules)
  .filter(([, m]) => typeof m.action === "function")
  .map(([path, m]) => ({ file: routeFile(path), action: m.action as Parameters<typeof callAction>[0] }));

const MB = 1024 * 1024;
/** Values put in each field in turn. */
export const HOSTILE_VALUES: readonly { label: string; value: string }[] = [
  { label: "1 MB string", value: "x".repeat(MB) },
  { label: "text in a number", value: "twelve" },
  { label: "negative", value: "-1" },
  { label: "1e308", value: "1e308" },
  { label: "2^63", value: "9223372036854775808" },
  { label: "-2^63-1", value: "-9223372036854775809" },
  { label: "NaN", value: "NaN" },
  { label: "Infinity", value: "Infinity" },
  { label: "2026-02-30", value: "2026-02-30" },
  { label: "99999-01-01", value: "99999-01-01" },
  { label: "empty", value: "" },
  { label: "blank", value: "   " },
  { label: "script tag", value: "<script>alert(1)</script>" },
  { label: "attribute break-out", value: '"><img src=x onerror=alert(1)>' },
  { label: "SQL", value: "'; drop table x; --" },
  { label: "NUL", value: "a\u0000b" },
  { label: "lone surrogate", value: "a\ud800b" },
  { label: "RTL override", value: "\u202Egnp.exe" },
  { label: "10k combining marks", value: `e${"\u0301".repeat(10_000)}` },
  { label: "emoji", value: "👩‍👩‍👧‍👦🏳️‍🌈" },
  { label: "formula", value: "=cmd|' /C calc'!A0" },
];

/** Field names: the schema's (unwrapping refinements and transforms) and the valid form's. */
function fieldNames(intent: Intent, valid: FormFields): string[] {
  const names = new Set(Object.keys(valid));
  let schema: ZodTypeAny | undefined = intent.schema;
  while (schema && !("shape" in schema._def || typeof (schema as { shape?: unknown }).shape === "object")) {
    const def = schema._def as { schema?: ZodTypeAny; innerType?: ZodTypeAny };
    schema = def.schema ?? def.innerType;
  }
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  if (shape) for (const k of Object.keys(shape)) names.add(k);
  return [...names];
}

/** A hostile case, made from the valid form of the fixture at hand (ids change when a fixture is
 * rebuilt). */
type Case = { label: string; make: (valid: FormFields) => FormFields };

function without(form: FormFields, field: string): FormFields {
  const { [field]: _dropped, ...rest } = form;
  return rest;
}

function hostileCases(intent: Intent, valid: FormFields): Case[] {
  const cases: Case[] = [{ label: "no fields at all", make: () => ({}) }];
  if (!("intent" in valid)) cases.push({ label: "unknown intent", make: (v) => ({ ...v, intent: "no-such-intent" }) });
  for (const field of fieldNames(intent, valid)) {
    cases.push({ label: `${field}: missing`, make: (v) => without(v, field) });
    cases.push({
      label: `${field}: repeated (array where one value goes)`,
      make: (v) => {
        const original = v[field];
        const scalar = typeof original === "string" ? original : Array.isArray(original) ? (original[0] ?? "1") : "1";
        return { ...v, [field]: [scalar, "other"] };
      },
    });
    for (const h of HOSTILE_VALUES) {
      cases.push({ label: `${field}: ${h.label}`, make: (v) => ({ ...v, [field]: Array.isArray(v[field]) ? [h.value] : h.value }) });
    }
  }
  return cases;
}

const describeOutcome = (o: Outcome) =>
  o.kind === "error" ? `threw ${(o.error as Error)?.name}: ${String((o.error as Error)?.message ?? o.error).slice(0, 300)}` : `${o.status}${o.thrown ? " (thrown)" : ""} ${o.location ?? o.body.slice(0, 200)}`;

export const sweepTotals = { actions: 0, intents: 0, cases: 0 };

describe("hostile input to every form action", () => {
  afterAll(() => {
    console.info(`hostile-input sweep: ${actionRoutes.length} actions, ${sweepTotals.intents} intents, ${sweepTotals.cases} cases`);
  });

  it("knows every route that has an action, and only those (a new form must be added to action-table.ts)", () => {
    const files = actionRoutes.map((r) => r.file).sort();
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(files.filter((f) => !(f in ACTION_ROUTES))).toEqual([]);
    expect(Object.keys(ACTION_ROUTES).filter((f) => !files.includes(f))).toEqual([]);
  });

  for (const { file, action } of actionRoutes) {
    const route = ACTION_ROUTES[file];
    if (!route) continue; // reported by the test above
    for (const intent of route.intents) {
      it(`${file} — ${intent.name}`, { timeout: 900_000 }, async () => {
        const as = intent.as ?? route.as;
        const paramsOf = intent.params ?? route.params;
        const fresh = async () => {
          const f = await buildFixture("hostile");
          await intent.prepare?.(f);
          return f;
        };
        let fx = await fresh();
        let before: Digest = await digest(fx.org.orgId);
        const failures: string[] = [];

        const run = async (label: string, form: FormFields, expectAccepted: boolean, keepFixture = false, afterConsuming = false) => {
          const params = paramsOf(fx);
          const outcome = await callAction(action, postRequest(pathOf(file, params), form, cookieFor(as, fx)), params);
          const after = await digest(fx.org.orgId);
          const what = `${label} → ${describeOutcome(outcome)}`;
          if (outcome.kind === "error") failures.push(`500 (non-Response thrown): ${what}`);
          else if (outcome.status >= 500) failures.push(`server error: ${what}`);
          else if (as !== "signed-out" && !afterConsuming && outcome.location?.startsWith("/sign-in?redirectTo=")) failures.push(`the sweep was not signed in: ${what}`);
          else if (outcome.status >= 400) {
            if (expectAccepted) failures.push(`the valid submission was refused: ${what}`);
            const allowed = new Set(intent.writesOnRefusal?.tables ?? []);
            const changed = changedTables(before, after).filter((t) => !allowed.has(t));
            if (changed.length > 0) failures.push(`refused but wrote ${changed.join(", ")}: ${what}`);
          } else if (after.longestRow >= MB) {
            failures.push(`accepted and stored a row of ${after.longestRow} characters: ${what}`);
          }
          sweepTotals.cases += 1;
          const accepted = outcome.kind === "response" && outcome.status < 400;
          if ((accepted && intent.consumes && !keepFixture) || (afterConsuming && intent.consumes)) {
            fx = await fresh();
            before = await digest(fx.org.orgId);
          } else {
            before = after;
          }
        };

        // The valid form, then the same form twice (a double submit), then every hostile case.
        // The same form twice, as a double click sends it: the second may be refused (the first
        // already did it) but must not fail. An action that ends what it acts on (a sign-out, a
        // password change) may have ended the session too.
        const same = intent.valid(fx);
        await run("valid", same, true, true);
        await run("duplicate submission", same, false, false, Boolean(intent.consumes));
        for (const c of hostileCases(intent, intent.valid(fx))) await run(c.label, c.make(intent.valid(fx)), false);
        sweepTotals.intents += 1;
        expect(failures).toEqual([]);
      });
    }
  }
});
