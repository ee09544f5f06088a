import { ndjsonResponse, sameOrigin } from "@/lib/api/ndjson";
import { apiRoute } from "@/lib/api/respond";
import { requireActor } from "@/lib/auth/guard";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { importKnowledge, MAX_IMPORT_BYTES, parseImport } from "@/lib/knowledge/transfer";

export const dynamic = "force-dynamic";

/**
 * Admin only. Takes a multipart upload ("file") and answers with newline-delimited JSON
 * progress events and a final summary (lib/knowledge/transfer.ts). A file that cannot be
 * read at all is a 400 before anything is imported.
 */
export async function POST(request: Request) {
  let events: AsyncGenerator<unknown> | undefined;
  const refused = await apiRoute(async () => {
    if (!sameOrigin(request)) throw new ForbiddenError();
    const actor = await requireActor({ role: "ADMIN" });
    const form = await request.formData().catch(() => null);
    const file = form?.get("file");
    if (!(file instanceof File) || !file.size) throw new ValidationError("Choose a JSON or CSV file first.");
    if (file.size > MAX_IMPORT_BYTES) throw new ValidationError(`The file is larger than ${MAX_IMPORT_BYTES / 1_000_000} MB.`);
    const parsed = parseImport(await file.text(), file.name);
    events = importKnowledge({ actor, ...parsed });
    return { body: null };
  });
  if (!events) return refused;
  return ndjsonResponse(events, "The import stopped unexpectedly; rows before this point were saved.", "knowledge import");
}
