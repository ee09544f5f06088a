import "server-only";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/guard";
import type { PrismaClient } from "@/lib/db/generated/client";
import { env } from "@/lib/env";
import { countUsageAt } from "@/lib/metrics/usage";
import { RetentionBusyError, runRetention } from "@/lib/retention/run";
import { addCustomerMessage } from "@/lib/support/customer-messages";
import { prepareDraft } from "@/lib/support/draft";
import { recordTicketRating } from "@/lib/support/public";
import { resolveTicket } from "@/lib/support/resolve";
import { addAgentMessage, openTicket } from "@/lib/support/tickets";
import { type DemoCustomer, demoCustomers, demoStaff } from "./data";
import { historyScenarios, type HistoryScenario, ratingComments, secondRound } from "./history-data";
import { mulberry32 } from "./seed";

// The demo's past: twelve weeks of tickets replayed through the verbs real traffic goes
// through (open, customer messages, drafts, agent replies, resolve, rating, the retention
// run), each step at its own time in the past and all of them in time order, so the metrics
// and cost pages have a story to tell. The generator decides what people would: when they
// write, whether an agent asks for a draft, what the customer rates. Whether a ticket counts
// as handled with memory is the metrics' own reading of the drafts actually sent. Agents who
// send a draft that brings the knowledge base's fix need fewer rounds with the customer, and
// more of them do so as the weeks go by.

const HISTORY_SEEDED = "workspace.history_seeded";
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface SeedDemoHistoryOptions {
  /** The end of the history; now by default (tests fix it). */
  now?: Date;
  weeks?: number;
  tickets?: number;
  /** Told once the history is about to be written (it takes a while: a start prints it). */
  onStart?: (size: { weeks: number; tickets: number }) => void;
}

export interface DemoHistoryResult {
  seeded: boolean;
  /** Why nothing was written. */
  skipped?: "exists" | "model" | "staff";
  tickets: number;
  /** Tickets where an agent sent a draft citing memory. */
  withMemory: number;
  drafts: number;
  ratings: number;
  retentionRuns: number;
  sessionMemoriesDeleted: number;
}

/** Tickets opened in the past, resolved and often rated, unless the workspace has them already. */
export async function seedDemoHistory(
  prisma: PrismaClient,
  workspaceId: string,
  options: SeedDemoHistoryOptions = {},
): Promise<DemoHistoryResult> {
  const result: DemoHistoryResult = {
    seeded: false,
    tickets: 0,
    withMemory: 0,
    drafts: 0,
    ratings: 0,
    retentionRuns: 0,
    sessionMemoriesDeleted: 0,
  };
  // With a model configured every replayed step would call it (drafts, summaries, fact
  // extraction, embeddings): hundreds of paid calls for made-up tickets, and minutes of start.
  if (env().OPENAI_API_KEY) return { ...result, skipped: "model" };
  // Once per workspace, marked in the audit log (which erasing customers leaves alone). As
  // with seedDemoMemories, a start interrupted part-way keeps what it wrote.
  if ((await prisma.auditLog.count({ where: { workspaceId, action: HISTORY_SEEDED } })) > 0) return { ...result, skipped: "exists" };

  const staff = await prisma.user.findMany({
    where: { workspaceId, email: { in: demoStaff.map((member) => member.email) }, role: "AGENT" },
    orderBy: { email: "asc" },
    select: { id: true, name: true, email: true },
  });
  const agents: Actor[] = staff.map((user) => ({ userId: user.id, workspaceId, role: "AGENT", name: user.name, email: user.email }));
  if (agents.length === 0) return { ...result, skipped: "staff" };

  const now = (options.now ?? new Date()).getTime();
  const weeks = options.weeks ?? 12;
  const start = now - weeks * 7 * DAY;
  // Everything happens before now: the open inbox keeps only the demo's own tickets.
  const end = now - 2 * HOUR;
  const random = mulberry32(20260301);
  const plans = planTickets({ random, start, last: now - 3 * DAY, count: options.tickets ?? 120, agents });
  await prisma.$transaction((tx) =>
    recordAudit(tx, {
      workspaceId,
      actorType: "system",
      action: HISTORY_SEEDED,
      targetType: "workspace",
      targetId: workspaceId,
      summary: { weeks, tickets: plans.length },
    }),
  );
  options.onStart?.({ weeks, tickets: plans.length });
  const context: StoryContext = { workspaceId, random, end, start, result };

  const stories: Array<{ at: number; story: Story }> = [];
  const enqueue = async (story: Story) => {
    const first = await story.next();
    if (!first.done) stories.push({ at: first.value, story });
  };
  for (const plan of plans) await enqueue(ticketStory(plan, context));
  await enqueue(weeklyRetention(context));
  while (stories.length > 0) {
    let next = 0;
    for (let index = 1; index < stories.length; index++) if (stories[index]!.at < stories[next]!.at) next = index;
    const [{ at, story }] = stories.splice(next, 1) as [{ at: number; story: Story }];
    // Memory searches and writes meter themselves: counted on the day the step happened.
    const step = await countUsageAt(new Date(at), () => story.next());
    if (!step.done) stories.push({ at: step.value, story });
  }
  return { ...result, seeded: true };
}

