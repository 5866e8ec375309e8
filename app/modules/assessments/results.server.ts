// The one door to assessment results: participation, scores by cut, comments, CSV and a person's
// own self-assessment. Every aggregate leaves this file through the suppression decided in
// suppression.ts, over all cuts of the campaign at once and against the previous campaign, so
// that dashboards, reports and exports built later cannot show a group smaller than the threshold
// or a number from which one can be worked out. Nothing here returns a single response.
import { and, asc, desc, eq, inArray, lt, ne, or, sql } from "drizzle-orm";
import type { Transaction } from "#db/client.server";
import {
  assessmentCampaigns,
  assessmentComments,
  assessmentInvitations,
  assessmentItems,
  assessmentResponses,
  assessmentResultTallies,
  assessmentSelfResponses,
  departments,
  practices,
} from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { can } from "~/modules/auth/permissions";
import { requirePermission, type TenantContext } from "~/modules/auth/tenant.server";
import { toCsv } from "~/modules/core/csv";
import { SUPERVISORY_LEVEL_LABELS, type SupervisoryLevel } from "~/modules/workforce/workforce.schema";
import { forbidden } from "~/utils/http.server";
import {
  commentsThreshold,
  DEMOGRAPHIC_FIELD_LABELS,
  NO_DEPARTMENT,
  NOT_STATED,
  NOT_STATED_LABEL,
  PREFER_NOT_TO_SAY,
  type CampaignKind,
  type DemographicField,
  type EffectiveStatus,
} from "./assessments.schema";
import { effectiveStatus, findCampaign } from "./campaigns.server";
import { withSelfRespondent, type RespondentKey } from "./respond.server";
import { resourcesFor, type DevelopmentResource } from "./resources.server";
import { itemShownStored } from "./item-suppression";
import { campaignDimensions, ensureAssessmentRollups, rolledUpAtoms, rolledUpItemHidden, storedCellKey } from "./rollups.server";
import { ownDepartments, ownGroupOf, othersDecision } from "./department-view";
import { cellKey, cutKey, cutsFor, decideSuppression, resultCuts, TOTAL_KEY, type Atom, type Cut, type Decisions, type Dimension } from "./suppression";

export type { Dimension } from "./suppression";

type CampaignRow = typeof assessmentCampaigns.$inferSelect;

export type ResultGroup = { dimension: Dimension; value: string; label: string };

/** An item's or a practice's numbers in a cell; all null when hidden (fewer than k people
 * answered it, not counting "not applicable", or they could be worked out: item-suppression.ts). */
export type Stat =
  | {
      shown: true;
      /** Answers with a value (not "not applicable"). */
      answered: number;
      notApplicable: number;
      mean: number | null;
      /** Counts of 1, 2, 3, 4 and 5. */
      distribution: [number, number, number, number, number];
      /** Share of answers that are 4 or 5, in percent. */
      favorablePct: number | null;
    }
  | { shown: false; answered: null; notApplicable: null; mean: null; distribution: null; favorablePct: null };
export type PracticeStat = Stat & { practiceNumber: number; practiceName: string };
export type ItemStat = Stat & { itemId: string; practiceNumber: number };

export type HiddenReason = "no_responses" | "suppressed";

/** A cell shown, or not: hidden cells have exactly the shape of cells with no data. */
export type ResultCell =
  | { key: string; groups: ResultGroup[]; shown: true; n: number; practices: PracticeStat[]; items: ItemStat[] }
  | { key: string; groups: ResultGroup[]; shown: false; reason: HiddenReason; note: string };

export type CampaignRef = {
  id: string;
  title: string;
  kind: CampaignKind;
  status: EffectiveStatus;
  opensOn: string;
  closesOn: string;
  anonymityThreshold: number;
  commentsThreshold: number;
};

export type CampaignResults = {
  campaign: CampaignRef;
  cut: Dimension[];
  /** The dimensions this campaign can be cut by (department, level, its demographic questions). */
  dimensions: { dimension: Dimension; label: string }[];
  /** The cuts available: none, each dimension, department × each other dimension. */
  cuts: Dimension[][];
  total: ResultCell;
  cells: ResultCell[];
  practices: { number: number; name: string }[];
  items: { id: string; practiceNumber: number; statement: string; dimensionKind: "leadership" | "management" | null; dimensionLetter: string | null }[];
  /** The previous closed organizational campaign, same cut, with its own suppression. */
  previous: { campaign: CampaignRef; total: ResultCell; others: ResultCell | null; cells: ResultCell[] } | null;
  /** "organization" for administrators; for a department head "own_group": `total` is then their
   * own group (their department, with its divisions when it has some), `others` everyone else,
   * and only cuts by department (their own departments' cells) are offered (department-view.ts). */
  scope: "organization" | "own_group";
  others: ResultCell | null;
};

export type ParticipationRow = {
  departmentId: string | null;
  departmentName: string;
  invited: number;
  /** Null when hidden (fewer respondents than the threshold, or derivable from other rows). */
  responded: number | null;
  ratePct: number | null;
  note: string | null;
};

export type Participation = {
  campaign: CampaignRef;
  /** True while the campaign is open: counts move as people answer. */
  live: boolean;
  total: ParticipationRow;
  departments: ParticipationRow[];
};

export type PracticeComments = {
  practiceNumber: number;
  practiceName: string;
  shown: boolean;
  note: string | null;
  /** One page of them, sorted alphabetically: never in the order they were written. */
  comments: string[];
  /** All of the practice's comments, the page shown and the number of pages. */
  count: number;
  page: number;
  pageCount: number;
};

/** Comments per practice shown at a time (a large city's campaign has thousands). */
export const COMMENTS_PAGE_SIZE = 25;

export type CampaignComments = { campaign: CampaignRef; threshold: number; pageSize: number; practices: PracticeComments[] };

function hiddenNote(k: number): string {
  return `Hidden to protect anonymity: fewer than ${k} people responded in this group, or showing it would let a smaller group's answers be worked out from other numbers.`;
}
const NO_RESPONSES_NOTE = "No responses in this group.";
function itemHiddenNote(k: number): string {
  return `Hidden to protect anonymity: fewer than ${k} people answered it ("not applicable" does not count), or its numbers would let such a group's answers be worked out.`;
}

function conflict(message: string): never {
  throw new Response(message, { status: 409, statusText: "Conflict" });
}

function refOf(row: CampaignRow): CampaignRef {
  return {
    id: row.id,
    title: row.title,
    kind: row.kind,
    status: effectiveStatus(row),
    opensOn: row.opensOn,
    closesOn: row.closesOn,
    anonymityThreshold: row.anonymityThreshold,
    commentsThreshold: commentsThreshold(row.anonymityThreshold),
  };
}

export function dimensionsOf(row: Pick<CampaignRow, "demographicCategories">): Dimension[] {
  return campaignDimensions(row);
}

// ---------------------------------------------------------------------------------------------
// Atoms and decisions

type AttrsRow = { departmentId: string | null; supervisoryLevel: string; demographics: Record<string, string> };

function attrsOf(row: AttrsRow, categories: readonly string[]): Record<string, string> {
  const attrs: Record<string, string> = { department: row.departmentId ?? NO_DEPARTMENT, level: row.supervisoryLevel };
  for (const c of categories) {
    const v = row.demographics?.[c];
    attrs[`demographic:${c}`] = v && v !== PREFER_NOT_TO_SAY ? v : NOT_STATED;
  }
  return attrs;
}

