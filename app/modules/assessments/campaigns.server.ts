// Assessment campaigns: creating and editing the instrument, opening, closing and extending.
// The instrument (items, scale, demographic questions) and the threshold are frozen once the
// first response arrives: every change takes the campaign's row lock, as every submission does.
import { and, asc, desc, eq, isNotNull, sql } from "drizzle-orm";
import type { Transaction } from "#db/client.server";
import {
  assessmentCampaigns,
  assessmentInvitations,
  assessmentItems,
  assessmentResponses,
  assessmentSelfResponses,
  organizations,
  practiceDimensions,
  practices,
  staffMembers,
  type DemographicQuestion,
} from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { requirePermission, type TenantContext } from "~/modules/auth/tenant.server";
import { CURRENT_FRAMEWORK } from "~/modules/practices/practices.server";
import { FieldErrors, notFound } from "~/utils/http.server";
import {
  AGREEMENT_SCALE,
  campaignInputSchema,
  commentsThreshold,
  DEMOGRAPHIC_FIELD_LABELS,
  extendSchema,
  PROFICIENCY_SCALE,
  todayIso,
  type CampaignDepth,
  type CampaignInput,
  type CampaignKind,
  type DemographicField,
  type EffectiveStatus,
} from "./assessments.schema";
import { refreshAssessmentRollups } from "./rollups.server";

type CampaignRow = typeof assessmentCampaigns.$inferSelect;

export type CampaignSummary = {
  id: string;
  title: string;
  kind: CampaignKind;
  depth: CampaignDepth;
  status: CampaignRow["status"];
  effectiveStatus: EffectiveStatus;
  opensOn: string;
  closesOn: string;
  anonymityThreshold: number;
  commentsThreshold: number;
  practiceNumbers: number[];
  /** True once a response exists: the instrument and threshold can no longer change. */
  frozen: boolean;
  invited: number;
};

export type CampaignItem = {
  id: string;
  position: number;
  practiceNumber: number;
  practiceName: string;
  dimensionKind: "leadership" | "management" | null;
  dimensionLetter: string | null;
  statement: string;
};

export type CampaignDetail = CampaignSummary & {
  description: string;
  scaleLabels: string[];
  notApplicableLabel: string;
  commentsEnabled: boolean;
  demographicCategories: DemographicField[];
  demographicQuestions: DemographicQuestion[];
  items: CampaignItem[];
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const CAMPAIGN_NOT_FOUND = "There is no such assessment campaign in this organization.";

export function effectiveStatus(row: Pick<CampaignRow, "status" | "opensOn" | "closesOn">, today = todayIso()): EffectiveStatus {
  if (row.status === "draft") return "draft";
  if (row.status === "closed" || today > row.closesOn) return "closed";
  if (today < row.opensOn) return "scheduled";
  return "open";
}

function zodErrors(error: { flatten: () => { fieldErrors: Record<string, string[] | undefined>; formErrors: string[] } }): FieldErrors {
  const flat = error.flatten();
  const errors: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(flat.fieldErrors)) if (v?.length) errors[k] = v;
  if (flat.formErrors.length) errors.form = flat.formErrors;
  return new FieldErrors(errors);
}

