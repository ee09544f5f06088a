import "server-only";
import { z } from "zod";
import { assessMessage } from "@/lib/ai/signals";
import { type PreparedFile, storeAttachments } from "@/lib/attachments/files";
import { recordAudit } from "@/lib/audit/record";
import { learnFromMessage } from "@/lib/customers/learned-facts";
import { getPrisma } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { kickNotificationMail, notify } from "@/lib/notifications/notifications";
import { rememberInSession, rememberSignals } from "./message-memory";
import { queueModelReadings } from "./message-readings";
import { indexMessageText } from "./search-text";
import type { InboundEmailFields } from "./tickets";

/**
 * A customer's message on an existing ticket (REST API or the public follow page). It
 * reopens a ticket that was waiting on them or resolved, updates the ticket's signals and goes into
 * session memory. With a chat model configured, a job queued with the message reads it
 * (./message-readings.ts): the lexicon's signals show until the model's replace them.
 */
export async function addCustomerMessage(input: {
  workspaceId: string;
  ticketId: string;
  body: string;
  via: { actorType: "api" | "customer"; apiKeyId?: string };
  /** When it was written; now by default (the demo's history passes its own clock). */
  now?: Date;
  /** A message that came by mail (lib/mail/inbound.ts). */
  email?: InboundEmailFields;
  /** Files on it (lib/attachments), checked and sniffed by prepareFiles. */
  files?: PreparedFile[];
}) {
  if (!z.uuid().safeParse(input.ticketId).success) throw new NotFoundError("Ticket");
  const body = input.body.trim();
  if (!body) throw new ValidationError("Write a message first.", { message: ["Write a message first."] });
  const signals = assessMessage(body);
  const prisma = await getPrisma();
  const saved = await prisma.$transaction(async (tx) => {
    const ticket = await tx.ticket.findFirst({
      where: { id: input.ticketId, workspaceId: input.workspaceId },
      select: { id: true, customerId: true, status: true, assigneeId: true },
    });
    if (!ticket) throw new NotFoundError("Ticket");
    const created = await tx.message.create({
      data: {
        workspaceId: input.workspaceId,
        ticketId: ticket.id,
        customerId: ticket.customerId,
        kind: "CUSTOMER",
        body,
        ...(input.email && { emailMessageId: input.email.messageId, originalBody: input.email.original }),
        ...(input.now && { createdAt: input.now }),
      },
      select: { id: true, createdAt: true },
    });
    await indexMessageText(tx, { messageId: created.id, text: body });
    // The agent holding the ticket hears of the answer (lib/notifications).
    if (ticket.assigneeId)
      await notify(tx, [
        {
          workspaceId: input.workspaceId,
          userId: ticket.assigneeId,
          kind: "customer_replied",
          ticketId: ticket.id,
          dedupeKey: `reply:${created.id}`,
        },
      ]);
    await storeAttachments(
      tx,
      { workspaceId: input.workspaceId, ticketId: ticket.id, messageId: created.id, customerId: ticket.customerId },
      input.files ?? [],
    );
    await tx.ticket.update({
      where: { id: ticket.id },
      // A customer writing again reopens a ticket that was waiting on them or resolved.
      data: {
        updatedAt: created.createdAt,
        sentiment: signals.sentiment,
        urgency: signals.urgency,
        ...(ticket.status !== "OPEN" && { status: "OPEN", resolvedAt: null }),
      },
    });
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actorType: input.via.actorType,
      action: "ticket.customer_message",
      targetType: "ticket",
      targetId: ticket.id,
      customerId: ticket.customerId,
      summary: { messageId: created.id, ...(input.via.apiKeyId && { apiKeyId: input.via.apiKeyId }), ...(input.email && { via: "email" }) },
    });
    const modelReads = await queueModelReadings(tx, { workspaceId: input.workspaceId, ticketId: ticket.id, messageId: created.id });
    return { messageId: created.id, customerId: ticket.customerId, notified: Boolean(ticket.assigneeId), modelReads };
  });
  if (saved.notified) await kickNotificationMail();
  await rememberInSession({
    workspaceId: input.workspaceId,
    customerId: saved.customerId,
    ticketId: input.ticketId,
    kind: "message",
    text: `Customer: ${body}`,
    infer: !saved.modelReads,
    by: { actorType: input.via.actorType, customerId: saved.customerId },
  });
  if (!saved.modelReads) {
    await rememberSignals({ workspaceId: input.workspaceId, customerId: saved.customerId, ticketId: input.ticketId, text: body, signals });
    await learnFromMessage({
      workspaceId: input.workspaceId,
      ticketId: input.ticketId,
      messageId: saved.messageId,
      text: body,
      from: "customer",
    });
  }
  return { messageId: saved.messageId, customerId: saved.customerId, notified: saved.notified };
}