/** Yields the time of its next step; resumed at that time, it takes the step. */
type Story = AsyncGenerator<number, void, undefined>;

interface StoryContext {
  workspaceId: string;
  random: () => number;
  start: number;
  end: number;
  result: DemoHistoryResult;
}

interface TicketPlan {
  at: number;
  scenario: HistoryScenario;
  subject: string;
  customer: DemoCustomer;
  agent: Actor;
  /** How likely the agent is to ask for a draft (grows over the weeks). */
  drafting: number;
}

function planTickets({
  random,
  start,
  last,
  count,
  agents,
}: {
  random: () => number;
  start: number;
  last: number;
  count: number;
  agents: Actor[];
}): TicketPlan[] {
  const customers = demoCustomers();
  const known = historyScenarios.filter((scenario) => scenario.known);
  const unknown = historyScenarios.filter((scenario) => !scenario.known);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  // Some agents take to drafts sooner than others (the metrics break times down by agent).
  const keenness = agents.map((_, index) => [1, 1.2, 0.75][index % 3]!);
  const previous = new Map<string, HistoryScenario>();
  const plans: TicketPlan[] = [];
  for (let index = 0; index < count; index++) {
    // Spread evenly over the weeks, fewer at weekends (moved to the Monday or Tuesday).
    let day = start + (index + random()) * ((last - start) / count);
    const weekday = new Date(day).getUTCDay();
    if ((weekday === 0 || weekday === 6) && random() < 0.6) day += 2 * DAY;
    const at = day - (day % DAY) + (7 + random() * 14) * HOUR;
    const customer = pick(customers);
    const earlier = previous.get(customer.email);
    // Problems recur: a returning customer's earlier fix is in their memory.
    const scenario = earlier && random() < 0.35 ? earlier : random() < 0.7 ? pick(known) : pick(unknown);
    previous.set(customer.email, scenario);
    const agentIndex = Math.floor(random() * agents.length);
    const progress = (at - start) / (last - start);
    plans.push({
      at,
      scenario,
      subject: pick(scenario.subjects),
      customer,
      agent: agents[agentIndex]!,
      drafting: Math.min(0.95, (0.25 + 0.7 * progress) * keenness[agentIndex]!),
    });
  }
  return plans.sort((left, right) => left.at - right.at);
}

/** The team works two shifts, 07:00 to 22:00 UTC: later work waits for the next morning. */
function agentTime(at: number, random: () => number): number {
  const hour = new Date(at).getUTCHours();
  if (hour >= 7 && hour < 22) return at;
  const morning = at - (at % DAY) + (hour >= 22 ? DAY : 0) + 7 * HOUR;
  return morning + random() * 1.5 * HOUR;
}

/**
 * Customers answer within hours, now and then after a day or two, rarely at night, and often
 * not before Monday at weekends (the weekly retention run then finds idle sessions).
 */
function customerTime(at: number, random: () => number): number {
  let reply = at + (random() < 0.08 ? (18 + random() * 24) * HOUR : (0.5 + random() * 7.5) * HOUR);
  const hour = new Date(reply).getUTCHours();
  if (hour < 6 || hour >= 23) reply = reply - (reply % DAY) + (hour >= 23 ? DAY : 0) + (7 + random() * 3) * HOUR;
  const weekday = new Date(reply).getUTCDay();
  if ((weekday === 6 || weekday === 0) && random() < 0.35)
    reply = reply - (reply % DAY) + (weekday === 6 ? 2 : 1) * DAY + (7 + random() * 4) * HOUR;
  return reply;
}

