import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { assertAdmin } from "@/lib/auth/admin";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { NotFoundError, UnauthorizedError, ValidationError } from "@/lib/errors";
import { processSingleton } from "@/lib/singleton";

// The workspace's REST API keys: created and revoked by an admin, checked on every REST
// request. A key is shown once, when created; only its sha256 and its first characters
// (to tell keys apart) are stored.

/** Keys are stored as their sha256: they are long and random, so no slow hash is needed. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export interface ApiCaller {
  workspaceId: string;
  keyId: string;
}

interface LiveKey {
  id: string;
  workspaceId: string;
  lastUsedAt: Date | null;
  /** Until when this process may answer from the entry without reading the row again. */
  until: number;
}

// A live key's row is kept for a second per process: a busy integration costs one read a
// second per key, not one per request. A revoked key stops working within that second in
// every process (at once in the one that revoked it, unless a lookup that read the row just
// before the revoke stores it after). Unknown and revoked keys are never
// kept, so every guess is looked up (and counted by the per-address limit).
export const KEY_LOOKUP_MS = 1_000;
const KEY_LOOKUPS_MAX = 10_000;
const liveKeys = () => processSingleton("apiKeyLookups", () => new Map<string, LiveKey>());

/** The workspace of a live API key in `Authorization: Bearer <key>`; 401 otherwise. */
export async function authenticateApiKey(request: Request): Promise<ApiCaller> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S{16,200})$/i.exec(header);
  if (!match) throw new UnauthorizedError("Send an API key as `Authorization: Bearer <key>`.");
  const keyHash = hashApiKey(match[1]!);
  const now = Date.now();
  const keys = liveKeys();
  let key = keys.get(keyHash);
  if (!key || key.until <= now) {
    keys.delete(keyHash);
    const prisma = await getPrisma();
    const row = await prisma.apiKey.findUnique({
      where: { keyHash },
      select: { id: true, workspaceId: true, revokedAt: true, lastUsedAt: true },
    });
    if (!row || row.revokedAt) throw new UnauthorizedError("This API key is not valid.");
    if (keys.size >= KEY_LOOKUPS_MAX) keys.clear();
    key = { id: row.id, workspaceId: row.workspaceId, lastUsedAt: row.lastUsedAt, until: now + KEY_LOOKUP_MS };
    keys.set(keyHash, key);
  }
  // Record use at most once a minute, so a busy integration does not write on every call.
  if (!key.lastUsedAt || now - key.lastUsedAt.getTime() > 60_000) {
    key.lastUsedAt = new Date(now);
    const prisma = await getPrisma();
    await prisma.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: key.lastUsedAt } });
  }
  return { workspaceId: key.workspaceId, keyId: key.id };
}

/** Forgets this process's entry for a key (it was revoked here). */
function forgetLiveKey(keyId: string): void {
  const keys = liveKeys();
  for (const [hash, key] of keys) if (key.id === keyId) keys.delete(hash);
}

export const newApiKeySchema = z.object({
  name: z.string().trim().min(1, "Name the key, e.g. after the integration using it.").max(80, "Use at most 80 characters."),
});
export type NewApiKey = z.input<typeof newApiKeySchema>;

export const apiKeyIdSchema = z.uuid("Unknown key.");

const PREFIX_LENGTH = 12;

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export async function listApiKeys({ actor }: { actor: Actor }): Promise<ApiKeyRow[]> {
  assertAdmin(actor);
  const prisma = await getPrisma();
  return prisma.apiKey.findMany({
    where: { workspaceId: actor.workspaceId },
    orderBy: [{ revokedAt: { sort: "asc", nulls: "first" } }, { createdAt: "desc" }],
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}

/** Returns the key itself: the only time it exists outside the caller's hands. */
export async function createApiKey({
  actor,
  apiKey,
}: {
  actor: Actor;
  apiKey: NewApiKey;
}): Promise<{ keyId: string; key: string; prefix: string }> {
  assertAdmin(actor);
  const parsed = newApiKeySchema.safeParse(apiKey);
  if (!parsed.success) throw new ValidationError("Please correct the highlighted fields.", z.flattenError(parsed.error).fieldErrors);
  // 32 random bytes, base64url: 43 characters after the "rk_" that marks a Recall Desk key.
  const key = `rk_${randomBytes(32).toString("base64url")}`;
  const prefix = key.slice(0, PREFIX_LENGTH);
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: { workspaceId: actor.workspaceId, name: parsed.data.name, prefix, keyHash: hashApiKey(key) },
      select: { id: true },
    });
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "api_key.created",
      targetType: "api_key",
      targetId: created.id,
      summary: { name: parsed.data.name, prefix },
    });
    return { keyId: created.id, key, prefix };
  });
}

/** Revokes a key of the actor's workspace; the REST API refuses it from the next request. */
export async function revokeApiKey({ actor, keyId }: { actor: Actor; keyId: string }): Promise<{ keyId: string; revokedAt: Date }> {
  assertAdmin(actor);
  if (!apiKeyIdSchema.safeParse(keyId).success) throw new NotFoundError("API key");
  const prisma = await getPrisma();
  const revoked = await prisma.$transaction(async (tx) => {
    const key = await tx.apiKey.findFirst({
      where: { id: keyId, workspaceId: actor.workspaceId },
      select: { id: true, prefix: true, revokedAt: true },
    });
    if (!key) throw new NotFoundError("API key");
    if (key.revokedAt) return { keyId, revokedAt: key.revokedAt };
    const { revokedAt } = await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() }, select: { revokedAt: true } });
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "api_key.revoked",
      targetType: "api_key",
      targetId: key.id,
      summary: { prefix: key.prefix },
    });
    return { keyId, revokedAt: revokedAt! };
  });
  forgetLiveKey(keyId);
  return revoked;
}
