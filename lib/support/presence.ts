import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";

// Who else has a ticket open, and who is typing a reply. Kept in the database (table
// ticket_presence) rather than in a process, so agents served by different app processes
// see each other. Each open ticket page sends a heartbeat every few seconds; a row not
// refreshed within PRESENCE_TTL_SECONDS is ignored (a closed tab, a lost connection) and
// cleared a minute later. Times are the database's, so the processes' clocks do not matter.

export const PRESENCE_TTL_SECONDS = 20;
export const HEARTBEAT_SECONDS = 5;

export const presenceStateSchema = z.enum(["viewing", "typing", "left"]);
export type PresenceState = z.infer<typeof presenceStateSchema>;

export interface PresenceEntry {
  userId: string;
  name: string;
  state: "viewing" | "typing";
}

/**
 * Records that the actor has the ticket open (viewing or typing), or has left it, and
 * returns the others on it now. `now` stands in for the database's clock (tests).
 */
export async function heartbeatPresence({
  actor,
  ticketId,
  state,
  now,
}: {
  actor: Actor;
  ticketId: string;
  state: PresenceState;
  now?: Date;
}): Promise<{ others: PresenceEntry[] }> {
  const prisma = await getPrisma();
  const ticket = await prisma.ticket.findFirst({ where: { id: ticketId, workspaceId: actor.workspaceId }, select: { id: true } });
  if (!ticket) throw new NotFoundError("Ticket");
  const at = now ?? null;
  if (state === "left") {
    await prisma.ticketPresence.deleteMany({ where: { ticketId: ticket.id, userId: actor.userId } });
  } else {
    // One statement, so two tabs (or processes) beating at once cannot both try to insert.
    await prisma.$executeRaw`
      INSERT INTO "ticket_presence" ("ticket_id", "user_id", "workspace_id", "state", "updated_at")
      VALUES (${ticket.id}::uuid, ${actor.userId}::uuid, ${actor.workspaceId}::uuid, ${state}, COALESCE(${at}::timestamptz, now()))
      ON CONFLICT ("ticket_id", "user_id") DO UPDATE SET "state" = EXCLUDED."state", "updated_at" = EXCLUDED."updated_at"`;
  }
  await prisma.$executeRaw`
    DELETE FROM "ticket_presence"
     WHERE "ticket_id" = ${ticket.id}::uuid AND "updated_at" < COALESCE(${at}::timestamptz, now()) - interval '1 minute'`;
  return { others: await listPresence({ actor, ticketId: ticket.id, now }) };
}

/** The other people of the workspace on the ticket within the last PRESENCE_TTL_SECONDS, by name. */
export async function listPresence({ actor, ticketId, now }: { actor: Actor; ticketId: string; now?: Date }): Promise<PresenceEntry[]> {
  const prisma = await getPrisma();
  const at = now ?? null;
  const rows = await prisma.$queryRaw<Array<{ user_id: string; name: string; state: string }>>`
    SELECT p."user_id", u."name", p."state"
      FROM "ticket_presence" p
      JOIN "users" u ON u."id" = p."user_id" AND u."workspace_id" = p."workspace_id"
     WHERE p."ticket_id" = ${ticketId}::uuid
       AND p."workspace_id" = ${actor.workspaceId}::uuid
       AND p."user_id" <> ${actor.userId}::uuid
       AND u."disabled_at" IS NULL
       AND p."updated_at" > COALESCE(${at}::timestamptz, now()) - make_interval(secs => ${PRESENCE_TTL_SECONDS})
     ORDER BY u."name", p."user_id"`;
  return rows.map((row) => ({ userId: row.user_id, name: row.name, state: row.state === "typing" ? "typing" : "viewing" }));
}
