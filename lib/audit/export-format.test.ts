import { describe, expect, it } from "vitest";
import { csvCell, csvLine } from "./export-format";

describe("csvCell", () => {
  it("quotes commas, quotes and line breaks", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('say "hi", then go\nhome')).toBe('"say ""hi"", then go\nhome"');
    expect(csvCell(null)).toBe("");
    expect(csvCell({ from: "OPEN", to: "PENDING" })).toBe('"{""from"":""OPEN"",""to"":""PENDING""}"');
  });

  it("defuses text a spreadsheet would evaluate", () => {
    expect(csvCell("=HYPERLINK(\"http://x\")")).toBe("\"'=HYPERLINK(\"\"http://x\"\")\"");
    expect(csvCell("+1")).toBe("\"'+1\"");
    expect(csvCell(-3)).toBe("\"'-3\"");
  });

  it("ends a line with CRLF", () => {
    expect(csvLine([1, "a"])).toBe("1,a\r\n");
  });
});
