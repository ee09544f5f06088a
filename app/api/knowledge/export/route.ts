import { z } from "zod";
import { sessionRoute } from "@/lib/http/boundary";
import { invalidInput } from "@/lib/http/errors";
import { exportKnowledge } from "@/lib/knowledge/transfer";

export const dynamic = "force-dynamic";

const exportFormatSchema = z.object({ format: z.enum(["json", "csv"], "Use format=json or format=csv.").default("json") });

/** Admin only: the knowledge base as a JSON or CSV download (?format=json|csv). */
export const GET = sessionRoute({ role: "ADMIN" }, async ({ actor, request }) => {
  const parsed = exportFormatSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw invalidInput(parsed.error, "Use format=json or format=csv.", "query");
  const { format } = parsed.data;
  const body = await exportKnowledge({ actor, format });
  const date = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="knowledge-${date}.${format}"`,
      "cache-control": "no-store",
    },
  });
});
