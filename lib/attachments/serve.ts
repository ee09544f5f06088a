import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { readStoredFiles } from "./store";

// Reading a file back: by the workspace's agents (any message), or by the customer through
// their ticket link (only files on their own and the agents' messages, never on internal
// notes; lib/support/public.ts). Either way it is sent as a download that the browser must
// not render or sniff: a file is the sender's bytes, an HTML or SVG file included.

export interface StoredFile {
  filename: string;
  contentType: string;
  bytes: Uint8Array;
}

/** The file, if it belongs to the given scope (`where` narrows by workspace, ticket, message kind). */
export async function readAttachment(where: {
  id: string;
  workspaceId: string;
  ticketId?: string;
  messageKinds?: Array<"CUSTOMER" | "AGENT" | "NOTE">;
}): Promise<StoredFile> {
  if (!z.uuid().safeParse(where.id).success) throw new NotFoundError("File");
  const prisma = await getPrisma();
  const row = await prisma.attachment.findFirst({
    where: {
      id: where.id,
      workspaceId: where.workspaceId,
      ...(where.ticketId && { ticketId: where.ticketId }),
      ...(where.messageKinds && { message: { kind: { in: where.messageKinds } } }),
    },
    select: { id: true, filename: true, contentType: true },
  });
  if (!row) throw new NotFoundError("File");
  const bytes = (await readStoredFiles([{ workspaceId: where.workspaceId, attachmentId: row.id }])).get(row.id);
  if (!bytes) throw new NotFoundError("File");
  return { filename: row.filename, contentType: row.contentType, bytes };
}

export function readAttachmentForAgent({ actor, attachmentId }: { actor: Actor; attachmentId: string }): Promise<StoredFile> {
  return readAttachment({ id: attachmentId, workspaceId: actor.workspaceId });
}

/** A download the browser saves rather than shows: no sniffing, no scripts, not cached by proxies. */
export function attachmentResponse(file: StoredFile): Response {
  const ascii = file.filename.replace(/[^\x20-\x7E]/g, "_").replace(/["\\]/g, "_");
  return new Response(new Blob([new Uint8Array(file.bytes)]), {
    status: 200,
    headers: {
      "content-type": file.contentType,
      "content-length": String(file.bytes.byteLength),
      "content-disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
      "cache-control": "private, no-store",
    },
  });
}
