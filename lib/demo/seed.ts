import { randomUUID } from "node:crypto";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { hashPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/audit/record";
import { assessMessage } from "@/lib/ai/signals";
import { hashApiKey } from "@/lib/api/api-keys";
import { indexMessageTexts } from "@/lib/support/search-text";
import { demoCustomers, demoKnowledge, demoScenarios, demoStaff } from "./data";

export const DEMO_SLUG = "demo";

export interface SeedDemoOptions {
  password: string;
  apiKey?: string;
  /** Fixes "now" so tests can reason about ages. */
  now?: Date;
}

export interface SeedDemoResult {
  seeded: boolean;
  workspaceId: string;
}

// Deterministic, so every fresh demo looks the same and screenshots stay comparable.
export function mulberry32(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Creates the demo workspace unless it exists. Safe to call from several processes at once. */
export async function seedDemoWorkspace(prisma: PrismaClient, options: SeedDemoOptions): Promise<SeedDemoResult> {
  const existing = await prisma.workspace.findUnique({ where: { slug: DEMO_SLUG }, select: { id: true } });
  if (existing) return { seeded: false, workspaceId: existing.id };

  const passwordHash = await hashPassword(options.password);
  try {
    const workspaceId = await prisma.$transaction((tx) => writeDemo(tx, passwordHash, options), { timeout: 60_000 });
    return { seeded: true, workspaceId };
  } catch (error) {
    // Another process seeded it first (unique slug): that is the outcome we wanted.
    if ((error as { code?: string }).code === "P2002") {
      const winner = await prisma.workspace.findUniqueOrThrow({ where: { slug: DEMO_SLUG }, select: { id: true } });
      return { seeded: false, workspaceId: winner.id };
    }
    throw error;
  }
}

async function writeDemo(tx: Prisma.TransactionClient, passwordHash: string, options: SeedDemoOptions): Promise<string> {
  const now = options.now?.getTime() ?? Date.now();
  const random = mulberry32(20261124);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

  const workspace = await tx.workspace.create({ data: { slug: DEMO_SLUG, name: "Lumio Home Support" } });
  const workspaceId = workspace.id;

  const staff = demoStaff.map((member) => ({ id: randomUUID(), workspaceId, passwordHash, ...member }));
  await tx.user.createMany({ data: staff });
  const agents = staff.filter((member) => member.role === "AGENT");

  const customers = demoCustomers().map((customer, index) => ({
    id: randomUUID(),
    workspaceId,
    ...customer,
    createdAt: new Date(now - (400 - index * 9) * DAY),
  }));
  await tx.customer.createMany({ data: customers });

  const tickets: Prisma.TicketCreateManyInput[] = [];
  const messages: Prisma.MessageCreateManyInput[] = [];
  let number = 1000;

  customers.forEach((customer, customerIndex) => {
    const count = 1 + (customerIndex % 3 === 0 ? 1 : 0) + (customerIndex % 7 === 0 ? 1 : 0);
    const first = customer.name.split(" ")[0]!;
    for (let position = 0; position < count; position++) {
      const scenario = demoScenarios[(customerIndex * 5 + position * 3) % demoScenarios.length]!;
      const latest = position === count - 1;
      const roll = random();
      const status = !latest ? "RESOLVED" : roll < 0.5 ? "OPEN" : roll < 0.65 ? "PENDING" : "RESOLVED";
      const createdAt =
        status === "RESOLVED"
          ? now - (5 + Math.floor(random() * 110)) * DAY - position * 20 * DAY
          : now - (1 + Math.floor(random() * 70)) * HOUR;
      const order = `LM-${String(400000 + Math.floor(random() * 99999))}`;
      const fill = (text: string) => text.replaceAll("{first}", first).replaceAll("{order}", order);
      // New open tickets are often unassigned; Sam (the demo agent login) always has work.
      const assignee = status === "OPEN" && random() < 0.35 ? null : customerIndex % 4 === 0 ? agents[0]! : pick(agents);
      const answered = status !== "OPEN" || random() < 0.5;
      const ticketId = randomUUID();
      number += 1;

      const thread: Array<{ kind: "CUSTOMER" | "AGENT" | "NOTE"; body: string; at: number; author?: string }> = [
        { kind: "CUSTOMER", body: fill(scenario.opening), at: createdAt },
      ];
      if (answered && assignee) {
        thread.push({ kind: "AGENT", body: fill(scenario.agentReply), at: createdAt + 0.6 * HOUR, author: assignee.id });
        thread.push({ kind: "CUSTOMER", body: fill(scenario.followUp), at: createdAt + 2.2 * HOUR });
      }
      if (status === "RESOLVED" && assignee) {
        thread.push({ kind: "AGENT", body: fill(scenario.resolution), at: createdAt + 3 * HOUR, author: assignee.id });
        thread.push({ kind: "CUSTOMER", body: fill(scenario.thanks), at: createdAt + 5 * HOUR });
        if (scenario.note) thread.push({ kind: "NOTE", body: scenario.note, at: createdAt + 5.5 * HOUR, author: assignee.id });
      }
      const firstResponse = thread.find((message) => message.kind === "AGENT");
      const lastFromCustomer = [...thread].reverse().find((message) => message.kind === "CUSTOMER")!;
      const signals = assessMessage(lastFromCustomer.body);
      const last = thread[thread.length - 1]!;

      tickets.push({
        id: ticketId,
        workspaceId,
        number,
        customerId: customer.id,
        subject: scenario.subject,
        product: scenario.product,
        status,
        priority: scenario.priority,
        channel: scenario.channel,
        sentiment: signals.sentiment,
        urgency: signals.urgency,
        assigneeId: assignee?.id ?? null,
        createdAt: new Date(createdAt),
        // The demo's history came from known customers: verified (public-form tickets start unverified).
        verifiedAt: new Date(createdAt),
        // Their memories are the demo's own (./memories.ts), not the opening job's: at start
        // the embedded default queues again only openings whose memory was never written.
        memoryWrittenAt: new Date(createdAt),
        updatedAt: new Date(last.at),
        firstResponseAt: firstResponse ? new Date(firstResponse.at) : null,
        resolvedAt: status === "RESOLVED" ? new Date(createdAt + 5 * HOUR) : null,
      });
      for (const message of thread) {
        messages.push({
          id: randomUUID(),
          workspaceId,
          ticketId,
          customerId: customer.id,
          kind: message.kind,
          authorUserId: message.author ?? null,
          body: message.body,
          createdAt: new Date(message.at),
        });
      }
    }
  });

  await tx.ticket.createMany({ data: tickets });
  await tx.message.createMany({ data: messages });
  await indexMessageTexts(
    tx,
    messages.map((message) => ({ messageId: message.id!, text: message.body })),
  );
  await tx.workspace.update({ where: { id: workspaceId }, data: { ticketSeq: number } });
  // Each entry starts as version 1; seedDemoMemories publishes it into agent memory.
  for (const entry of demoKnowledge) {
    await tx.knowledgeArticle.create({
      data: {
        workspaceId,
        ...entry,
        versions: {
          create: {
            workspaceId,
            version: 1,
            kind: entry.kind,
            title: entry.title,
            body: entry.body,
            products: entry.products,
            note: "demo entry",
          },
        },
      },
    });
  }

  if (options.apiKey) {
    await tx.apiKey.create({
      data: { workspaceId, name: "Seeded key (SEED_API_KEY)", prefix: options.apiKey.slice(0, 8), keyHash: hashApiKey(options.apiKey) },
    });
  }
  await recordAudit(tx, {
    workspaceId,
    actorType: "system",
    action: "workspace.seeded",
    targetType: "workspace",
    targetId: workspaceId,
    summary: { customers: customers.length, tickets: tickets.length, messages: messages.length, knowledge: demoKnowledge.length },
  });
  return workspaceId;
}
