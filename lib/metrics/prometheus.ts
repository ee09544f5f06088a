import "server-only";
import { getPrisma } from "@/lib/db";

// Operations view for Prometheus: a few gauges per workspace (by slug, never personal data).

type Sample = { labels: Record<string, string>; value: number };

function family(name: string, help: string, type: "gauge" | "counter", samples: Sample[]): string {
  const escape = (value: string) => value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
  for (const sample of samples) {
    const labels = Object.entries(sample.labels)
      .map(([key, value]) => `${key}="${escape(value)}"`)
      .join(",");
    lines.push(`${name}${labels ? `{${labels}}` : ""} ${Number.isFinite(sample.value) ? sample.value : 0}`);
  }
  return lines.join("\n");
}

export async function prometheusText(): Promise<string> {
  const prisma = await getPrisma();
  type Row = Record<string, unknown>;
  const [tickets, memories, drafts, csat] = await Promise.all([
    prisma.$queryRawUnsafe<Row[]>(
      `SELECT w.slug, t.status::text AS status, count(*) AS n FROM tickets t JOIN workspaces w ON w.id = t.workspace_id GROUP BY 1, 2`,
    ),
    prisma.$queryRawUnsafe<Row[]>(
      `SELECT w.slug, m.scope, count(*) AS n FROM memories m JOIN workspaces w ON w.id = m.workspace_id WHERE m.collection = 'memories' GROUP BY 1, 2`,
    ),
    prisma.$queryRawUnsafe<Row[]>(
      `SELECT w.slug, d.kind, d.status, count(*) AS n, coalesce(sum(d.prompt_tokens), 0) AS prompt, coalesce(sum(d.completion_tokens), 0) AS completion, coalesce(avg(d.latency_ms), 0) AS latency
         FROM drafts d JOIN workspaces w ON w.id = d.workspace_id GROUP BY 1, 2, 3`,
    ),
    prisma.$queryRawUnsafe<Row[]>(
      `SELECT w.slug, avg(t.csat_score) AS avg, count(t.csat_score) AS n FROM tickets t JOIN workspaces w ON w.id = t.workspace_id WHERE t.csat_score IS NOT NULL GROUP BY 1`,
    ),
  ]);
  const s = (row: Row, keys: string[], value: unknown): Sample => ({
    labels: Object.fromEntries(keys.map((key) => [key === "slug" ? "workspace" : key, String(row[key])])),
    value: Number(value),
  });
  return (
    [
      family(
        "recall_tickets",
        "Tickets by workspace and status.",
        "gauge",
        tickets.map((row) => s(row, ["slug", "status"], row.n)),
      ),
      family(
        "recall_memories",
        "Memories held by workspace and scope.",
        "gauge",
        memories.map((row) => s(row, ["slug", "scope"], row.n)),
      ),
      family(
        "recall_drafts_total",
        "Reply drafts by workspace, kind and outcome.",
        "counter",
        drafts.map((row) => s(row, ["slug", "kind", "status"], row.n)),
      ),
      family(
        "recall_llm_prompt_tokens_total",
        "Prompt tokens spent on drafts.",
        "counter",
        drafts.map((row) => s(row, ["slug", "kind", "status"], row.prompt)),
      ),
      family(
        "recall_llm_completion_tokens_total",
        "Completion tokens spent on drafts.",
        "counter",
        drafts.map((row) => s(row, ["slug", "kind", "status"], row.completion)),
      ),
      family(
        "recall_draft_latency_ms_average",
        "Average draft latency in milliseconds.",
        "gauge",
        drafts.map((row) => s(row, ["slug", "kind", "status"], row.latency)),
      ),
      family(
        "recall_csat_average",
        "Average customer satisfaction (1-5).",
        "gauge",
        csat.map((row) => s(row, ["slug"], row.avg)),
      ),
      family("recall_process_resident_memory_bytes", "Resident memory of the console process.", "gauge", [
        { labels: {}, value: process.memoryUsage().rss },
      ]),
    ].join("\n\n") + "\n"
  );
}
