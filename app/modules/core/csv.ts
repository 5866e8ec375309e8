// CSV reading and writing for the plan's imports and exports (RFC 4180 via csv-parse and
// csv-stringify). Rows are numbered as a spreadsheet shows them: the header is row 1, the first
// data row is row 2.
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";

/** Characters that make a spreadsheet read a cell as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * A cell that would start a formula gets a leading single quote, which spreadsheets show as text.
 * Plain numbers such as -12.5 are left alone: a spreadsheet reads them as numbers, never formulas.
 */
export function neutralizeCell(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** Undoes neutralizeCell on import, so an exported file re-imports to the same values. */
export function unneutralizeCell(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

/** A CSV file (UTF-8 with a byte-order mark, so spreadsheets read accents and dashes right). */
export function toCsv(header: string[], rows: (string | number | boolean | null | undefined)[][]): string {
  const cells = rows.map((r) => r.map((c) => neutralizeCell(c === null || c === undefined ? "" : String(c))));
  return stringify([header, ...cells], { bom: true, record_delimiter: "\r\n" });
}

export type ParsedCsv =
  | { ok: true; header: string[]; rows: { row: number; cells: Record<string, string> }[]; blankRows: number[] }
  | { ok: false; row: number; reason: string };

/** Column names compare without case, spaces or punctuation: "Measure code", "measure_code" and
 * "MEASURE CODE" are the same column. */
export function normalizeColumn(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/** Where a file's text shows it was not UTF-8: a replacement character (bytes that were not UTF-8,
 * as in a Latin-1 file, decoded by the browser or the server) or a NUL (UTF-16 read as UTF-8, or a
 * binary file). Reading on would import garbled names. */
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const NOT_UTF8 = /[\uFFFD\u0000]/;

export function parseCsv(text: string, aliases: Record<string, string> = {}): ParsedCsv {
  const badAt = text.search(NOT_UTF8);
  if (badAt >= 0) {
    return {
      ok: false,
      row: text.slice(0, badAt).split("\n").length,
      reason:
        "The file is not UTF-8 text (it may be Latin-1, UTF-16 or not a CSV file at all). Save it from your spreadsheet as “CSV UTF-8” and retry.",
    };
  }
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (error) {
    const lines = (error as { lines?: number }).lines;
    return {
      ok: false,
      row: typeof lines === "number" ? lines : 1,
      reason: "The file is not valid CSV (a quote may be missing). Save it again as CSV from your spreadsheet and retry.",
    };
  }
  const [headerRow, ...data] = records;
  if (!headerRow || headerRow.every((c) => c.trim() === "")) {
    return { ok: false, row: 1, reason: "The file is empty: the first row must name the columns." };
  }
  const header = headerRow.map((h) => {
    const n = normalizeColumn(h);
    return aliases[n] ?? n;
  });
  const rows: { row: number; cells: Record<string, string> }[] = [];
  const blankRows: number[] = [];
  for (const [i, record] of data.entries()) {
    const row = i + 2;
    if (record.every((c) => c.trim() === "")) {
      blankRows.push(row);
      continue;
    }
    // Values beyond the last column have no name and would be dropped without a word; a row with
    // fewer cells than the header is read with the missing ones blank (some tools leave off
    // trailing empty cells), and each import's own rules decide whether blank is allowed.
    if (record.slice(header.length).some((c) => c.trim() !== "")) {
      return {
        ok: false,
        row,
        reason: `Row ${row} has more cells (${record.length}) than the header has columns (${header.length}): a comma or a quote may be out of place. Correct the row and retry.`,
      };
    }
    const cells: Record<string, string> = {};
    header.forEach((name, j) => {
      if (name && !(name in cells)) cells[name] = unneutralizeCell((record[j] ?? "").trim());
    });
    rows.push({ row, cells });
  }
  return { ok: true, header, rows, blankRows };
}

/** A file name safe for a Content-Disposition header. */
export function csvFileName(...parts: string[]): string {
  const base = parts
    .join("-")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
  return `${base || "export"}.csv`;
}
