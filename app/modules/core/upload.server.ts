// The first step of every import: an uploaded file becomes CSV text, whatever a spreadsheet saved.
// - CSV in UTF-8 (with or without a byte-order mark) or UTF-16 with its byte-order mark is read as
//   it is; any other encoding (Windows-1252, Latin-1, Mac Roman) is refused with a message that says
//   how to save the file, never guessed: a wrong guess imports garbled department names.
// - An Excel workbook (.xlsx) is read through SheetJS (@e965/xlsx, the maintained build; never the
//   stale `xlsx` package of npm): its first sheet, each cell's stored value (see cellText).
// Separators and line endings are the CSV reader's business (core/csv.ts), so a pasted text and an
// uploaded file are read the same way.
import { unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, MaxPartSizeExceededError } from "@remix-run/node";
import { read as readWorkbook, utils as sheetUtils } from "@e965/xlsx";
import { stringify } from "csv-stringify/sync";

export type UploadText = { ok: true; text: string; format: "csv" | "xlsx" } | { ok: false; reason: string };

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b);

export const NOT_UTF8_REASON =
  "The file is not UTF-8 text (it may be Windows-1252, Latin-1 or Mac Roman). In Excel choose File → Save As → “CSV UTF-8 (Comma delimited)”, or upload the .xlsx workbook itself, and retry.";

/** The text of an uploaded file: CSV as written, or a workbook's first sheet as CSV. */
export function uploadText(bytes: Uint8Array, fileName = ""): UploadText {
  if (bytes.length === 0) return { ok: false, reason: "The file is empty: the first row must name the columns." };
  if (startsWith(bytes, ZIP_SIGNATURE) || /\.xlsx$/i.test(fileName)) return workbookText(bytes);
  if (startsWith(bytes, OLE_SIGNATURE) || /\.xls$/i.test(fileName)) {
    return { ok: false, reason: "This is an old Excel workbook (.xls). Save it as an Excel workbook (.xlsx) or as “CSV UTF-8”, and retry." };
  }
  // UTF-16 is what Excel's "Unicode text" writes; its byte-order mark says which byte comes first.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { ok: true, format: "csv", text: new TextDecoder("utf-16le").decode(bytes.subarray(2)) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { ok: true, format: "csv", text: new TextDecoder("utf-16be").decode(bytes.subarray(2)) };
  try {
    return { ok: true, format: "csv", text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, reason: `${NOT_UTF8_REASON} ${firstBadRow(bytes)}` };
  }
}

/** Where the first byte that is not UTF-8 is, in the words of a spreadsheet (row 1 is the header). */
function firstBadRow(bytes: Uint8Array): string {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let row = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return `The first such character is in row ${row}.`;
      }
      row += 1;
      start = i + 1;
    }
  }
  return "";
}

function workbookText(bytes: Uint8Array): UploadText {
  let rows: unknown[][];
  try {
    const book = readWorkbook(bytes, { type: "array", cellDates: true, dense: true });
    const first = book.SheetNames[0];
    const sheet = first ? book.Sheets[first] : undefined;
    if (!sheet) return { ok: false, reason: "The workbook has no sheet to read." };
    rows = sheetUtils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true, defval: "", blankrows: true });
  } catch {
    return { ok: false, reason: "The file could not be read as an Excel workbook (.xlsx). Open it in Excel and save it again, or save it as “CSV UTF-8”, and retry." };
  }
  const text = stringify(
    rows.map((r) => r.map(cellText)),
    { record_delimiter: "\n" },
  );
  return { ok: true, format: "xlsx", text };
}

/**
 * A cell's stored value as text, not its display: a number exactly as stored (a cell formatted
 * "$#,##0" shows 1,235 for 1234.56, and the import needs the cents), a date as YYYY-MM-DD (with
 * the time when it has one), TRUE/FALSE, text as written.
 */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.slice(0, 19).replace("T", " ");
  }
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return String(value);
}

export type ImportForm = { ok: true; formData: FormData } | { ok: false; reason: string };

/**
 * An import form's fields: an uploaded `file`, when one was chosen, is read (uploadText) into the
 * `csv` field, replacing pasted text, and its name into `fileName`. Every part may be a whole file
 * of `maxBytes`.
 */
export async function readImportForm(request: Request, maxBytes: number): Promise<ImportForm> {
  if (!(request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) return { ok: true, formData: await request.formData() };
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: maxBytes + 64 * 1024 }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, reason: tooLarge(maxBytes) };
    throw error;
  }
  const file = formData.get("file");
  formData.delete("file");
  if (file instanceof Blob && file.size > 0) {
    const name = file instanceof File ? file.name.slice(0, 200) : "";
    const read = uploadText(new Uint8Array(await file.arrayBuffer()), name);
    if (!read.ok) return read;
    formData.set("csv", read.text);
    formData.set("fileName", name);
  }
  return { ok: true, formData };
}

export function tooLarge(maxBytes: number): string {
  return `The file is too large: import at most ${maxBytes / 1_000_000} MB at a time.`;
}
