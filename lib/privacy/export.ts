import "server-only";
import { readStoredFiles } from "@/lib/attachments/store";
import { getPrisma } from "@/lib/db";
import { ownerId, stripOwner } from "@/lib/memory/owners";
import { normalizeEmail } from "./hash";
import {
  countHoldings,
  describeCount,
  findCustomerByEmail,
  type Holdings,
  holdingLabels,
  mailTo,
  pastErasures,
  totalHeld,
} from "./holdings";

// Everything the workspace holds about one address, as one JSON document a person can read:
// a summary first, then the profile, tickets with their conversations, reply drafts,
// memories of every scope with their history, mail we sent and the activity log.
// Agents' internal notes are the team's, not the customer's: a ticket lists what the customer
// sent and received, and its notes by count only; the session-memory copy of a note (written
// by addAgentMessage in lib/support/tickets.ts as "Internal note: ...") is left out and counted.

const NOTE_MEMORY_PREFIX = "Internal note:";
const isNoteCopy = (text: string | null) => text?.startsWith(NOTE_MEMORY_PREFIX) ?? false;

export const EXPORT_FORMAT = "recall-desk/personal-data-export/v1";

export async function exportPersonalData({ workspaceId, email, now = new Date() }: { workspaceId: string; email: string; now?: Date }) {
  const address = normalizeEmail(email);
  const prisma = await getPrisma();
  const workspace = await prisma.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { slug: true, name: true } });
  const customer = await findCustomerByEmail(workspaceId, address);
  const counts = await countHoldings({ workspaceId, email: address });
  const erasures = (await pastErasures({ workspaceId, email: address })).map((erasure) => ({
    requestId: erasure.id,
    requestedAt: erasure.createdAt,
    completedAt: erasure.completedAt,
  }));
  const mail = await prisma.outboxMail.findMany({
    where: mailTo(workspaceId, address, customer?.id),
    orderBy: { createdAt: "asc" },
    select: { kind: true, subject: true, body: true, createdAt: true, status: true },
  });
  const base = { format: EXPORT_FORMAT, generatedAt: now.toISOString(), workspace, email: address, held: totalHeld(counts) > 0, counts };
  if (!customer) {
    return {
      ...base,
      summary: summarize(workspace.name, counts, erasures),
      profile: null,
      tickets: [],
      drafts: [],
      memories: { customer: [], session: [], deleted: [], internalNotes: { count: 0 } },
      mail,
      activity: [],
      erasures,
    };
  }

  const owner = ownerId(workspaceId, customer.id);
  const tickets = await prisma.ticket.findMany({
    where: { workspaceId, customerId: customer.id },
    orderBy: { number: "asc" },
    select: {
      id: true,
      number: true,
      subject: true,
      product: true,
      status: true,
      priority: true,
      channel: true,
      tags: true,
      sentiment: true,
      urgency: true,
      createdAt: true,
      updatedAt: true,
      firstResponseAt: true,
      resolvedAt: true,
      csatScore: true,
      csatComment: true,
      csatAt: true,
      messages: {
        orderBy: { createdAt: "asc" },
        select: {
          kind: true,
          body: true,
          originalBody: true,
          createdAt: true,
          author: { select: { name: true } },
          attachments: {
            orderBy: { createdAt: "asc" },
            select: { id: true, filename: true, contentType: true, size: true },
          },
        },
      },
    },
  });
  const numberOf = new Map(tickets.map((ticket) => [ticket.id, ticket.number]));
  // The files' bytes, from the database or the bucket (lib/attachments/store.ts); notes' files stay out.
  const fileBytes = await readStoredFiles(
    tickets.flatMap((ticket) =>
      ticket.messages
        .filter((message) => message.kind !== "NOTE")
        .flatMap((message) => message.attachments.map((file) => ({ workspaceId, attachmentId: file.id }))),
    ),
  );
  const base64Of = (id: string) => {
    const bytes = fileBytes.get(id);
    return bytes ? Buffer.from(bytes).toString("base64") : null;
  };
  const drafts = await prisma.draft.findMany({
    where: { workspaceId, customerId: customer.id },
    orderBy: { createdAt: "asc" },
    select: { ticketId: true, kind: true, model: true, status: true, text: true, createdAt: true, sentMessageId: true },
  });
  // Read from the store's table rather than through search: every row, archived or expired.
  const memoryRows = await prisma.memoryRecord.findMany({
    where: { workspaceId, collection: "memories", userId: owner },
    orderBy: { createdAt: "asc" },
    select: { id: true, scope: true, runId: true, text: true, payload: true, createdAt: true, updatedAt: true, expiresAt: true },
  });
  const history = await prisma.memoryHistory.findMany({
    where: { workspaceId, userId: owner },
    orderBy: { createdAt: "asc" },
    select: { memoryId: true, runId: true, event: true, oldText: true, newText: true, createdAt: true },
  });
  const noteMemories = new Set([
    ...memoryRows.filter((row) => isNoteCopy(row.text)).map((row) => row.id),
    ...history.filter((row) => isNoteCopy(row.oldText) || isNoteCopy(row.newText)).map((row) => row.memoryId),
  ]);
  const historyOf = (memoryId: string) =>
    history
      .filter((row) => row.memoryId === memoryId)
      .map(({ event, oldText, newText, createdAt }) => ({ event, oldText, newText, at: createdAt }));
  const memory = (row: (typeof memoryRows)[number]) => ({
    id: row.id,
    text: row.text,
    type: (row.payload as { type?: string }).type ?? "note",
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    expiresAt: row.expiresAt,
    history: historyOf(row.id),
  });
  const kept = new Set(memoryRows.map((row) => row.id));
  const deletedMemories = [
    ...new Set(history.filter((row) => !kept.has(row.memoryId) && !noteMemories.has(row.memoryId)).map((row) => row.memoryId)),
  ];
  const sessionRows = memoryRows.filter((row) => row.scope === "session" && !noteMemories.has(row.id));
  const activity = await prisma.auditLog.findMany({
    where: { workspaceId, customerId: customer.id },
    orderBy: { createdAt: "asc" },
    select: { action: true, actorType: true, targetType: true, createdAt: true, actor: { select: { name: true } } },
  });

  return {
    ...base,
    summary: summarize(workspace.name, counts, erasures),
    profile: {
      name: customer.name,
      email: customer.email,
      phone: customer.phone,
      tier: customer.tier,
      company: customer.company,
      language: customer.language,
      preferredChannel: customer.preferredChannel,
      products: customer.products,
      communicationPreference: customer.communicationPreference,
      timezone: customer.timezone,
      createdAt: customer.createdAt,
      updatedAt: customer.updatedAt,
    },
    tickets: tickets.map(({ id: _id, messages, csatScore, csatComment, csatAt, ...ticket }) => ({
      ...ticket,
      rating: csatScore === null ? null : { score: csatScore, comment: csatComment, at: csatAt },
      messages: messages
        .filter((message) => message.kind !== "NOTE")
        .map((message) => ({
          from: message.kind === "CUSTOMER" ? "you" : `support (${message.author?.name ?? "agent"})`,
          body: message.body,
          // A mail's whole text, when the body keeps only its new part (lib/mail/inbound.ts).
          ...(message.originalBody && { wholeMail: message.originalBody }),
          ...(message.attachments.length > 0 && {
            files: message.attachments.map((file) => ({
              name: file.filename,
              type: file.contentType,
              size: file.size,
              base64: base64Of(file.id),
            })),
          }),
          at: message.createdAt,
        })),
      internalNotes: { count: messages.filter((message) => message.kind === "NOTE").length },
    })),
    drafts: drafts.map(({ ticketId, sentMessageId, ...draft }) => ({
      ticket: numberOf.get(ticketId) ?? null,
      sent: sentMessageId !== null,
      ...draft,
    })),
    memories: {
      customer: memoryRows.filter((row) => row.scope === "customer").map(memory),
      session: sessionRows.map((row) => ({ ticket: numberOf.get(stripOwner(row.runId) ?? "") ?? null, ...memory(row) })),
      /** History of memories that were since deleted (kept until erasure). */
      deleted: deletedMemories.map((memoryId) => ({ id: memoryId, history: historyOf(memoryId) })),
      /** Conversation memories that copy an internal note: counted, not shown. */
      internalNotes: { count: noteMemories.size },
    },
    mail,
    activity: activity.map((entry) => ({
      action: entry.action,
      by: entry.actor?.name ?? entry.actorType,
      target: entry.targetType,
      at: entry.createdAt,
    })),
    erasures,
  };
}

export type PersonalDataExport = Awaited<ReturnType<typeof exportPersonalData>>;

function summarize(workspaceName: string, counts: Holdings, erasures: Array<{ requestId: string; completedAt: Date | null }>): string {
  const held = (Object.keys(holdingLabels) as Array<keyof Holdings>)
    .filter((kind) => counts[kind] > 0)
    .map((kind) => describeCount(kind, counts[kind]));
  const erased = erasures.at(-1);
  const erasedNote = erased ? ` Your data was erased on ${erased.completedAt?.toISOString()} (request ${erased.requestId}).` : "";
  if (held.length === 0) return `${workspaceName} holds no personal data for this address.${erasedNote}`;
  return `${workspaceName} holds, for this address: ${held.join(", ")}.${erasedNote}`;
}
