import { type ErasureStepName, erasureSteps, type StepAction, stepLabels, type StepRecord } from "./erasure-steps";
import type { OutgoingMail } from "@/lib/mail/send";
import { maskEmail } from "./redact";

// The receipt of an erasure: the request id, the times, and what was deleted or redacted,
// counted by kind. It names nobody: the mailed copy goes to the address, and the outbox keeps
// it with the address masked, so after the erasure no table holds the address in the clear.

export interface ErasureReceipt {
  requestId: string;
  requestedAt: string;
  completedAt: string | null;
  items: Array<{ kind: ErasureStepName; label: string; count: number; action: StepAction }>;
}

export function buildReceipt(row: {
  id: string;
  createdAt: Date;
  completedAt: Date | null;
  steps: Record<string, StepRecord>;
}): ErasureReceipt {
  const items = erasureSteps.flatMap((kind) => {
    const label = stepLabels[kind];
    const record = row.steps[kind];
    if (!label || !record?.doneAt) return [];
    // Nothing written meanwhile is the usual case: leave that line out.
    if (kind === "leftovers" && record.count === 0) return [];
    return [{ kind, label: record.count === 1 ? label.one : label.many, count: record.count, action: label.action }];
  });
  return { requestId: row.id, requestedAt: row.createdAt.toISOString(), completedAt: row.completedAt?.toISOString() ?? null, items };
}

export function receiptText(receipt: ErasureReceipt, workspaceName: string, completedAt = receipt.completedAt): string {
  const lines = (action: StepAction) =>
    receipt.items.filter((item) => item.action === action).map((item) => `  ${String(item.count).padStart(5)}  ${item.label}`);
  return [
    `Erasure receipt from ${workspaceName}`,
    ``,
    `Request:   ${receipt.requestId}`,
    `Requested: ${receipt.requestedAt}`,
    `Completed: ${completedAt ?? "in progress"}`,
    ``,
    `Deleted:`,
    ...lines("deleted"),
    ``,
    `Kept without your personal data (names, addresses and content removed):`,
    ...lines("redacted"),
    ``,
    ...(receipt.items.some((item) => item.action === "flagged" && item.count > 0)
      ? [
          `Sent to the team for review (an entry of its knowledge base matched your name, address or phone; a person checks it):`,
          ...lines("flagged"),
          ``,
        ]
      : []),
    `We keep a record that this erasure happened: the request id, these counts, the times, who asked,`,
    `and a keyed hash of your email address that cannot be turned back into the address.`,
    `This receipt is mailed once to your address; we do not keep the address itself.`,
  ].join("\n");
}

export function receiptMail(input: { workspaceId: string; workspaceName: string; email: string; receipt: ErasureReceipt }): OutgoingMail {
  const text = receiptText(input.receipt, input.workspaceName, input.receipt.completedAt);
  return {
    workspaceId: input.workspaceId,
    customerId: null,
    kind: "erasure_receipt",
    to: input.email,
    storedTo: maskEmail(input.email),
    subject: `Your ${input.workspaceName} data has been erased`,
    text,
  };
}
