import { describe, expect, it } from "vitest";
import { generateTotpSecret, matchTotpCode, totpCodeAt, totpQrSvg, totpStep, totpUri } from "./totp";

// RFC 6238 appendix B: the SHA-1 seed "12345678901234567890", in base32.
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const at = (seconds: number) => new Date(seconds * 1000);

describe("TOTP codes", () => {
  it("matches the RFC 6238 test vectors (last six digits)", () => {
    expect(totpCodeAt({ secret: RFC_SECRET, now: at(59) })).toBe("287082");
    expect(totpCodeAt({ secret: RFC_SECRET, now: at(1111111109) })).toBe("081804");
    expect(totpCodeAt({ secret: RFC_SECRET, now: at(1234567890) })).toBe("005924");
  });

  it("accepts the codes of one step before and after, and refuses two steps away", () => {
    // Mid-step, so "30 s earlier" is exactly one step earlier.
    const now = at(1_900_000_015);
    const step = totpStep(now);
    const codeAt = (offsetSeconds: number) => totpCodeAt({ secret: RFC_SECRET, now: at(1_900_000_015 + offsetSeconds) });

    expect(matchTotpCode({ secret: RFC_SECRET, code: codeAt(0), now })).toBe(step);
    expect(matchTotpCode({ secret: RFC_SECRET, code: codeAt(-30), now })).toBe(step - 1);
    expect(matchTotpCode({ secret: RFC_SECRET, code: codeAt(30), now })).toBe(step + 1);
    expect(matchTotpCode({ secret: RFC_SECRET, code: codeAt(-60), now })).toBeNull();
    expect(matchTotpCode({ secret: RFC_SECRET, code: codeAt(60), now })).toBeNull();
  });

  it("ignores spaces and dashes and refuses anything but six digits", () => {
    const now = at(1_900_000_015);
    const code = totpCodeAt({ secret: RFC_SECRET, now });
    expect(matchTotpCode({ secret: RFC_SECRET, code: ` ${code.slice(0, 3)} ${code.slice(3)} `, now })).toBe(totpStep(now));
    expect(matchTotpCode({ secret: RFC_SECRET, code: `${code}0`, now })).toBeNull();
    expect(matchTotpCode({ secret: RFC_SECRET, code: "abcdef", now })).toBeNull();
    expect(matchTotpCode({ secret: RFC_SECRET, code: "", now })).toBeNull();
  });

  it("makes a fresh 160-bit secret each time, in an otpauth address and an SVG QR code", async () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(generateTotpSecret()).not.toBe(secret);
    const uri = totpUri({ secret, account: "ada@example.com" });
    expect(uri).toMatch(/^otpauth:\/\/totp\/Recall%20Desk:ada%40example\.com\?/);
    expect(uri).toContain(`secret=${secret}`);
    const svg = await totpQrSvg(uri);
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).not.toContain("<script");
  });
});
