import "server-only";
import { z } from "zod";
import { ValidationError } from "@/lib/errors";
import { type PreparedFile, prepareFiles } from "./files";

// Files sent with a form (an agent's reply, the public form, a customer's reply). A form's
// entries become a plain object for the action's schema, with every `files` entry kept
// (Object.fromEntries would keep only the last). A file over a limit refuses the whole send
// with the reason next to the file field: the sender is there to pick a smaller one.

export const uploadedFilesSchema = z.array(z.instanceof(File)).max(20, "Attach at most 20 files at once.").default([]);

export function formWithFiles(form: FormData): Record<string, unknown> {
  const files = form.getAll("files").filter((value): value is File => value instanceof File && value.size > 0);
  const rest = Object.fromEntries([...form.entries()].filter(([name]) => name !== "files"));
  return { ...rest, files };
}

export async function prepareUploads(files: File[]): Promise<PreparedFile[]> {
  if (files.length === 0) return [];
  const { accepted, refused } = await prepareFiles(
    await Promise.all(
      files.map(async (file) => ({ filename: file.name, declaredType: file.type, bytes: new Uint8Array(await file.arrayBuffer()) })),
    ),
  );
  if (refused.length > 0) {
    const reasons = refused.map((file) => `${file.filename}: ${file.reason}.`);
    throw new ValidationError("A file cannot be attached.", { files: reasons });
  }
  return accepted;
}
