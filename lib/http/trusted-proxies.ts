import proxyaddr from "proxy-addr";

// Which X-Forwarded-For hops to believe. Only the custom server (scripts/server.ts) reads
// the socket, so this runs there; the app reads the address the server wrote.

export type TrustFunction = (address: string, hop: number) => boolean;

/**
 * TRUSTED_PROXIES as a trust function: "" or unset trusts nobody (the socket address is the
 * client's), a number trusts that many hops in front of us, anything else is a
 * comma-separated list for proxy-addr (addresses, CIDRs, loopback, linklocal, uniquelocal).
 * Throws on a value proxy-addr cannot read.
 */
export function parseTrustedProxies(value: string | undefined): TrustFunction {
  const text = (value ?? "").trim();
  if (text === "") return () => false;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return (_address, hop) => hop < hops;
  }
  return proxyaddr.compile(
    text
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean),
  );
}

/** The client's address for a request that arrived on `socketAddress` with these forwarding headers. */
export function clientAddressOf(
  request: { socketAddress: string | undefined; forwardedFor: string | string[] | undefined },
  trust: TrustFunction,
): string {
  const socket = request.socketAddress ?? "";
  const forwarded = Array.isArray(request.forwardedFor) ? request.forwardedFor.join(",") : (request.forwardedFor ?? "");
  // proxy-addr walks from the socket outwards and stops at the first hop it may not trust.
  const fake = { connection: { remoteAddress: socket }, socket: { remoteAddress: socket }, headers: { "x-forwarded-for": forwarded } };
  const address = proxyaddr(fake as never, trust);
  return normalizeAddress(address || socket || "unknown");
}

/** "::ffff:127.0.0.1" and "127.0.0.1" are one client. */
export function normalizeAddress(address: string): string {
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}