/** The campaign row, locked when `lock` is set; 404 for an id that is not this organization's. */
export async function findCampaign(tx: Transaction, orgId: string, id: string, lock = false): Promise<CampaignRow> {
  if (!UUID.test(id)) notFound(CAMPAIGN_NOT_FOUND);
  const query = tx
    .select()
    .from(assessmentCampaigns)
    .where(and(eq(assessmentCampaigns.orgId, orgId), eq(assessmentCampaigns.id, id)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) notFound(CAMPAIGN_NOT_FOUND);
  return row;
}

export async function hasResponses(tx: Transaction, orgId: string, campaign: Pick<CampaignRow, "id" | "kind">): Promise<boolean> {
  const table = campaign.kind === "self" ? assessmentSelfResponses : assessmentResponses;
  const [row] = await tx
    .select({ one: sql<number>`1` })
    .from(table)
    .where(and(eq(table.orgId, orgId), eq(table.campaignId, campaign.id)))
    .limit(1);
  return Boolean(row);
}

/** Per campaign of the list: whether anyone has responded (the instrument is then frozen) and how
 * many were invited, each by an index range of that campaign (never the organization's whole
 * history of invitations and responses). */
// The outer columns are written qualified by hand: drizzle renders a column of the queried table
// unqualified ("id"), which inside the subquery would mean the subquery's own table.
// Scalar subqueries with LIMIT 1 (not EXISTS, which Postgres may turn into a hash join over every
// response of the organization): one index probe per campaign.
const frozenColumn = sql<boolean>`coalesce((select true from ${assessmentResponses} r where r.org_id = assessment_campaigns.org_id and r.campaign_id = assessment_campaigns.id limit 1),
  (select true from ${assessmentSelfResponses} s where s.org_id = assessment_campaigns.org_id and s.campaign_id = assessment_campaigns.id limit 1), false)`;
const invitedColumn = sql<number>`(select count(*) from ${assessmentInvitations} i where i.org_id = assessment_campaigns.org_id and i.campaign_id = assessment_campaigns.id)::int`;

function summaryOf(row: CampaignRow, frozen: boolean, invited: number): CampaignSummary {
  return {
    id: row.id,
    title: row.title,
    kind: row.kind,
    depth: row.depth,
    status: row.status,
    effectiveStatus: effectiveStatus(row),
    opensOn: row.opensOn,
    closesOn: row.closesOn,
    anonymityThreshold: row.anonymityThreshold,
    commentsThreshold: commentsThreshold(row.anonymityThreshold),
    practiceNumbers: row.practiceNumbers,
    frozen,
    invited,
  };
}

export async function loadItems(tx: Transaction, orgId: string, campaignId: string): Promise<CampaignItem[]> {
  return tx
    .select({
      id: assessmentItems.id,
      position: assessmentItems.position,
      practiceNumber: assessmentItems.practiceNumber,
      practiceName: practices.name,
      dimensionKind: assessmentItems.dimensionKind,
      dimensionLetter: assessmentItems.dimensionLetter,
      statement: assessmentItems.statement,
    })
    .from(assessmentItems)
    .innerJoin(
      practices,
      and(eq(practices.frameworkCode, assessmentItems.frameworkCode), eq(practices.number, assessmentItems.practiceNumber)),
    )
    .where(and(eq(assessmentItems.orgId, orgId), eq(assessmentItems.campaignId, campaignId)))
    .orderBy(asc(assessmentItems.position));
}

export async function loadDetail(tx: Transaction, orgId: string, row: CampaignRow): Promise<CampaignDetail> {
  const frozen = await hasResponses(tx, orgId, row);
  const [invited] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(assessmentInvitations)
    .where(and(eq(assessmentInvitations.orgId, orgId), eq(assessmentInvitations.campaignId, row.id)));
  return {
    ...summaryOf(row, frozen, invited?.n ?? 0),
    description: row.description,
    scaleLabels: row.scaleLabels,
    notApplicableLabel: row.notApplicableLabel,
    commentsEnabled: row.commentsEnabled,
    demographicCategories: row.demographicCategories as DemographicField[],
    demographicQuestions: row.demographicQuestions,
    items: await loadItems(tx, orgId, row.id),
  };
}

/** Every campaign of the organization, newest closing date first. */
export async function listCampaigns(ctx: TenantContext): Promise<CampaignSummary[]> {
  requirePermission(ctx, "assessments.read");
  return withTenant(ctx, async (tx) => {
    const rows = await tx
      .select({ row: assessmentCampaigns, frozen: frozenColumn, invited: invitedColumn })
      .from(assessmentCampaigns)
      .where(eq(assessmentCampaigns.orgId, ctx.orgId))
      .orderBy(desc(assessmentCampaigns.closesOn), desc(assessmentCampaigns.createdAt));
    return rows.map((r) => summaryOf(r.row, Boolean(r.frozen), Number(r.invited)));
  });
}

export async function getCampaign(ctx: TenantContext, id: string): Promise<CampaignDetail> {
  requirePermission(ctx, "assessments.read");
  return withTenant(ctx, async (tx) => loadDetail(tx, ctx.orgId, await findCampaign(tx, ctx.orgId, id)));
}

// ---------------------------------------------------------------------------------------------
// The instrument

/** The frozen statements: one per practice, or one per leadership and management dimension. */
async function buildItems(tx: Transaction, kind: CampaignKind, depth: CampaignDepth, practiceNumbers: number[]) {
  const practiceRows = await tx
    .select({ number: practices.number, name: practices.name, definition: practices.definition })
    .from(practices)
    .where(eq(practices.frameworkCode, CURRENT_FRAMEWORK))
    .orderBy(asc(practices.number));
  const chosen = practiceRows.filter((p) => practiceNumbers.includes(p.number));
  if (chosen.length !== practiceNumbers.length) throw FieldErrors.of("practiceNumbers", "Choose practices from the list of the 14 practices.");
  const items: { practiceNumber: number; dimensionKind: "leadership" | "management" | null; dimensionLetter: string | null; statement: string }[] = [];
  if (depth === "practice") {
    for (const p of chosen) {
      const subject = kind === "self" ? "I demonstrate" : "My department and our organization demonstrate";
      items.push({ practiceNumber: p.number, dimensionKind: null, dimensionLetter: null, statement: `${subject} ${p.name.toLowerCase()}: ${p.definition}.` });
    }
  } else {
    const dims = await tx
      .select()
      .from(practiceDimensions)
      .where(eq(practiceDimensions.frameworkCode, CURRENT_FRAMEWORK))
      .orderBy(asc(practiceDimensions.practiceNumber), asc(practiceDimensions.kind), asc(practiceDimensions.position));
    for (const p of chosen) {
      for (const d of dims.filter((x) => x.practiceNumber === p.number)) {
        items.push({ practiceNumber: p.number, dimensionKind: d.kind, dimensionLetter: d.letter, statement: d.text });
      }
    }
  }
  return items;
}

/** The roster's own values of each category, offered as answers (with "prefer not to say"). */
async function buildDemographicQuestions(tx: Transaction, orgId: string, categories: DemographicField[]): Promise<DemographicQuestion[]> {
  const columns = {
    raceEthnicity: staffMembers.raceEthnicity,
    gender: staffMembers.gender,
    ageBand: staffMembers.ageBand,
    veteran: staffMembers.veteran,
    disability: staffMembers.disability,
  } as const;
  const questions: DemographicQuestion[] = [];
  for (const category of categories) {
    const column = columns[category];
    const rows = await tx
      .selectDistinct({ value: column })
      .from(staffMembers)
      .where(and(eq(staffMembers.orgId, orgId), eq(staffMembers.isActive, true), isNotNull(column)));
    const options = rows
      .map((r) => (r.value ?? "").trim())
      .filter((v) => v !== "")
      .sort((a, b) => a.localeCompare(b));
    questions.push({ category, label: DEMOGRAPHIC_FIELD_LABELS[category], options: [...new Set(options)] });
  }
  return questions;
}

async function orgThreshold(tx: Transaction, orgId: string): Promise<number> {
  const [org] = await tx.select({ k: organizations.anonymityThreshold }).from(organizations).where(eq(organizations.id, orgId));
  return Math.max(3, org?.k ?? 5);
}

async function writeInstrument(tx: Transaction, ctx: TenantContext, campaignId: string, kind: CampaignKind, depth: CampaignDepth, practiceNumbers: number[]) {
  const items = await buildItems(tx, kind, depth, practiceNumbers);
  await tx.delete(assessmentItems).where(and(eq(assessmentItems.orgId, ctx.orgId), eq(assessmentItems.campaignId, campaignId)));
  await tx.insert(assessmentItems).values(
    items.map((item, i) => ({ orgId: ctx.orgId, campaignId, position: i + 1, frameworkCode: CURRENT_FRAMEWORK, ...item })),
  );
}

export async function createCampaign(ctx: TenantContext, input: CampaignInput): Promise<CampaignDetail> {
  requirePermission(ctx, "assessments.manage");
  const parsed = campaignInputSchema.safeParse(input);
  if (!parsed.success) throw zodErrors(parsed.error);
  const v = parsed.data;
  return withTenant(ctx, async (tx) => {
    const [row] = await tx
      .insert(assessmentCampaigns)
      .values({
        orgId: ctx.orgId,
        title: v.title,
        description: v.description,
        kind: v.kind,
        depth: v.depth,
        frameworkCode: CURRENT_FRAMEWORK,
        practiceNumbers: v.practiceNumbers,
        scaleLabels: v.scaleLabels ?? (v.kind === "self" ? PROFICIENCY_SCALE : AGREEMENT_SCALE),
        notApplicableLabel: v.notApplicableLabel,
        commentsEnabled: v.commentsEnabled,
        demographicCategories: v.kind === "self" ? [] : v.demographicCategories,
        demographicQuestions: v.kind === "self" ? [] : await buildDemographicQuestions(tx, ctx.orgId, v.demographicCategories),
        opensOn: v.opensOn,
        closesOn: v.closesOn,
        anonymityThreshold: v.anonymityThreshold ?? (await orgThreshold(tx, ctx.orgId)),
        createdBy: ctx.userId,
      })
      .returning();
    await writeInstrument(tx, ctx, row!.id, v.kind, v.depth, v.practiceNumbers);
    await recordAudit(tx, {
      orgId: ctx.orgId,
      actorUserId: ctx.userId,
      action: "assessment_campaign.create",
      entityType: "assessment_campaign",
      entityId: row!.id,
      after: { title: v.title, kind: v.kind, depth: v.depth, practiceNumbers: v.practiceNumbers, opensOn: v.opensOn, closesOn: v.closesOn, anonymityThreshold: row!.anonymityThreshold },
    });
    return loadDetail(tx, ctx.orgId, row!);
  });
}

/** Edits a draft, or an open campaign nobody has answered yet. The kind cannot change once people
 * are invited (their links would lead to another kind of survey). */
export async function updateCampaign(ctx: TenantContext, id: string, input: CampaignInput): Promise<CampaignDetail> {
  requirePermission(ctx, "assessments.manage");
  const parsed = campaignInputSchema.safeParse(input);
  if (!parsed.success) throw zodErrors(parsed.error);
  const v = parsed.data;
  return withTenant(ctx, async (tx) => {
    const row = await findCampaign(tx, ctx.orgId, id, true);
    if (effectiveStatus(row) === "closed") throw FieldErrors.of("form", "This campaign is closed and can no longer be changed.");
    if (await hasResponses(tx, ctx.orgId, row)) {
      throw FieldErrors.of("form", "People have started answering: the questions, scale and anonymity threshold are frozen. You can still extend or close the campaign.");
    }
    const [invited] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(assessmentInvitations)
      .where(and(eq(assessmentInvitations.orgId, ctx.orgId), eq(assessmentInvitations.campaignId, id)));
    if ((invited?.n ?? 0) > 0 && v.kind !== row.kind) throw FieldErrors.of("kind", "People are already invited: the kind of campaign cannot change.");
    if (row.status === "open" && v.closesOn < todayIso()) throw FieldErrors.of("closesOn", "An open campaign cannot close before today.");
    const [updated] = await tx
      .update(assessmentCampaigns)
      .set({
        title: v.title,
        description: v.description,
        kind: v.kind,
        depth: v.depth,
        practiceNumbers: v.practiceNumbers,
        scaleLabels: v.scaleLabels ?? row.scaleLabels,
        notApplicableLabel: v.notApplicableLabel,
        commentsEnabled: v.commentsEnabled,
        demographicCategories: v.kind === "self" ? [] : v.demographicCategories,
        demographicQuestions: v.kind === "self" ? [] : await buildDemographicQuestions(tx, ctx.orgId, v.demographicCategories),
        opensOn: v.opensOn,
        closesOn: v.closesOn,
        anonymityThreshold: v.anonymityThreshold ?? row.anonymityThreshold,
        updatedAt: new Date(),
      })
      .where(and(eq(assessmentCampaigns.orgId, ctx.orgId), eq(assessmentCampaigns.id, id)))
      .returning();
    await writeInstrument(tx, ctx, id, v.kind, v.depth, v.practiceNumbers);
    await recordAudit(tx, {
      orgId: ctx.orgId,
      actorUserId: ctx.userId,
      action: "assessment_campaign.update",
      entityType: "assessment_campaign",
      entityId: id,
      before: { title: row.title, practiceNumbers: row.practiceNumbers, opensOn: row.opensOn, closesOn: row.closesOn, anonymityThreshold: row.anonymityThreshold },
      after: { title: v.title, practiceNumbers: v.practiceNumbers, opensOn: v.opensOn, closesOn: v.closesOn, anonymityThreshold: updated!.anonymityThreshold },
    });
    return loadDetail(tx, ctx.orgId, updated!);
  });
}

/** Deletes a draft (nothing has been sent). */
export async function deleteCampaign(ctx: TenantContext, id: string): Promise<{ title: string }> {
  requirePermission(ctx, "assessments.manage");
  return withTenant(ctx, async (tx) => {
    const row = await findCampaign(tx, ctx.orgId, id, true);
    if (row.status !== "draft") throw FieldErrors.of("form", "Only a draft can be deleted. Close an open campaign instead.");
    await tx.delete(assessmentCampaigns).where(and(eq(assessmentCampaigns.orgId, ctx.orgId), eq(assessmentCampaigns.id, id)));
    await recordAudit(tx, { orgId: ctx.orgId, actorUserId: ctx.userId, action: "assessment_campaign.delete", entityType: "assessment_campaign", entityId: id, before: { title: row.title } });
    return { title: row.title };
  });
}

async function setStatus(
  tx: Transaction,
  ctx: TenantContext,
  row: CampaignRow,
  change: Partial<Pick<CampaignRow, "status" | "closesOn" | "opensOn" | "demographicQuestions">>,
  action: string,
): Promise<CampaignDetail> {
  const [updated] = await tx
    .update(assessmentCampaigns)
    .set({ ...change, updatedAt: new Date() })
    .where(and(eq(assessmentCampaigns.orgId, ctx.orgId), eq(assessmentCampaigns.id, row.id)))
    .returning();
  await recordAudit(tx, {
    orgId: ctx.orgId,
    actorUserId: ctx.userId,
    action,
    entityType: "assessment_campaign",
    entityId: row.id,
    before: { status: row.status, opensOn: row.opensOn, closesOn: row.closesOn },
    after: { status: updated!.status, opensOn: updated!.opensOn, closesOn: updated!.closesOn },
  });
  return loadDetail(tx, ctx.orgId, updated!);
}

/** Draft → open. The demographic answer options are taken from the roster again at this moment. */
export async function openCampaign(ctx: TenantContext, id: string): Promise<CampaignDetail> {
  requirePermission(ctx, "assessments.manage");
  return withTenant(ctx, async (tx) => {
    const row = await findCampaign(tx, ctx.orgId, id, true);
    if (row.status !== "draft") throw FieldErrors.of("form", row.status === "open" ? "This campaign is already open." : "A closed campaign cannot be opened again.");
    if (row.closesOn < todayIso()) throw FieldErrors.of("closesOn", "The closing date has passed: choose a later closing date first.");
    const questions = await buildDemographicQuestions(tx, ctx.orgId, row.demographicCategories as DemographicField[]);
    return setStatus(tx, ctx, row, { status: "open", demographicQuestions: questions }, "assessment_campaign.open");
  });
}

/** Closes now (early, or on the closing day); results become available. Final: no reopening. */
export async function closeCampaign(ctx: TenantContext, id: string): Promise<CampaignDetail> {
  requirePermission(ctx, "assessments.manage");
  return withTenant(ctx, async (tx) => {
    const row = await findCampaign(tx, ctx.orgId, id, true);
    if (row.status === "draft") throw FieldErrors.of("form", "This campaign was never opened: delete the draft instead.");
    if (row.status === "closed") return loadDetail(tx, ctx.orgId, row);
    const today = todayIso();
    // Closing before the closing day moves it; the day itself stays a day.
    const closesOn = row.closesOn > today ? (today < row.opensOn ? row.opensOn : today) : row.closesOn;
    const detail = await setStatus(tx, ctx, row, { status: "closed", closesOn }, "assessment_campaign.close");
    // Its results are counted now, with the closing: no response can change them any more.
    await refreshAssessmentRollups(tx, ctx.orgId, row.id);
    return detail;
  });
}

/**
 * A later closing day for a campaign that is still open. A campaign whose closing day has passed
 * stays closed: its results may have been read, and more responses would let the difference
 * between two readings describe the few people who answered in between.
 */
export async function extendCampaign(ctx: TenantContext, id: string, input: { closesOn: string }): Promise<CampaignDetail> {
  requirePermission(ctx, "assessments.manage");
  const parsed = extendSchema.safeParse(input);
  if (!parsed.success) throw zodErrors(parsed.error);
  return withTenant(ctx, async (tx) => {
    const row = await findCampaign(tx, ctx.orgId, id, true);
    const status = effectiveStatus(row);
    if (status === "closed") throw FieldErrors.of("form", "This campaign has closed and cannot be extended.");
    if (parsed.data.closesOn <= row.closesOn) throw FieldErrors.of("closesOn", `Choose a day after the current closing day (${row.closesOn}).`);
    return setStatus(tx, ctx, row, { closesOn: parsed.data.closesOn }, "assessment_campaign.extend");
  });
}
