import { describe, expect, it } from "vitest";
import {
  containsPersonalData,
  firstMatch,
  identifierPatterns,
  maskEmail,
  matchedKinds,
  needlePatterns,
  redactPersonalData,
} from "./redact";

describe("finding a customer in free text", () => {
  const patterns = needlePatterns({ email: "ana.lo+x@mail.example", name: "José  María Lo", phone: "+44 (20) 7946-0555" });

  it("replaces the address, the full name however spaced, and the phone however grouped", () => {
    const text = "Ask ANA.LO+X@MAIL.EXAMPLE or José María Lo; phone 442079460555 or +44 20 7946 0555.";
    expect(redactPersonalData(text, patterns)).toBe("Ask [email] or the customer; phone [phone] or +[phone].");
    expect(containsPersonalData(text, patterns)).toBe(true);
  });

  it("leaves other people and partial words alone", () => {
    const text = "José María Lopez wrote from ana.lo@mail.example about 7946 0555.";
    expect(containsPersonalData(text, patterns)).toBe(false);
    expect(redactPersonalData(text, patterns)).toBe(text);
  });

  it("skips names too short to be told apart from ordinary words", () => {
    expect(needlePatterns({ email: "a@b.example", name: "Al" })).toHaveLength(1);
  });
});

describe("telling identifiers from names", () => {
  const patterns = needlePatterns({ email: "billing@shop.example", name: "Billing", phone: "+1 555 010 2000" });

  it("keeps the address and phone as identifiers; a name alone is not one", () => {
    expect(identifierPatterns(patterns).map((pattern) => pattern.kind)).toEqual(["email", "phone"]);
    expect(containsPersonalData("Billing questions go to the desk.", identifierPatterns(patterns))).toBe(false);
    expect(containsPersonalData("Call +1 555-010-2000.", identifierPatterns(patterns))).toBe(true);
  });

  it("finds the most telling match first and lists what matched", () => {
    const text = "Billing: ask billing@shop.example.";
    expect(firstMatch(text, patterns)).toEqual({ kind: "email", index: 13, length: "billing@shop.example".length });
    expect(firstMatch("Billing desk", patterns)).toEqual({ kind: "name", index: 0, length: 7 });
    expect(firstMatch("Refunds desk", patterns)).toBeNull();
    expect(matchedKinds(text, patterns)).toEqual(["email", "name"]);
  });
});

describe("masking an address", () => {
  it("keeps the first letters and the top-level domain", () => {
    expect(maskEmail("quinn.marlowe@privacy.example")).toBe("q•••@p•••.example");
    expect(maskEmail("x@localhost")).toBe("x•••@l•••");
  });
});
