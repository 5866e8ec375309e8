// The view cache (docs/decisions/014-view-cache.md): what a dashboard page's loader computed, and
// the HTML React rendered from it, kept in this process and served again while nothing of the
// organization has changed.
//
// - Loader data (`cachedJson`) is kept under the organization's data version (org_data_versions,
//   raised at the commit of every change of a tenant row), read by requireTenant in the same
//   statement as the membership, before any of the page's data: a page computed at version n is
//   never older than n, and is served again only while the organization is still at n. The key
//   holds everything else the loader may depend on: the organization, the user, their role and
//   department, the path and query, and today's date on this server's clock (staleness, campaign
//   status). Authorization is not cached: requireTenant and requirePermission run on every request
//   before the cache is consulted.
// - Rendered HTML (`renderCached`, used by entry.server.tsx for routes whose handle says
//   `viewCache: true`) is keyed by a digest of everything the render reads: the URL, the build and
//   every route's loader data. The same data renders the same HTML; the per-response CSP nonce is
//   rendered as a per-process placeholder and put in on the way out.
//
// Both are bounded LRUs sharing PRAXIS_VIEW_CACHE_MB (64 by default; 0 turns the cache off). Each
// server process has its own; the version lives in the database, so several processes behind a
// load balancer never serve each other's stale pages.
import { createHash, randomBytes } from "node:crypto";
import type { TypedResponse } from "@remix-run/node";
import type { TenantContext } from "~/modules/auth/tenant.server";
import { organizationToday } from "~/modules/core/today";

type Entry = { value: string; bytes: number };

/** A map that forgets its least recently used entries beyond a budget of bytes. */
export class ByteLru {
  private readonly map = new Map<string, Entry>();
  private used = 0;
  constructor(private readonly budget: number) {}

  get(key: string): string | undefined {
    const entry = this.map.get(key);
    if (!entry) return undefined;
    this.map.delete(key);
    this.map.set(key, entry);
    return entry.value;
  }

  set(key: string, value: string): void {
    // A JavaScript string costs about two bytes a character.
    const bytes = value.length * 2 + key.length * 2 + 64;
    if (bytes > this.budget / 4) return; // one page never takes over the cache
    const old = this.map.get(key);
    if (old) {
      this.used -= old.bytes;
      this.map.delete(key);
    }
    this.map.set(key, { value, bytes });
    this.used += bytes;
    for (const [k, e] of this.map) {
      if (this.used <= this.budget) break;
      this.map.delete(k);
      this.used -= e.bytes;
    }
  }

  delete(key: string): void {
    const old = this.map.get(key);
    if (!old) return;
    this.used -= old.bytes;
    this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
    this.used = 0;
  }

  get size(): number {
    return this.map.size;
  }

  get bytes(): number {
    return this.used;
  }
}

function budgetBytes(): number {
  const raw = process.env.PRAXIS_VIEW_CACHE_MB;
  const mb = raw === undefined || raw === "" ? 64 : Number(raw);
  if (!Number.isFinite(mb) || mb < 0) throw new Error(`PRAXIS_VIEW_CACHE_MB must be a number of megabytes, 0 or more (got "${raw}")`);
  return Math.floor(mb * 1024 * 1024);
}

type Caches = { data: ByteLru; html: ByteLru; inflight: Map<string, Promise<string>>; stats: Record<"dataHits" | "dataMisses" | "htmlHits" | "htmlMisses", number> };
const globalKey = "__praxisViewCache";

function caches(): Caches | null {
  const g = globalThis as { [globalKey]?: Caches | null };
  if (g[globalKey] === undefined) {
    const budget = budgetBytes();
    g[globalKey] = budget === 0
      ? null
      : {
          data: new ByteLru(Math.floor(budget / 2)),
          html: new ByteLru(Math.floor(budget / 2)),
          inflight: new Map(),
          stats: { dataHits: 0, dataMisses: 0, htmlHits: 0, htmlMisses: 0 },
        };
  }
  return g[globalKey]!;
}

/** Forgets everything and reads PRAXIS_VIEW_CACHE_MB again (tests). */
export function resetViewCache(): void {
  (globalThis as { [globalKey]?: Caches | null })[globalKey] = undefined;
}

