import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { line, text } from "@/lib/validation";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/guard";
import { defineJob, enqueueJob, enqueueJobs, jobInsertStatement } from "@/lib/jobs";
import { getPrisma } from "@/lib/db";
import { log } from "@/lib/log";
import { processSingleton } from "@/lib/singleton";
import { editRatio } from "@/lib/ai/draft-prompt";
import { assessMessage, type MessageSignals } from "@/lib/ai/signals";
import { learnFromMessage } from "@/lib/customers/learned-facts";
import { NotFoundError } from "@/lib/errors";
import { attachmentSelect, type PreparedFile, storeAttachments } from "@/lib/attachments/files";
import { messageIdFor } from "@/lib/mail/compose";
import { workspaceMail } from "@/lib/mail/settings";
import { kickNotificationMail } from "@/lib/notifications/notifications";
import { applyMacroOnSend } from "./macro-uses";
import { rememberInSession, rememberSignals } from "./message-memory";
import { queueModelReadings } from "./message-readings";
import { assertNoNewMessages } from "./reply-collision";
import { indexMessageText } from "./search-text";
import { OPENING_WRITTEN, writeOpening } from "./ticket-opening";
import { linkRelatedTickets } from "./related-tickets";
import { recordStepsTried } from "./session-steps";
import { stepsTriedSchema } from "./steps";
import { applyTicketChanges } from "./ticket-changes";
import { tagListSchema } from "./tag-rules";

/** A ticket of the actor's workspace with its conversation; NotFoundError otherwise. */
export async function getTicketDetail({ actor, ticketId }: { actor: Actor; ticketId: string }) {
  if (!z.uuid().safeParse(ticketId).success) throw new NotFoundError("Ticket");
  const prisma = await getPrisma();
  const ticket = await prisma.ticket.findFirst({
    where: { id: ticketId, workspaceId: actor.workspaceId },
    select: {
      id: true,
      number: true,
      subject: true,
      product: true,
      status: true,
      priority: true,
      channel: true,
      sentiment: true,
      urgency: true,
      createdAt: true,
      updatedAt: true,
      firstResponseAt: true,
      resolvedAt: true,
      verifiedAt: true,
      tags: true,
      assignee: { select: { id: true, name: true } },
      customer: {
        select: { id: true, name: true, email: true, tier: true, communicationPreference: true, timezone: true, createdAt: true },
      },
      messages: {
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          kind: true,
          body: true,
          createdAt: true,
          author: { select: { name: true } },
          // Email (lib/mail): how a reply's mail fares, and a mail's whole text beside its new part.
          emailMessageId: true,
          originalBody: true,
          delivery: { select: { status: true, error: true, attempts: true, nextAt: true } },
          attachments: attachmentSelect,
        },
      },
    },
  });
  if (!ticket) throw new NotFoundError("Ticket");
  // An unverified sender may not be this customer: their history stays out of view.
  const otherTickets = ticket.verifiedAt
    ? await prisma.ticket.findMany({
        where: { workspaceId: actor.workspaceId, customerId: ticket.customer.id, id: { not: ticket.id } },
        orderBy: { createdAt: "desc" },
        take: 10,
        select: { id: true, number: true, subject: true, status: true, createdAt: true },
      })
    : [];
  return { ...ticket, otherTickets };
}

export type TicketDetail = Awaited<ReturnType<typeof getTicketDetail>>;

export const agentMessageSchema = z.object({
  ticketId: z.uuid({ message: "Unknown ticket." }),
  body: text().min(1, "Write a message first.").max(20_000, "Keep a message under 20,000 characters."),
  kind: z.enum(["AGENT", "NOTE"]).default("AGENT"),
  /** The draft the reply started from, if any: the metrics learn how much agents edit drafts. */
  draftId: z
    .union([z.uuid(), z.literal("")])
    .optional()
    .transform((value) => value || undefined),
  /** The reply form's "Tried" checklist: steps tried, kept in session memory (./steps.ts). */
  steps: stepsTriedSchema.optional(),
  /** The canned reply inserted into this reply, if any: its actions apply on send (./macro-uses.ts). */
  macroId: z
    .union([z.uuid(), z.literal("")])
    .optional()
    .transform((value) => value || undefined),
  /** The last message the agent had when they started the reply (./reply-collision.ts). */
  seenMessageId: z
    .union([z.uuid(), z.literal("")])
    .optional()
    .transform((value) => value || undefined),
  /** "Send anyway": the agent was warned that someone else wrote since. */
  override: z
    .union([z.boolean(), z.enum(["true", "false", ""])])
    .optional()
    .transform((value) => value === true || value === "true"),
});
export type AgentMessage = Omit<z.infer<typeof agentMessageSchema>, "draftId" | "steps" | "macroId" | "seenMessageId" | "override"> & {
  draftId?: string;
  steps?: string[];
  macroId?: string;
  seenMessageId?: string;
  override?: boolean;
};

