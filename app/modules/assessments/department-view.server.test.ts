// Issue 14, attacks 5 and 6 through the results service, as the administrator and department
// heads would run them: each test first shows the numbers exist and reach their owner (the
// administrator), then that the attack cannot read them.
import { describe, expect, it } from "vitest";
import { rawQuery } from "#db/client.server";
import { createTestOrg, type TestOrg } from "#db/test/factories";
import { addRoster, campaignInput, closeNow, emailLinks } from "./assessments.test-helpers";
import { createCampaign, openCampaign } from "./campaigns.server";
import { createInvitations } from "./distribution.server";
import { openSurvey, submitSurvey } from "./respond.server";
import { getComments, getResults, getResultsCsv } from "./results.server";

const headOf = (org: TestOrg, departmentId: string) => ({ ...org.ctx.department_head, departmentId });

/** A campaign (k = 5) opened for the given departments; each person answers with `answer(i)`. */
async function runCampaign(org: TestOrg, departmentIds: string[] | undefined, answer: (person: number, itemIndex: number) => number | null, practiceNumbers = [3, 4]) {
  const ctx = org.ctx.admin;
  const campaign = await createCampaign(ctx, campaignInput({ anonymityThreshold: 5, practiceNumbers, commentsEnabled: true }));
  await openCampaign(ctx, campaign.id);
  await createInvitations(ctx, campaign.id, departmentIds ? { departmentIds } : {});
  for (const l of await emailLinks(org, campaign.id)) {
    const token = l.token;
    const person = Number(l.name.slice("Person ".length));
    const lookup = await openSurvey({ token });
    if (lookup.status !== "ready") throw new Error(lookup.reason);
    const items = lookup.survey.steps.flatMap((s) => s.items);
    const answers = Object.fromEntries(items.map((it, j) => [it.id, answer(person, j)]));
    const comments = Object.fromEntries(lookup.survey.steps.map((s) => [String(s.practiceNumber), `Comment of person ${person}`]));
    const r = await submitSurvey({ token }, { answers, comments, demographics: {} });
    expect(r.status).toBe("submitted");
  }
  await closeNow(org, campaign.id);
  return campaign.id;
}

describe("department heads read their own group and everyone else only", () => {
  it("attack 5: in a campaign limited to one department, another department's head reads none of its numbers or comments", { timeout: 120_000 }, async () => {
    const org = await createTestOrg("anon-attack5");
    const ids = await addRoster(org, [
      ...Array.from({ length: 12 }, () => ({ department: "A" })),
      ...Array.from({ length: 10 }, () => ({ department: "B" })),
    ]);
    const id = await runCampaign(org, [ids.get("A")!], (p, j) => 1 + ((p + j) % 5));
    // What there is to read: the administrator sees department A's twelve answers as the total, and the comments.
    const admin = await getResults(org.ctx.admin, id);
    expect(admin.total).toMatchObject({ shown: true, n: 12 });
    expect((await getComments(org.ctx.admin, id)).practices.some((p) => p.shown && p.comments.length > 0)).toBe(true);

    // The head of B: their own group had nobody; "everyone else" would be department A alone.
    const headB = headOf(org, ids.get("B")!);
    const b = await getResults(headB, id);
    expect(b.scope).toBe("own_group");
    expect(b.total.shown).toBe(false);
    expect(b.others).toMatchObject({ shown: false });
    const bDepartments = await getResults(headB, id, { cut: ["department"] });
    expect(bDepartments.cells.filter((c) => c.shown)).toEqual([]);
    expect(bDepartments.cells.every((c) => c.groups[0]!.value === ids.get("B"))).toBe(true);
    await expect(getResults(headB, id, { cut: ["level"] })).rejects.toMatchObject({ status: 409 });
    const csv = await getResultsCsv(headB, id);
    expect(csv).not.toMatch(/,12,/);
    expect((await getComments(headB, id)).practices.every((p) => !p.shown && p.comments.length === 0)).toBe(true);

    // The head of A reads their own department (the same numbers the administrator sees).
    const a = await getResults(headOf(org, ids.get("A")!), id);
    expect(a.total).toMatchObject({ shown: true, n: 12 });
    expect(a.total.shown && admin.total.shown && a.total.practices).toEqual(admin.total.shown && admin.total.practices);
  });

  it("shows everyone else (the total minus the head's area, divisions included) when it stands for more than one department", { timeout: 120_000 }, async () => {
    const org = await createTestOrg("anon-others");
    const ids = await addRoster(org, [
      ...Array.from({ length: 8 }, () => ({ department: "A" })),
      ...Array.from({ length: 4 }, () => ({ department: "A1" })),
      ...Array.from({ length: 10 }, () => ({ department: "B" })),
      ...Array.from({ length: 9 }, () => ({ department: "C" })),
    ]);
    // A1 is a division of A.
    await rawQuery(`update departments set parent_id = $1 where org_id = $2 and id = $3`, [ids.get("A"), org.orgId, ids.get("A1")]);
    const id = await runCampaign(org, undefined, (p, j) => 1 + ((p * 3 + j) % 5));
    const admin = await getResults(org.ctx.admin, id, { cut: ["department"] });
    const cellN = (code: string) => admin.cells.find((c) => c.groups[0]!.value === ids.get(code));
    // The division alone (4 people) is hidden to everyone.
    expect(cellN("A1")).toMatchObject({ shown: false });
    const a = await getResults(headOf(org, ids.get("A")!), id, { cut: ["department"] });
    // Their whole area: A with its division, 12 people, although the division alone is hidden.
    expect(a.total).toMatchObject({ shown: true, n: 12 });
    expect(a.total.groups.map((g) => g.dimension)).toEqual(["area"]);
    expect(a.others).toMatchObject({ shown: true, n: 19 });
    // Everyone else is the total minus the area, answer by answer.
    if (!admin.total.shown || !a.total.shown || !a.others?.shown) throw new Error("expected shown");
    a.others.practices.forEach((p, i) => {
      const all = admin.total.shown ? admin.total.practices[i]! : null;
      const own = a.total.shown ? a.total.practices[i]! : null;
      expect(p.distribution).toEqual(all!.distribution!.map((c, v) => c - own!.distribution![v]!));
    });
    // Only their own departments' cells; never the organization's total.
    expect(a.cells.every((c) => [ids.get("A"), ids.get("A1")].includes(c.groups[0]!.value))).toBe(true);
    expect(JSON.stringify(a)).not.toContain(`"n":${admin.total.n}`);
  });
});

