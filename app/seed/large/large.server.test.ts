// The large-tenant generator at a reduced size: the sizes it promises, and the assessment results
// the app shows for it equal a count made directly from the raw answers (so that making results
// faster never costs their correctness).
import { describe, expect, it } from "vitest";
import { rawQuery } from "#db/client.server";
import { adminContextOf, uniqueSuffix } from "#db/test/factories";
import { NO_DEPARTMENT, NOT_STATED, PREFER_NOT_TO_SAY } from "~/modules/assessments/assessments.schema";
import { getResults, type ResultCell } from "~/modules/assessments/results.server";
import { cellKey, TOTAL_KEY, type Cut } from "~/modules/assessments/suppression";
import { seedLarge } from "./large.server";

type RawAnswer = { department_id: string | null; supervisory_level: string; demographics: Record<string, string>; item_id: string; value: number | null };
type Tally = { counts: number[]; na: number };

/** The cell of one answer, computed here without the results service's code. */
function cellOfAnswer(cut: Cut, a: RawAnswer): string {
  const values = cut.map((d) => {
    if (d === "department") return a.department_id ?? NO_DEPARTMENT;
    if (d === "level") return a.supervisory_level;
    const v = a.demographics[d.slice("demographic:".length)];
    return v && v !== PREFER_NOT_TO_SAY ? v : NOT_STATED;
  });
  return cellKey(cut, values);
}

describe("large-tenant generator", () => {
  it("creates the sizes asked for, and the results of every cut equal a direct count of the raw answers", { timeout: 300_000 }, async () => {
    const namespace = `t${uniqueSuffix()}-`.toLowerCase();
    const summary = await seedLarge({ scale: 0.02, orgs: 2, seed: 8, today: "2026-03-15", namespace });

    const dimensions = (await rawQuery<{ n: number }>(`select count(*)::int as n from practice_dimensions where framework_code = 'ICMA-2017'`))[0]!.n;
    expect(summary.orgSlug).toBe(`${namespace}lakeshore`);
    expect(summary.counts.staff_members).toBe(100);
    expect(summary.counts.departments).toBe(60);
    expect(summary.counts.assessment_campaigns).toBe(3);
    expect(summary.counts.assessment_items).toBe(3 * dimensions);
    // Every response answers every item of its campaign; every responder's invitation is completed.
    expect(summary.counts.assessment_answers).toBe(summary.counts.assessment_responses! * dimensions);
    const completed = (await rawQuery<{ n: number }>(`select count(*)::int as n from assessment_invitations where org_id = $1 and completed`, [summary.orgId]))[0]!.n;
    expect(completed).toBe(summary.counts.assessment_responses);
    expect(summary.counts.budget_lines).toBe(2 * 20);
    expect(summary.counts.objectives).toBe(10);
    expect(summary.counts.measures).toBe(20);
    // 2 measures per objective, 36 monthly values each, a few measures 6 months behind.
    expect(summary.counts.measurements).toBeGreaterThan(20 * 30);
    expect(summary.counts.measurements).toBeLessThanOrEqual(20 * 36);
    const towns = await rawQuery<{ slug: string }>(`select slug from organizations where slug like $1 order by slug`, [`${namespace}town-%`]);
    expect(towns.map((t) => t.slug)).toEqual([`${namespace}town-001`, `${namespace}town-002`]);

    const ctx = await adminContextOf(summary.orgId, summary.orgSlug, "City of Lakeshore");
    expect(ctx.user.email).toBe(summary.signIns.find((s) => s.role === "admin")!.email);
    const [campaign] = await rawQuery<{ id: string }>(`select id from assessment_campaigns where org_id = $1 order by closes_on desc limit 1`, [summary.orgId]);
    const raw = await rawQuery<RawAnswer>(
      `select r.department_id, r.supervisory_level::text as supervisory_level, r.demographics, a.item_id, a.value
       from assessment_answers a join assessment_responses r on r.org_id = a.org_id and r.id = a.response_id
       where r.org_id = $1 and r.campaign_id = $2`,
      [summary.orgId, campaign!.id],
    );
    expect(raw.length).toBeGreaterThan(0);

    const cuts: Cut[] = [[], ["department"], ["level"], ["demographic:gender"], ["demographic:raceEthnicity"], ["department", "level"], ["department", "demographic:gender"]];
    let cellsCompared = 0;
    for (const cut of cuts) {
      const direct = new Map<string, Map<string, Tally>>();
      for (const a of raw) {
        // Its cell of the cut, and the total every cut is shown beside.
        for (const key of new Set([cellOfAnswer(cut, a), TOTAL_KEY])) {
          const byItem = direct.get(key) ?? new Map<string, Tally>();
          direct.set(key, byItem);
          const t = byItem.get(a.item_id) ?? { counts: [0, 0, 0, 0, 0], na: 0 };
          byItem.set(a.item_id, t);
          if (a.value === null) t.na += 1;
          else t.counts[a.value - 1]! += 1;
        }
      }
      const results = await getResults(ctx, campaign!.id, { cut: [...cut] });
      const shown = [results.total, ...results.cells].filter((c): c is Extract<ResultCell, { shown: true }> => c.shown);
      expect(shown.length, `cut ${cut.join(" × ") || "none"}: ${JSON.stringify(results.total).slice(0, 300)}`).toBeGreaterThan(0);
      for (const cell of shown) {
        const expected = direct.get(cell.key);
        expect(expected, `cell ${cell.key}`).toBeDefined();
        for (const item of cell.items) {
          // An item answered by fewer than k here ("not applicable" left out) is hidden.
          if (!item.shown) continue;
          const t = expected!.get(item.itemId) ?? { counts: [0, 0, 0, 0, 0], na: 0 };
          expect({ key: cell.key, item: item.itemId, distribution: item.distribution, na: item.notApplicable }).toEqual({
            key: cell.key,
            item: item.itemId,
            distribution: t.counts,
            na: t.na,
          });
        }
        cellsCompared += 1;
      }
    }
    // Beyond the totals, cells of the cuts were shown and compared (the test is not vacuous).
    expect(cellsCompared).toBeGreaterThan(cuts.length + 3);

    // Deterministic: the same seed, scale and day give the same data in another namespace.
    const again = await seedLarge({ scale: 0.02, orgs: 0, seed: 8, today: "2026-03-15", namespace: `${namespace}again-` });
    expect(again.orgId).not.toBe(summary.orgId);
    const digest = async (orgId: string) =>
      (
        await rawQuery<{ d: string }>(
          `select md5(string_agg(x, ',' order by x)) as d from (
             select c.title || '|' || i.position || '|' || coalesce(a.value::text, 'na') || '|' || count(*) as x
             from assessment_answers a join assessment_items i on i.org_id = a.org_id and i.id = a.item_id
             join assessment_campaigns c on c.org_id = i.org_id and c.id = i.campaign_id
             where a.org_id = $1 group by c.title, i.position, a.value
             union all select 'budget|' || fiscal_year || '|' || line_key || '|' || amended_cents from budget_lines where org_id = $1
             union all select 'measurement|' || m.code || '|' || v.period || '|' || v.value from measurements v join measures m on m.org_id = v.org_id and m.id = v.measure_id where v.org_id = $1
           ) t`,
          [orgId],
        )
      )[0]!.d;
    expect(await digest(again.orgId)).toBe(await digest(summary.orgId));
  });
});
