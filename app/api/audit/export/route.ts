import { z } from "zod";
import { auditCsvHeaderLine, auditCsvLine, auditJsonEntry } from "@/lib/audit/export-format";
import { getAuditChainHead } from "@/lib/audit/head";
import { iterateAuditEntries } from "@/lib/audit/list";
import { auditQuerySchema } from "@/lib/audit/query";
import { ValidationError } from "@/lib/errors";
import { sessionRoute } from "@/lib/http/boundary";
import { fieldErrorsOf } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

const exportSchema = z.object({ format: z.enum(["csv", "json", "head"], "Use format=csv, format=json or format=head.") });

/**
 * The audit entries matching the page's filters, as CSV or JSON, streamed in batches.
 * Admins only, the caller's workspace only; the chain fields come along so a copy can be checked.
 * format=head: only the chain head (newest entry's seq, hash, time), for an auditor to keep.
 */
export const GET = sessionRoute({ role: "ADMIN" }, async ({ actor, request }) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const format = exportSchema.safeParse(params);
  const query = auditQuerySchema.safeParse(params);
  if (!format.success || !query.success) {
    const fields = {
      ...(format.error ? fieldErrorsOf(format.error, "query") : {}),
      ...(query.error ? fieldErrorsOf(query.error, "query") : {}),
    };
    throw new ValidationError("The export's filters are invalid.", fields);
  }
  if (format.data.format === "head") {
    const head = await getAuditChainHead({ actor });
    if (!head) return { body: { head: null } };
    return new Response(`${JSON.stringify(head, null, 2)}\n`, {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="audit-chain-head-${head.workspace}-${head.seq}.json"`,
        "cache-control": "no-store",
      },
    });
  }
  const batches = iterateAuditEntries({ actor, query: query.data });
  const csv = format.data.format === "csv";
  const encoder = new TextEncoder();
  let first = true;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csv ? auditCsvHeaderLine() : "["));
    },
    async pull(controller) {
      const next = await batches.next();
      if (next.done) {
        if (!csv) controller.enqueue(encoder.encode("]\n"));
        controller.close();
        return;
      }
      let text = "";
      for (const row of next.value) {
        if (csv) text += auditCsvLine(row);
        else {
          text += `${first ? "\n" : ",\n"}${JSON.stringify(auditJsonEntry(row))}`;
          first = false;
        }
      }
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "content-type": csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="audit-log-${day}.${format.data.format}"`,
      "cache-control": "no-store",
    },
  });
});