describe("item numbers count only the people who answered them", () => {
  it("attack 6: an item answered by 2 of a shown department's 10 (the rest chose not applicable) is hidden, in the page data and the CSV", { timeout: 120_000 }, async () => {
    const org = await createTestOrg("anon-attack6");
    const ids = await addRoster(org, [
      ...Array.from({ length: 10 }, () => ({ department: "A" })),
      ...Array.from({ length: 12 }, () => ({ department: "B" })),
    ]);
    const aPeople = new Set(Array.from({ length: 10 }, (_, i) => i));
    // Practice 4's statement: in A only persons 0 and 1 answer it (with 5 and 1); the rest of A
    // choose "not applicable". Everyone answers practice 3.
    const id = await runCampaign(org, undefined, (p, j) => (j === 1 && aPeople.has(p) ? (p === 0 ? 5 : p === 1 ? 1 : null) : 1 + ((p + j) % 5)));
    // What the attack would read: the two answers are in the stored tallies of A's cell.
    const [stored] = await rawQuery<{ c1: number; c5: number; na: number }>(
      `select t.c1, t.c5, t.na from assessment_result_tallies t join assessment_items i on i.org_id = t.org_id and i.id = t.item_id
       where t.org_id = $1 and t.campaign_id = $2 and t.cut_key = 'department' and t.cell_key = $3 and i.practice_number = 4`,
      [org.orgId, id, ids.get("A")],
    );
    expect(stored).toMatchObject({ c1: 1, c5: 1, na: 8 });
    const r = await getResults(org.ctx.admin, id, { cut: ["department"] });
    const a = r.cells.find((c) => c.groups[0]!.value === ids.get("A"))!;
    expect(a).toMatchObject({ shown: true, n: 10 });
    if (!a.shown) throw new Error("expected shown");
    expect(a.practices.find((p) => p.practiceNumber === 3)).toMatchObject({ shown: true, answered: 10 });
    expect(a.practices.find((p) => p.practiceNumber === 4)).toMatchObject({ shown: false, distribution: null, mean: null, notApplicable: null });
    expect(a.items.find((it) => it.practiceNumber === 4)).toMatchObject({ shown: false, distribution: null });
    // And B, answered by all 12, is not hidden with it... unless the total minus B gave A's two away:
    // the total shows practice 4 only if that cannot happen (secondary suppression over the item).
    const b = r.cells.find((c) => c.groups[0]!.value === ids.get("B"))!;
    if (!b.shown || !r.total.shown) throw new Error("expected shown");
    const totalP4 = r.total.practices.find((p) => p.practiceNumber === 4)!;
    const bP4 = b.practices.find((p) => p.practiceNumber === 4)!;
    expect(totalP4.shown && bP4.shown).toBe(false);
    const csv = await getResultsCsv(org.ctx.admin, id, ["department"]);
    const aRow = csv.split("\n").find((line) => line.includes(`4. `) && line.startsWith(a.groups[0]!.label))!;
    expect(aRow).toContain("Hidden to protect anonymity");
    expect(aRow).not.toMatch(/,1,0,0,0,1,/);
  });
});