/**
 * Adds an agent's reply or internal note. A reply to an open ticket marks the first
 * response time once and moves the ticket to pending (waiting on the customer). With a chat
 * model configured, a job queued with the message reads it (./message-readings.ts).
 */
export async function addAgentMessage({
  actor,
  message,
  model,
  now,
  files = [],
}: {
  actor: Actor;
  message: AgentMessage;
  /** Null: no reading job for this message even with a model configured; its steps are the checklist and Tried: line only. */
  model?: null;
  now?: Date;
  /** Files on the reply or note (lib/attachments), checked and sniffed by prepareFiles. */
  files?: PreparedFile[];
}) {
  const prisma = await getPrisma();
  // A reply is mailed to the customer when the workspace says so (lib/mail/settings.ts): it
  // is queued in the same transaction, so the reply and its mail stand or fall together.
  const mail = message.kind === "AGENT" ? await workspaceMail(actor.workspaceId) : null;
  const messageId = randomUUID();
  const saved = await prisma.$transaction(async (tx) => {
    const ticket = await tx.ticket.findFirst({
      where: { id: message.ticketId, workspaceId: actor.workspaceId },
      select: { id: true, customerId: true, status: true, firstResponseAt: true, assigneeId: true },
    });
    if (!ticket) throw new NotFoundError("Ticket");
    if (message.kind === "AGENT" && !message.override)
      await assertNoNewMessages(tx, { actor, ticketId: ticket.id, seenMessageId: message.seenMessageId, now });
    const created = await tx.message.create({
      data: {
        id: messageId,
        workspaceId: actor.workspaceId,
        ticketId: ticket.id,
        customerId: ticket.customerId,
        kind: message.kind,
        authorUserId: actor.userId,
        body: message.body,
        ...(mail?.mailReplies && { emailMessageId: messageIdFor(messageId, mail.supportAddress) }),
        ...(now && { createdAt: now }),
      },
      select: { id: true, createdAt: true },
    });
    if (mail?.mailReplies) await tx.mailDelivery.create({ data: { messageId, workspaceId: actor.workspaceId } });
    await storeAttachments(tx, { workspaceId: actor.workspaceId, ticketId: ticket.id, messageId, customerId: ticket.customerId }, files);
    await indexMessageText(tx, { messageId: created.id, text: message.body });
    const isReply = message.kind === "AGENT";
    if (isReply && message.draftId) {
      const draft = await tx.draft.findFirst({
        where: { id: message.draftId, workspaceId: actor.workspaceId, ticketId: ticket.id, sentMessageId: null },
        select: { id: true, text: true },
      });
      if (draft)
        await tx.draft.update({
          where: { id: draft.id },
          data: { sentMessageId: created.id, editRatio: editRatio(draft.text, message.body) },
        });
    }
    await tx.ticket.update({
      where: { id: ticket.id },
      data: {
        updatedAt: created.createdAt,
        ...(isReply && !ticket.firstResponseAt && { firstResponseAt: created.createdAt }),
        ...(isReply && ticket.status === "OPEN" && { status: "PENDING" }),
        ...(isReply && !ticket.assigneeId && { assigneeId: actor.userId }),
      },
    });
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: isReply ? "ticket.replied" : "ticket.noted",
      targetType: "ticket",
      targetId: ticket.id,
      customerId: ticket.customerId,
      summary: { messageId: created.id, length: message.body.length, ...(mail?.mailReplies && { mailed: true }) },
    });
    if (message.macroId) await applyMacroOnSend(tx, { actor, ticketId: ticket.id, messageId: created.id, macroId: message.macroId });
    const modelReads =
      model !== null && (await queueModelReadings(tx, { workspaceId: actor.workspaceId, ticketId: ticket.id, messageId: created.id }));
    return { messageId: created.id, customerId: ticket.customerId, modelReads };
  });
  if (message.macroId) await kickNotificationMail();
  // Imported here: the delivery module imports this one's callers (lib/support/public.ts). The
  // reply is saved: a failure here is the minute's sweep's to make up for, not the agent's error.
  if (mail?.mailReplies)
    await import("@/lib/mail/delivery")
      .then(({ deliverMailSoon }) => deliverMailSoon())
      .catch((error: Error) => log.warn({ err: error }, "[mail] could not queue the delivery"));
  await rememberInSession({
    workspaceId: actor.workspaceId,
    customerId: saved.customerId,
    ticketId: message.ticketId,
    text: `${message.kind === "NOTE" ? "Internal note" : "Agent"}: ${message.body}`,
    kind: "message",
    infer: !saved.modelReads,
    by: { actorType: "user", actorUserId: actor.userId, customerId: saved.customerId },
  });
  await recordStepsTried({
    workspaceId: actor.workspaceId,
    customerId: saved.customerId,
    ticketId: message.ticketId,
    messageId: saved.messageId,
    kind: message.kind,
    body: message.body,
    checklist: message.steps ?? [],
    by: { actorType: "user", actorUserId: actor.userId, customerId: saved.customerId },
    modelReads: saved.modelReads,
  });
  // Queued, the job learns from it; otherwise as before (the rules take nothing from an agent's words).
  if (message.kind === "AGENT" && !saved.modelReads)
    await learnFromMessage({
      workspaceId: actor.workspaceId,
      ticketId: message.ticketId,
      messageId: saved.messageId,
      text: message.body,
      from: "agent",
    });
  return { messageId: saved.messageId };
}