export function viewCacheStats(): Caches["stats"] & { dataEntries: number; htmlEntries: number; bytes: number; enabled: boolean } {
  const c = caches();
  if (!c) return { dataHits: 0, dataMisses: 0, htmlHits: 0, htmlMisses: 0, dataEntries: 0, htmlEntries: 0, bytes: 0, enabled: false };
  return { ...c.stats, dataEntries: c.data.size, htmlEntries: c.html.size, bytes: c.data.bytes + c.html.bytes, enabled: true };
}

/** Remix's own query parameters: the same loader data whether a page is opened or navigated to. */
const REMIX_PARAMS = new Set(["_data", "index"]);

function dataKey(ctx: TenantContext, request: Request): string {
  const url = new URL(request.url);
  const query = [...url.searchParams].filter(([k]) => !REMIX_PARAMS.has(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([ctx.orgId, ctx.userId, ctx.role, ctx.departmentId, ctx.membershipId, url.pathname, query, organizationToday(ctx)]);
}

/** Names the data a cached loader answered with (a digest of its key and version), so that the
 * document's render can be keyed without serializing that data again (entry.server.tsx). Never
 * sent: entry.server.tsx's handleDataRequest removes it, and routes without a `headers` export
 * pass on no loader header but Set-Cookie. */
export const VIEW_HEADER = "X-Praxis-View";

/**
 * The loader's data as a JSON response (what Remix's json() makes), computed by `compute` only when
 * this user has not seen this page at the organization's current data version. Requests for the
 * same page at the same version while it is being computed wait for that one computation.
 */
export async function cachedJson<T>(ctx: TenantContext, request: Request, compute: () => Promise<T>): Promise<TypedResponse<T>> {
  const c = caches();
  const version = ctx.dataVersion;
  if (!c || version === undefined || request.method !== "GET") return respond(JSON.stringify(await compute()), null);
  const key = dataKey(ctx, request);
  const versioned = `${version}\n${key}`;
  const name = createHash("sha256").update(versioned).digest("base64");
  const hit = c.data.get(versioned);
  if (hit !== undefined) {
    c.stats.dataHits++;
    return respond(hit, name);
  }
  const running = c.inflight.get(versioned);
  if (running) {
    // Another request is computing this page: its result is ours. If it failed, compute our own
    // (unnamed: it is not the kept one), so that an error (a thrown Response is read once) is
    // never shared between two requests.
    const body = await running.catch(() => null);
    return body === null ? respond(JSON.stringify(await compute()), null) : respond(body, name);
  }
  c.stats.dataMisses++;
  const pending = compute().then((value) => JSON.stringify(value));
  c.inflight.set(versioned, pending);
  pending.then(
    (body) => {
      c.inflight.delete(versioned);
      c.data.set(versioned, body);
    },
    () => c.inflight.delete(versioned),
  );
  return respond(await pending, name);
}

function respond<T>(body: string, name: string | null): TypedResponse<T> {
  const headers = new Headers({ "Content-Type": "application/json; charset=utf-8" });
  if (name) headers.set(VIEW_HEADER, name);
  return new Response(body, { headers }) as TypedResponse<T>;
}

/** Stands in for the response's CSP nonce in cached HTML: random per process, so no page content
 * can contain it by chance or on purpose. */
export const NONCE_PLACEHOLDER = randomBytes(16).toString("base64");

/**
 * HTML for a render whose every input is in `inputs` (URL, build, loader data, or for a cached
 * loader's data the name its response carried — the same name is the same data): served from the
 * cache with `nonce` put in place of the placeholder, or rendered by `render(placeholder)` and kept.
 */
export async function renderCached(inputs: unknown, nonce: string, render: (nonce: string) => Promise<string>): Promise<string> {
  const c = caches();
  if (!c) return render(nonce);
  const key = createHash("sha256").update(JSON.stringify(inputs)).digest("base64");
  let html = c.html.get(key);
  if (html === undefined) {
    c.stats.htmlMisses++;
    html = await render(NONCE_PLACEHOLDER);
    c.html.set(key, html);
  } else {
    c.stats.htmlHits++;
  }
  return html.split(NONCE_PLACEHOLDER).join(nonce);
}
