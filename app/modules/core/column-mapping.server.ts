// The column-mapping step of the imports: which of the file's columns feeds each of the import's
// fields. Given by the person (the mapping form), else the one this organization used last for a
// file with the same header (remembered per kind of import), else proposed from the column names.
// The mapping's other choices (key fields, categories…) belong to each import; only `columns` is
// common, and it is compared with the file's header normalized (core/csv.ts normalizeColumn).
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Transaction } from "#db/client.server";
import { importMappings } from "#db/schema";
import type { TenantContext } from "~/modules/auth/tenant.server";
import { normalizeColumn } from "./csv";

export type ImportKind = (typeof importMappings.$inferSelect)["kind"];
export type ColumnMapping<F extends string> = { columns: Partial<Record<F, string | null | undefined>> };
export type MappingSource = "given" | "saved" | "proposed";

/** How a header is remembered: its normalized column names in order. */
export const headerSignature = (header: string[]) => header.map(normalizeColumn).join("|");

export type ChosenMapping<M> = { ok: true; mapping: M; source: MappingSource } | { ok: false; issue: z.ZodIssue };

export async function chooseColumnMapping<F extends string, M extends ColumnMapping<F>>(
  tx: Transaction,
  ctx: TenantContext,
  input: { kind: ImportKind; header: string[]; given: unknown; schema: z.ZodType<M, z.ZodTypeDef, unknown>; propose: (header: string[]) => M },
): Promise<ChosenMapping<M>> {
  let mapping: M;
  let source: MappingSource;
  if (input.given) {
    const m = input.schema.safeParse(input.given);
    if (!m.success) return { ok: false, issue: m.error.issues[0]! };
    mapping = m.data;
    source = "given";
  } else {
    const [saved] = await tx
      .select({ mapping: importMappings.mapping })
      .from(importMappings)
      .where(and(eq(importMappings.orgId, ctx.orgId), eq(importMappings.kind, input.kind), eq(importMappings.headerSignature, headerSignature(input.header))));
    const m = saved ? input.schema.safeParse(saved.mapping) : null;
    if (m?.success) {
      mapping = m.data;
      source = "saved";
    } else {
      mapping = input.propose(input.header);
      source = "proposed";
    }
  }
  // Mapped column names may be given as the file writes them; compare normalized.
  const columns: Partial<Record<F, string>> = {};
  for (const [field, c] of Object.entries(mapping.columns) as [F, string | null | undefined][]) if (c) columns[field] = normalizeColumn(c);
  return { ok: true, mapping: { ...mapping, columns }, source };
}

/** A mapping's columns that the file does not have, as issues of its header row. */
export function missingColumnIssues<F extends string>(columns: Partial<Record<F, string>>, header: string[], labels: Record<F, string>): { row: 1; column: string; reason: string }[] {
  return (Object.entries(columns) as [F, string][])
    .filter(([, c]) => !header.includes(c))
    .map(([field, c]) => ({ row: 1, column: c, reason: `${labels[field]} is mapped to a column “${c}” that this file does not have.` }));
}

/** Remembers the mapping an import was committed with, for the next file with the same header; an
 * unchanged mapping is left as it was, so a repeated import changes nothing. */
export async function rememberColumnMapping(tx: Transaction, ctx: TenantContext, kind: ImportKind, header: string[], mapping: Record<string, unknown>): Promise<void> {
  await tx
    .insert(importMappings)
    .values({ orgId: ctx.orgId, kind, headerSignature: headerSignature(header), mapping, updatedBy: ctx.userId })
    .onConflictDoUpdate({
      target: [importMappings.orgId, importMappings.kind, importMappings.headerSignature],
      set: { mapping, updatedBy: ctx.userId, updatedAt: sql`now()` },
      setWhere: sql`${importMappings.mapping} is distinct from excluded.mapping`,
    });
}