const attrsKey = (attrs: Record<string, string>) => JSON.stringify(Object.entries(attrs).sort(([a], [b]) => (a < b ? -1 : 1)));

const byAttrs = (a: Atom, b: Atom) => (attrsKey(a.attrs) < attrsKey(b.attrs) ? -1 : 1);

async function loadAtoms(tx: Transaction, row: CampaignRow): Promise<Atom[]> {
  // A closed campaign's respondents are counted once, in its rollups.
  if (row.kind === "organizational" && effectiveStatus(row) === "closed") return (await rolledUpAtoms(tx, row)).sort(byAttrs);
  const rows =
    row.kind === "self"
      ? await tx
          .select({
            departmentId: assessmentInvitations.departmentId,
            supervisoryLevel: assessmentInvitations.supervisoryLevel,
            demographics: sql<Record<string, string>>`'{}'::jsonb`,
            n: sql<number>`count(*)::int`,
          })
          .from(assessmentInvitations)
          .where(and(eq(assessmentInvitations.orgId, row.orgId), eq(assessmentInvitations.campaignId, row.id), eq(assessmentInvitations.completed, true)))
          .groupBy(assessmentInvitations.departmentId, assessmentInvitations.supervisoryLevel)
      : await tx
          .select({
            departmentId: assessmentResponses.departmentId,
            supervisoryLevel: assessmentResponses.supervisoryLevel,
            demographics: assessmentResponses.demographics,
            n: sql<number>`count(*)::int`,
          })
          .from(assessmentResponses)
          .where(and(eq(assessmentResponses.orgId, row.orgId), eq(assessmentResponses.campaignId, row.id)))
          .groupBy(assessmentResponses.departmentId, assessmentResponses.supervisoryLevel, assessmentResponses.demographics);
  return atomsOf(rows, row.kind === "self" ? [] : row.demographicCategories);
}

function atomsOf(rows: readonly (AttrsRow & { n: number })[], categories: readonly string[]): Atom[] {
  const atoms = new Map<string, Atom>();
  for (const r of rows) {
    const attrs = attrsOf(r, categories);
    const key = attrsKey(attrs);
    const atom = atoms.get(key);
    atoms.set(key, { attrs, n: (atom?.n ?? 0) + r.n });
  }
  return [...atoms.values()].sort(byAttrs);
}

/** loadAtoms of several campaigns that are not closed (live participation), grouped in one query
 * per kind instead of one per campaign. */
async function liveAtomsOf(tx: Transaction, orgId: string, rows: readonly CampaignRow[]): Promise<Map<string, Atom[]>> {
  const organizational = rows.filter((r) => r.kind === "organizational").map((r) => r.id);
  const self = rows.filter((r) => r.kind === "self").map((r) => r.id);
  const grouped = [
    ...(organizational.length
      ? await tx
          .select({
            campaignId: assessmentResponses.campaignId,
            departmentId: assessmentResponses.departmentId,
            supervisoryLevel: assessmentResponses.supervisoryLevel,
            demographics: assessmentResponses.demographics,
            n: sql<number>`count(*)::int`,
          })
          .from(assessmentResponses)
          .where(and(eq(assessmentResponses.orgId, orgId), inArray(assessmentResponses.campaignId, organizational)))
          .groupBy(assessmentResponses.campaignId, assessmentResponses.departmentId, assessmentResponses.supervisoryLevel, assessmentResponses.demographics)
      : []),
    ...(self.length
      ? await tx
          .select({
            campaignId: assessmentInvitations.campaignId,
            departmentId: assessmentInvitations.departmentId,
            supervisoryLevel: assessmentInvitations.supervisoryLevel,
            demographics: sql<Record<string, string>>`'{}'::jsonb`,
            n: sql<number>`count(*)::int`,
          })
          .from(assessmentInvitations)
          .where(and(eq(assessmentInvitations.orgId, orgId), inArray(assessmentInvitations.campaignId, self), eq(assessmentInvitations.completed, true)))
          .groupBy(assessmentInvitations.campaignId, assessmentInvitations.departmentId, assessmentInvitations.supervisoryLevel)
      : []),
  ];
  const out = new Map<string, Atom[]>();
  for (const row of rows) {
    const mine = grouped.filter((g) => g.campaignId === row.id).map((g) => ({ ...g, n: Number(g.n) }));
    out.set(row.id, atomsOf(mine, row.kind === "self" ? [] : row.demographicCategories));
  }
  return out;
}

/** The closed organizational campaign before this one (by closing day, then by when it was
 * closed), if any. */
async function previousCampaign(tx: Transaction, row: CampaignRow): Promise<CampaignRow | null> {
  const candidates = await tx
    .select()
    .from(assessmentCampaigns)
    .where(
      and(
        eq(assessmentCampaigns.orgId, row.orgId),
        eq(assessmentCampaigns.kind, "organizational"),
        ne(assessmentCampaigns.id, row.id),
        ne(assessmentCampaigns.status, "draft"),
        or(
          lt(assessmentCampaigns.closesOn, row.closesOn),
          // Closed the same day: the one closed first (closing sets updated_at) came first, so a
          // campaign's previous one never changes after its own results were read.
          and(eq(assessmentCampaigns.closesOn, row.closesOn), lt(assessmentCampaigns.updatedAt, row.updatedAt)),
        ),
      ),
    )
    .orderBy(desc(assessmentCampaigns.closesOn), desc(assessmentCampaigns.updatedAt));
  return candidates.find((c) => effectiveStatus(c) === "closed") ?? null;
}

// Decisions of a closed campaign never change (no response can arrive after it closes), so they
// are kept; the chain of previous campaigns is then computed once per process.
const closedDecisions = new Map<string, Decisions>();
const CACHE_LIMIT = 500;

async function decisionsFor(tx: Transaction, row: CampaignRow): Promise<Decisions> {
  const closed = effectiveStatus(row) === "closed";
  const cacheKey = `${row.orgId}/${row.id}`;
  if (closed) {
    const cached = closedDecisions.get(cacheKey);
    if (cached) return cached;
  }
  // A campaign's own respondents only: the previous campaign's counts are no reason to hide a cell
  // (docs/decisions/018-anonymity-against-insiders.md).
  const cuts = row.kind === "self" ? cutsFor(["department", "level"]) : closed ? resultCuts(dimensionsOf(row)) : cutsFor(dimensionsOf(row));
  const decisions = decideSuppression({ atoms: await loadAtoms(tx, row), k: row.anonymityThreshold, cuts });
  if (closed) {
    if (closedDecisions.size >= CACHE_LIMIT) closedDecisions.delete(closedDecisions.keys().next().value!);
    closedDecisions.set(cacheKey, decisions);
  }
  return decisions;
}

// Items answered "not applicable" by someone have decisions of their own (item-suppression.ts),
// made when the rollups are written and stored with them: per item, the shown cells where it is
// hidden. Kept per process like the campaign's decisions.
type ItemHidden = Map<string, Set<string>>;
const closedItemHidden = new Map<string, ItemHidden>();

