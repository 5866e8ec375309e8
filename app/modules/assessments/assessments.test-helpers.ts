// Rosters and campaigns for the assessment tests, made the way the app makes them: the roster
// through the owner connection (as the roster import does), campaigns and answers through the
// services.
import { randomUUID } from "node:crypto";
import { readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { departments, staffMembers } from "#db/schema";
import { enterTenant } from "#db/tenant.server";
import type { TestOrg } from "#db/test/factories";
import type { SupervisoryLevel } from "~/modules/workforce/workforce.schema";
import { todayIso, type CampaignInput } from "./assessments.schema";
import { closeCampaign, createCampaign, openCampaign } from "./campaigns.server";
import { deliverPendingEmails } from "~/modules/mail/outbox.server";
import { createInvitations, sendInvitationEmails } from "./distribution.server";

export type RosterPerson = {
  department: string;
  level?: SupervisoryLevel;
  gender?: string | null;
  ageBand?: string | null;
  email?: string | null;
};

export const BASE_URL = "https://praxis.test";

/** Adds departments by code (when missing) and people; returns department ids by code. */
export async function addRoster(org: TestOrg, people: RosterPerson[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  await getDb().transaction(async (tx) => {
    await enterTenant(tx, { orgId: org.orgId, userId: null });
    for (const code of [...new Set(people.map((p) => p.department))]) {
      const id = randomUUID();
      await tx.insert(departments).values({ orgId: org.orgId, id, code: `${code}-${id.slice(0, 6)}`, name: `${code} ${id.slice(0, 6)}` });
      ids.set(code, id);
    }
    const rows = people.map((p, i) => ({
      orgId: org.orgId,
      employeeNumber: `E${i}-${randomUUID().slice(0, 8)}`,
      fullName: `Person ${i}`,
      email: p.email === undefined ? `person${i}-${randomUUID().slice(0, 6)}@example.test` : p.email,
      departmentId: ids.get(p.department)!,
      supervisoryLevel: p.level ?? ("staff" as const),
      gender: p.gender ?? null,
      ageBand: p.ageBand ?? null,
    }));
    for (let i = 0; i < rows.length; i += 500) await tx.insert(staffMembers).values(rows.slice(i, i + 500));
  });
  return ids;
}

export function dayOffset(days: number): string {
  return todayIso(new Date(Date.now() + days * 86_400_000));
}

export function campaignInput(overrides: Partial<CampaignInput> = {}): CampaignInput {
  return {
    title: "Practices survey",
    kind: "organizational",
    depth: "practice",
    practiceNumbers: [3, 4],
    commentsEnabled: true,
    demographicCategories: [],
    opensOn: todayIso(),
    closesOn: dayOffset(14),
    ...overrides,
  };
}

/** Where this test process's mail goes (MAIL_FILE_DIR): links are read the way their owners get them. */
const MAIL_DIR = path.join(os.tmpdir(), `praxis-test-mail-${process.pid}-${randomUUID().slice(0, 8)}`);

export type DeliveredMail = { to: string; subject: string; text: string; link: string | null; token: string | null };

/** Delivers the organization's outbox into MAIL_DIR and returns (and removes) what arrived, oldest first. */
export async function deliveredMail(orgId: string): Promise<DeliveredMail[]> {
  process.env.MAIL_FILE_DIR = MAIL_DIR;
  for (;;) {
    const report = await deliverPendingEmails(orgId);
    if (report.sent === 0 && report.failed === 0) break;
  }
  const names = (await readdir(MAIL_DIR).catch(() => [] as string[])).filter((n) => n.endsWith(".json")).sort();
  const out: DeliveredMail[] = [];
  for (const name of names) {
    const file = path.join(MAIL_DIR, name);
    const mail = JSON.parse(await readFile(file, "utf8")) as { to: string; subject: string; text: string };
    await rm(file);
    const link = /https?:\/\/\S+\/respond\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0] ?? null;
    out.push({ ...mail, link, token: link ? link.slice(link.lastIndexOf("/") + 1) : null });
  }
  return out;
}

/** Lets Praxis send mail in this test process (as MAIL_FILE_DIR does on a server). */
export function enableTestMail(): void {
  process.env.MAIL_FILE_DIR = MAIL_DIR;
}

/** A campaign opened, with everyone on the roster invited and emailed; returns each person's
 * token, read from the email they received, by name. */
export async function openWithInvitations(org: TestOrg, input: Partial<CampaignInput> = {}) {
  const ctx = org.ctx.admin;
  const campaign = await createCampaign(ctx, campaignInput(input));
  await openCampaign(ctx, campaign.id);
  await createInvitations(ctx, campaign.id, {});
  const tokens = await emailLinks(org, campaign.id);
  return { campaign, tokens };
}

/** Sends the campaign's invitation emails and reads each person's link from their mail. */
export async function emailLinks(org: TestOrg, campaignId: string) {
  enableTestMail();
  await sendInvitationEmails(org.ctx.admin, campaignId, BASE_URL);
  const mail = await deliveredMail(org.orgId);
  const people = await getDb().transaction(async (tx) => {
    await enterTenant(tx, { orgId: org.orgId, userId: null });
    return tx
      .select({ name: staffMembers.fullName, email: staffMembers.email, departmentName: departments.name })
      .from(staffMembers)
      .leftJoin(departments, and(eq(departments.orgId, staffMembers.orgId), eq(departments.id, staffMembers.departmentId)))
      .where(eq(staffMembers.orgId, org.orgId));
  });
  const personOf = new Map(people.filter((p) => p.email).map((p) => [p.email!.toLowerCase(), p]));
  return mail
    .filter((m) => m.token && personOf.has(m.to))
    .map((m) => ({ name: personOf.get(m.to)!.name, departmentName: personOf.get(m.to)!.departmentName, email: m.to, link: m.link!, token: m.token! }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function closeNow(org: TestOrg, campaignId: string) {
  return closeCampaign(org.ctx.admin, campaignId);
}
