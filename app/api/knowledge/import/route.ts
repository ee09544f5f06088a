import { ndjsonResponse } from "@/lib/api/ndjson";
import { ValidationError } from "@/lib/errors";
import { readFormData } from "@/lib/http/body";
import { sessionRoute } from "@/lib/http/boundary";
import { importKnowledge, MAX_IMPORT_BYTES, parseImport } from "@/lib/knowledge/transfer";

export const dynamic = "force-dynamic";

/**
 * Admin only. Takes a multipart upload ("file") and answers with newline-delimited JSON
 * progress events and a final summary (lib/knowledge/transfer.ts). The upload is read
 * through the byte limit (413 past it, before it is all buffered); a file that cannot be
 * read at all is a 400 before anything is imported.
 */
export const POST = sessionRoute({ role: "ADMIN" }, async ({ actor, request }) => {
  // The multipart envelope adds a little to the file itself.
  const form = await readFormData(request, MAX_IMPORT_BYTES + 64 * 1024);
  const file = form.get("file");
  if (!(file instanceof File) || !file.size) throw new ValidationError("Choose a JSON or CSV file first.");
  if (file.size > MAX_IMPORT_BYTES) throw new ValidationError(`The file is larger than ${MAX_IMPORT_BYTES / 1_000_000} MB.`);
  const parsed = parseImport(await file.text(), file.name);
  return ndjsonResponse(
    importKnowledge({ actor, ...parsed }),
    "The import stopped unexpectedly; rows before this point were saved.",
    "knowledge import",
  );
});
