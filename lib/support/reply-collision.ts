import "server-only";
import type { Actor } from "@/lib/auth/guard";
import type { Prisma } from "@/lib/db/generated/client";
import { ConflictError } from "@/lib/errors";

// Two agents answering the same customer at once: the reply form sends the last message it
// had when the agent started the draft; if someone else wrote on the ticket since, the reply
// is refused once with who and when, and the agent decides ("Send anyway" sets override).

export class ReplyCollisionError extends ConflictError {
  constructor(
    message: string,
    /** The newest message now: a form that warned once sends it as what the agent has seen. */
    public readonly latestMessageId: string,
  ) {
    super(message);
  }
}

/** "2 minutes ago", for the warning. */
export function describeAgo(milliseconds: number): string {
  const seconds = Math.max(0, milliseconds / 1000);
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return minutes === 1 ? "1 minute ago" : `${minutes} minutes ago`;
  const hours = Math.round(minutes / 60);
  return hours === 1 ? "1 hour ago" : `${hours} hours ago`;
}

/**
 * Throws ReplyCollisionError when a message by someone other than the actor (a colleague's
 * reply or note, or the customer) arrived on the ticket after `seenMessageId`. Nothing to
 * compare with (no id, or a message since erased) lets the reply through.
 */
export async function assertNoNewMessages(
  tx: Prisma.TransactionClient,
  { actor, ticketId, seenMessageId, now = new Date() }: { actor: Actor; ticketId: string; seenMessageId?: string; now?: Date },
): Promise<void> {
  if (!seenMessageId) return;
  const seen = await tx.message.findFirst({
    where: { id: seenMessageId, ticketId, workspaceId: actor.workspaceId },
    select: { id: true, createdAt: true },
  });
  if (!seen) return;
  const where = {
    ticketId,
    workspaceId: actor.workspaceId,
    id: { not: seen.id },
    createdAt: { gte: seen.createdAt },
    // A null author (the customer) counts: `not` alone would leave NULL out.
    OR: [{ authorUserId: null }, { authorUserId: { not: actor.userId } }],
  } satisfies Prisma.MessageWhereInput;
  const [latest, count] = await Promise.all([
    tx.message.findFirst({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true, kind: true, createdAt: true, author: { select: { name: true } } },
    }),
    tx.message.count({ where }),
  ]);
  if (!latest) return;
  const who = latest.kind === "CUSTOMER" ? "The customer" : (latest.author?.name ?? "Another agent");
  const did = latest.kind === "CUSTOMER" ? "wrote" : latest.kind === "NOTE" ? "added an internal note" : "replied";
  const more = count > 1 ? ` (${count} new messages since you started)` : "";
  throw new ReplyCollisionError(
    `${who} ${did} ${describeAgo(now.getTime() - latest.createdAt.getTime())}${more} — review before sending.`,
    latest.id,
  );
}