export const newTicketSchema = z.object({
  customer: z.object({
    email: z.string().trim().toLowerCase().max(254, "Enter a valid email address.").pipe(z.email("Enter a valid email address.")),
    name: line().min(1, "Enter a name.").max(120),
  }),
  subject: line().min(1, "Enter a subject.").max(200),
  body: text().min(1, "Describe the problem.").max(20_000),
  product: line().max(120).optional(),
  channel: z.enum(["EMAIL", "WEB", "CHAT", "PHONE", "API"]).default("WEB"),
  priority: z.enum(["LOW", "NORMAL", "HIGH", "URGENT"]).default("NORMAL"),
  /** Tags the ticket starts with (the REST API; ./tags.ts changes them later). */
  tags: tagListSchema.optional(),
});
export type NewTicket = z.input<typeof newTicketSchema>;

/** How a customer message that came by mail is kept: its Message-ID, and its whole text when the body holds only the new part. */
export interface InboundEmailFields {
  messageId: string;
  original: string | null;
}

/**
 * Opens a ticket for a customer of the workspace (found by email, created if new), with the
 * customer's first message. Used by the public form, the REST API and the demo seed.
 * `verified: false` (the public form, where anyone can type any address) leaves it out of
 * the customer's memory until the address is proven (lib/support/public.ts). `now` dates the
 * ticket and its first message (the demo's history is replayed through here).
 */
