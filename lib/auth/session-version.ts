import "server-only";
import { getPrisma } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { endSessionsOfUser } from "./user-sessions";

// Sessions are stateless JWTs, so ending them early needs a number to compare: each user has
// a session version, every session carries the one it was signed in under, and getActor
// (re-reading the user on every request) refuses a session of another version. Bumping it
// ends every session of the user at once, in every process, with no list of sessions kept.

/** A session from before versions existed carries none: it belongs to version 1, the column's default. */
export function sessionIsCurrent(sessionVersion: unknown, userVersion: number): boolean {
  return (typeof sessionVersion === "number" ? sessionVersion : 1) === userVersion;
}

/** The version a new session is issued under, for a sign-in path that did not read it with the user. */
export async function currentSessionVersion(userId: string): Promise<number> {
  const prisma = await getPrisma();
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { sessionVersion: true } });
  return user?.sessionVersion ?? 1;
}

/** Ends every session of the user issued so far; call it in the transaction that changes the password. */
export async function endAllSessions(tx: Prisma.TransactionClient, userId: string): Promise<number> {
  const user = await tx.user.update({
    where: { id: userId },
    data: { sessionVersion: { increment: 1 } },
    select: { sessionVersion: true },
  });
  // The version already refuses them; ending the rows too keeps the user's session list true.
  await endSessionsOfUser(tx, { userId });
  return user.sessionVersion;
}
