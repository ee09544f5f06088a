import "server-only";
import { z } from "zod";
import type { ApiCaller } from "@/lib/api/api-keys";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/guard";
import { getDatabase, getPrisma } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { MAX_TAGS_PER_TICKET, tagListSchema, tagSchema } from "./tag-rules";

// Tags on tickets (issue 14): free labels agents put on a ticket from its page and
// integrations set through the REST API; the inbox filters and searches by them
// (./inbox.ts). Every change locks the ticket row, so two agents adding a tag at once both
// keep theirs, and is audited in its transaction. The audit entry holds counts, not the
// tags: a free label may name a person, and the log outlives an erasure (lib/audit/record.ts).

/** Replace the whole list, or add or remove some tags. */
export type TagChange = { set: string[] } | { add: string[] } | { remove: string[] };

/** Who changes the tags: an agent or admin of the workspace, or an API key of it. */
export type Tagger = { actor: Actor } | { caller: ApiCaller };

const someTags = z.array(tagSchema).min(1, "Enter a tag.").max(MAX_TAGS_PER_TICKET, `A ticket has at most ${MAX_TAGS_PER_TICKET} tags.`);

function parseTags(schema: z.ZodType<string[], unknown>, value: unknown): string[] {
  const parsed = schema.safeParse(value);
  if (parsed.success) return [...new Set(parsed.data)];
  const message = parsed.error.issues[0]?.message ?? "These tags are not valid.";
  throw new ValidationError(message, { tags: [message] });
}

/**
 * Changes a ticket's tags (normalised; see ./tag-rules.ts) and answers the list as it is
 * now. A ticket of another workspace is "not found"; a tag that is not one, or a list past
 * 20, is refused as a whole with nothing changed. No change writes nothing.
 */
export async function changeTicketTags({ by, ticketId, change }: { by: Tagger; ticketId: string; change: TagChange }) {
  const workspaceId = "actor" in by ? by.actor.workspaceId : by.caller.workspaceId;
  if (!z.uuid().safeParse(ticketId).success) throw new NotFoundError("Ticket");
  const given = "set" in change ? parseTags(tagListSchema, change.set) : parseTags(someTags, "add" in change ? change.add : change.remove);
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const [ticket] = await tx.$queryRaw<Array<{ id: string; customer_id: string; tags: string[] | null }>>`
      SELECT id, customer_id, tags FROM tickets WHERE id = ${ticketId}::uuid AND workspace_id = ${workspaceId}::uuid FOR NO KEY UPDATE`;
    if (!ticket) throw new NotFoundError("Ticket");
    const before = ticket.tags ?? [];
    let after: string[];
    if ("set" in change) after = given;
    else if ("add" in change) after = [...before, ...given.filter((tag) => !before.includes(tag))];
    else after = before.filter((tag) => !given.includes(tag));
    if (after.length > MAX_TAGS_PER_TICKET) {
      const message = `A ticket has at most ${MAX_TAGS_PER_TICKET} tags; remove one first.`;
      throw new ValidationError(message, { tags: [message] });
    }
    if (after.length === before.length && after.every((tag, index) => tag === before[index])) return { tags: before, changed: false };
    const added = after.filter((tag) => !before.includes(tag)).length;
    const removed = before.filter((tag) => !after.includes(tag)).length;
    await tx.ticket.update({ where: { id: ticket.id }, data: { tags: after } });
    await recordAudit(tx, {
      workspaceId,
      ...("actor" in by ? { actorType: "user" as const, actorUserId: by.actor.userId } : { actorType: "api" as const }),
      action: "ticket.tagged",
      targetType: "ticket",
      targetId: ticket.id,
      customerId: ticket.customer_id,
      summary: { added, removed, tags: after.length, ...("caller" in by && { apiKeyId: by.caller.keyId }) },
    });
    return { tags: after, changed: true };
  });
}

/**
 * The workspace's tags with how many tickets carry each, most used first, for the
 * suggestions of the inbox filter and the ticket page. Reads only tagged tickets (the
 * partial index of migration ticket_tags).
 */
export async function listWorkspaceTags({ actor, limit = 200 }: { actor: Actor; limit?: number }) {
  const { sql: db } = await getDatabase();
  const rows = await db.query<{ tag: string; count: number | string }>(
    `SELECT tag, count(*)::int AS count
       FROM tickets t, unnest(t.tags) AS tag
      WHERE t.workspace_id = $1::uuid AND t.tags <> '{}'
      GROUP BY tag
      ORDER BY count(*) DESC, tag
      LIMIT $2::int`,
    [actor.workspaceId, Math.min(Math.max(1, Math.floor(limit)), 1000)],
  );
  return rows.map((row) => ({ tag: row.tag, count: Number(row.count) }));
}
