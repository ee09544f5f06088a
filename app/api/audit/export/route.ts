import { z } from "zod";
import { auditCsvHeaderLine, auditCsvLine, auditJsonEntry } from "@/lib/audit/export-format";
import { getAuditChainHead } from "@/lib/audit/head";
import { iterateAuditEntries } from "@/lib/audit/list";
import { auditQuerySchema } from "@/lib/audit/query";
import { requireActor } from "@/lib/auth/guard";
import { jsonRoute } from "@/lib/auth/route";
import { ValidationError } from "@/lib/errors";

export const dynamic = "force-dynamic";

const exportSchema = z.object({ format: z.enum(["csv", "json", "head"], "Use format=csv, format=json or format=head.") });

/**
 * The audit entries matching the page's filters, as CSV or JSON, streamed in batches.
 * Admins only, the caller's workspace only; the chain fields come along so a copy can be checked.
 * format=head: only the chain head (newest entry's seq, hash, time), for an auditor to keep.
 */
export async function GET(request: Request) {
  let stream: { body: ReadableStream<Uint8Array>; type: string; format: string };
  try {
    const actor = await requireActor({ role: "ADMIN" });
    const params = Object.fromEntries(new URL(request.url).searchParams);
    const format = exportSchema.safeParse(params);
    const query = auditQuerySchema.safeParse(params);
    if (!format.success || !query.success) {
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of [...(format.error?.issues ?? []), ...(query.error?.issues ?? [])]) (fieldErrors[issue.path.join(".") || "query"] ??= []).push(issue.message);
      throw new ValidationError("The export's filters are invalid.", fieldErrors);
    }
    if (format.data.format === "head") {
      const head = await getAuditChainHead({ actor });
      if (!head) return jsonRoute(async () => ({ head: null }));
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
    stream = {
      format: format.data.format,
      type: csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      body: new ReadableStream({
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
      }),
    };
  } catch (error) {
    return jsonRoute(() => Promise.reject(error));
  }
  const day = new Date().toISOString().slice(0, 10);
  return new Response(stream.body, {
    headers: {
      "content-type": stream.type,
      "content-disposition": `attachment; filename="audit-log-${day}.${stream.format}"`,
      "cache-control": "no-store",
    },
  });
}
