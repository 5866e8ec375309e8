import { Link, useLocation } from "@remix-run/react";

/** Previous/next links of a paginated list, with "Page n of m" in words; nothing for one page.
 * Plain links, so it works without JavaScript and keeps the page in the address. */
export function Pager({ label, page, pageCount, href }: { label: string; page: number; pageCount: number; href: (page: number) => string }) {
  if (pageCount <= 1) return null;
  return (
    <nav aria-label={label} className="pager">
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev">
          Previous page
        </Link>
      ) : (
        <span />
      )}
      <span>
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <Link to={href(page + 1)} rel="next">
          Next page
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}

/** A Pager for one list among several on a page: its page is the address parameter `param`, the
 * rest of the address (filters, the other lists' pages) is kept, and the link returns to `anchor`. */
export function AddressPager({ label, param, page, pageCount, anchor }: { label: string; param: string; page: number; pageCount: number; anchor: string }) {
  const location = useLocation();
  const href = (p: number) => {
    const q = new URLSearchParams(location.search);
    if (p > 1) q.set(param, String(p));
    else q.delete(param);
    const s = q.toString();
    return `${location.pathname}${s ? `?${s}` : ""}#${anchor}`;
  };
  return <Pager label={label} page={page} pageCount={pageCount} href={href} />;
}
