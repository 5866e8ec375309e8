// One way to page a list. A page number comes from the address, so anything may arrive: a page
// past the last shows the last, and nonsense (missing, zero, negative, fractional, text) the
// first. Pure functions, usable by services (which page in SQL with `offset`) and by loaders that
// page a list a service returns whole.

/** Where a page stands: which one (1-based, within 1..pageCount), and its rows `first`..`last`
 * (1-based, 0 and 0 for an empty list) of `total`. */
export type PageInfo = { page: number; pageCount: number; pageSize: number; total: number; first: number; last: number; offset: number };

const MAX_PAGE = 100_000;

/** A page number from the address: a whole number from 1 to 100,000, else 1. */
export function pageNumberFrom(raw: string | number | null | undefined): number {
  const n = typeof raw === "number" ? raw : Number(raw ?? "");
  return Number.isInteger(n) && n >= 1 && n <= MAX_PAGE ? n : 1;
}

/** The page `requested` of a list of `total` rows, clamped to the pages there are. */
export function pageOf(total: number, requested: string | number | null | undefined, pageSize: number): PageInfo {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(pageNumberFrom(requested), pageCount);
  const offset = (page - 1) * pageSize;
  return { page, pageCount, pageSize, total, first: total === 0 ? 0 : offset + 1, last: Math.min(total, page * pageSize), offset };
}

/** One page of rows a service returned whole, and where it stands. */
export function pageOfRows<T>(rows: T[], requested: string | number | null | undefined, pageSize: number): PageInfo & { rows: T[] } {
  const info = pageOf(rows.length, requested, pageSize);
  return { ...info, rows: rows.slice(info.offset, info.offset + pageSize) };
}
