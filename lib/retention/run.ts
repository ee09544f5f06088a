import "server-only";
import { randomUUID } from "node:crypto";
import { recordAudit } from "@/lib/audit/record";
import { getPrisma } from "@/lib/db";
import { AppError, NotFoundError } from "@/lib/errors";
import type { WriteContext } from "@/lib/memory/context";
import { deleteMemory } from "@/lib/memory/core";
import { setMemoriesArchived, setMemoryMarks } from "@/lib/memory/lifecycle";
import { promoteSessionMemory } from "@/lib/memory/support-memory";
import { withRetentionLock } from "./lock";
import { planRetention, type RetentionPlan } from "./plan";
import { getRetentionPolicy, type RetentionPolicy } from "./policy";
import { log } from "@/lib/log";

// The retention job: for each workspace, its policy, what is due (plan.ts) and, unless it
// is a dry run, doing it; every run is recorded per workspace in retention_runs, dry runs
// too. Each change is its own small transaction with its history and audit entries, so an
// interrupted run leaves a consistent state that the next run completes.

export type RetentionTrigger = "schedule" | "cli" | "admin";

export interface RetentionCounts {
  /** Session memory deleted for age. */
  sessionDeleted: number;
  /** Session memory marked important, moved into the customer's memory instead. */
  sessionPromoted: number;
  customerArchived: number;
  customersArchived: number;
  customerRestored: number;
  /** Knowledge (memories and articles) newly due for review, and no longer due. */
  knowledgeFlagged: number;
  knowledgeUnflagged: number;
  /** Articles whose review date the policy brought forward without making it due yet. */
  reviewRescheduled: number;
}

export const zeroCounts = (): RetentionCounts => ({
  sessionDeleted: 0,
  sessionPromoted: 0,
  customerArchived: 0,
  customersArchived: 0,
  customerRestored: 0,
  knowledgeFlagged: 0,
  knowledgeUnflagged: 0,
  reviewRescheduled: 0,
});

/** A dry run's answer to "what would happen": the first items of each kind. */
export interface RetentionPreview {
  session: Array<{ id: string; type: string; text: string; important: boolean }>;
  archive: Array<{ customerId: string; name: string | null; memories: number; lastActiveAt: string | null }>;
  restore: Array<{ customerId: string; memories: number }>;
  knowledge: Array<{ id: string; kind: "memory" | "article"; text: string; lastReviewedAt: string | null }>;
}

export interface WorkspaceRetention {
  workspaceId: string;
  slug: string;
  runId: string;
  status: "succeeded" | "failed";
  error?: string;
  policy: RetentionPolicy;
  counts: RetentionCounts;
  preview?: RetentionPreview;
}

export interface RetentionRunResult {
  jobId: string;
  dryRun: boolean;
  asOf: Date;
  workspaces: WorkspaceRetention[];
}

export class RetentionBusyError extends AppError {
  constructor() {
    super("A retention run is already in progress. Try again in a minute.", 409);
  }
}

const PREVIEW_ITEMS = 20;
// The run history keeps this long; older entries are removed by non-dry runs.
export const RUN_HISTORY_DAYS = 90;

export async function runRetention(options: {
  trigger: RetentionTrigger;
  dryRun?: boolean;
  /** The retention clock (tests pass one; the job uses the real time). */
  now?: Date;
  /** Only these workspaces; all of them by default. */
  workspaceIds?: string[];
  actorUserId?: string | null;
  /** A dry run may try a policy before it is saved ("what would these settings do"). */
  policy?: RetentionPolicy;
}): Promise<RetentionRunResult> {
  if (options.policy && !options.dryRun) throw new Error("Only a dry run takes an unsaved policy");
  const result = await withRetentionLock(() => runLocked(options));
  if (!result) throw new RetentionBusyError();
  return result;
}

