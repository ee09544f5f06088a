import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { getPrisma } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { storedUserAgent } from "./user-agent";

// Each sign-in gets a row in user_sessions; its id travels in the JWT as `sid`. getActor reads
// the row on every request (no cache), so ending a session takes effect on its next request in
// every process. The session version (./session-version.ts) still ends all of a user's
// sessions at once; these rows are what lets a user see and end one.

/** last_seen_at moves at most this often per session: one write a minute, not one a request. */
export const LAST_SEEN_STEP_MS = 60_000;

export const sessionIdSchema = z.uuid("Unknown session.");

/** Called from the jwt callback at sign-in, on every sign-in path; returns the JWT's `sid`. */
export async function startUserSession(options: {
  userId: string;
  userAgent?: string | null;
  clientAddress: string;
}): Promise<{ sessionId: string }> {
  const prisma = await getPrisma();
  // Read here rather than trusted from the sign-in path: every path gets the same row.
  const { workspaceId } = await prisma.user.findUniqueOrThrow({ where: { id: options.userId }, select: { workspaceId: true } });
  const sessionId = randomUUID();
  await prisma.userSession.create({
    data: {
      id: sessionId,
      userId: options.userId,
      workspaceId,
      userAgent: storedUserAgent(options.userAgent),
      clientAddress: options.clientAddress.slice(0, 100),
    },
  });
  return { sessionId };
}

/**
 * getActor's session check: true while the session's row exists and has not been ended.
 * A JWT without `sid` (issued before session rows existed) is refused: its user signs in again.
 */
export async function touchUserSession(options: { sessionId: unknown; userId: string; now?: Date }): Promise<boolean> {
  const parsed = sessionIdSchema.safeParse(options.sessionId);
  if (!parsed.success) return false;
  const prisma = await getPrisma();
  const session = await prisma.userSession.findFirst({
    where: { id: parsed.data, userId: options.userId },
    select: { endedAt: true, lastSeenAt: true },
  });
  if (!session || session.endedAt) return false;
  const now = options.now ?? new Date();
  // The check here saves a round trip on most requests; the database's own clock decides,
  // so two processes seeing the same stale time write once between them.
  if (now.getTime() - session.lastSeenAt.getTime() >= LAST_SEEN_STEP_MS) {
    await prisma.$executeRaw`UPDATE "user_sessions" SET "last_seen_at" = now() WHERE "id" = ${parsed.data}::uuid AND "ended_at" IS NULL AND "last_seen_at" < now() - interval '1 minute'`;
  }
  return true;
}

/** Signing out (next-auth's signOut event, after it verified the JWT) ends that session's row. */
export async function endSignedOutSession(options: { sessionId: unknown; userId: unknown }): Promise<void> {
  const parsed = sessionIdSchema.safeParse(options.sessionId);
  if (!parsed.success || typeof options.userId !== "string") return;
  const prisma = await getPrisma();
  await prisma.userSession.updateMany({ where: { id: parsed.data, userId: options.userId, endedAt: null }, data: { endedAt: new Date() } });
}

/**
 * Ends a user's open sessions, all or all but one, inside the caller's transaction (with its
 * audit entry). Returns how many were open.
 */
export async function endSessionsOfUser(
  tx: Prisma.TransactionClient,
  options: { userId: string; exceptSessionId?: string },
): Promise<number> {
  const { count } = await tx.userSession.updateMany({
    where: { userId: options.userId, endedAt: null, ...(options.exceptSessionId ? { id: { not: options.exceptSessionId } } : {}) },
    data: { endedAt: new Date() },
  });
  return count;
}
