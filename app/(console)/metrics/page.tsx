import type { Metadata } from "next";
import { Label } from "radix-ui";
import { Button } from "@/components/ui/button";
import { Card, Figure } from "@/components/ui/card";
import { Select } from "@/components/ui/select";
import Link from "next/link";
import { BarChart, LineChart } from "@/components/charts";
import { requirePageActor } from "@/lib/auth/guard";
import { listMetricsFilters, metricsQuerySchema, workspaceMetrics } from "@/lib/metrics/kpis";
import { MacroUsesCard } from "./macro-uses-card";

export const metadata: Metadata = { title: "Metrics" };

const hoursFormat = (value: number) => (value >= 10 ? value.toFixed(0) : value.toFixed(1)) + " h";
const percent = (value: number | null) => (value === null ? "—" : `${Math.round(value * 100)}%`);

export default async function MetricsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor({ role: "ADMIN" });
  const query = metricsQuerySchema.parse(await searchParams);
  const [metrics, { agents, products }] = await Promise.all([workspaceMetrics({ actor, query }), listMetricsFilters({ actor })]);
  const labels = metrics.series.map((point) => point.week);
  const resolved = metrics.series.reduce((sum, point) => sum + point.resolved, 0);
  const rated = metrics.series.reduce((sum, point) => sum + point.rated, 0);
  const csat = rated ? metrics.series.reduce((sum, point) => sum + (point.csat ?? 0) * point.rated, 0) / rated : null;
  const helpful = metrics.feedback.reduce((sum, row) => sum + row.helpful, 0);
  const feedbackRated = metrics.feedback.reduce((sum, row) => sum + row.rated, 0);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">Metrics</h1>
          <p className="text-sm text-slate-500">
            Is memory making support better? &quot;With memory&quot; means an agent sent a draft that cited memories (drafts not sent do not
            count).{" "}
            <Link href="/metrics/cost" className="text-brand-700 underline">
              Memory cost
            </Link>
          </p>
        </div>
        <form className="flex flex-wrap items-end gap-2" aria-label="Metrics filters">
          <div>
            <Label.Root htmlFor="m-weeks" className="block text-xs text-slate-600">
              Period
            </Label.Root>
            <Select id="m-weeks" name="weeks" defaultValue={String(query.weeks)}>
              {[4, 12, 26, 52].map((weeks) => (
                <option key={weeks} value={weeks}>
                  Last {weeks} weeks
                </option>
              ))}
            </Select>
          </div>
          <div>
            <Label.Root htmlFor="m-product" className="block text-xs text-slate-600">
              Product
            </Label.Root>
            <Select id="m-product" name="product" defaultValue={query.product ?? ""}>
              <option value="">All products</option>
              {products.map((product) => (
                <option key={product}>{product}</option>
              ))}
            </Select>
          </div>
          <div>
            <Label.Root htmlFor="m-agent" className="block text-xs text-slate-600">
              Agent
            </Label.Root>
            <Select id="m-agent" name="agent" defaultValue={query.agent ?? ""}>
              <option value="">All agents</option>
              {agents.map((agent) => (
                <option key={agent.id} value={agent.id}>
                  {agent.name}
                </option>
              ))}
            </Select>
          </div>
          <Button type="submit">Apply</Button>
          {(query.product || query.agent) && (
            <Link href={`/metrics?weeks=${query.weeks}`} className="text-sm text-brand-700 underline">
              Clear
            </Link>
          )}
        </form>
      </div>

      <dl className="grid grid-cols-2 gap-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-3 lg:grid-cols-6">
        <Figure label="Resolved" value={String(resolved)} />
        <Figure label="CSAT" value={csat === null ? "—" : `${csat.toFixed(2)} / 5`} hint={`${rated} ratings`} />
        <Figure
          label="Drafts citing knowledge"
          value={percent(metrics.knowledge.citingShare)}
          hint={`${metrics.knowledge.drafts} drafts`}
        />
        <Figure
          label="Cost per ticket"
          value={metrics.cost.perTicket === null ? "—" : `$${metrics.cost.perTicket.toFixed(4)}`}
          hint={`${(metrics.cost.promptTokens + metrics.cost.completionTokens).toLocaleString("en")} LLM tokens`}
        />
        <Figure
          label="Session cleanup"
          value={metrics.cleanup.resolved ? percent(metrics.cleanup.cleared / metrics.cleanup.resolved) : "—"}
          hint={`${metrics.cleanup.cleared} of ${metrics.cleanup.resolved} resolved`}
        />
        <Figure
          label="Memories shown helpful"
          value={feedbackRated ? percent(helpful / feedbackRated) : "—"}
          hint={`${feedbackRated} verdicts`}
        />
      </dl>

      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Average resolution time" wide>
          <LineChart
            title="Average hours from opening to resolution, by week"
            labels={labels}
            series={[
              { name: "With memory", values: metrics.series.map((point) => point.withMemoryHours) },
              { name: "Without memory", values: metrics.series.map((point) => point.withoutMemoryHours) },
            ]}
            format={hoursFormat}
          />
        </Card>
        <Card title="Customer satisfaction">
          <LineChart
            title="Average CSAT (1-5), by week"
            labels={labels}
            series={[{ name: "CSAT", values: metrics.series.map((point) => point.csat) }]}
            max={5}
            format={(value) => value.toFixed(1)}
          />
        </Card>
        <Card title="Knowledge utilisation">
          <LineChart
            title="Share of drafts citing team knowledge, by week"
            labels={labels}
            series={[
              {
                name: "Drafts citing knowledge",
                values: metrics.series.map((point) => (point.drafts ? point.draftsCitingKnowledge / point.drafts : null)),
              },
            ]}
            max={1}
            format={(value) => `${Math.round(value * 100)}%`}
          />
          <div className="mt-3 grid gap-3 text-sm sm:grid-cols-2">
            <div>
              <h3 className="text-xs font-medium uppercase text-slate-500">Most cited</h3>
              {metrics.knowledge.mostCited.length === 0 ? (
                <p className="text-xs text-slate-500">No citations yet.</p>
              ) : (
                <ol className="mt-1 space-y-1">
                  {metrics.knowledge.mostCited.map((article) => (
                    <li key={article.id}>
                      <Link href={`/knowledge/${article.id}`} className="hover:underline">
                        {article.title}
                      </Link>{" "}
                      <span className="text-xs text-slate-500">({article.cited})</span>
                    </li>
                  ))}
                </ol>
              )}
            </div>
            <div>
              <h3 className="text-xs font-medium uppercase text-slate-500">Never cited ({metrics.knowledge.neverCited.length})</h3>
              <ul className="mt-1 space-y-1">
                {metrics.knowledge.neverCited.slice(0, 5).map((article) => (
                  <li key={article.id}>
                    <Link href={`/knowledge/${article.id}`} className="hover:underline">
                      {article.title}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          </div>
        </Card>
        <Card title="Resolution time by product">
          <BarChart
            title="Average hours to resolve, by product"
            labels={metrics.products.map((row) => `${row.label} (${row.resolved})`)}
            series={[
              { name: "With memory", values: metrics.products.map((row) => row.withMemoryHours) },
              { name: "Without memory", values: metrics.products.map((row) => row.withoutMemoryHours) },
            ]}
            format={hoursFormat}
          />
        </Card>
        <Card title="Resolution time by agent">
          <BarChart
            title="Average hours to resolve, by agent"
            labels={metrics.agents.map((row) => `${row.label} (${row.resolved})`)}
            series={[
              { name: "With memory", values: metrics.agents.map((row) => row.withMemoryHours) },
              { name: "Without memory", values: metrics.agents.map((row) => row.withoutMemoryHours) },
            ]}
            format={hoursFormat}
          />
        </Card>
        <Card title="Memory">
          <BarChart
            title="Memories held, by scope"
            labels={["Customer", "Agent knowledge", "Session"]}
            series={[
              { name: "Memories", values: [metrics.memoryCounts.customer, metrics.memoryCounts.agent, metrics.memoryCounts.session] },
            ]}
          />
        </Card>
        <Card title="Retrieval accuracy">
          {metrics.feedback.length === 0 ? (
            <p className="text-sm text-slate-500">No verdicts yet: agents mark memories on a ticket as helpful or not.</p>
          ) : (
            <BarChart
              title="Share of shown memories marked helpful, by scope"
              labels={metrics.feedback.map((row) => `${row.scope} (${row.rated})`)}
              series={[{ name: "Helpful", values: metrics.feedback.map((row) => row.helpful / row.rated) }]}
              format={(value) => `${Math.round(value * 100)}%`}
            />
          )}
          <h3 className="mt-4 text-xs font-medium uppercase text-slate-500">Latest offline evaluation (MRR@10)</h3>
          {metrics.evaluation ? (
            <>
              <BarChart
                title={`MRR@10 per retrieval suite, ours against plain BM25 (${metrics.evaluation.at.slice(0, 10)})`}
                labels={Object.keys(metrics.evaluation.suites)}
                series={[
                  { name: "Ours", values: Object.values(metrics.evaluation.suites).map((suite) => suite.ours?.["mrr@10"] ?? null) },
                  { name: "BM25", values: Object.values(metrics.evaluation.suites).map((suite) => suite.bm25?.["mrr@10"] ?? null) },
                ]}
                format={(value) => value.toFixed(3)}
              />
            </>
          ) : (
            <p className="text-sm text-slate-500">
              None recorded. Run <code>npm run eval -- --save .data/eval-latest.json &lt;suites&gt;</code>.
            </p>
          )}
        </Card>
        <Card title="Cost">
          <dl className="grid grid-cols-2 gap-3 text-sm">
            <Figure label="Prompt tokens" value={metrics.cost.promptTokens.toLocaleString("en")} />
            <Figure label="Completion tokens" value={metrics.cost.completionTokens.toLocaleString("en")} />
            <Figure label="Embedding tokens (estimated)" value={metrics.cost.embeddingTokens.toLocaleString("en")} />
            <Figure label="Drafts (one memory search each)" value={String(metrics.cost.drafts)} />
            <Figure label="Total" value={`$${metrics.cost.total.toFixed(4)}`} />
          </dl>
          <p className="mt-2 text-xs text-slate-500">
            Prices per million tokens come from LLM_PRICE_INPUT_PER_MTOK, LLM_PRICE_OUTPUT_PER_MTOK and EMBEDDING_PRICE_PER_MTOK.
          </p>
          <Link href="/metrics/cost" className="mt-2 inline-block text-sm font-medium text-brand-700 hover:underline">
            Memory cost: measured per ticket and month, and a projection
          </Link>
        </Card>
        <MacroUsesCard actor={actor} weeks={query.weeks} />
      </div>
    </div>
  );
}
