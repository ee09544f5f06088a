import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./redirect";

describe("safeCallbackPath", () => {
  it.each([
    ["/\\evil.example", "a backslash browsers read as a second slash"],
    ["//evil.example", "a protocol-relative URL"],
    ["/\\/evil.example", "slash, backslash, slash"],
    ["\\\\evil.example", "two backslashes"],
    ["/\t/evil.example", "a tab the URL parser strips"],
    ["/\n/evil.example", "a newline the URL parser strips"],
    ["/\r\n/evil.example", "CR LF"],
    ["/.//evil.example", "a dot segment that normalises to //"],
    ["/a/../..//evil.example", "dot segments climbing to //"],
    ["https://evil.example/inbox", "another origin"],
    ["http:evil.example", "a scheme without slashes"],
    ["javascript:alert(1)", "a script URL"],
    ["data:text/html,<script>alert(1)</script>", "a data URL"],
    ["%2F%2Fevil.example", "an encoded protocol-relative URL"],
    [" /inbox", "leading white space"],
    ["inbox", "a relative path (it would resolve against the current page)"],
    ["", "an empty value"],
    [`/${"a".repeat(5000)}`, "a very long value"],
  ])("refuses %j (%s)", (value) => {
    expect(safeCallbackPath(value)).toBeNull();
  });

  it("refuses what is not a string", () => {
    expect(safeCallbackPath(undefined)).toBeNull();
    expect(safeCallbackPath(["/inbox", "//evil.example"])).toBeNull();
  });

  it("keeps a path on our origin with its query and fragment", () => {
    expect(safeCallbackPath("/inbox?x=1#y")).toBe("/inbox?x=1#y");
    expect(safeCallbackPath("/tickets/42")).toBe("/tickets/42");
    // Encoded slashes stay encoded: a path segment, not a host.
    expect(safeCallbackPath("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
    expect(safeCallbackPath("/knowledge/../inbox")).toBe("/inbox");
  });

  it("accepts full URLs only on the given origin (next-auth's redirect callback)", () => {
    const origin = "https://desk.example.com";
    expect(safeCallbackPath("https://desk.example.com/inbox?view=mine", { origin })).toBe("/inbox?view=mine");
    expect(safeCallbackPath("/login", { origin })).toBe("/login");
    expect(safeCallbackPath("https://desk.example.com.evil.example/inbox", { origin })).toBeNull();
    expect(safeCallbackPath("http://desk.example.com/inbox", { origin })).toBeNull();
    expect(safeCallbackPath("/\\evil.example", { origin })).toBeNull();
    expect(safeCallbackPath("javascript:alert(1)", { origin })).toBeNull();
    expect(safeCallbackPath("inbox", { origin })).toBeNull();
  });
});
