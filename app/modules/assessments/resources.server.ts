// The development resources library: ICMA's resources (global, seeded by migration 0008) and the
// ones an organization adds for its own people, each linked to one or more practices.
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Transaction } from "#db/client.server";
import { developmentResources, orgDevelopmentResources } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { requirePermission, type TenantContext } from "~/modules/auth/tenant.server";
import { CURRENT_FRAMEWORK } from "~/modules/practices/practices.server";
import { FieldErrors, notFound } from "~/utils/http.server";
import { resourceInputSchema, type ResourceInput } from "./assessments.schema";

export type DevelopmentResource = {
  /** "global:<key>" or "org:<uuid>". */
  id: string;
  source: "icma" | "organization";
  title: string;
  description: string;
  url: string | null;
  practiceNumbers: number[];
};

/** Resources linked to any of the practices (all of them when `practiceNumbers` is null). */
export async function resourcesFor(tx: Transaction, orgId: string, practiceNumbers: number[] | null): Promise<DevelopmentResource[]> {
  const overlap = (column: typeof developmentResources.practiceNumbers | typeof orgDevelopmentResources.practiceNumbers) =>
    practiceNumbers ? sql`${column} && ${sql.raw(`ARRAY[${practiceNumbers.map((n) => Number(n) | 0).join(",") || "0"}]::int[]`)}` : undefined;
  const global = await tx
    .select()
    .from(developmentResources)
    .where(and(eq(developmentResources.frameworkCode, CURRENT_FRAMEWORK), overlap(developmentResources.practiceNumbers)))
    .orderBy(asc(developmentResources.position));
  const own = await tx
    .select()
    .from(orgDevelopmentResources)
    .where(and(eq(orgDevelopmentResources.orgId, orgId), overlap(orgDevelopmentResources.practiceNumbers)))
    .orderBy(desc(orgDevelopmentResources.createdAt));
  return [
    ...own.map((r) => ({ id: `org:${r.id}`, source: "organization" as const, title: r.title, description: r.description, url: r.url, practiceNumbers: r.practiceNumbers })),
    ...global.map((r) => ({ id: `global:${r.key}`, source: "icma" as const, title: r.title, description: r.description, url: r.url, practiceNumbers: r.practiceNumbers })),
  ];
}

/** The library, optionally for one practice. Every member may read it. */
export function listResources(ctx: TenantContext, practiceNumber?: number): Promise<DevelopmentResource[]> {
  requirePermission(ctx, "catalog.read");
  return withTenant(ctx, (tx) => resourcesFor(tx, ctx.orgId, practiceNumber ? [practiceNumber] : null));
}

export async function addResource(ctx: TenantContext, input: ResourceInput): Promise<DevelopmentResource> {
  requirePermission(ctx, "assessments.manage");
  const parsed = resourceInputSchema.safeParse(input);
  if (!parsed.success) throw new FieldErrors(parsed.error.flatten().fieldErrors as Record<string, string[]>);
  const v = parsed.data;
  return withTenant(ctx, async (tx) => {
    const [row] = await tx
      .insert(orgDevelopmentResources)
      .values({ orgId: ctx.orgId, frameworkCode: CURRENT_FRAMEWORK, practiceNumbers: v.practiceNumbers, title: v.title, description: v.description, url: v.url, createdBy: ctx.userId })
      .returning();
    await recordAudit(tx, { orgId: ctx.orgId, actorUserId: ctx.userId, action: "development_resource.create", entityType: "development_resource", entityId: row!.id, after: v });
    return { id: `org:${row!.id}`, source: "organization", title: row!.title, description: row!.description, url: row!.url, practiceNumbers: row!.practiceNumbers };
  });
}

export async function deleteResource(ctx: TenantContext, id: string): Promise<void> {
  requirePermission(ctx, "assessments.manage");
  const uuid = id.startsWith("org:") ? id.slice(4) : id;
  if (!/^[0-9a-f-]{36}$/i.test(uuid)) notFound("There is no such resource in this organization.");
  await withTenant(ctx, async (tx) => {
    const [row] = await tx
      .delete(orgDevelopmentResources)
      .where(and(eq(orgDevelopmentResources.orgId, ctx.orgId), eq(orgDevelopmentResources.id, uuid)))
      .returning();
    if (!row) notFound("There is no such resource in this organization.");
    await recordAudit(tx, { orgId: ctx.orgId, actorUserId: ctx.userId, action: "development_resource.delete", entityType: "development_resource", entityId: row.id, before: { title: row.title } });
  });
}
