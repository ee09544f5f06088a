import "server-only";
import { randomUUID } from "node:crypto";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { sendMail } from "@/lib/mail/send";
import {
  type ErasureRequestRow,
  type ErasureStepName,
  erasureSteps,
  patternsFor,
  runStep,
  type StepContext,
  type StepRecord,
} from "./erasure-steps";
import { hashEmail, normalizeEmail } from "./hash";
import type { NeedlePattern } from "./redact";
import { buildReceipt, type ErasureReceipt, receiptMail } from "./receipt";
import { log } from "@/lib/log";

// One erasure job per request (erasure_requests): idempotent and resumable. Each step
// erases one kind and records what it did; a stopped job (crash, deploy, failing step)
// resumes from the first unrecorded step, at start-up (lib/startup.ts) or by the periodic
// sweep. A lease keeps two server processes off the same request. The last step writes the
// tombstone (an audit entry with the request id, a keyed hash of the address, the counts,
// the times and who asked) and forgets the address.

const LEASE_MS = 2 * 60_000;

export type RequestedBy = { type: "customer" } | { type: "user"; userId: string } | { type: "system" };

export class ErasureInProgressError extends AppError {
  constructor() {
    super("This erasure is already running and will finish shortly.", 409);
  }
}

export interface ErasureHooks {
  /** Called after each step is recorded; tests stop the job here to simulate a crash. */
  afterStep?: (step: ErasureStepName) => void | Promise<void>;
}

const requestSelect = {
  id: true,
  workspaceId: true,
  customerId: true,
  email: true,
  emailHash: true,
  requestedByType: true,
  requestedByUserId: true,
  steps: true,
  status: true,
  createdAt: true,
  completedAt: true,
} as const;

/**
 * Records an erasure of the address (the customer it belongs to, if any) and returns its id.
 * An unfinished request for the same address is reused rather than doubled.
 */
export async function startErasure(input: {
  workspaceId: string;
  email: string;
  requestedBy: RequestedBy;
}): Promise<{ requestId: string }> {
  const email = normalizeEmail(input.email);
  const emailHash = hashEmail(input.workspaceId, email);
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const pending = await tx.erasureRequest.findFirst({
      where: { workspaceId: input.workspaceId, emailHash, status: "pending" },
      select: { id: true },
    });
    if (pending) return { requestId: pending.id };
    const customer = await tx.customer.findFirst({ where: { workspaceId: input.workspaceId, email }, select: { id: true } });
    const id = randomUUID();
    const requestedByUserId = input.requestedBy.type === "user" ? input.requestedBy.userId : null;
    await tx.erasureRequest.create({
      data: {
        id,
        workspaceId: input.workspaceId,
        customerId: customer?.id ?? null,
        email,
        emailHash,
        requestedByType: input.requestedBy.type,
        requestedByUserId,
      },
    });
    // Who asked, from the start (the tombstone follows at the end). No customer link: nothing here to redact.
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actorUserId: requestedByUserId,
      actorType: input.requestedBy.type,
      action: "privacy.erasure_requested",
      targetType: "erasure_request",
      targetId: id,
      summary: { requestId: id },
    });
    return { requestId: id };
  });
}

/** Runs (or resumes) the request to the end and returns its receipt. */
export async function runErasure(input: {
  requestId: string;
  hooks?: ErasureHooks;
  takeOverLease?: boolean;
  now?: () => Date;
}): Promise<ErasureReceipt> {
  const now = input.now ?? (() => new Date());
  const prisma = await getPrisma();
  const at = now();
  const claimed = await prisma.erasureRequest.updateMany({
    where: {
      id: input.requestId,
      status: "pending",
      ...(!input.takeOverLease && { OR: [{ leaseUntil: null }, { leaseUntil: { lt: at } }] }),
    },
    data: { leaseUntil: new Date(at.getTime() + LEASE_MS), attempts: { increment: 1 } },
  });
  const row = await prisma.erasureRequest.findUnique({ where: { id: input.requestId }, select: requestSelect });
  if (!row) throw new NotFoundError("Erasure request");
  if (claimed.count === 0) {
    if (row.status === "done") return receiptOf(row);
    throw new ErasureInProgressError();
  }
  const request: ErasureRequestRow = { ...row, steps: (row.steps ?? {}) as unknown as Record<string, StepRecord> };
  const by = {
    actorType: request.requestedByType as "customer" | "user" | "system",
    actorUserId: request.requestedByUserId,
    customerId: null,
  };
  try {
    for (const step of erasureSteps) {
      if (request.steps[step]?.doneAt) continue;
      await runStep[step](stepContext(request, step, by, now));
      await input.hooks?.afterStep?.(step);
    }
    const mailed = request.steps.receipt_mail?.doneAt;
    return await finish(request, mailed ? new Date(mailed) : now());
  } catch (error) {
    // Let the next start or sweep retry at once; the message names the step, not the person.
    const message = `${(error as Error).name}: ${(error as Error).message}`.slice(0, 500);
    await prisma.erasureRequest
      .update({ where: { id: request.id }, data: { leaseUntil: null, lastError: message } })
      .catch(() => undefined);
    throw error;
  }
}

