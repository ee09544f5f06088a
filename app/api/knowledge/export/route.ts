import { sessionRoute } from "@/lib/http/boundary";
import { exportKnowledge } from "@/lib/knowledge/transfer";

export const dynamic = "force-dynamic";

/** Admin only: the knowledge base as a JSON or CSV download (?format=json|csv). */
export const GET = sessionRoute({ role: "ADMIN" }, async ({ actor, request }) => {
  const format = new URL(request.url).searchParams.get("format") === "csv" ? "csv" : "json";
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
