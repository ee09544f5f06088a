import "server-only";
import { z } from "zod";
import { getPrisma } from "@/lib/db";
import { defineJob, scheduleJob } from "@/lib/jobs";
import { log } from "@/lib/log";
import { verifyAuditChain } from "./verify";

// The audit page walks at most 20,000 entries a view from the newest checkpoint (verify.ts),
// so a log that grew by more than that unseen (a busy month, an upgrade from before
// checkpoints) would take many views to catch up. This job walks ahead of the page: every
// 10 minutes, workspaces whose checkpoint lags their chain head by more than a view's walk
// are verified, up to a budget of entries per run, each walk writing its checkpoint. A
// broken chain writes none past the break, so the page still finds and names it.

export const AUDIT_VERIFY_AHEAD_JOB = "audit.verify-ahead";
const VIEW_WALK = 20_000;
const ENTRIES_PER_RUN = 200_000;

/**
 * Verifies lagging workspaces' chains ahead of their audit page; returns what it walked.
 * `only` limits it to some workspaces (tests sharing a database with others).
 */
export async function verifyAuditChainsAhead({
  lag = VIEW_WALK,
  budget = ENTRIES_PER_RUN,
  only,
}: { lag?: number; budget?: number; only?: string[] } = {}): Promise<{
  workspaces: number;
  entries: number;
  broken: number;
}> {
  const prisma = await getPrisma();
  const lagging = await prisma.$queryRaw<Array<{ workspace_id: string }>>`
    SELECT h.workspace_id::text
    FROM audit_chain_heads h
    WHERE h.seq - COALESCE((SELECT max(c.seq) FROM audit_checkpoints c WHERE c.workspace_id = h.workspace_id), 0) > ${lag}
    ORDER BY h.seq DESC`;
  const done = { workspaces: 0, entries: 0, broken: 0 };
  for (const { workspace_id: workspaceId } of lagging) {
    if (only && !only.includes(workspaceId)) continue;
    if (done.entries >= budget) break;
    const status = await verifyAuditChain({ workspaceId, limit: budget - done.entries });
    done.workspaces += 1;
    done.entries += status.entries;
    if (!status.ok) {
      done.broken += 1;
      log.error({ workspaceId, seq: status.brokenAt.seq, reason: status.brokenAt.reason }, "[audit] the chain is broken");
    }
  }
  return done;
}

defineJob(
  AUDIT_VERIFY_AHEAD_JOB,
  async () => {
    const done = await verifyAuditChainsAhead();
    if (done.workspaces > 0) log.info(done, "[audit] verified ahead of the audit page");
  },
  { payload: z.object({}), singleton: true, retryLimit: 0, expireInSeconds: 15 * 60 },
);

const state = globalThis as unknown as { __auditVerifyAhead?: () => void };

/** Starts the schedule once per process (it runs once the job workers do); returns a function that stops it. */
export function scheduleAuditVerifyAhead(): () => void {
  if (state.__auditVerifyAhead) return state.__auditVerifyAhead;
  const stop = scheduleJob(AUDIT_VERIFY_AHEAD_JOB, { everyMinutes: 10 });
  state.__auditVerifyAhead = () => {
    stop();
    state.__auditVerifyAhead = undefined;
  };
  return state.__auditVerifyAhead;
}
