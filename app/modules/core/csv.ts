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
  | {
      ok: true;
      /** Column names as the imports compare them (normalizeColumn, then the aliases). */
      header: string[];
      /** The header's cells as written in the file (trimmed), for a mapping step to show. */
      labels: string[];
      rows: { row: number; cells: Record<string, string> }[];
      blankRows: number[];
    }
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

/** The separators spreadsheets write: a comma, a semicolon (where the comma is the decimal mark),
 * a tab, a vertical bar. */
const DELIMITERS = [",", ";", "\t", "|"] as const;
export type CsvDelimiter = (typeof DELIMITERS)[number];

/** The separator of a file: the one that occurs most often, outside quotes, in its first line with
 * any (a comma when none does, or on a tie). */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = new Map<CsvDelimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (let i = 0; i < text.length && i < 64 * 1024; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) {
      if ([...counts.values()].some((n) => n > 0)) break;
    } else if (!quoted && counts.has(c as CsvDelimiter)) counts.set(c as CsvDelimiter, counts.get(c as CsvDelimiter)! + 1);
  }
  let best: CsvDelimiter = ",";
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

export type CsvRecords = { ok: true; records: string[][]; delimiter: CsvDelimiter } | { ok: false; row: number; reason: string };

/** The records of a CSV text as a spreadsheet wrote it: any of the usual separators, any line
 * ending (Windows CRLF, Unix LF, old Mac CR alone, or a mix), with or without a byte-order mark.
 * Text that is not UTF-8 is refused with a message that says how to save it. */
export function csvRecords(text: string): CsvRecords {
  const badAt = text.search(NOT_UTF8);
  if (badAt >= 0) {
    return {
      ok: false,
      row: text.slice(0, badAt).split(/\r\n|\r|\n/).length,
      reason:
        "The file is not UTF-8 text (it may be Latin-1, UTF-16 or not a CSV file at all). Save it from your spreadsheet as “CSV UTF-8” (or upload the .xlsx workbook) and retry.",
    };
  }
  const body = text.replace(/^\uFEFF/, "");
  const delimiter = detectDelimiter(body);
  try {
    // One line ending for the parser: CRLF and a lone CR (inside quoted cells too) become LF.
    const records = parse(body.replace(/\r\n?/g, "\n"), { delimiter, relax_column_count: true, skip_empty_lines: false }) as string[][];
    return { ok: true, records, delimiter };
  } catch (error) {
    const lines = (error as { lines?: number }).lines;
    return {
      ok: false,
      row: typeof lines === "number" ? lines : 1,
      reason: "The file is not valid CSV (a quote may be missing). Save it again as CSV from your spreadsheet and retry.",
    };
  }
}

export function parseCsv(text: string, aliases: Record<string, string> = {}): ParsedCsv {
  const read = csvRecords(text);
  if (!read.ok) return read;
  const [headerRow, ...data] = read.records;
  if (!headerRow || headerRow.every((c) => c.trim() === "")) {
    return { ok: false, row: 1, reason: "The file is empty: the first row must name the columns." };
  }
  const labels = headerRow.map((h) => h.trim());
  const header = headerRow.map((h) => {
    const n = normalizeColumn(h);
    return aliases[n] ?? n;
  });
  const rows: { row: number; cells: Record<string, string> }[] = [];
  const blankRows: number[] = [];
  const separator = read.delimiter === "\t" ? "tab" : read.delimiter === "," ? "comma" : read.delimiter;
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
        reason: `Row ${row} has more cells (${record.length}) than the header has columns (${header.length}): a ${separator} or a quote may be out of place. Correct the row and retry.`,
      };
    }
    const cells: Record<string, string> = {};
    header.forEach((name, j) => {
      if (name && !(name in cells)) cells[name] = unneutralizeCell((record[j] ?? "").trim());
    });
    rows.push({ row, cells });
  }
  return { ok: true, header, labels, rows, blankRows };
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
