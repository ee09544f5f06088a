import "server-only";
import { hashApiKey } from "@/lib/auth/api-keys";
import { getPrisma } from "@/lib/db";
import { UnauthorizedError } from "@/lib/errors";

export interface ApiCaller {
  workspaceId: string;
  keyId: string;
}

/** The workspace of a live API key in `Authorization: Bearer <key>`; 401 otherwise. */
export async function authenticateApiKey(request: Request): Promise<ApiCaller> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S{16,200})$/i.exec(header);
  if (!match) throw new UnauthorizedError("Send an API key as `Authorization: Bearer <key>`.");
  const prisma = await getPrisma();
  const key = await prisma.apiKey.findUnique({
    where: { keyHash: hashApiKey(match[1]!) },
    select: { id: true, workspaceId: true, revokedAt: true, lastUsedAt: true },
  });
  if (!key || key.revokedAt) throw new UnauthorizedError("This API key is not valid.");
  // Record use at most once a minute, so a busy integration does not write on every call.
  if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > 60_000) {
    await prisma.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date() } });
  }
  return { workspaceId: key.workspaceId, keyId: key.id };
}