export async function openTicket({
  workspaceId,
  ticket,
  verified = true,
  now,
  email,
  files = [],
  memory = "now",
}: {
  workspaceId: string;
  ticket: NewTicket;
  verified?: boolean;
  now?: Date;
  /** A ticket opened by a mail (lib/mail/inbound.ts): its Message-ID and whole text. */
  email?: InboundEmailFields;
  /** Files on the first message (lib/attachments). */
  files?: PreparedFile[];
  /**
   * When the opening message's memories are written (session issue and signals, related
   * tickets, facts learned): "now", before this returns, model calls included (the demo's replay, the e2e seed);
   * "job", by a job queued with the ticket (the REST API, the public form, mail), so the
   * request costs the ticket's transaction only.
   */
  memory?: "now" | "job";
}) {
  const parsed = newTicketSchema.parse(ticket);
  const signals = assessMessage(parsed.body);
  const prisma = await getPrisma();
  // The number comes from a per-workspace counter, taken in a statement of its own: the
  // workspace row is locked for that statement only, not for the ticket's whole transaction,
  // so tickets of one workspace are written side by side. A ticket that fails to be written
  // leaves a gap in the numbers.
  const { ticketSeq } = await prisma.workspace.update({
    where: { id: workspaceId },
    data: { ticketSeq: { increment: 1 } },
    select: { ticketSeq: true },
  });
  const at = now ?? new Date();
  const ticketId = randomUUID();
  const job = memory === "job" ? { workspaceId, ticketId } : null;
  const opening = {
    workspaceId,
    ticketId,
    number: ticketSeq,
    customer: parsed.customer,
    subject: parsed.subject,
    product: parsed.product || null,
    channel: parsed.channel,
    // An urgent-sounding first message raises a normal ticket to high.
    priority: parsed.priority === "NORMAL" && signals.urgency === "high" ? "HIGH" : parsed.priority,
    sentiment: signals.sentiment,
    urgency: signals.urgency,
    verifiedAt: verified ? at : null,
    tags: parsed.tags ?? [],
    body: parsed.body,
    email,
    at,
    // On a server the job is written by the ticket's own statement; embedded, queued after it.
    job: job && (await jobInsertStatement(OPENING_MEMORY_JOB, job, { when: OPENING_WRITTEN })),
    audit: {
      actorType: "customer" as const,
      action: "ticket.opened",
      targetType: "ticket",
      summary: {
        number: ticketSeq,
        channel: parsed.channel,
        verified,
        ...(email && { via: "email" }),
        ...(parsed.tags?.length ? { tags: parsed.tags.length } : {}),
      },
    },
  };
  // One statement, unless files come with the first message: they join it in a transaction.
  const opened =
    files.length === 0
      ? await writeOpening(prisma, opening)
      : await prisma.$transaction(async (tx) => {
          const written = await writeOpening(tx, opening);
          const target = { workspaceId, ticketId, messageId: written.firstMessageId, customerId: written.customerId };
          await storeAttachments(tx, target, files);
          return written;
        });
  if (job && !opening.job) await enqueueJob(OPENING_MEMORY_JOB, job);
  if (memory === "now") {
    await rememberOpening({
      workspaceId,
      ticketId: opened.id,
      customerId: opened.customerId,
      messageId: opened.firstMessageId,
      subject: parsed.subject,
      body: parsed.body,
      signals,
      verified,
      now,
    });
  }
  return opened;
}

/**
 * What the opening message teaches memory: the session's issue and signals, related
 * tickets, facts about the customer. Marks the ticket done at the end (memory_written_at).
 */
async function rememberOpening(input: {
  workspaceId: string;
  ticketId: string;
  customerId: string;
  messageId: string;
  subject: string;
  body: string;
  signals: MessageSignals;
  verified: boolean;
  now?: Date;
}): Promise<void> {
  const { workspaceId, ticketId, customerId, subject, body, signals, verified, now } = input;
  await rememberInSession({
    workspaceId,
    customerId,
    ticketId,
    text: `${subject}. ${body}`,
    kind: "issue",
    by: { actorType: "customer", customerId },
  });
  // Model calls are awaited, not left running in the background, so none is lost with the
  // process. A model that fails leaves the lexicon's reading and the rules' facts (not retried:
  // a retry would write the session's issue again).
  await rememberSignals({ workspaceId, customerId, ticketId, text: body, signals, wait: true });
  // The ticket is open whatever happens here: a failure to link is logged.
  await linkRelatedTickets({ workspaceId, ticketId, sameCustomer: verified, similar: true, now }).catch((error: Error) =>
    console.error(`[memory] could not link related tickets to ${ticketId}: ${error.message}`),
  );
  await learnFromMessage({ workspaceId, ticketId, messageId: input.messageId, text: `${subject}. ${body}`, from: "customer", wait: true });
  const prisma = await getPrisma();
  await prisma.ticket.updateMany({ where: { id: ticketId, workspaceId }, data: { memoryWrittenAt: new Date() } });
}

export const OPENING_MEMORY_JOB = "ticket.remember-opening";

const REQUEUE_WITHIN_MS = 7 * 24 * 60 * 60_000;
const REQUEUE_AT_MOST = 10_000;

/**
 * Embedded, the job queue lives in the process: openings it had not yet remembered when it
 * stopped are queued again at start (those of the last 7 days, oldest first; the partial
 * index tickets_memory_unwritten_idx finds them). A server's queue is pg-boss, which keeps
 * them. Returns how many were queued.
 */
export async function requeueUnwrittenOpenings(): Promise<number> {
  const prisma = await getPrisma();
  const tickets = await prisma.ticket.findMany({
    where: { memoryWrittenAt: null, createdAt: { gte: new Date(Date.now() - REQUEUE_WITHIN_MS) } },
    orderBy: { createdAt: "asc" },
    take: REQUEUE_AT_MOST,
    select: { id: true, workspaceId: true },
  });
  await enqueueJobs(
    OPENING_MEMORY_JOB,
    tickets.map((ticket) => ({ workspaceId: ticket.workspaceId, ticketId: ticket.id })),
  );
  return tickets.length;
}

