import type { Prisma } from "@/lib/db/generated/client";

// Audit entries are written with the change they describe, inside its transaction, so a
// failed audit write rolls the change back.

export interface AuditEntry {
  workspaceId: string;
  actorUserId?: string | null;
  actorType: "user" | "system" | "api" | "customer";
  action: string;
  targetType: string;
  targetId?: string | null;
  customerId?: string | null;
  /** What changed: ids, field names and counts; never passwords, keys or message bodies. */
  summary?: Prisma.InputJsonObject;
}

export async function recordAudit(tx: Prisma.TransactionClient, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      workspaceId: entry.workspaceId,
      actorUserId: entry.actorUserId ?? null,
      actorType: entry.actorType,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      customerId: entry.customerId ?? null,
      summary: entry.summary ?? {},
    },
  });
}
