import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type CompletePass, keySetIds, passHolds } from "./complete-pass";
import { deriveKey, type Keyring } from "./pii";

// When the start-up may skip its pass: the rule in complete-pass.ts, over key sets.

const [a, b, c] = [deriveKey(randomBytes(32)), deriveKey(randomBytes(32)), deriveKey(randomBytes(32))];
const ring = (current: typeof a, ...previous: (typeof a)[]): Keyring => ({ current, previous, source: "env" });
const pass = (scope: CompletePass["scope"], keys: Keyring): CompletePass => ({
  keys: keySetIds(keys),
  scope,
  unreadable: 0,
  duplicateEmails: 0,
  finishedAt: new Date().toISOString(),
});

describe("passHolds", () => {
  it("holds for the same keys, in any order, and for none else after the start-up's pass", () => {
    const recorded = pass("plaintext", ring(a, b, c));
    expect(passHolds(recorded, ring(a, c, b))).toBe(true);
    expect(passHolds(recorded, ring(b, a, c))).toBe(false);
    // A previous key dropped: values under it would become unreadable, so they are counted again.
    expect(passHolds(recorded, ring(a, b))).toBe(false);
    expect(passHolds(recorded, ring(a, b, c, deriveKey(randomBytes(32))))).toBe(false);
    expect(passHolds(null, ring(a))).toBe(false);
  });

  it("after rotate-key's pass, also holds with previous keys dropped, not with one added", () => {
    const recorded = pass("all", ring(a, b));
    expect(passHolds(recorded, ring(a))).toBe(true);
    expect(passHolds(recorded, ring(a, b))).toBe(true);
    expect(passHolds(recorded, ring(a, b, c))).toBe(false);
    expect(passHolds(recorded, ring(b))).toBe(false);
  });
});
