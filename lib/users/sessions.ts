import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { assertAdmin } from "@/lib/auth/admin";
import type { Actor } from "@/lib/auth/guard";
import { SESSION_MAX_AGE } from "@/lib/auth/options";
import { describeDevice } from "@/lib/auth/user-agent";
import { endSessionsOfUser, sessionIdSchema } from "@/lib/auth/user-sessions";
import { getPrisma } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { lockAsAdmin, userIdSchema } from "./manage";

// A user's signed-in sessions, as they see them on /profile/sessions, and the ways to end
// them: one, all but the current one, or (an admin, on /settings) all of another user's.
// Ending writes ended_at; getActor refuses the session on its next request. Audit entries
// name the session row and the address the request came from, never a token.

export interface SessionRow {
  id: string;
  device: string;
  clientAddress: string;
  createdAt: Date;
  lastSeenAt: Date;
  current: boolean;
}

/** The actor's open sessions, the current one first, then the most recently seen. */
export async function listOwnSessions({ actor, now = new Date() }: { actor: Actor; now?: Date }): Promise<SessionRow[]> {
  const prisma = await getPrisma();
  // A session unseen for longer than a JWT lives has expired on its own, ended or not.
  const since = new Date(now.getTime() - SESSION_MAX_AGE * 1000);
  const rows = await prisma.userSession.findMany({
    where: { userId: actor.userId, workspaceId: actor.workspaceId, endedAt: null, lastSeenAt: { gt: since } },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, userAgent: true, clientAddress: true, createdAt: true, lastSeenAt: true },
  });
  return rows
    .map(({ userAgent, ...row }) => ({ ...row, device: describeDevice(userAgent), current: row.id === actor.sessionId }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}

/** Ends one of the actor's own sessions; another user's session is "not found". */
export async function endOwnSession({
  actor,
  sessionId,
  clientAddress,
}: {
  actor: Actor;
  sessionId: string;
  clientAddress: string;
}): Promise<{ sessionId: string }> {
  if (!sessionIdSchema.safeParse(sessionId).success) throw new NotFoundError("Session");
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.userSession.updateMany({
      where: { id: sessionId, userId: actor.userId, workspaceId: actor.workspaceId, endedAt: null },
      data: { endedAt: new Date() },
    });
    if (count === 0) throw new NotFoundError("Session");
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "session.ended",
      targetType: "user_session",
      targetId: sessionId,
      summary: { clientAddress },
    });
    return { sessionId };
  });
}

/** "End all other sessions": every open session of the actor but the one making the request. */
export async function endOtherSessions({ actor, clientAddress }: { actor: Actor; clientAddress: string }): Promise<{ ended: number }> {
  // Without the current session's id every session would end, this one too: refuse instead.
  if (!actor.sessionId) throw new ValidationError("This session cannot be told apart from the others; sign in again first.");
  const keep = actor.sessionId;
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const ended = await endSessionsOfUser(tx, { userId: actor.userId, exceptSessionId: keep });
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "session.others_ended",
      targetType: "user",
      targetId: actor.userId,
      summary: { ended, keptSessionId: keep, clientAddress },
    });
    return { ended };
  });
}

/** An admin ends every session of a user of their workspace (who then has to sign in again). */
export async function endUserSessions({
  actor,
  userId,
  clientAddress,
}: {
  actor: Actor;
  userId: string;
  clientAddress: string;
}): Promise<{ ended: number }> {
  assertAdmin(actor);
  if (!userIdSchema.safeParse(userId).success) throw new NotFoundError("User");
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    await lockAsAdmin(tx, actor);
    const user = await tx.user.findFirst({ where: { id: userId, workspaceId: actor.workspaceId }, select: { id: true } });
    if (!user) throw new NotFoundError("User");
    const ended = await endSessionsOfUser(tx, { userId });
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "user.sessions_ended",
      targetType: "user",
      targetId: userId,
      summary: { ended, clientAddress },
    });
    return { ended };
  });
}
