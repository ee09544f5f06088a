import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { deriveSecret } from "@/lib/auth/secret";
import { mailLink } from "@/lib/mail/link";

// Public ticket links: the token is the credential, so it carries what decides whether it
// still works and is signed over it. Layout (34 bytes, base64url) then "." and the HMAC:
//   format 1 | ticket id 16 | kind 1 | link version 4 | issued at ms 6 | expires at ms 6
// The workspace id is signed but not carried: a link only works under its own workspace.
// Revoking bumps the ticket's linkVersion; every earlier link then stops.

export type TicketLinkKind = "browser" | "mail";

/** How long a link works; mailed verification links share it. */
export const LINK_TTL_MS = 30 * 24 * 60 * 60_000;

const FORMAT = 1;
const PAYLOAD_BYTES = 34;
const kindCodes: Record<TicketLinkKind, number> = { browser: 1, mail: 2 };
// A whole token is 46 + 1 + 43 characters; anything else is refused before any decoding.
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{46}\.[A-Za-z0-9_-]{43}$/;
const UUID_HEX = /^[0-9a-f]{32}$/;

export interface TicketLink {
  ticketId: string;
  kind: TicketLinkKind;
  version: number;
  issuedAt: Date;
  expiresAt: Date;
}

function mac(workspaceId: string, payload: Buffer): Buffer {
  return createHmac("sha256", deriveSecret("ticket-link")).update(`ticket-link\u0000${workspaceId}\u0000`).update(payload).digest();
}

export function signTicketLink(input: {
  workspaceId: string;
  ticketId: string;
  kind: TicketLinkKind;
  version: number;
  now?: Date;
  ttlMs?: number;
}): string {
  const hex = input.ticketId.replaceAll("-", "").toLowerCase();
  if (!UUID_HEX.test(hex)) throw new Error("ticketId must be a uuid");
  const issuedAt = (input.now ?? new Date()).getTime();
  const payload = Buffer.alloc(PAYLOAD_BYTES);
  payload.writeUInt8(FORMAT, 0);
  Buffer.from(hex, "hex").copy(payload, 1);
  payload.writeUInt8(kindCodes[input.kind], 17);
  payload.writeUInt32BE(input.version, 18);
  payload.writeUIntBE(issuedAt, 22, 6);
  payload.writeUIntBE(issuedAt + (input.ttlMs ?? LINK_TTL_MS), 28, 6);
  return `${payload.toString("base64url")}.${mac(input.workspaceId, payload).toString("base64url")}`;
}

/**
 * The link a token carries, if it was signed for this workspace and has not expired; null
 * for anything else (malformed, tampered, another workspace's, expired). Whether the
 * ticket's linkVersion still matches is the caller's check: it needs the ticket.
 */
export function readTicketLink(token: unknown, workspaceId: string, now = new Date()): TicketLink | null {
  if (typeof token !== "string" || !TOKEN_PATTERN.test(token)) return null;
  const [body, signature] = token.split(".") as [string, string];
  const payload = Buffer.from(body, "base64url");
  const given = Buffer.from(signature, "base64url");
  // Base64 leaves spare bits in the last character: only the canonical spelling is accepted.
  if (
    payload.length !== PAYLOAD_BYTES ||
    given.length !== 32 ||
    payload.toString("base64url") !== body ||
    given.toString("base64url") !== signature
  )
    return null;
  if (!timingSafeEqual(given, mac(workspaceId, payload))) return null;
  if (payload.readUInt8(0) !== FORMAT) return null;
  const kind = (Object.keys(kindCodes) as TicketLinkKind[]).find((name) => kindCodes[name] === payload.readUInt8(17));
  if (!kind) return null;
  const expiresAt = new Date(payload.readUIntBE(28, 6));
  if (expiresAt.getTime() <= now.getTime()) return null;
  const hex = payload.subarray(1, 17).toString("hex");
  const ticketId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { ticketId, kind, version: payload.readUInt32BE(18), issuedAt: new Date(payload.readUIntBE(22, 6)), expiresAt };
}

/** Where mailed ticket links point (lib/mail/link.ts: never the request's Host header). */
export function publicTicketUrl(slug: string, token: string): string {
  return mailLink(`/w/${encodeURIComponent(slug)}/t/${token}`);
}