async function* ticketStory(plan: TicketPlan, context: StoryContext): Story {
  const { workspaceId, random, result } = context;
  const first = plan.customer.name.split(" ")[0]!;
  const fill = (text: string) => text.replaceAll("{first}", first);
  let at = plan.at;
  // Steps stay in order and before the end: a ticket opened late resolves a little faster.
  const next = (time: number) => (at = Math.max(at + MINUTE, Math.min(time, context.end)));
  yield at;
  const ticket = await openTicket({
    workspaceId,
    ticket: {
      customer: { email: plan.customer.email, name: plan.customer.name },
      subject: plan.subject,
      body: plan.scenario.opening,
      product: plan.scenario.product,
      channel: plan.scenario.channel,
      priority: plan.scenario.priority,
    },
    now: new Date(at),
  });
  result.tickets += 1;
  const actor = plan.agent;
  const reply = (body: string, draftId?: string) =>
    addAgentMessage({ actor, message: { ticketId: ticket.id, kind: "AGENT", body, draftId }, model: null, now: new Date(at) });
  const fromCustomer = (body: string) =>
    addCustomerMessage({ workspaceId, ticketId: ticket.id, body, via: { actorType: "customer" }, now: new Date(at) });

  yield next(agentTime(at + (0.3 + random() * 2) * HOUR, random));
  let sent: { id: string; text: string } | null = null;
  if (random() < plan.drafting * (plan.scenario.known ? 1 : 0.5)) {
    const draft = await draftReply(actor, ticket.id, new Date(at));
    result.drafts += 1;
    // An agent sends a draft that brings the fix; one without it they leave unsent.
    if (draft.knowledge && plan.scenario.known) sent = draft;
  }

  let rounds = 1;
  if (sent) {
    yield next(at + (3 + random() * 10) * MINUTE);
    await reply(random() < 0.4 ? `${sent.text}\n\nP.S. If it happens again, just reply here.` : sent.text, sent.id);
    result.withMemory += 1;
  } else {
    yield next(at + (10 + random() * 40) * MINUTE);
    await reply(fill(plan.scenario.question));
    yield next(customerTime(at, random));
    await fromCustomer(plan.scenario.answer);
    // Working it out by hand takes a while: logs, colleagues, the product docs.
    yield next(agentTime(at + (2 + random() * 5) * HOUR, random));
    await reply(`Thanks, ${first}. ${plan.scenario.fix}\n\n${actor.name}`);
    rounds = 2;
  }
  // Now and then the fix does not hold the first time.
  const holds = random() >= (sent ? 0.1 : 0.25);
  if (holds && random() < (sent ? 0.7 : 0.1)) {
    // Sure of the fix (more often when it is the team's known one), the agent resolves as
    // they send it; the customer can still write back and reopen it.
    yield next(at + (5 + random() * 25) * MINUTE);
  } else {
    if (!holds) {
      yield next(customerTime(at, random));
      await fromCustomer(secondRound.customer);
      yield next(agentTime(at + (0.5 + random() * 3) * HOUR, random));
      await reply(fill(secondRound.agent));
      rounds += 1;
    }
    const confirmation = customerTime(at, random);
    if (confirmation - at > DAY) {
      // No answer for a day after the fix: the team resolves it (a reply would reopen it).
      yield next(agentTime(at + DAY, random));
    } else {
      yield next(confirmation);
      await fromCustomer(holds ? plan.scenario.thanks : secondRound.thanks);
      yield next(agentTime(at + (0.1 + random() * 1.5) * HOUR, random));
    }
  }
  await resolveTicket({ actor, ticketId: ticket.id, resolution: plan.scenario.fix, model: null, now: new Date(at) });

  // About half the customers rate; the fewer rounds it took, the happier they are.
  const ratingAt = at + (0.5 + random() * 36) * HOUR;
  if (random() < 0.55 && ratingAt < context.end) {
    yield next(ratingAt);
    const score = ratingFor(rounds, at - plan.at, random);
    const comments = ratingComments[score] ?? [];
    const comment = random() < 0.4 && comments.length > 0 ? comments[Math.floor(random() * comments.length)] : undefined;
    await recordTicketRating({ workspaceId, ticketId: ticket.id, score, comment, now: new Date(at) });
    result.ratings += 1;
  }
}

async function draftReply(actor: Actor, ticketId: string, now: Date): Promise<{ id: string; text: string; knowledge: boolean }> {
  for await (const event of await prepareDraft({ actor, ticketId, model: null, now })) {
    if (event.type === "error") throw new Error(`demo history: draft failed (${event.message})`);
    if (event.type === "done")
      return { id: event.draftId, text: event.text, knowledge: event.citations.some((source) => source.scope === "agent") };
  }
  throw new Error("demo history: the draft ended without a result");
}

/** Mostly 4s and 5s; a point off, often, for each extra round and for waiting over a day. */
function ratingFor(rounds: number, waited: number, random: () => number): number {
  const roll = random();
  const base = roll < 0.65 ? 5 : roll < 0.93 ? 4 : 3;
  const penalties = rounds - 1 + (waited > DAY ? 1 : 0);
  let score = base;
  for (let penalty = 0; penalty < penalties; penalty++) if (random() < 0.5) score -= 1;
  return Math.max(1, score);
}

/**
 * The scheduled retention job over the history, once a week (Mondays 03:00 UTC): the app runs
 * it hourly, which would cost a run per simulated hour for little more to show.
 */
async function* weeklyRetention(context: StoryContext): Story {
  const firstMonday = context.start - (context.start % DAY) + ((8 - new Date(context.start).getUTCDay()) % 7 || 7) * DAY + 3 * HOUR;
  for (let night = firstMonday; night < context.end; night += 7 * DAY) {
    yield night;
    try {
      const run = await runRetention({ trigger: "schedule", now: new Date(night), workspaceIds: [context.workspaceId] });
      context.result.retentionRuns += 1;
      for (const workspace of run.workspaces) context.result.sessionMemoriesDeleted += workspace.counts.sessionDeleted;
    } catch (error) {
      // Another run holds the lock (the app's own schedule): this week's is skipped.
      if (!(error instanceof RetentionBusyError)) throw error;
    }
  }
}
