import "server-only";
import { REDACTION_ACTION } from "@/lib/audit/chain";
import { type RedactionBy, recordAudit, redactAuditEntries } from "@/lib/audit/record";
import type { Prisma } from "@/lib/db/generated/client";
import { identifierPatterns, type NeedlePattern } from "./redact";

// The audit side of an erasure. Summaries hold ids, never personal data (recordAudit's
// rule), and refer to the customer through customerId/targetId. The customer's own entries
// (found by that id) are scrubbed by lib/audit's redactAuditEntries, which keeps the hash
// chain verifiable. Older entries may still carry an address in a summary: an entry not
// linked to the customer is scrubbed the same way only when its summary holds their email
// address or phone number. A name alone never does it: "Billing" is a customer's name and a
// queue's. Scrubbing replaces the summary and sets redacted_at, keeps digest and hash, and
// is recorded in an `audit.redacted` entry listing the seqs, as the verifier asks.

export async function redactCustomerAuditTrail(
  tx: Prisma.TransactionClient,
  input: { workspaceId: string; customerId: string | null; patterns: NeedlePattern[]; by: RedactionBy },
): Promise<number> {
  const { workspaceId, customerId } = input;
  let redacted = 0;
  if (customerId) redacted += (await redactAuditEntries(tx, { workspaceId, customerId, by: input.by })).redacted;
  const patterns = identifierPatterns(input.patterns);
  if (patterns.length === 0) return redacted;

  // The workspace lock first, as every chain writer takes it; entries without a digest
  // (from before the chain, unsealed) cannot be redacted without breaking it and are left.
  await tx.$queryRawUnsafe(`SELECT 1 FROM workspaces WHERE id = $1::uuid FOR NO KEY UPDATE`, workspaceId);
  const naming = await tx.$queryRawUnsafe<Array<{ id: string; seq: number }>>(
    `SELECT id, seq FROM audit_logs
      WHERE workspace_id = $1::uuid AND redacted_at IS NULL AND summary_digest IS NOT NULL
        AND (${patterns.map((_, index) => `summary::text ~* $${index + 2}`).join(" OR ")})
      ORDER BY seq`,
    workspaceId,
    ...patterns.map((pattern) => pattern.sql),
  );
  if (naming.length === 0) return redacted;
  await tx.auditLog.updateMany({
    where: { id: { in: naming.map((entry) => entry.id) } },
    data: { summary: { redacted: true }, redactedAt: new Date() },
  });
  const seqs = naming.map((entry) => Number(entry.seq));
  await recordAudit(tx, {
    workspaceId,
    actorType: input.by.actorType,
    actorUserId: input.by.actorUserId ?? null,
    action: REDACTION_ACTION,
    targetType: "audit_log",
    summary: { count: seqs.length, seqs },
  });
  return redacted + naming.length;
}
