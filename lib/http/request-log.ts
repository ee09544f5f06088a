import { randomUUID } from "node:crypto";
import { normalizeAddress, type TrustFunction } from "./trusted-proxies";

// What scripts/server.ts writes about each request: its id and a path safe to log. No
// "server-only": the server script is not a Next bundle.

/** The request's id: set by scripts/server.ts on the request the app sees and on the response. */
export const REQUEST_ID_HEADER = "x-request-id";

// Plain characters only: the id goes into log lines, a response header and messages users read.
const acceptedRequestId = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * The id of a request: the one sent in X-Request-ID when the connection comes from a trusted
 * proxy (TRUSTED_PROXIES, the connection's first hop), so its logs and ours name the request alike,
 * and when it is plain and of a sane length; otherwise a new one. A client cannot name its
 * own request, even where a proxy is trusted but it connects around it: it could make its
 * lines look like someone else's.
 */
export function requestIdFor(options: {
  header: string | string[] | undefined;
  /** The connection's peer, and TRUSTED_PROXIES as parsed (lib/http/trusted-proxies.ts). */
  socketAddress: string | undefined;
  trust: TrustFunction;
}): string {
  const sent = Array.isArray(options.header) ? undefined : options.header?.trim();
  const fromTrustedProxy = options.trust(normalizeAddress(options.socketAddress ?? ""), 0);
  if (fromTrustedProxy && sent && acceptedRequestId.test(sent)) return sent;
  return randomUUID();
}

// Paths that carry a secret (a password-reset or invitation token, a customer's ticket link):
// the token stays out of the logs.
const secretSegments: Array<[RegExp, string]> = [
  [/^\/reset-password\/[^/]+/, "/reset-password/[token]"],
  [/^\/invite\/[^/]+/, "/invite/[token]"],
  [/^(\/w\/[^/]+\/t)\/[^/]+/, "$1/[token]"],
];

/** The path of a request URL as logged: no query string (it may hold tokens), no token segments. */
export function loggablePath(url: string | undefined): string {
  let path = (url ?? "/").split("?")[0]!.split("#")[0]!;
  for (const [pattern, replacement] of secretSegments) path = path.replace(pattern, replacement);
  return path;
}
