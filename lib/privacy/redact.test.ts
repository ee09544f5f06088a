import { describe, expect, it } from "vitest";
import { containsPersonalData, maskEmail, needlePatterns, redactPersonalData } from "./redact";

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

describe("masking an address", () => {
  it("keeps the first letters and the top-level domain", () => {
    expect(maskEmail("quinn.marlowe@privacy.example")).toBe("q•••@p•••.example");
    expect(maskEmail("x@localhost")).toBe("x•••@l•••");
  });
});
