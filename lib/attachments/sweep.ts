import "server-only";
import { getPrisma } from "@/lib/db";
import { listObjects, objectStore } from "./store";
import { log } from "@/lib/log";

// A bucket has no cascade. Attachment rows go with their message, ticket, customer or
// workspace, from many code paths; rather than teach each one about the bucket, this sweep
// deletes objects whose row is gone. It also takes the objects of a send whose transaction
// failed after its files were put. Erasure does not wait for it: it deletes the customer's
// objects itself (lib/privacy/erasure-steps.ts). An object younger than the grace period
// may belong to a transaction still open, whose row no other connection can see yet.

export const OBJECT_SWEEP_GRACE_MS = 60 * 60_000;
export const OBJECT_SWEEP_INTERVAL_MS = 60 * 60_000;

const KEY = /^([0-9a-f-]{36})\/([0-9a-f-]{36})$/;

/** Deletes objects older than the grace period whose attachment row is gone; null without S3_URL. */
export async function sweepOrphanObjects(
  options: { now?: Date; graceMs?: number } = {},
): Promise<{ checked: number; deleted: number } | null> {
  const store = objectStore();
  if (!store) return null;
  const before = (options.now ?? new Date()).getTime() - (options.graceMs ?? OBJECT_SWEEP_GRACE_MS);
  const prisma = await getPrisma();
  const outcome = { checked: 0, deleted: 0 };
  for await (const page of listObjects(store)) {
    // Keys of another shape are not ours: left alone.
    const candidates = page.flatMap(({ key, modifiedAt }) => {
      const match = KEY.exec(key);
      return match && modifiedAt.getTime() < before ? [{ workspaceId: match[1]!, attachmentId: match[2]! }] : [];
    });
    if (candidates.length === 0) continue;
    outcome.checked += candidates.length;
    const kept = await prisma.attachment.findMany({
      where: { id: { in: candidates.map((key) => key.attachmentId) } },
      select: { id: true },
    });
    const keptIds = new Set(kept.map((row) => row.id));
    const orphans = candidates.filter((key) => !keptIds.has(key.attachmentId));
    await store.delete(orphans);
    outcome.deleted += orphans.length;
  }
  return outcome;
}

/** Sweeps hourly when S3_URL is set (a no-op otherwise); returns a function that stops it. */
export function scheduleObjectSweep(intervalMs = OBJECT_SWEEP_INTERVAL_MS): () => void {
  if (!objectStore()) return () => {};
  const run = () => sweepOrphanObjects().catch((error: Error) => log.warn({ err: error }, "[attachments] sweeping the bucket failed"));
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