// Two runs of one ticket's opening job in this process (the job queued again at start while
// the first is still queued) take turns, so the second finds the memory written.
const openingsRunning = () => processSingleton("openingsRunning", () => new Map<string, Promise<void>>());

async function oneAtATime(ticketId: string, work: () => Promise<void>): Promise<void> {
  const running = openingsRunning();
  const mine = (running.get(ticketId) ?? Promise.resolve()).catch(() => undefined).then(work);
  running.set(ticketId, mine);
  try {
    await mine;
  } finally {
    if (running.get(ticketId) === mine) running.delete(ticketId);
  }
}

async function rememberOpeningOf(workspaceId: string, ticketId: string): Promise<void> {
  const prisma = await getPrisma();
  const ticket = await prisma.ticket.findFirst({
    where: { id: ticketId, workspaceId, memoryWrittenAt: null },
    select: {
      customerId: true,
      subject: true,
      verifiedAt: true,
      messages: { orderBy: { createdAt: "asc" }, take: 1, select: { id: true, body: true } },
    },
  });
  const first = ticket?.messages[0];
  if (!ticket || !first) return;
  await rememberOpening({
    workspaceId,
    ticketId,
    customerId: ticket.customerId,
    messageId: first.id,
    subject: ticket.subject,
    body: first.body,
    signals: assessMessage(first.body),
    verified: ticket.verifiedAt !== null,
  });
}

// The job behind `memory: "job"`: reads the ticket and its first message back (a rolled-back
// ticket, or one whose memory is already written, leaves it nothing to do).
defineJob(OPENING_MEMORY_JOB, ({ workspaceId, ticketId }) => oneAtATime(ticketId, () => rememberOpeningOf(workspaceId, ticketId)), {
  payload: z.object({ workspaceId: z.uuid(), ticketId: z.uuid() }),
  retryLimit: 5,
  retryDelaySeconds: 10,
  retryBackoff: true,
  expireInSeconds: 5 * 60,
  concurrency: 4,
});

export const ticketUpdateSchema = z.object({
  ticketId: z.uuid("Unknown ticket."),
  status: z.enum(["OPEN", "PENDING"]).optional(),
  priority: z.enum(["LOW", "NORMAL", "HIGH", "URGENT"]).optional(),
  // "me", "none" or a user id of the workspace.
  assignee: z.union([z.literal("me"), z.literal("none"), z.uuid()]).optional(),
});
export type TicketUpdate = z.infer<typeof ticketUpdateSchema>;

/**
 * Changes status (open/pending; resolving has its own flow), priority or assignee. The new
 * assignee must be an enabled user of the same workspace.
 */
export async function updateTicket({ actor, update }: { actor: Actor; update: TicketUpdate }) {
  const prisma = await getPrisma();
  const result = await prisma.$transaction(async (tx) => {
    const ticket = await tx.ticket.findFirst({
      where: { id: update.ticketId, workspaceId: actor.workspaceId },
      select: { id: true, customerId: true, status: true, priority: true, assigneeId: true },
    });
    if (!ticket) throw new NotFoundError("Ticket");
    let assigneeId: string | null | undefined;
    if (update.assignee === "me") assigneeId = actor.userId;
    else if (update.assignee === "none") assigneeId = null;
    else if (update.assignee) {
      const user = await tx.user.findFirst({
        where: { id: update.assignee, workspaceId: actor.workspaceId, disabledAt: null },
        select: { id: true },
      });
      if (!user) throw new NotFoundError("User");
      assigneeId = user.id;
    }
    const changed = await applyTicketChanges(tx, {
      actor,
      ticket,
      wanted: { status: update.status, priority: update.priority, assigneeId },
    });
    return { changed };
  });
  if (result.changed.includes("assignee")) await kickNotificationMail();
  return result;
}

/** Enabled users of the workspace, for the assignee picker. */
export async function listAssignees({ actor }: { actor: Actor }) {
  const prisma = await getPrisma();
  return prisma.user.findMany({
    where: { workspaceId: actor.workspaceId, disabledAt: null },
    orderBy: { name: "asc" },
    select: { id: true, name: true },
  });
}
