import { describe, expect, it } from "vitest";
import { excerptAround, mentionReason } from "./knowledge-scan";

describe("a review flag's passage", () => {
  it("cuts about 80 characters either side of the match at spaces, and says where the match is", () => {
    const text = `${"lorem ipsum ".repeat(20)}write to ana@mail.example today ${"dolor sit ".repeat(20)}`;
    const index = text.indexOf("ana@mail.example");
    const { passage, matchStart } = excerptAround(text, index, "ana@mail.example".length);
    expect(passage.slice(matchStart, matchStart + 16)).toBe("ana@mail.example");
    expect(passage.startsWith("…")).toBe(true);
    expect(passage.endsWith("…")).toBe(true);
    expect(passage.length).toBeLessThan(16 + 2 * 80 + 3);
    // Whole words at both ends.
    expect(passage).toMatch(/^…(lorem|ipsum) .* (dolor|sit)…$/);
  });

  it("keeps a short text whole", () => {
    expect(excerptAround("Testers: ana@mail.example.", 9, 16)).toEqual({ passage: "Testers: ana@mail.example.", matchStart: 9 });
  });

  it("names what matched", () => {
    expect(mentionReason(["email"])).toBe("Mentions the erased customer's email address.");
    expect(mentionReason(["email", "phone", "name"])).toBe("Mentions the erased customer's email address, phone number and name.");
  });
});
