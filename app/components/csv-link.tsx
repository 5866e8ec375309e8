/** The "Download CSV" link of a list or table page: a plain link to the page's CSV resource route
 * (a document request, so the browser saves the attachment). */
export function CsvLink({ href, label = "Download CSV" }: { href: string; label?: string }) {
  return (
    <p>
      <a href={href} className="button secondary" download>
        {label}
      </a>
    </p>
  );
}
