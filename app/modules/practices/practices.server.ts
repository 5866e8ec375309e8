import { and, asc, eq, sql } from "drizzle-orm";
import { frameworks, practiceDimensions, practiceGroups, practices } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import type { TenantContext } from "~/modules/auth/tenant.server";
import { notFound } from "~/utils/http.server";

// The practices catalog is global (no org_id) and read-only for the app role. It is still read
// through withTenant so that every read in the app goes through the same door, as the same role.

/** The framework every page shows; a later revision of the practices gets its own code. */
export const CURRENT_FRAMEWORK = "ICMA-2017";

export type Framework = { code: string; name: string; approved: string };

export type PracticeSummary = {
  number: number;
  name: string;
  definition: string;
  leadershipCount: number;
  managementCount: number;
};

export type PracticeGroup = { position: number; phrase: string; practices: PracticeSummary[] };

export type Catalog = { framework: Framework; groups: PracticeGroup[] };

export type Dimension = { letter: string; text: string };

export type PracticeNeighbour = { number: number; name: string };

export type PracticeDetail = {
  frameworkCode: string;
  number: number;
  name: string;
  definition: string;
  groupPosition: number;
  groupPhrase: string;
  leadership: Dimension[];
  management: Dimension[];
  previous: PracticeNeighbour | null;
  next: PracticeNeighbour | null;
};

const PRACTICE_NOT_FOUND = "There is no practice with that number. The practices are numbered 1 to 14.";

/** The framework with its narrative groups in order, each with its practices in order. */
export function getCatalog(ctx: TenantContext, frameworkCode: string = CURRENT_FRAMEWORK): Promise<Catalog> {
  return withTenant(ctx, async (tx) => {
    const [framework] = await tx
      .select({ code: frameworks.code, name: frameworks.name, approved: frameworks.approved })
      .from(frameworks)
      .where(eq(frameworks.code, frameworkCode));
    if (!framework) notFound("That version of the practices is not in Praxis.");

    const groupRows = await tx
      .select({ position: practiceGroups.position, phrase: practiceGroups.phrase })
      .from(practiceGroups)
      .where(eq(practiceGroups.frameworkCode, frameworkCode))
      .orderBy(asc(practiceGroups.position));
    const practiceRows = await tx
      .select({
        number: practices.number,
        name: practices.name,
        definition: practices.definition,
        groupPosition: practices.groupPosition,
      })
      .from(practices)
      .where(eq(practices.frameworkCode, frameworkCode))
      .orderBy(asc(practices.number));
    const countRows = await tx
      .select({
        practiceNumber: practiceDimensions.practiceNumber,
        kind: practiceDimensions.kind,
        count: sql<number>`count(*)::int`,
      })
      .from(practiceDimensions)
      .where(eq(practiceDimensions.frameworkCode, frameworkCode))
      .groupBy(practiceDimensions.practiceNumber, practiceDimensions.kind);

    const countOf = (n: number, kind: "leadership" | "management") =>
      Number(countRows.find((c) => c.practiceNumber === n && c.kind === kind)?.count ?? 0);

    return {
      framework,
      groups: groupRows.map((g) => ({
        position: g.position,
        phrase: g.phrase,
        practices: practiceRows
          .filter((p) => p.groupPosition === g.position)
          .map((p) => ({
            number: p.number,
            name: p.name,
            definition: p.definition,
            leadershipCount: countOf(p.number, "leadership"),
            managementCount: countOf(p.number, "management"),
          })),
      })),
    };
  });
}

/**
 * The practice's number as it appears in a URL, or null. Only plain positive integers of a
 * sensible size pass, so "abc", "1.5", "01" or a number too big for a Postgres integer answer
 * 404 rather than a database error.
 */
export function parsePracticeNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isInteger(value) && value > 0 && value < 10_000 ? value : null;
  if (typeof value !== "string" || !/^[1-9][0-9]{0,3}$/.test(value)) return null;
  return Number(value);
}

/** One practice with its group phrase, its dimensions in letter order and its neighbours. 404 if
 * the number is not a practice of the framework. */
export async function getPractice(
  ctx: TenantContext,
  number: unknown,
  frameworkCode: string = CURRENT_FRAMEWORK,
): Promise<PracticeDetail> {
  const n = parsePracticeNumber(number);
  if (n === null) notFound(PRACTICE_NOT_FOUND);
  return withTenant(ctx, async (tx) => {
    const [practice] = await tx
      .select({
        frameworkCode: practices.frameworkCode,
        number: practices.number,
        name: practices.name,
        definition: practices.definition,
        groupPosition: practices.groupPosition,
        groupPhrase: practiceGroups.phrase,
      })
      .from(practices)
      .innerJoin(
        practiceGroups,
        and(
          eq(practiceGroups.frameworkCode, practices.frameworkCode),
          eq(practiceGroups.position, practices.groupPosition),
        ),
      )
      .where(and(eq(practices.frameworkCode, frameworkCode), eq(practices.number, n)));
    if (!practice) notFound(PRACTICE_NOT_FOUND);

    const dimensions = await tx
      .select({ kind: practiceDimensions.kind, letter: practiceDimensions.letter, text: practiceDimensions.text })
      .from(practiceDimensions)
      .where(and(eq(practiceDimensions.frameworkCode, frameworkCode), eq(practiceDimensions.practiceNumber, n)))
      .orderBy(asc(practiceDimensions.kind), sql`length(${practiceDimensions.letter})`, asc(practiceDimensions.letter));

    // Neighbours by order, not by n ± 1, so a framework with gaps in its numbering still links up.
    const all = await tx
      .select({ number: practices.number, name: practices.name })
      .from(practices)
      .where(eq(practices.frameworkCode, frameworkCode))
      .orderBy(asc(practices.number));
    const index = all.findIndex((p) => p.number === n);

    const pick = (kind: "leadership" | "management") =>
      dimensions.filter((d) => d.kind === kind).map(({ letter, text }) => ({ letter, text }));
    return {
      ...practice,
      leadership: pick("leadership"),
      management: pick("management"),
      previous: index > 0 ? all[index - 1]! : null,
      next: index >= 0 && index < all.length - 1 ? all[index + 1]! : null,
    };
  });
}
