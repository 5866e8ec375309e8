import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvDownload, csvFile, csvText, safeFileName, tableCsv, type CsvTable } from "./csv.server";

type Row = { name: string; amount: number | null; when: Date | null; extra: unknown };
const COLUMNS: CsvTable<Row> = [
  { header: "name", value: (r) => r.name },
  { header: "amount", value: (r) => r.amount },
  { header: "when", value: (r) => r.when },
  { header: "extra", value: (r) => r.extra as Record<string, unknown> },
];

const cellsOf = (csv: string) => parse(csv, { bom: true }) as string[][];

describe("the shared CSV export", () => {
  it("neutralizes every cell a spreadsheet would read as a formula: =, +, -, @, tab and carriage return", () => {
    const dangerous = ["=HYPERLINK(\"http://x\",\"y\")", "+1+2", "-2+3", "@SUM(A1)", "\tTab", "\rCR", "=1"];
    const csv = tableCsv(
      COLUMNS,
      dangerous.map((name) => ({ name, amount: null, when: null, extra: null })),
    );
    const names = cellsOf(csv).slice(1).map((r) => r[0]);
    expect(names).toEqual(dangerous.map((d) => `'${d}`));
    for (const n of names) expect(n).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("leaves plain numbers, negative ones included, and ordinary text alone", () => {
    const csv = tableCsv(COLUMNS, [{ name: "Public Works – Streets", amount: -12.5, when: new Date("2026-07-01T12:00:00Z"), extra: { a: 1 } }]);
    expect(cellsOf(csv)[1]).toEqual(["Public Works – Streets", "-12.5", "2026-07-01T12:00:00.000Z", '{"a":1}']);
  });

  it("writes UTF-8 with a byte-order mark, CRLF record ends, and the header first", () => {
    const csv = tableCsv(COLUMNS, [{ name: "Zoë", amount: 1, when: null, extra: null }]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain("name,amount,when,extra\r\nZoë,1,,\r\n");
  });

  it("neutralizes structured values too, whose JSON cannot start a formula but whose text can", () => {
    expect(csvText(["=x"])).toBe('["=x"]');
    expect(csvText(10n)).toBe("10");
    expect(csvText(false)).toBe("false");
    const csv = tableCsv([{ header: "v", value: (r: { v: string }) => r.v }], [{ v: "-cmd" }]);
    expect(cellsOf(csv)[1]).toEqual(["'-cmd"]);
  });

  it("makes file names safe for a header: no quotes, paths or non-ASCII", () => {
    expect(safeFileName(['Plan "2026"/../../etc', "Café"])).toBe("plan-2026-etc-cafe.csv");
    expect(safeFileName([""])).toBe("export.csv");
    expect(csvFile(["Members", "2026-11-24"], COLUMNS, []).fileName).toBe("members-2026-11-24.csv");
  });

  it("answers as a private attachment that is never stored", async () => {
    const res = csvDownload({ fileName: "members.csv", csv: "a\r\n" });
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="members.csv"');
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const odd = csvDownload({ fileName: 'x"; evil=1.csv', csv: "" });
    expect(odd.headers.get("Content-Disposition")).toBe('attachment; filename="x-evil-1.csv"');
  });
});
