import type { CsvExport } from "./plan-export.server";

/** A CSV export as a download. Private and not stored: plan data is tenant data. */
export function csvResponse(file: CsvExport): Response {
  return new Response(file.csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file.fileName}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
