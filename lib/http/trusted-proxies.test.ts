import { describe, expect, it } from "vitest";
import { clientAddressOf, parseTrustedProxies } from "./trusted-proxies";

const address = (socketAddress: string, forwardedFor: string | undefined, trusted: string | undefined) =>
  clientAddressOf({ socketAddress, forwardedFor }, parseTrustedProxies(trusted));

describe("client address", () => {
  it("is the socket's when no proxy is trusted, whatever X-Forwarded-For claims", () => {
    expect(address("203.0.113.7", undefined, undefined)).toBe("203.0.113.7");
    expect(address("203.0.113.7", "198.51.100.1", undefined)).toBe("203.0.113.7");
    expect(address("::ffff:203.0.113.7", "1.2.3.4, 5.6.7.8", "")).toBe("203.0.113.7");
  });

  it("believes only as many hops as TRUSTED_PROXIES counts", () => {
    // One proxy in front: the address it saw is the last entry; earlier entries are the client's own claims.
    expect(address("10.0.0.2", "6.6.6.6, 198.51.100.9", "1")).toBe("198.51.100.9");
    expect(address("10.0.0.2", "6.6.6.6, 198.51.100.9, 10.0.0.3", "2")).toBe("198.51.100.9");
    expect(address("10.0.0.2", undefined, "1")).toBe("10.0.0.2");
  });

  it("walks X-Forwarded-For only through trusted addresses and CIDRs", () => {
    expect(address("10.1.2.3", "6.6.6.6, 198.51.100.9", "10.0.0.0/8")).toBe("198.51.100.9");
    // A forged entry that looks like a trusted proxy is still the client's claim past the first untrusted hop.
    expect(address("10.1.2.3", "10.9.9.9, 198.51.100.9", "10.0.0.0/8")).toBe("198.51.100.9");
    // The socket is not a trusted proxy: its address is the client's.
    expect(address("192.0.2.50", "6.6.6.6", "10.0.0.0/8")).toBe("192.0.2.50");
    expect(address("127.0.0.1", "198.51.100.4", "loopback")).toBe("198.51.100.4");
  });

  it("refuses a TRUSTED_PROXIES value it cannot read", () => {
    expect(() => parseTrustedProxies("not-an-address")).toThrow();
    expect(() => parseTrustedProxies("10.0.0.0/99")).toThrow();
  });
});
