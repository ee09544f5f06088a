import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import type { Prisma } from "@/lib/db/generated/client";
import { env } from "@/lib/env";
import { formatBytes } from "@/lib/http/body";
import { type AttachmentKey, attachmentStore } from "./store";

// Files on messages. Whatever the sender says a file is, its type is sniffed from its bytes;
// a name is cleaned of paths, control and direction characters; a file over the per-file
// limit, or past the per-message total, is refused with a reason the thread shows, and the
// message itself still goes in. Downloads are served as attachments (./serve.ts), never
// rendered by the browser. The bytes live in the database (attachment_contents) or, with
// S3_URL, in a bucket (./store.ts).

export interface IncomingFile {
  filename: string;
  /** What the sender claimed; used only for text the bytes cannot tell apart. */
  declaredType?: string;
  bytes: Uint8Array;
}

export interface PreparedFile {
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  bytes: Uint8Array;
}

export interface RefusedFile {
  filename: string;
  reason: string;
}

export function attachmentLimits() {
  const config = env();
  return { perFile: config.ATTACHMENT_MAX_FILE_BYTES, perMessage: config.ATTACHMENT_MAX_MESSAGE_BYTES };
}

// Controls, direction overrides (a name "invoice\u202Efdp.exe" shows as "invoiceexe.pdf"),
// and characters that are paths or quotes in a header.
const UNSAFE_NAME = /[\u0000-\u001F\u007F\u202A-\u202E\u2066-\u2069/\\"<>:|?*]/g;

export function cleanFilename(name: string | undefined): string {
  const base = (name ?? "").split(/[/\\]/).pop() ?? "";
  const cleaned = base.replace(UNSAFE_NAME, "_").replace(/^\.+/, "").trim().slice(0, 200);
  return cleaned || "attachment";
}

function isUtf8Text(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, 64 * 1024));
    return !bytes.subarray(0, 64 * 1024).includes(0);
  } catch {
    return false;
  }
}

/** The type the bytes say; for text without a signature, text/plain (never HTML: served as data, not a page). */
export async function sniffContentType(bytes: Uint8Array, declared?: string): Promise<string> {
  const found = await fileTypeFromBuffer(bytes);
  if (found) return found.mime;
  if ((declared?.startsWith("text/") || /\.(txt|log|csv|md)$/i.test(declared ?? "")) && isUtf8Text(bytes)) return "text/plain";
  return isUtf8Text(bytes) ? "text/plain" : "application/octet-stream";
}

/** Checks names, types and sizes; what fits is prepared, the rest refused with a reason. */
export async function prepareFiles(
  files: IncomingFile[],
  limits = attachmentLimits(),
): Promise<{ accepted: PreparedFile[]; refused: RefusedFile[] }> {
  const accepted: PreparedFile[] = [];
  const refused: RefusedFile[] = [];
  let total = 0;
  for (const file of files.slice(0, 50)) {
    const filename = cleanFilename(file.filename);
    if (file.bytes.byteLength === 0) continue;
    if (file.bytes.byteLength > limits.perFile) {
      refused.push({ filename, reason: `larger than ${formatBytes(limits.perFile)}` });
      continue;
    }
    if (total + file.bytes.byteLength > limits.perMessage) {
      refused.push({ filename, reason: `the files of one message may total ${formatBytes(limits.perMessage)}` });
      continue;
    }
    total += file.bytes.byteLength;
    accepted.push({
      filename,
      contentType: await sniffContentType(file.bytes, file.declaredType),
      size: file.bytes.byteLength,
      sha256: createHash("sha256").update(file.bytes).digest("hex"),
      bytes: file.bytes,
    });
  }
  for (const file of files.slice(50)) refused.push({ filename: cleanFilename(file.filename), reason: "at most 50 files a message" });
  return { accepted, refused };
}

/** A line for the message body naming files that were not kept, so the agent knows to ask. */
export function refusedNote(refused: RefusedFile[]): string {
  if (refused.length === 0) return "";
  return `\n\n(Not kept: ${refused.map((file) => `${file.filename} (${file.reason})`).join("; ")}.)`;
}

/**
 * Stores the files on a message, in the transaction that writes the message: the rows,
 * then the bytes (a content row in that transaction, or an object in the bucket). A put
 * that fails throws, so the message is not saved; the objects it had put are deleted. If
 * the transaction fails later, its objects are left without rows until the sweep
 * (./sweep.ts). The puts run while the transaction is open (Prisma's 5 s by default).
 */
export async function storeAttachments(
  tx: Prisma.TransactionClient,
  target: { workspaceId: string; ticketId: string; messageId: string; customerId: string },
  files: PreparedFile[],
): Promise<void> {
  if (files.length === 0) return;
  const rows = files.map((file) => ({
    id: randomUUID(),
    ...target,
    filename: file.filename,
    contentType: file.contentType,
    size: file.size,
    sha256: file.sha256,
  }));
  // Rows first, one by one as before (their order is the thread's): a database error then
  // stops the send before anything reaches the bucket.
  for (const row of rows) await tx.attachment.create({ data: row, select: { id: true } });
  const store = attachmentStore(tx);
  const put: AttachmentKey[] = [];
  try {
    for (const [index, file] of files.entries()) {
      const key = { workspaceId: target.workspaceId, attachmentId: rows[index]!.id };
      await store.put(key, file.bytes, file.contentType);
      put.push(key);
    }
  } catch (error) {
    await store.delete(put).catch(() => {});
    throw error;
  }
}

/** The metadata a thread shows: pass as `select: { attachments: attachmentSelect }`. */
export const attachmentSelect = {
  orderBy: { createdAt: "asc" },
  select: { id: true, filename: true, contentType: true, size: true },
} as const;
