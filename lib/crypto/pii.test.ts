import { describe, expect, it } from "vitest";
import { decryptText, deriveKey, EncryptionKeyError, emailIndex, encryptText, generateKeyText, type Keyring, parseKeyText } from "./pii";

const keyA = deriveKey(parseKeyText(generateKeyText())!);
const keyB = deriveKey(parseKeyText("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff")!);
const ring = (current: typeof keyA, ...previous: (typeof keyA)[]): Keyring => ({ current, previous, source: "env" });

describe("personal data encryption", () => {
  it("reads keys as base64 or hex of exactly 32 bytes", () => {
    expect(parseKeyText(generateKeyText())).toHaveLength(32);
    expect(parseKeyText("ab".repeat(32))).toHaveLength(32);
    for (const bad of ["", "short", "ab".repeat(31), Buffer.alloc(31).toString("base64"), "zz".repeat(32)])
      expect(parseKeyText(bad), bad).toBeNull();
  });

  it("round-trips text, with a fresh IV each time and no plaintext in the stored value", () => {
    const first = encryptText("Ada Lovelace ✓", keyA);
    const second = encryptText("Ada Lovelace ✓", keyA);
    expect(first).toMatch(new RegExp(`^enc:v1:${keyA.id}:`));
    expect(first).not.toBe(second);
    expect(first).not.toContain("Ada");
    expect(decryptText(first, ring(keyA))).toBe("Ada Lovelace ✓");
    expect(decryptText("plain text from before", ring(keyA))).toBe("plain text from before");
  });

  it("reads values under a previous key, and refuses an unknown key or a tampered value", () => {
    const old = encryptText("old secret", keyB);
    expect(decryptText(old, ring(keyA, keyB))).toBe("old secret");
    expect(() => decryptText(old, ring(keyA))).toThrow(EncryptionKeyError);
    const tampered = old.slice(0, -4) + (old.endsWith("AAAA") ? "BBBB" : "AAAA");
    expect(() => decryptText(tampered, ring(keyB))).toThrow(/failed authentication/);
  });

  it("indexes an email per workspace and key, ignoring case and spaces", () => {
    expect(emailIndex("w1", " Ada@Example.COM ", keyA)).toBe(emailIndex("w1", "ada@example.com", keyA));
    expect(emailIndex("w1", "ada@example.com", keyA)).not.toBe(emailIndex("w2", "ada@example.com", keyA));
    expect(emailIndex("w1", "ada@example.com", keyA)).not.toBe(emailIndex("w1", "ada@example.com", keyB));
  });
});
