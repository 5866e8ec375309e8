// The one way a list or table leaves Praxis as CSV: a table definition (a header and a value per
// column) turned into a file, and the file into a download.
//
// Decisions, for every export alike:
// - Cells that a spreadsheet would read as a formula (=, +, -, @, tab, carriage return) get a
//   leading single quote (neutralizeCell): an exported name such as "=HYPERLINK(...)" stays text.
// - UTF-8 with a byte-order mark. Excel on Windows reads a CSV without one in the local code page
//   and garbles accents and dashes in names; every CSV library we know of (and our own imports,
//   through csv-parse's `bom` option) skips the mark.
// - Records end with CRLF (RFC 4180).
// - File names are lower-case ASCII letters, digits and dashes, so the Content-Disposition header
//   needs no escaping and no file name can carry a path or a quote.
// - Always an attachment, never cached (private, no-store): every export is tenant data.
import { toCsv } from "~/modules/core/csv";

export type CsvValue = string | number | bigint | boolean | Date | null | undefined | readonly unknown[] | Record<string, unknown>;

export type CsvColumn<Row> = { header: string; value: (row: Row) => CsvValue };

/** What a CSV export is made of: its columns, in order. */
export type CsvTable<Row> = readonly CsvColumn<Row>[];

export type CsvFile = { fileName: string; csv: string; rowCount: number };

/** A value as the text of one cell: dates as ISO 8601 (UTC), structured values as JSON. */
export function csvText(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return String(value);
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

/** The rows as CSV text (header first; every cell neutralized by toCsv). */
export function tableCsv<Row>(columns: CsvTable<Row>, rows: readonly Row[]): string {
  return toCsv(
    columns.map((c) => c.header),
    rows.map((r) => columns.map((c) => csvText(c.value(r)))),
  );
}

/** A file name safe for Content-Disposition, from readable parts: "Plans", "2026-11-24" →
 * "plans-2026-11-24.csv". */
export function safeFileName(parts: readonly (string | number | null | undefined)[], extension = "csv"): string {
  const base = parts
    .filter((p) => p !== null && p !== undefined && String(p).trim() !== "")
    .join("-")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 100)
    .replace(/-+$/g, "");
  return `${base || "export"}.${extension}`;
}

/** A table definition and its rows as a CSV file. */
export function csvFile<Row>(nameParts: readonly (string | number | null | undefined)[], columns: CsvTable<Row>, rows: readonly Row[]): CsvFile {
  return { fileName: safeFileName(nameParts), csv: tableCsv(columns, rows), rowCount: rows.length };
}

/** Headers of every download: an attachment, private, never stored, never sniffed. */
export function downloadHeaders(fileName: string, contentType: string): Record<string, string> {
  const safe = /^[a-z0-9][a-z0-9.-]*$/.test(fileName) ? fileName : safeFileName([fileName.replace(/\.[a-z0-9]+$/i, "")], fileName.split(".").pop()?.toLowerCase() || "bin");
  return {
    "Content-Type": contentType,
    "Content-Disposition": `attachment; filename="${safe}"`,
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
  };
}

/** A CSV file as a download. */
export function csvDownload(file: { fileName: string; csv: string; rowCount?: number }): Response {
  return new Response(file.csv, { headers: downloadHeaders(file.fileName, "text/csv; charset=utf-8") });
}

/** Today's date (UTC) for file names. */
export function fileDate(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
