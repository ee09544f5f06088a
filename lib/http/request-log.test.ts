import { describe, expect, it } from "vitest";
import { loggablePath, requestIdFor } from "./request-log";
import { parseTrustedProxies } from "./trusted-proxies";

// The proxy 10.0.0.5 is trusted; 203.0.113.9 is a client on the internet.
const proxy = { socketAddress: "10.0.0.5", trust: parseTrustedProxies("10.0.0.5") };
const client = { socketAddress: "203.0.113.9", trust: parseTrustedProxies("10.0.0.5") };
const noProxy = { socketAddress: "10.0.0.5", trust: parseTrustedProxies("") };

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("requestIdFor", () => {
  it("takes a trusted proxy's plain id", () => {
    expect(requestIdFor({ header: "lb-7f3a9c21.0001", ...proxy })).toBe("lb-7f3a9c21.0001");
  });

  it("replaces an id sent by a client rather than a trusted proxy", () => {
    expect(requestIdFor({ header: "forged-id-123456", ...noProxy })).toMatch(uuid);
  });

  it("replaces a hostile or odd id even from a trusted proxy", () => {
    for (const header of ["short", "a".repeat(65), "id with spaces", 'x"}{"level":"fatal', "line\nbreak-123456", "ünïcode-12345678", ""])
      expect(requestIdFor({ header, ...proxy })).toMatch(uuid);
    expect(requestIdFor({ header: ["lb-0000000001", "lb-0000000002"], ...proxy })).toMatch(uuid);
    expect(requestIdFor({ header: undefined, ...proxy })).toMatch(uuid);
  });

  it("replaces an id from a client that connects around the trusted proxy", () => {
    expect(requestIdFor({ header: "forged-id-123456", ...client })).toMatch(uuid);
    // The same proxy seen as an IPv4-mapped address is still the proxy.
    expect(requestIdFor({ header: "lb-7f3a9c21.0001", ...proxy, socketAddress: "::ffff:10.0.0.5" })).toBe("lb-7f3a9c21.0001");
  });

  it("gives each request a new id", () => {
    expect(requestIdFor({ header: undefined, ...noProxy })).not.toBe(requestIdFor({ header: undefined, ...noProxy }));
  });
});

describe("loggablePath", () => {
  it("drops the query string, which may hold tokens", () => {
    expect(loggablePath("/api/v1/tickets?status=open&token=secret")).toBe("/api/v1/tickets");
    expect(loggablePath(undefined)).toBe("/");
  });

  it("hides the secret in password-reset, invitation and customer ticket links", () => {
    expect(loggablePath("/reset-password/s3cr3t-t0ken")).toBe("/reset-password/[token]");
    expect(loggablePath("/invite/s3cr3t-t0ken?x=1")).toBe("/invite/[token]");
    expect(loggablePath("/w/acme/t/s3cr3t-t0ken/files/abc")).toBe("/w/acme/t/[token]/files/abc");
    expect(loggablePath("/w/acme/support")).toBe("/w/acme/support");
  });
});
