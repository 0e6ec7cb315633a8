/** CSV files: RFC 4180 quoting and no formulas for spreadsheets to run. */
import { describe, expect, it } from "vitest";
import { csvField, toCsv } from "../../functions/export/csv.ts";

describe("CSV", () => {
  it("quotes commas, quotes and line breaks, and doubles quotes", () => {
    expect(csvField('Say "hi", then\r\nleave')).toBe('"Say ""hi"", then\r\nleave"');
    expect(csvField("plain")).toBe("plain");
    expect(csvField(null)).toBe("");
    expect(csvField(500000)).toBe("500000");
  });

  it("neutralises what a spreadsheet would run as a formula", () => {
    for (const evil of ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]) {
      const cell = csvField(evil);
      expect(cell.replace(/^"/, "").startsWith("'")).toBe(true);
    }
    expect(csvField("-")).toBe("'-");
  });

  it("writes a header, CRLF line ends and a UTF-8 byte-order mark", () => {
    expect(toCsv(["a", "b"], [["Ж", 1]])).toBe("\ufeffa,b\r\nЖ,1\r\n");
  });
});
