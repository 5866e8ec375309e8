import { describe, expect, it } from "vitest";
import { pageNumberFrom, pageOf, pageOfRows } from "./pagination";

describe("pagination", () => {
  it("reads a page number from the address, and anything else as the first page", () => {
    expect(["3", 3, "1"].map(pageNumberFrom)).toEqual([3, 3, 1]);
    expect([null, undefined, "", "0", "-2", "2.5", "two", "100001", 1e9].map(pageNumberFrom)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it("clamps a page past the last to the last, and says which rows it holds", () => {
    expect(pageOf(51, "9", 25)).toEqual({ page: 3, pageCount: 3, pageSize: 25, total: 51, first: 51, last: 51, offset: 50 });
    expect(pageOf(51, 2, 25)).toEqual({ page: 2, pageCount: 3, pageSize: 25, total: 51, first: 26, last: 50, offset: 25 });
    expect(pageOf(0, 4, 25)).toEqual({ page: 1, pageCount: 1, pageSize: 25, total: 0, first: 0, last: 0, offset: 0 });
  });

  it("slices a whole list to the page asked for", () => {
    const rows = Array.from({ length: 7 }, (_, i) => i + 1);
    expect(pageOfRows(rows, "2", 3)).toMatchObject({ rows: [4, 5, 6], page: 2, pageCount: 3, total: 7 });
    expect(pageOfRows(rows, "x", 3).rows).toEqual([1, 2, 3]);
    expect(pageOfRows(rows, "8", 3).rows).toEqual([7]);
  });
});
