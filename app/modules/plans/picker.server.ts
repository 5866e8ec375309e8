// What the practice alignment picker needs from the server: the catalog, the search hits and the
// current selection (the stored links, or what a search carried over in the address).
import type { TenantContext } from "~/modules/auth/tenant.server";
import { getAlignmentOptions, searchDimensions, type DimensionSearchHit, type PickerGroup, type PracticeLink } from "./alignment.server";
import { LINK_TOKEN } from "./plans.schema";

export type PickerData = {
  groups: PickerGroup[];
  query: string;
  hits: DimensionSearchHit[] | null;
  selection: { links: string[]; primary: string | null };
};

export async function loadPicker(ctx: TenantContext, url: URL, stored: PracticeLink[]): Promise<PickerData> {
  const searched = url.searchParams.has("q");
  const query = (url.searchParams.get("q") ?? "").trim().slice(0, 200);
  const [groups, hits] = await Promise.all([getAlignmentOptions(ctx), searched ? searchDimensions(ctx, query) : Promise.resolve(null)]);
  const selection = searched
    ? {
        links: [...new Set(url.searchParams.getAll("link").filter((t) => LINK_TOKEN.test(t)))],
        primary: LINK_TOKEN.test(url.searchParams.get("primary") ?? "") ? url.searchParams.get("primary") : null,
      }
    : { links: stored.map((l) => l.token), primary: stored.find((l) => l.isPrimary)?.token ?? null };
  return { groups, query, hits, selection };
}
