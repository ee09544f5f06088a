import "server-only";
import { getPrisma } from "@/lib/db";
import { sealAuditChain, workspacesWithPendingAudit } from "./record";
import { log } from "@/lib/log";

// Pending audit entries (appended while another transaction held the chain's end) are chained
// by the next audited write of their workspace, or a moment after their commit by the
// process that wrote them. This sweep catches the rest: a process that stopped in between,
// a write whose transaction outlasted that moment. Every process sweeps; a workspace whose
// chain is held by another transaction is left to it. Readers of the log (the audit page,
// exports, verification) chain what is pending before they read, whatever the sweep did.

export const AUDIT_SEAL_SWEEP_MS = 2_000;

const state = globalThis as unknown as { __auditSealSweep?: () => void };

/** Chains every workspace's pending entries once; returns how many were chained. */
export async function sealPendingAuditEntries(): Promise<number> {
  const prisma = await getPrisma();
  let chained = 0;
  for (const workspaceId of await workspacesWithPendingAudit(prisma)) {
    chained += await sealAuditChain(prisma, workspaceId, { wait: false });
  }
  return chained;
}

/** Starts the sweep once per process; returns a function that stops it. */
export function scheduleAuditSealing(intervalMs = AUDIT_SEAL_SWEEP_MS): () => void {
  if (state.__auditSealSweep) return state.__auditSealSweep;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void sealPendingAuditEntries()
      .catch((error: Error) => log.warn({ err: error }, "[audit] chaining sweep failed"))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  state.__auditSealSweep = () => {
    clearInterval(timer);
    state.__auditSealSweep = undefined;
  };
  return state.__auditSealSweep;
}