async function itemHiddenFor(tx: Transaction, row: CampaignRow): Promise<ItemHidden> {
  if (row.kind !== "organizational" || effectiveStatus(row) !== "closed") return new Map();
  const cacheKey = `${row.orgId}/${row.id}`;
  const cached = closedItemHidden.get(cacheKey);
  if (cached) return cached;
  const stored = await rolledUpItemHidden(tx, row);
  const out: ItemHidden = new Map(Object.entries(stored).map(([itemId, keys]) => [itemId, new Set(keys)]));
  if (closedItemHidden.size >= CACHE_LIMIT) closedItemHidden.delete(closedItemHidden.keys().next().value!);
  closedItemHidden.set(cacheKey, out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Labels and statistics

// Reads a page's transaction would repeat for each cut or campaign it shows (a campaign's row, the
// department names, a campaign's items): the same within one transaction, so read once in it.
const perTransaction = new WeakMap<Transaction, Map<string, Promise<unknown>>>();
// `read` must return a promise (an async function): a drizzle query is a builder that runs again
// each time it is awaited.
function once<T>(tx: Transaction, key: string, read: () => Promise<T>): Promise<T> {
  let memo = perTransaction.get(tx);
  if (!memo) perTransaction.set(tx, (memo = new Map()));
  let found = memo.get(key) as Promise<T> | undefined;
  if (!found) memo.set(key, (found = read()));
  return found;
}

function campaignOf(tx: Transaction, orgId: string, campaignId: string): Promise<CampaignRow> {
  return once(tx, `campaign:${orgId}/${campaignId}`, () => findCampaign(tx, orgId, campaignId));
}

/** Campaign rows by id (one query), kept for later reads in the same transaction. Missing ids are
 * left out: the caller decides (findCampaign answers 404 for them). */
async function campaignsOf(tx: Transaction, orgId: string, campaignIds: readonly string[]): Promise<Map<string, CampaignRow>> {
  const valid = campaignIds.filter((id) => UUID.test(id));
  const rows = valid.length
    ? await tx
        .select()
        .from(assessmentCampaigns)
        .where(and(eq(assessmentCampaigns.orgId, orgId), inArray(assessmentCampaigns.id, valid)))
    : [];
  for (const r of rows) once(tx, `campaign:${orgId}/${r.id}`, () => Promise.resolve(r));
  return new Map(rows.map((r) => [r.id, r]));
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function labeller(tx: Transaction, orgId: string) {
  return once(tx, `labels:${orgId}`, () => readLabeller(tx, orgId));
}

async function readLabeller(tx: Transaction, orgId: string) {
  const rows = await tx.select({ id: departments.id, name: departments.name }).from(departments).where(eq(departments.orgId, orgId));
  const names = new Map(rows.map((r) => [r.id, r.name]));
  return (dimension: Dimension, value: string): string => {
    if (dimension === "department") return value === NO_DEPARTMENT ? "No department" : (names.get(value) ?? "Unknown department");
    if (dimension === "area") return value === NO_DEPARTMENT ? "No department" : `${names.get(value) ?? "Unknown department"} with its divisions`;
    if (dimension === "level") return SUPERVISORY_LEVEL_LABELS[value as SupervisoryLevel] ?? value;
    return value === NOT_STATED ? NOT_STATED_LABEL : value;
  };
}

function dimensionLabel(d: Dimension): string {
  if (d === "department") return "Department";
  if (d === "level") return "Supervisory level";
  if (d === "area") return "Department with its divisions";
  return DEMOGRAPHIC_FIELD_LABELS[d.slice("demographic:".length) as DemographicField] ?? d;
}

type Tally = { counts: [number, number, number, number, number]; na: number };
const emptyTally = (): Tally => ({ counts: [0, 0, 0, 0, 0], na: 0 });

const HIDDEN_STAT: Stat = { shown: false, answered: null, notApplicable: null, mean: null, distribution: null, favorablePct: null };

function statOf(t: Tally, shown = true): Stat {
  if (!shown) return HIDDEN_STAT;
  const answered = t.counts.reduce((s, c) => s + c, 0);
  const sum = t.counts.reduce((s, c, i) => s + c * (i + 1), 0);
  return {
    shown: true,
    answered,
    notApplicable: t.na,
    mean: answered ? sum / answered : null,
    distribution: [...t.counts],
    favorablePct: answered ? ((t.counts[3] + t.counts[4]) / answered) * 100 : null,
  };
}

type ItemMeta = CampaignResults["items"][number];

/** Tallies per cell of the cut, per item, of a closed campaign (results are shown for nothing
 * else): read from its rollups by key — the total and the cells asked for — so what is read grows
 * with cells × items, not with respondents or with the tenant's other campaigns. */
/** What a read needs: every item's numbers (the results page, its CSV), or only each practice's
 * (dashboards and reports: summed in the database, a twelfth of the rows of a dimension-depth
 * campaign). In "practices" mode the tallies are keyed by practiceKey(n) instead of item ids. */
export type ResultDetail = "items" | "practices";
const practiceKey = (n: number) => `practice:${n}`;

type TallyRow = { cutKey: string; cellKey: string; itemId: string; c1: number; c2: number; c3: number; c4: number; c5: number; na: number };

/** Whether a read of a closed campaign's tallies found nothing because its rollups are not written
 * yet (the lazy path: it closed by its date and this is its first read). Its rollups exist once its
 * decisions were made from them (loadAtoms writes them), but the decisions of a closed campaign are
 * kept across requests; a campaign with respondents always has rows of its total, so only a read
 * without them needs the marker looked up (and the rollups written). Otherwise no extra statement. */
function rollupsMayBeMissing(decisions: Decisions, rows: readonly Pick<TallyRow, "cutKey">[]): boolean {
  return (decisions.get(TOTAL_KEY)?.n ?? 0) > 0 && !rows.some((r) => r.cutKey === TOTAL_KEY);
}

async function tallies(
  tx: Transaction,
  row: CampaignRow,
  cut: Cut,
  decisions: Decisions,
  keys: Set<string>,
  detail: ResultDetail = "items",
): Promise<Map<string, Map<string, Tally>>> {
  const byStored = new Map<string, string>();
  for (const key of keys) {
    const d = decisions.get(key);
    if (d && key !== TOTAL_KEY) byStored.set(storedCellKey(d.values), key);
  }
  const kept = effectiveStatus(row) === "closed" ? talliesKey(row, detail, cut, [...byStored.keys()]) : null;
  const found = keptTalliesOf(kept);
  if (found) return found;
  const where = and(
    eq(assessmentResultTallies.orgId, row.orgId),
    eq(assessmentResultTallies.campaignId, row.id),
    or(
      and(eq(assessmentResultTallies.cutKey, TOTAL_KEY), eq(assessmentResultTallies.cellKey, "")),
      byStored.size ? and(eq(assessmentResultTallies.cutKey, cutKey(cut)), inArray(assessmentResultTallies.cellKey, [...byStored.keys()])) : undefined,
    ),
  );
  const read = async (): Promise<TallyRow[]> =>
    detail === "items"
      ? await tx
          .select({
            cutKey: assessmentResultTallies.cutKey,
            cellKey: assessmentResultTallies.cellKey,
            itemId: assessmentResultTallies.itemId,
            c1: assessmentResultTallies.c1,
            c2: assessmentResultTallies.c2,
            c3: assessmentResultTallies.c3,
            c4: assessmentResultTallies.c4,
            c5: assessmentResultTallies.c5,
            na: assessmentResultTallies.na,
          })
          .from(assessmentResultTallies)
          .where(where)
      : await tx
          .select({
            cutKey: assessmentResultTallies.cutKey,
            cellKey: assessmentResultTallies.cellKey,
            itemId: sql<string>`'practice:' || ${assessmentItems.practiceNumber}`,
            c1: sql<number>`sum(${assessmentResultTallies.c1})::int`,
            c2: sql<number>`sum(${assessmentResultTallies.c2})::int`,
            c3: sql<number>`sum(${assessmentResultTallies.c3})::int`,
            c4: sql<number>`sum(${assessmentResultTallies.c4})::int`,
            c5: sql<number>`sum(${assessmentResultTallies.c5})::int`,
            na: sql<number>`sum(${assessmentResultTallies.na})::int`,
          })
          .from(assessmentResultTallies)
          .innerJoin(assessmentItems, and(eq(assessmentItems.orgId, assessmentResultTallies.orgId), eq(assessmentItems.id, assessmentResultTallies.itemId)))
          .where(where)
          .groupBy(assessmentResultTallies.cutKey, assessmentResultTallies.cellKey, assessmentItems.practiceNumber);
  let rows = await read();
  if (rollupsMayBeMissing(decisions, rows)) {
    await ensureAssessmentRollups(tx, row);
    rows = await read();
  }
  const out = new Map<string, Map<string, Tally>>();
  for (const r of rows) {
    const key = r.cutKey === TOTAL_KEY ? TOTAL_KEY : byStored.get(r.cellKey);
    if (!key) continue;
    let byItem = out.get(key);
    if (!byItem) out.set(key, (byItem = new Map()));
    byItem.set(r.itemId, tallyOf(r));
  }
  keepTallies(kept, out);
  return out;
}

// The tallies of a closed campaign never change either (its rollups are counted once no response
// can arrive, and counting them again gives the same numbers), so the cells a dashboard reads are
// kept per process like the decisions: a page read again after an unrelated change (an objective,
// a budget line) does not sum the same thousands of tally rows again. Only sums by practice (what
// dashboards, reports and the CSV read; the results page's item detail is not kept), at most
// KEPT_TALLIES of them in all (a few MB), the oldest dropped first. Read-only for callers.
const closedTallies = new Map<string, { tallied: Map<string, Map<string, Tally>>; size: number }>();
const KEPT_TALLIES = 50_000;
let keptTallies = 0;

/** Forgets the closed campaigns' decisions and tallies kept in this process, as a new server
 * process starts (the query-plan test reads the statements a fresh process runs). */
export function forgetKeptResults(): void {
  closedDecisions.clear();
  closedItemHidden.clear();
  closedTallies.clear();
  keptTallies = 0;
}

/** A tally row's counts (drivers may return sums as strings). */
function tallyOf(r: { c1: unknown; c2: unknown; c3: unknown; c4: unknown; c5: unknown; na: unknown }): Tally {
  return { counts: [Number(r.c1), Number(r.c2), Number(r.c3), Number(r.c4), Number(r.c5)], na: Number(r.na) };
}

function talliesKey(row: CampaignRow, detail: ResultDetail, cut: Cut, storedCells: string[]): string | null {
  if (detail !== "practices") return null;
  return `${row.orgId}/${row.id}/${detail}/${cutKey(cut)}/${[...storedCells].sort().join(",")}`;
}

function keptTalliesOf(key: string | null): Map<string, Map<string, Tally>> | undefined {
  return key ? closedTallies.get(key)?.tallied : undefined;
}

function keepTallies(key: string | null, tallied: Map<string, Map<string, Tally>>): void {
  if (!key || closedTallies.has(key)) return;
  let size = 0;
  for (const byItem of tallied.values()) size += byItem.size;
  if (size > KEPT_TALLIES / 10) return;
  while (keptTallies + size > KEPT_TALLIES && closedTallies.size) {
    const [oldest, entry] = closedTallies.entries().next().value!;
    closedTallies.delete(oldest);
    keptTallies -= entry.size;
  }
  closedTallies.set(key, { tallied, size });
  keptTallies += size;
}

function cellOf(
  decision: { key: string; values: string[]; n: number; shown: boolean; reason: HiddenReason | null },
  cut: Cut,
  label: (d: Dimension, v: string) => string,
  k: number,
  byItem: Map<string, Tally> | undefined,
  items: ItemMeta[],
  practiceList: { number: number; name: string }[],
  detail: ResultDetail = "items",
  itemHidden: ItemHidden = new Map(),
): ResultCell {
  const groups = cut.map((d, i) => ({ dimension: d, value: decision.values[i]!, label: label(d, decision.values[i]!) }));
  if (!decision.shown) {
    const reason = decision.reason ?? "no_responses";
    return { key: decision.key, groups, shown: false, reason, note: reason === "suppressed" ? hiddenNote(k) : NO_RESPONSES_NOTE };
  }
  const shownItem = (itemId: string) => itemShownStored(itemHidden, itemId, decision.key);
  const itemStats: ItemStat[] =
    detail === "items"
      ? items.map((item) => ({ itemId: item.id, practiceNumber: item.practiceNumber, ...statOf(byItem?.get(item.id) ?? emptyTally(), shownItem(item.id)) }))
      : [];
  const practiceStats: PracticeStat[] = practiceList.map((p) => {
    // A practice pools its items' answers: shown only where each of its items is.
    const shown = items.filter((i) => i.practiceNumber === p.number).every((i) => shownItem(i.id));
    if (!shown) return { practiceNumber: p.number, practiceName: p.name, ...HIDDEN_STAT };
    if (detail === "practices") return { practiceNumber: p.number, practiceName: p.name, ...statOf(byItem?.get(practiceKey(p.number)) ?? emptyTally()) };
    const pooled = emptyTally();
    for (const item of items.filter((i) => i.practiceNumber === p.number)) {
      const t = byItem?.get(item.id);
      if (!t) continue;
      t.counts.forEach((c, i) => (pooled.counts[i]! += c));
      pooled.na += t.na;
    }
    return { practiceNumber: p.number, practiceName: p.name, ...statOf(pooled) };
  });
  return { key: decision.key, groups, shown: true, n: decision.n, practices: practiceStats, items: itemStats };
}

function itemsAndPractices(tx: Transaction, row: CampaignRow) {
  return once(tx, `items:${row.orgId}/${row.id}`, () => readItemsAndPractices(tx, row));
}

async function readItemsAndPractices(tx: Transaction, row: CampaignRow) {
  const items: ItemMeta[] = await tx
    .select({
      id: assessmentItems.id,
      practiceNumber: assessmentItems.practiceNumber,
      statement: assessmentItems.statement,
      dimensionKind: assessmentItems.dimensionKind,
      dimensionLetter: assessmentItems.dimensionLetter,
    })
    .from(assessmentItems)
    .where(and(eq(assessmentItems.orgId, row.orgId), eq(assessmentItems.campaignId, row.id)))
    .orderBy(asc(assessmentItems.position));
  const names = await once(tx, `practices:${row.frameworkCode}`, async () =>
    tx
      .select({ number: practices.number, name: practices.name })
      .from(practices)
      .where(eq(practices.frameworkCode, row.frameworkCode))
      .orderBy(asc(practices.number)),
  );
  return { items, practiceList: names.filter((p) => row.practiceNumbers.includes(p.number)) };
}

/** Whether the reader sees the organization's results (administrators) or a department head's
 * own group and everyone else (department-view.ts). */
export function isOrganizationWide(ctx: TenantContext): boolean {
  return ctx.role === "admin";
}

/** A department head's own group and the departments whose cells they read (none without a
 * department). */
async function headScope(tx: Transaction, ctx: TenantContext, row: CampaignRow, decisions: Decisions) {
  if (!ctx.departmentId) return null;
  const group = ownGroupOf(decisions, ctx.departmentId);
  const atoms = await loadAtoms(tx, row);
  return { group, departments: ownDepartments(atoms, group), others: othersDecision(decisions, atoms, group, row.anonymityThreshold) };
}

const NOT_FOR_HEADS_NOTE =
  "Department heads see their own department (with its divisions) and everyone else together; organization-wide results are shown to administrators.";

async function cellsFor(tx: Transaction, ctx: TenantContext, row: CampaignRow, decisions: Decisions, cut: Cut, asked: ResultDetail = "items") {
  // A head's "everyone else" needs each item's answer counts; their reads are few.
  const detail: ResultDetail = isOrganizationWide(ctx) ? asked : "items";
  const label = await labeller(tx, row.orgId);
  const { items, practiceList } = await itemsAndPractices(tx, row);
  const key = cutKey(cut);
  const wide = isOrganizationWide(ctx);
  const head = wide ? null : await headScope(tx, ctx, row, decisions);
  const departmentAxis = cut.indexOf("department");
  const mine = (d: { values: string[] }) => wide || (departmentAxis >= 0 && Boolean(head?.departments.has(d.values[departmentAxis]!)));
  const wanted = [...decisions.values()].filter((d) => cutKey(d.cut) === key && mine(d));
  const keys = new Set([TOTAL_KEY, ...wanted.map((d) => d.key)].filter((k) => decisions.get(k)?.shown));
  const t = await tallies(tx, row, cut, decisions, keys, detail);
  const k = row.anonymityThreshold;
  const noResponses = (key: string, values: string[] = []) => ({ key, values, n: 0, shown: false, reason: "no_responses" as const });
  const byItem = await itemHiddenFor(tx, row);
  let total: ResultCell;
  let others: ResultCell | null = null;
  if (wide) {
    total = cellOf(decisions.get(TOTAL_KEY) ?? noResponses(TOTAL_KEY), [], label, k, t.get(TOTAL_KEY), items, practiceList, detail, byItem);
  } else if (!head) {
    total = { key: TOTAL_KEY, groups: [], shown: false, reason: "suppressed", note: NOT_FOR_HEADS_NOTE };
  } else {
    // The own group's numbers and everyone else's (the total's minus the own group's).
    const { group } = head;
    const ownDecision = decisions.get(group.key) ?? noResponses(group.key, [group.value]);
    const ownTallies = (await tallies(tx, row, group.cut, decisions, new Set(ownDecision.shown ? [group.key] : []), detail)).get(group.key);
    total = cellOf(ownDecision, group.cut, label, k, ownTallies, items, practiceList, detail, byItem);
    const othersKey = "others";
    const totalTallies = t.get(TOTAL_KEY);
    const othersTallies = subtractTallies(totalTallies, ownTallies);
    // An item of everyone else: shown in the total and the own group, and answered by at least k.
    const othersHidden = new Map(byItem);
    for (const item of items) {
      const answered = othersTallies.get(detail === "items" ? item.id : practiceKey(item.practiceNumber));
      const hiddenHere =
        !itemShownStored(byItem, item.id, TOTAL_KEY) ||
        !itemShownStored(byItem, item.id, group.key) ||
        (detail === "items" && (answered?.counts.reduce((a, b) => a + b, 0) ?? 0) < k);
      if (hiddenHere) othersHidden.set(item.id, new Set([...(byItem.get(item.id) ?? []), othersKey]));
    }
    const othersDecisionCell = { key: othersKey, values: [], n: head.others.n, shown: head.others.shown, reason: head.others.shown ? null : ("suppressed" as const) };
    others = cellOf(othersDecisionCell, [], label, k, othersTallies, items, practiceList, detail, othersHidden);
    if (!others.shown) others = { ...others, note: othersNote(k) } as ResultCell;
  }
  const cells = cut.length === 0 ? [] : wanted.map((d) => cellOf(d, cut, label, k, t.get(d.key), items, practiceList, detail, byItem));
  // Departments invited but without a response read "no responses", like any cell without data.
  if (cut.length === 1 && cut[0] === "department") {
    for (const { departmentId } of await invitedByDepartment(tx, row)) {
      const value = departmentId ?? NO_DEPARTMENT;
      if (!wide && !head?.departments.has(value) && value !== ctx.departmentId) continue;
      const k2 = cellKey(cut, [value]);
      if (!cells.some((c) => c.key === k2)) cells.push(cellOf({ key: k2, values: [value], n: 0, shown: false, reason: "no_responses" }, cut, label, k, undefined, items, practiceList));
    }
  }
  cells.sort((a, b) => a.groups.map((g) => g.label).join("\u0000").localeCompare(b.groups.map((g) => g.label).join("\u0000")));
  if (asked === "practices" && detail === "items") {
    const strip = (c: ResultCell): ResultCell => (c.shown ? { ...c, items: [] } : c);
    return { total: strip(total), others: others && strip(others), cells: cells.map(strip), items, practiceList };
  }
  return { total, others, cells, items, practiceList };
}

function othersNote(k: number): string {
  return `Everyone else is shown when at least ${k} people responded outside your department, and still at least ${k} without any one other department, so that it never stands for a single department.`;
}

/** The total's tallies minus the own group's, item by item (or practice by practice). */
function subtractTallies(total: Map<string, Tally> | undefined, own: Map<string, Tally> | undefined): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const [key, t] of total ?? []) {
    const o = own?.get(key);
    out.set(key, { counts: t.counts.map((c, i) => c - (o?.counts[i] ?? 0)) as Tally["counts"], na: t.na - (o?.na ?? 0) });
  }
  return out;
}

/** How many people of each department a campaign invited (the results' department cells and the
 * participation both need it), read once per transaction. */
function invitedByDepartment(tx: Transaction, row: CampaignRow): Promise<{ departmentId: string | null; n: number }[]> {
  return once(tx, `invited:${row.orgId}/${row.id}`, async () =>
    tx
      .select({ departmentId: assessmentInvitations.departmentId, n: sql<number>`count(*)::int` })
      .from(assessmentInvitations)
      .where(and(eq(assessmentInvitations.orgId, row.orgId), eq(assessmentInvitations.campaignId, row.id)))
      .groupBy(assessmentInvitations.departmentId),
  );
}

/** The cuts a reader may ask for: all for administrators; for department heads none or those by
 * department (of which they get their own departments' cells). */
function cutsOffered(ctx: TenantContext, row: CampaignRow): Cut[] {
  const cuts = cutsFor(dimensionsOf(row));
  return isOrganizationWide(ctx) ? cuts : cuts.filter((c) => c.length === 0 || c[0] === "department");
}

function validCut(ctx: TenantContext, row: CampaignRow, cut: readonly string[]): Cut {
  const found = cutsOffered(ctx, row).find((c) => cutKey(c) === cutKey(cut as Cut));
  if (!found) {
    conflict(
      isOrganizationWide(ctx)
        ? "Results cannot be cut that way. Choose a department, level or demographic group, or a department with one other."
        : "Department heads can cut results by department only (their own department's groups).",
    );
  }
  return found;
}

async function closedOrganizational(tx: Transaction, ctx: TenantContext, campaignId: string): Promise<CampaignRow> {
  return assertClosedOrganizational(await campaignOf(tx, ctx.orgId, campaignId));
}

function assertClosedOrganizational(row: CampaignRow): CampaignRow {
  if (row.kind === "self") conflict("Self-assessment results belong to each person: they read them on their own page.");
  if (effectiveStatus(row) !== "closed") conflict("Results are available once the campaign has closed. While it is open, administrators can follow participation.");
  return row;
}

/** Scores of a closed organizational campaign: the total and the cells of one cut, optionally
 * beside the previous campaign's. Department heads see the cells of their own department.
 * `detail: "practices"` (what dashboards and reports show) leaves each cell's `items` empty and
 * sums the practices in the database; the practice numbers are the same either way. */
export async function getResults(
  ctx: TenantContext,
  campaignId: string,
  options: { cut?: Dimension[]; compare?: boolean; detail?: ResultDetail } = {},
): Promise<CampaignResults> {
  requirePermission(ctx, "assessments.results");
  return withTenant(ctx, (tx) => readResults(tx, ctx, campaignId, options));
}

/** getResults inside the caller's tenant transaction: a dashboard reads several in one. */
export async function readResults(
  tx: Transaction,
  ctx: TenantContext,
  campaignId: string,
  options: { cut?: Dimension[]; compare?: boolean; detail?: ResultDetail } = {},
): Promise<CampaignResults> {
  requirePermission(ctx, "assessments.results");
  const row = await closedOrganizational(tx, ctx, campaignId);
  const cut = validCut(ctx, row, options.cut ?? []);
  const decisions = await decisionsFor(tx, row);
  const { total, others, cells, items, practiceList } = await cellsFor(tx, ctx, row, decisions, cut, options.detail);
  let previous: CampaignResults["previous"] = null;
  if (options.compare) {
    const prev = await previousCampaign(tx, row);
    if (prev && cutsFor(dimensionsOf(prev)).some((c) => cutKey(c) === cutKey(cut))) {
      const p = await cellsFor(tx, ctx, prev, await decisionsFor(tx, prev), cut, options.detail);
      previous = { campaign: refOf(prev), total: p.total, others: p.others, cells: p.cells };
    }
  }
  return {
    campaign: refOf(row),
    cut: [...cut],
    dimensions: dimensionsOf(row).map((d) => ({ dimension: d, label: dimensionLabel(d) })),
    cuts: cutsOffered(ctx, row).map((c) => [...c]),
    total,
    cells,
    practices: practiceList,
    items,
    previous,
    scope: isOrganizationWide(ctx) ? "organization" : "own_group",
    others,
  };
}

/**
 * Invited / responded / rate by department. Live for administrators while the campaign is open;
 * for department heads once it has closed. Responded counts follow the results' suppression (the
 * same cells), so participation never reveals a count the results hide.
 */
export async function getParticipation(ctx: TenantContext, campaignId: string): Promise<Participation> {
  requirePermission(ctx, "assessments.read");
  return withTenant(ctx, (tx) => readParticipation(tx, ctx, campaignId));
}

/** getParticipation inside the caller's tenant transaction. */
export async function readParticipation(tx: Transaction, ctx: TenantContext, campaignId: string): Promise<Participation> {
  requirePermission(ctx, "assessments.read");
  const row = await campaignOf(tx, ctx.orgId, campaignId);
  const status = effectiveStatus(row);
  if (status !== "closed" && !can(ctx.role, "assessments.manage")) forbidden("Participation is shown to administrators while a campaign is open, and to department heads once it has closed.");
  const decisions = status === "closed" ? await decisionsFor(tx, row) : await liveDecisions(tx, row);
  const invitedRows = await invitedByDepartment(tx, row);
  const label = await labeller(tx, row.orgId);
  const rowOf = (departmentId: string | null, invited: number, key: string, name: string) => participationRow(row, decisions, departmentId, invited, key, name);
  const limit = isOrganizationWide(ctx) ? undefined : ctx.departmentId;
  const departmentsRows = invitedRows
    .filter((r) => limit === undefined || (r.departmentId ?? NO_DEPARTMENT) === limit)
    .map((r) => rowOf(r.departmentId, r.n, cellKey(["department"], [r.departmentId ?? NO_DEPARTMENT]), label("department", r.departmentId ?? NO_DEPARTMENT)))
    .sort((a, b) => a.departmentName.localeCompare(b.departmentName));
  const invitedTotal = invitedRows.reduce((s, r) => s + r.n, 0);
  return {
    campaign: refOf(row),
    live: status !== "closed",
    total: rowOf(null, invitedTotal, TOTAL_KEY, ALL_DEPARTMENTS),
    departments: departmentsRows,
  };
}

const ALL_DEPARTMENTS = "All departments";

function participationRow(
  row: CampaignRow,
  decisions: Decisions,
  departmentId: string | null,
  invited: number,
  key: string,
  name: string,
): ParticipationRow {
  const d = decisions.get(key);
  const n = d ? d.n : 0;
  const shown = !d || d.shown; // no decision: nobody responded
  return {
    departmentId,
    departmentName: name,
    invited,
    responded: shown ? n : null,
    ratePct: shown && invited > 0 ? (n / invited) * 100 : null,
    note: shown ? null : hiddenNote(row.anonymityThreshold),
  };
}

/** The participation total (all departments) of several campaigns, each exactly as
 * getParticipation gives it, read in one transaction with their invitations and live respondents
 * counted in grouped queries (the assessments list shows one per campaign). */
export async function getParticipationTotals(ctx: TenantContext, campaignIds: string[]): Promise<Map<string, ParticipationRow>> {
  requirePermission(ctx, "assessments.read");
  if (campaignIds.length === 0) return new Map();
  return withTenant(ctx, async (tx) => {
    const found = await campaignsOf(tx, ctx.orgId, campaignIds);
    const rows: CampaignRow[] = [];
    for (const id of campaignIds) rows.push(found.get(id) ?? (await findCampaign(tx, ctx.orgId, id)));
    const manage = can(ctx.role, "assessments.manage");
    if (!manage && rows.some((r) => effectiveStatus(r) !== "closed")) {
      forbidden("Participation is shown to administrators while a campaign is open, and to department heads once it has closed.");
    }
    const invited = await tx
      .select({ campaignId: assessmentInvitations.campaignId, n: sql<number>`count(*)::int` })
      .from(assessmentInvitations)
      .where(and(eq(assessmentInvitations.orgId, ctx.orgId), inArray(assessmentInvitations.campaignId, rows.map((r) => r.id))))
      .groupBy(assessmentInvitations.campaignId);
    const invitedOf = new Map(invited.map((r) => [r.campaignId, Number(r.n)]));
    const live = await liveAtomsOf(tx, ctx.orgId, rows.filter((r) => effectiveStatus(r) !== "closed"));
    const out = new Map<string, ParticipationRow>();
    for (const row of rows) {
      const atoms = live.get(row.id);
      const decisions = atoms
        ? decideSuppression({ atoms, k: row.anonymityThreshold, cuts: cutsFor(["department"]) })
        : await decisionsFor(tx, row);
      out.set(row.id, participationRow(row, decisions, null, invitedOf.get(row.id) ?? 0, TOTAL_KEY, ALL_DEPARTMENTS));
    }
    return out;
  });
}

/** A campaign's organization-wide scores by practice: what getResults(…, { detail: "practices" })
 * gives as its campaign, practices and total. */
export type ResultTotal = Pick<CampaignResults, "campaign" | "practices" | "total">;

/**
 * The totals of several closed organizational campaigns (a trend), each exactly as getResults
 * gives it, with the same suppression, in the caller's transaction: the tallies of all of them in
 * one grouped query instead of a read of each. In the order asked; 404 and 409 as getResults.
 */
export async function readResultTotals(tx: Transaction, ctx: TenantContext, campaignIds: readonly string[]): Promise<ResultTotal[]> {
  requirePermission(ctx, "assessments.results");
  if (campaignIds.length === 0) return [];
  // A department head's "total" is their own group: read as getResults reads it.
  if (!isOrganizationWide(ctx)) {
    const out: ResultTotal[] = [];
    for (const id of campaignIds) {
      const r = await readResults(tx, ctx, id, { detail: "practices" });
      out.push({ campaign: r.campaign, practices: r.practices, total: r.total });
    }
    return out;
  }
  const found = await campaignsOf(tx, ctx.orgId, campaignIds);
  const rows: CampaignRow[] = [];
  for (const id of campaignIds) rows.push(assertClosedOrganizational(found.get(id) ?? (await findCampaign(tx, ctx.orgId, id))));
  const decisions = new Map<string, Decisions>();
  for (const row of rows) decisions.set(row.id, await decisionsFor(tx, row));
  const frameworks = [...new Set(rows.map((r) => r.frameworkCode))];
  const names = await tx
    .select({ frameworkCode: practices.frameworkCode, number: practices.number, name: practices.name })
    .from(practices)
    .where(inArray(practices.frameworkCode, frameworks))
    .orderBy(asc(practices.number));
  const keptTotal = (row: CampaignRow) => keptTalliesOf(talliesKey(row, "practices", [], []));
  const unread = rows.filter((r) => !keptTotal(r)).map((r) => r.id);
  const t = assessmentResultTallies;
  const sums = !unread.length
    ? []
    : await tx
    .select({
      campaignId: t.campaignId,
      cutKey: t.cutKey,
      practiceNumber: assessmentItems.practiceNumber,
      c1: sql<number>`sum(${t.c1})::int`,
      c2: sql<number>`sum(${t.c2})::int`,
      c3: sql<number>`sum(${t.c3})::int`,
      c4: sql<number>`sum(${t.c4})::int`,
      c5: sql<number>`sum(${t.c5})::int`,
      na: sql<number>`sum(${t.na})::int`,
    })
    .from(t)
    .innerJoin(assessmentItems, and(eq(assessmentItems.orgId, t.orgId), eq(assessmentItems.id, t.itemId)))
    .where(and(eq(t.orgId, ctx.orgId), inArray(t.campaignId, unread), eq(t.cutKey, TOTAL_KEY), eq(t.cellKey, "")))
    .groupBy(t.campaignId, t.cutKey, assessmentItems.practiceNumber);
  const out: ResultTotal[] = [];
  for (const row of rows) {
    const d = decisions.get(row.id)!;
    const mine = sums.filter((s) => s.campaignId === row.id);
    let byItem = keptTotal(row)?.get(TOTAL_KEY);
    if (!byItem && rollupsMayBeMissing(d, mine)) {
      byItem = (await tallies(tx, row, [], d, new Set([TOTAL_KEY]), "practices")).get(TOTAL_KEY);
    } else if (!byItem && mine.length) {
      byItem = new Map(mine.map((s) => [practiceKey(s.practiceNumber), tallyOf(s)]));
      // The same entry as tallies() keeps for the total alone.
      keepTallies(talliesKey(row, "practices", [], []), new Map([[TOTAL_KEY, byItem]]));
    }
    const practiceList = names.filter((p) => p.frameworkCode === row.frameworkCode && row.practiceNumbers.includes(p.number)).map((p) => ({ number: p.number, name: p.name }));
    const totalDecision = d.get(TOTAL_KEY) ?? { key: TOTAL_KEY, values: [], n: 0, shown: false, reason: "no_responses" as const };
    // The total has no groups: no label is asked for.
    // Items matter only when some have decisions of their own (someone chose "not applicable").
    const itemHidden = await itemHiddenFor(tx, row);
    const items = [...itemHidden.values()].some((keys) => keys.has(TOTAL_KEY)) ? (await itemsAndPractices(tx, row)).items : [];
    const total = cellOf(totalDecision, [], () => "", row.anonymityThreshold, byItem, items, practiceList, "practices", itemHidden);
    out.push({ campaign: refOf(row), practices: practiceList, total });
  }
  return out;
}

/** readResultTotals in a transaction of its own. */
export async function getResultTotals(ctx: TenantContext, campaignIds: string[]): Promise<ResultTotal[]> {
  requirePermission(ctx, "assessments.results");
  return withTenant(ctx, (tx) => readResultTotals(tx, ctx, campaignIds));
}

/** The closed organizational campaigns, newest closing day first (listCampaigns's order): the ones
 * whose results dashboards show. Read in the caller's transaction and kept for its later reads. */
export async function readClosedOrganizationalCampaigns(tx: Transaction, ctx: TenantContext): Promise<CampaignRef[]> {
  requirePermission(ctx, "assessments.read");
  const rows = await tx
    .select()
    .from(assessmentCampaigns)
    .where(and(eq(assessmentCampaigns.orgId, ctx.orgId), eq(assessmentCampaigns.kind, "organizational"), ne(assessmentCampaigns.status, "draft")))
    .orderBy(desc(assessmentCampaigns.closesOn), desc(assessmentCampaigns.createdAt));
  const closed = rows.filter((r) => effectiveStatus(r) === "closed");
  for (const r of closed) once(tx, `campaign:${ctx.orgId}/${r.id}`, () => Promise.resolve(r));
  return closed.map(refOf);
}

/** While a campaign is open, responded counts by department (no previous campaign: results are
 * not shown yet, and live counts move anyway). */
async function liveDecisions(tx: Transaction, row: CampaignRow): Promise<Decisions> {
  return decideSuppression({ atoms: await loadAtoms(tx, row), k: row.anonymityThreshold, cuts: cutsFor(["department"]) });
}

/** Comments by practice, organization-wide only, when at least max(10, k) people responded. */
/** A campaign's comments by practice, one page of each practice's (`pages`: practice number →
 * page, 1 by default; a page past the last shows the last). Only that page is sent from the
 * database, with each practice's count. */
export async function getComments(ctx: TenantContext, campaignId: string, options: { pages?: Record<number, number>; pageSize?: number } = {}): Promise<CampaignComments> {
  requirePermission(ctx, "assessments.results");
  return withTenant(ctx, async (tx) => {
    const row = await closedOrganizational(tx, ctx, campaignId);
    const threshold = commentsThreshold(row.anonymityThreshold);
    const decisions = await decisionsFor(tx, row);
    const total = decisions.get(TOTAL_KEY);
    // Comments are organization-wide: for administrators only (a head would read other
    // departments' comments, all of them in a campaign limited to one department).
    const enough = isOrganizationWide(ctx) && Boolean(total?.shown && total.n >= threshold);
    const { practiceList } = await itemsAndPractices(tx, row);
    const size = Math.max(1, Math.trunc(options.pageSize ?? COMMENTS_PAGE_SIZE));
    const show = enough && row.commentsEnabled;
    const counts = show
      ? await tx
          .select({ practiceNumber: assessmentComments.practiceNumber, n: sql<number>`count(*)::int` })
          .from(assessmentComments)
          .innerJoin(assessmentResponses, and(eq(assessmentResponses.orgId, assessmentComments.orgId), eq(assessmentResponses.id, assessmentComments.responseId)))
          .where(and(eq(assessmentResponses.orgId, row.orgId), eq(assessmentResponses.campaignId, row.id)))
          .groupBy(assessmentComments.practiceNumber)
      : [];
    const countOf = new Map(counts.map((c) => [c.practiceNumber, Number(c.n)]));
    // Each practice's page, clamped to its last page; its first row's rank in alphabetical order.
    const pageOfPractice = new Map(
      practiceList.map((p) => {
        const pageCount = Math.max(1, Math.ceil((countOf.get(p.number) ?? 0) / size));
        const wanted = Math.trunc(options.pages?.[p.number] ?? 1);
        return [p.number, { page: Math.min(Math.max(1, Number.isFinite(wanted) ? wanted : 1), pageCount), pageCount }];
      }),
    );
    const offsets = Object.fromEntries([...pageOfPractice].map(([n, pg]) => [String(n), (pg.page - 1) * size]));
    const ranked = tx
      .select({
        practiceNumber: assessmentComments.practiceNumber,
        body: assessmentComments.body,
        rank: sql<number>`row_number() over (partition by ${assessmentComments.practiceNumber} order by ${assessmentComments.body})`.as("rank"),
      })
      .from(assessmentComments)
      .innerJoin(assessmentResponses, and(eq(assessmentResponses.orgId, assessmentComments.orgId), eq(assessmentResponses.id, assessmentComments.responseId)))
      .where(and(eq(assessmentResponses.orgId, row.orgId), eq(assessmentResponses.campaignId, row.id)))
      .as("ranked");
    const offset = sql`coalesce((${JSON.stringify(offsets)}::jsonb ->> ${ranked.practiceNumber}::text)::int, 0)`;
    const rows = show
      ? await tx
          .select({ practiceNumber: ranked.practiceNumber, body: ranked.body })
          .from(ranked)
          .where(sql`${ranked.rank} > ${offset} and ${ranked.rank} <= ${offset} + ${size}`)
          .orderBy(asc(ranked.practiceNumber), asc(ranked.rank))
      : [];
    return {
      campaign: refOf(row),
      threshold,
      pageSize: size,
      practices: practiceList.map((p) => ({
        practiceNumber: p.number,
        practiceName: p.name,
        shown: show,
        note: !row.commentsEnabled
          ? "This campaign did not ask for comments."
          : !isOrganizationWide(ctx)
            ? "Comments are organization-wide, so they are shown to administrators only."
            : enough
            ? null
            : `Comments are shown when at least ${threshold} people responded, so that no one can be recognized by what they wrote.`,
        comments: rows.filter((r) => r.practiceNumber === p.number).map((r) => r.body),
        count: countOf.get(p.number) ?? 0,
        ...pageOfPractice.get(p.number)!,
      })),
    };
  });
}

const fmt = (x: number | null, digits: number) => (x === null ? "" : x.toFixed(digits));

/** One row per cell and practice; hidden cells keep their row with empty numbers and the note. */
export async function getResultsCsv(ctx: TenantContext, campaignId: string, cut: Dimension[] = []): Promise<string> {
  const results = await getResults(ctx, campaignId, { cut, detail: "practices" });
  // A department head's file starts with the group: their own, everyone else, or a cell of the cut.
  const scoped = results.scope === "own_group";
  const header = [...(scoped ? ["Group"] : []), ...results.cut.map(dimensionLabel), "Respondents", "Practice", "Mean (1-5)", "Favorable % (4-5)", "1", "2", "3", "4", "5", "Not applicable", "Note"];
  const rows: (string | number)[][] = [];
  const ownLabel = results.total.groups.map((g) => g.label).join(", ") || "Your department";
  const labelled = [
    { cell: results.total, group: ownLabel },
    ...(results.others ? [{ cell: results.others, group: "Everyone else" }] : []),
    ...results.cells.map((cell) => ({ cell, group: "" })),
  ];
  for (const { cell, group } of labelled) {
    const groups = [...(scoped ? [group] : []), ...results.cut.map((_, i) => cell.groups[i]?.label ?? "All")];
    if (!cell.shown) {
      rows.push([...groups, "", "", "", "", "", "", "", "", "", "", cell.note]);
      continue;
    }
    for (const p of cell.practices) {
      if (!p.shown) {
        rows.push([...groups, cell.n, `${p.practiceNumber}. ${p.practiceName}`, "", "", "", "", "", "", "", "", itemHiddenNote(results.campaign.anonymityThreshold)]);
        continue;
      }
      rows.push([...groups, cell.n, `${p.practiceNumber}. ${p.practiceName}`, fmt(p.mean, 2), fmt(p.favorablePct, 1), ...p.distribution, p.notApplicable, ""]);
    }
  }
  return toCsv(header, rows);
}

// ---------------------------------------------------------------------------------------------
// Self-assessments: the person's own answers, to that person only.

export type SelfResults = {
  campaign: { id: string; title: string; scaleLabels: string[] };
  submittedOn: string;
  practices: { practiceNumber: number; practiceName: string; mean: number | null; items: { statement: string; value: number | null }[] }[];
  /** Up to three practices with the lowest own mean (below the top of the scale). */
  lowest: number[];
  resources: DevelopmentResource[];
};

export type SelfResultsLookup = { status: "ready"; results: SelfResults } | { status: "not_found" | "not_submitted"; message: string };

/** From the person's link or their session; never for anyone else (there is no id to pass). */
export function getSelfResults(key: RespondentKey): Promise<SelfResultsLookup> {
  return withSelfRespondent(key, async (tx, found) => {
    if (!found) return { status: "not_found", message: "There is no self-assessment for this link or account." };
    const [campaign] = await tx
      .select()
      .from(assessmentCampaigns)
      .where(and(eq(assessmentCampaigns.orgId, found.orgId), eq(assessmentCampaigns.id, found.campaignId)));
    if (!campaign || campaign.kind !== "self") return { status: "not_found", message: "There is no self-assessment for this link or account." };
    const [mine] = await tx
      .select()
      .from(assessmentSelfResponses)
      .where(and(eq(assessmentSelfResponses.orgId, found.orgId), eq(assessmentSelfResponses.invitationId, found.invitationId)));
    if (!mine) return { status: "not_submitted", message: "Your results appear here once you have submitted your self-assessment." };
    const { items, practiceList } = await itemsAndPractices(tx, campaign);
    const practicesOut = practiceList.map((p) => {
      const own = items.filter((i) => i.practiceNumber === p.number).map((i) => ({ statement: i.statement, value: mine.answers[i.id] ?? null }));
      const values = own.map((o) => o.value).filter((v): v is number => v !== null);
      return { practiceNumber: p.number, practiceName: p.name, mean: values.length ? values.reduce((s, v) => s + v, 0) / values.length : null, items: own };
    });
    const lowest = practicesOut
      .filter((p) => p.mean !== null && p.mean < 5)
      .sort((a, b) => a.mean! - b.mean! || a.practiceNumber - b.practiceNumber)
      .slice(0, 3)
      .map((p) => p.practiceNumber);
    return {
      status: "ready",
      results: {
        campaign: { id: campaign.id, title: campaign.title, scaleLabels: campaign.scaleLabels },
        submittedOn: mine.submittedOn,
        practices: practicesOut,
        lowest,
        resources: lowest.length ? await resourcesFor(tx, found.orgId, lowest) : [],
      },
    };
  });
}
