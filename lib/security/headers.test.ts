import { describe, expect, it } from "vitest";
import { createNonce, isHttpsRequest, pagePolicy, referrerPolicy, securityHeaders } from "./headers";

function directives(policy: string): Map<string, string> {
  return new Map(
    policy.split(";").map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values.join(" ")];
    }),
  );
}

describe("security headers", () => {
  it("makes a fresh 128-bit nonce each time", () => {
    const nonces = new Set(Array.from({ length: 50 }, createNonce));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });

  it("lets only nonce-bearing scripts run in production, without eval", () => {
    const policy = directives(pagePolicy({ nonce: "abc123", dev: false }));
    expect(policy.get("script-src")).toBe("'self' 'nonce-abc123' 'strict-dynamic'");
    expect(policy.get("style-src")).toBe("'self' 'nonce-abc123'");
    expect(policy.get("object-src")).toBe("'none'");
    expect(policy.get("base-uri")).toBe("'self'");
    expect(policy.get("form-action")).toBe("'self'");
    expect(policy.get("frame-ancestors")).toBe("'none'");
    expect(policy.get("default-src")).toBe("'self'");
    expect([...policy.values()].join(" ")).not.toContain("unsafe-eval");
    expect(policy.get("script-src")).not.toContain("unsafe-inline");
  });

  it("allows eval only under next dev", () => {
    expect(directives(pagePolicy({ nonce: "n", dev: true })).get("script-src")).toContain("'unsafe-eval'");
  });

  it("sends no Referer from a ticket-link page, whose URL is its credential", () => {
    expect(referrerPolicy("/w/demo/t/abc.def")).toBe("no-referrer");
    expect(referrerPolicy("/invite/abc")).toBe("no-referrer");
    expect(referrerPolicy("/reset-password/abc")).toBe("no-referrer");
    expect(referrerPolicy("/forgot-password")).toBe("strict-origin-when-cross-origin");
    expect(referrerPolicy("/w/demo/support")).toBe("strict-origin-when-cross-origin");
    expect(referrerPolicy("/inbox")).toBe("strict-origin-when-cross-origin");
  });

  it("tells browsers to keep to HTTPS only when they came over HTTPS", () => {
    const page = { pathname: "/inbox", nonce: "n", dev: false };
    expect(securityHeaders({ ...page, https: true })["Strict-Transport-Security"]).toMatch(/^max-age=\d{8}/);
    expect(securityHeaders({ ...page, https: false })).not.toHaveProperty("Strict-Transport-Security");
    expect(securityHeaders({ ...page, https: true, dev: true })).not.toHaveProperty("Strict-Transport-Security");
  });

  it("reads HTTPS from the URL, a proxy's X-Forwarded-Proto or the public address", () => {
    expect(isHttpsRequest({ protocol: "https:", forwardedProto: null })).toBe(true);
    expect(isHttpsRequest({ protocol: "http:", forwardedProto: "https, http" })).toBe(true);
    expect(isHttpsRequest({ protocol: "http:", forwardedProto: "http" })).toBe(false);
    expect(isHttpsRequest({ protocol: "http:", forwardedProto: null, publicUrl: "https://desk.example.com" })).toBe(true);
    expect(isHttpsRequest({ protocol: "http:", forwardedProto: null, publicUrl: "http://127.0.0.1:3000" })).toBe(false);
  });
});
