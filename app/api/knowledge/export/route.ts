import { apiRoute } from "@/lib/api/respond";
import { requireActor } from "@/lib/auth/guard";
import { exportKnowledge } from "@/lib/knowledge/transfer";

export const dynamic = "force-dynamic";

/** Admin only: the knowledge base as a JSON or CSV download (?format=json|csv). */
export async function GET(request: Request) {
  let file: { body: string; format: "json" | "csv" } | undefined;
  const refused = await apiRoute(async () => {
    const actor = await requireActor({ role: "ADMIN" });
    const format = new URL(request.url).searchParams.get("format") === "csv" ? "csv" : "json";
    file = { body: await exportKnowledge({ actor, format }), format };
    return { body: null };
  });
  if (!file) return refused;
  const date = new Date().toISOString().slice(0, 10);
  return new Response(file.body, {
    headers: {
      "content-type": file.format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="knowledge-${date}.${file.format}"`,
      "cache-control": "no-store",
    },
  });
}