function stepContext(request: ErasureRequestRow, step: ErasureStepName, by: StepContext["by"], now: () => Date): StepContext {
  let patterns: Promise<NeedlePattern[]> | undefined;
  const record = async (entry: StepRecord, tx?: Prisma.TransactionClient) => {
    const client = tx ?? (await getPrisma());
    const lease = new Date(now().getTime() + LEASE_MS);
    // Merged in SQL (jsonb ||), so a step records only its own key.
    await client.$executeRawUnsafe(
      `UPDATE erasure_requests SET steps = steps || $2::jsonb, lease_until = $3 WHERE id = $1::uuid`,
      request.id,
      JSON.stringify({ [step]: entry }),
      lease,
    );
    request.steps[step] = entry;
  };
  return {
    request,
    by,
    mark: (count, tx, at) =>
      record({ ...request.steps[step], count: Math.max(count, request.steps[step]?.found ?? 0), doneAt: (at ?? now()).toISOString() }, tx),
    async noteFound(found) {
      const earlier = request.steps[step]?.found;
      if (earlier === undefined) await record({ count: 0, found });
      return Math.max(found, earlier ?? 0);
    },
    patterns: () => (patterns ??= patternsFor(request)),
    async sendReceipt(completedAt) {
      if (!request.email) return;
      const prisma = await getPrisma();
      const workspace = await prisma.workspace.findUniqueOrThrow({ where: { id: request.workspaceId }, select: { name: true } });
      const createdAt = (await prisma.erasureRequest.findUniqueOrThrow({ where: { id: request.id }, select: { createdAt: true } }))
        .createdAt;
      const receipt = buildReceipt({ id: request.id, createdAt, completedAt, steps: request.steps });
      await sendMail(receiptMail({ workspaceId: request.workspaceId, workspaceName: workspace.name, email: request.email, receipt }));
    },
  };
}

async function finish(request: ErasureRequestRow, completedAt: Date): Promise<ErasureReceipt> {
  const prisma = await getPrisma();
  const row = await prisma.$transaction(async (tx) => {
    const current = await tx.erasureRequest.findUniqueOrThrow({ where: { id: request.id }, select: requestSelect });
    const receipt = buildReceipt({
      id: current.id,
      createdAt: current.createdAt,
      completedAt,
      steps: current.steps as unknown as Record<string, StepRecord>,
    });
    await recordAudit(tx, {
      workspaceId: request.workspaceId,
      actorUserId: request.requestedByUserId,
      actorType: request.requestedByType as "customer" | "user" | "system",
      action: "customer.erased",
      targetType: "erasure_request",
      targetId: request.id,
      summary: {
        requestId: request.id,
        emailHash: request.emailHash,
        requestedBy: request.requestedByType,
        requestedAt: current.createdAt.toISOString(),
        completedAt: completedAt.toISOString(),
        counts: Object.fromEntries(receipt.items.map((item) => [item.kind, item.count])),
      },
    });
    return tx.erasureRequest.update({
      where: { id: request.id },
      // The address was kept only to find mail sent to it and to send the receipt, the id to resume.
      data: { status: "done", email: null, customerId: null, completedAt, leaseUntil: null, lastError: null },
      select: requestSelect,
    });
  });
  return receiptOf(row);
}

function receiptOf(row: { id: string; createdAt: Date; completedAt: Date | null; steps: unknown }): ErasureReceipt {
  return buildReceipt({
    id: row.id,
    createdAt: row.createdAt,
    completedAt: row.completedAt,
    steps: row.steps as Record<string, StepRecord>,
  });
}

export async function getErasureReceipt({ workspaceId, requestId }: { workspaceId: string; requestId: string }): Promise<ErasureReceipt> {
  const prisma = await getPrisma();
  const row = await prisma.erasureRequest.findFirst({ where: { id: requestId, workspaceId }, select: requestSelect });
  if (!row) throw new NotFoundError("Erasure request");
  return receiptOf(row);
}

/**
 * Completes unfinished requests. At start-up of the embedded database (one process by its
 * lock) leases are taken over; on a server, only expired leases are (another process may be
 * working on the rest).
 */
export async function resumeErasures(
  options: { takeOverLeases?: boolean; hooks?: ErasureHooks } = {},
): Promise<{ completed: string[]; failed: string[] }> {
  const prisma = await getPrisma();
  const pending = await prisma.erasureRequest.findMany({
    where: { status: "pending" },
    orderBy: { createdAt: "asc" },
    select: { id: true, leaseUntil: true },
  });
  const completed: string[] = [];
  const failed: string[] = [];
  for (const { id, leaseUntil } of pending) {
    if (!options.takeOverLeases && leaseUntil && leaseUntil > new Date()) continue;
    try {
      await runErasure({ requestId: id, takeOverLease: options.takeOverLeases, hooks: options.hooks });
      completed.push(id);
    } catch (error) {
      if (error instanceof ErasureInProgressError) continue;
      log.error({ err: error, erasureId: id }, "[privacy] erasure stopped again");
      failed.push(id);
    }
  }
  return { completed, failed };
}

/** An admin erases a customer of their workspace from the customer page. */
export async function eraseCustomer({ actor, customerId }: { actor: Actor; customerId: string }): Promise<ErasureReceipt> {
  if (actor.role !== "ADMIN") throw new ForbiddenError();
  const prisma = await getPrisma();
  const customer = await prisma.customer.findFirst({ where: { id: customerId, workspaceId: actor.workspaceId }, select: { email: true } });
  if (!customer) throw new NotFoundError("Customer");
  const { requestId } = await startErasure({
    workspaceId: actor.workspaceId,
    email: customer.email,
    requestedBy: { type: "user", userId: actor.userId },
  });
  return runErasure({ requestId });
}