async function runLocked(options: Parameters<typeof runRetention>[0]): Promise<RetentionRunResult> {
  const prisma = await getPrisma();
  const now = options.now ?? new Date();
  const dryRun = options.dryRun ?? false;
  const jobId = randomUUID();
  const workspaces = await prisma.workspace.findMany({
    where: options.workspaceIds ? { id: { in: options.workspaceIds } } : {},
    select: { id: true, slug: true },
    orderBy: { createdAt: "asc" },
  });
  const results: WorkspaceRetention[] = [];
  for (const workspace of workspaces) {
    const { updatedAt: _, ...saved } = await getRetentionPolicy({ workspaceId: workspace.id });
    const policy = options.policy ?? saved;
    const run = await prisma.retentionRun.create({
      data: {
        jobId,
        workspaceId: workspace.id,
        trigger: options.trigger,
        actorUserId: options.actorUserId ?? null,
        dryRun,
        policy,
        asOf: now,
      },
      select: { id: true },
    });
    const by: WriteContext = options.actorUserId ? { actorType: "user", actorUserId: options.actorUserId } : { actorType: "system" };
    try {
      const plan = await planRetention({ workspaceId: workspace.id, policy, now });
      const counts = dryRun ? countPlan(plan) : await applyPlan({ workspaceId: workspace.id, plan, now, by, runId: run.id });
      await prisma.retentionRun.update({
        where: { id: run.id },
        data: { status: "succeeded", counts: { ...counts }, finishedAt: new Date() },
      });
      results.push({
        workspaceId: workspace.id,
        slug: workspace.slug,
        runId: run.id,
        status: "succeeded",
        policy,
        counts,
        ...(dryRun && { preview: previewOf(plan) }),
      });
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      log.error({ err: error, workspace: workspace.slug }, "[retention] the workspace's run failed");
      await prisma.retentionRun.update({ where: { id: run.id }, data: { status: "failed", error: message, finishedAt: new Date() } });
      results.push({
        workspaceId: workspace.id,
        slug: workspace.slug,
        runId: run.id,
        status: "failed",
        error: message,
        policy,
        counts: zeroCounts(),
      });
    }
  }
  if (!dryRun && !options.workspaceIds) {
    await prisma.retentionRun.deleteMany({ where: { startedAt: { lt: new Date(Date.now() - RUN_HISTORY_DAYS * 86_400_000) } } });
  }
  return { jobId, dryRun, asOf: now, workspaces: results };
}

export function countPlan(plan: RetentionPlan): RetentionCounts {
  const articles = (change: string) => plan.articles.filter((article) => article.change === change).length;
  return {
    sessionDeleted: plan.session.filter((item) => !item.important).length,
    sessionPromoted: plan.session.filter((item) => item.important).length,
    customerArchived: plan.archive.reduce((sum, customer) => sum + customer.memoryIds.length, 0),
    customersArchived: plan.archive.length,
    customerRestored: plan.restore.reduce((sum, customer) => sum + customer.memoryIds.length, 0),
    knowledgeFlagged: plan.knowledge.flag.length + articles("flag") + articles("due"),
    knowledgeUnflagged: plan.knowledge.unflag.length,
    reviewRescheduled: articles("reschedule"),
  };
}

function previewOf(plan: RetentionPlan): RetentionPreview {
  const short = (text: string) => (text.length > 140 ? `${text.slice(0, 139)}…` : text);
  return {
    session: plan.session
      .slice(0, PREVIEW_ITEMS)
      .map((item) => ({ id: item.id, type: item.type, text: short(item.text), important: item.important })),
    archive: plan.archive.slice(0, PREVIEW_ITEMS).map((item) => ({
      customerId: item.customerId,
      name: item.name,
      memories: item.memoryIds.length,
      lastActiveAt: item.lastActiveAt?.toISOString() ?? null,
    })),
    restore: plan.restore.slice(0, PREVIEW_ITEMS).map((item) => ({ customerId: item.customerId, memories: item.memoryIds.length })),
    knowledge: [
      ...plan.knowledge.flag.map((item) => ({
        id: item.id,
        kind: "memory" as const,
        text: short(item.text),
        lastReviewedAt: item.lastReviewedAt.toISOString(),
      })),
      ...plan.articles
        .filter((article) => article.change === "flag" || article.change === "due")
        .map((article) => ({ id: article.id, kind: "article" as const, text: article.title, lastReviewedAt: null })),
    ].slice(0, PREVIEW_ITEMS),
  };
}

/** Does what the plan says, counting only what actually changed (someone may have been first). */
async function applyPlan(input: {
  workspaceId: string;
  plan: RetentionPlan;
  now: Date;
  by: WriteContext;
  runId: string;
}): Promise<RetentionCounts> {
  const { workspaceId, plan, now, by } = input;
  const prisma = await getPrisma();
  const counts = zeroCounts();
  let dueOnly = 0;
  const customers = await existingCustomers(
    workspaceId,
    [...plan.session, ...plan.archive, ...plan.restore].map((item) => item.customerId),
  );
  const forCustomer = (customerId: string): WriteContext => ({ ...by, customerId: customers.has(customerId) ? customerId : null });
  const unverified = await unverifiedTickets(
    workspaceId,
    plan.session.map((item) => item.sessionId),
  );

  for (const item of plan.session) {
    const write = forCustomer(item.customerId);
    // A ticket whose sender never proved the address joins no customer's memory (lib/support/public.ts).
    const promote = item.important && !unverified.has(item.sessionId);
    try {
      if (promote)
        await promoteSessionMemory({
          workspaceId,
          customerId: item.customerId,
          sessionId: item.sessionId,
          memory: item,
          at: now,
          by: write,
        });
      await deleteMemory({ workspaceId, memoryId: item.id, by: write });
      counts[promote ? "sessionPromoted" : "sessionDeleted"]++;
    } catch (error) {
      // Cleared meanwhile (the ticket was resolved, which promotes important memories too).
      if (!(error instanceof NotFoundError)) throw error;
    }
  }
  for (const customer of plan.archive) {
    const archived = await setMemoriesArchived({
      workspaceId,
      customerId: customer.customerId,
      memoryIds: customer.memoryIds,
      archived: true,
      at: now,
      by: forCustomer(customer.customerId),
    });
    counts.customerArchived += archived;
    if (archived > 0) counts.customersArchived++;
  }
  for (const customer of plan.restore) {
    counts.customerRestored += await setMemoriesArchived({
      workspaceId,
      customerId: customer.customerId,
      memoryIds: customer.memoryIds,
      archived: false,
      at: now,
      by: forCustomer(customer.customerId),
    });
  }
  for (const item of plan.knowledge.flag) {
    if (await setMemoryMarks({ workspaceId, memoryId: item.id, marks: { reviewDueSince: now.toISOString() }, by }))
      counts.knowledgeFlagged++;
  }
  for (const item of plan.knowledge.unflag) {
    if (await setMemoryMarks({ workspaceId, memoryId: item.id, marks: { reviewDueSince: null }, by })) counts.knowledgeUnflagged++;
  }
  for (const article of plan.articles) {
    if (article.change === "due") {
      dueOnly++;
      continue;
    }
    // Compare-and-set: an admin confirming a review meanwhile wins. Raw SQL so the
    // article's updated_at (the knowledge base's "last edited") stays as it was.
    const changed = await prisma.$executeRaw`
      UPDATE knowledge_articles SET review_due_at = ${article.to}
       WHERE id = ${article.id}::uuid AND workspace_id = ${workspaceId}::uuid AND review_due_at IS NOT DISTINCT FROM ${article.from}::timestamptz`;
    if (changed === 0) continue;
    counts[article.change === "flag" ? "knowledgeFlagged" : "reviewRescheduled"]++;
  }

  // Articles that merely fell due were not written to: reported, not audited.
  const wrote = Object.values(counts).some((count) => count > 0);
  counts.knowledgeFlagged += dueOnly;
  if (wrote) {
    await prisma.$transaction((tx) =>
      recordAudit(tx, {
        workspaceId,
        actorUserId: by.actorUserId ?? null,
        actorType: by.actorType,
        action: "retention.applied",
        targetType: "retention_run",
        targetId: input.runId,
        summary: { ...counts },
      }),
    );
  }
  return counts;
}

async function existingCustomers(workspaceId: string, ids: string[]): Promise<Set<string>> {
  const uuids = [...new Set(ids)].filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id));
  if (uuids.length === 0) return new Set();
  const prisma = await getPrisma();
  const rows = await prisma.customer.findMany({ where: { workspaceId, id: { in: uuids } }, select: { id: true } });
  return new Set(rows.map((row) => row.id));
}

/** Of these sessions (ticket ids), the tickets whose sender has not verified the address. */
async function unverifiedTickets(workspaceId: string, ids: string[]): Promise<Set<string>> {
  const uuids = [...new Set(ids)].filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id));
  if (uuids.length === 0) return new Set();
  const prisma = await getPrisma();
  const rows = await prisma.ticket.findMany({ where: { workspaceId, id: { in: uuids }, verifiedAt: null }, select: { id: true } });
  return new Set(rows.map((row) => row.id));
}

/** The workspace's latest runs, newest first, for the admin's run history. */
export async function listRetentionRuns({ workspaceId, limit = 50 }: { workspaceId: string; limit?: number }) {
  const prisma = await getPrisma();
  const runs = await prisma.retentionRun.findMany({
    where: { workspaceId },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: limit,
    select: {
      id: true,
      trigger: true,
      dryRun: true,
      status: true,
      error: true,
      policy: true,
      asOf: true,
      counts: true,
      startedAt: true,
      finishedAt: true,
    },
  });
  return runs.map((run) => ({
    ...run,
    policy: run.policy as unknown as RetentionPolicy,
    counts: { ...zeroCounts(), ...(run.counts as Partial<RetentionCounts>) },
  }));
}
