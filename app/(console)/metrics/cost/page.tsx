import type { Metadata } from "next";
import { Card, Figure } from "@/components/ui/card";
import Link from "next/link";
import { BarChart, LineChart } from "@/components/charts";
import { requirePageActor } from "@/lib/auth/guard";
import { getCostFigures } from "@/lib/metrics/cost";
import { projectCost, readProjectionInput } from "@/lib/metrics/cost-projection";
import { bytes, count, money, monthLabel } from "./format";
import { ProjectionForm } from "./projection-form";

export const metadata: Metadata = { title: "Memory cost" };

const th = "px-3 py-2";
const td = "px-3 py-2 text-right tabular-nums";
const scopeLabels = { customer: "Customer", agent: "Agent knowledge", session: "Session" } as const;

export default async function CostPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor({ role: "ADMIN" });
  const figures = await getCostFigures({ actor });
  const { input, errors } = readProjectionInput(await searchParams, figures.projectionDefaults);
  const projection = projectCost(input);
  const labels = figures.months.map((month) => monthLabel(month.month));
  const current = figures.months.at(-1)!;
  const { perTicket } = figures;

  return (
    <div className="space-y-4">
      <div>
        <Link href="/metrics" className="text-sm text-brand-700 hover:underline">
          ← Metrics
        </Link>
        <h1 className="text-xl font-semibold">Memory cost</h1>
        <p className="max-w-3xl text-sm text-slate-500">
          What memory spends in this workspace, counted as it happens
          {figures.countingSince ? ` since ${figures.countingSince}` : ""}: memory searches and writes, the tokens given to the embedder
          (search queries included) and to the language model, and the storage memories take. Costs use the configured prices; an embedder
          that runs on this server costs nothing per token.
        </p>
      </div>

      <dl className="grid grid-cols-2 gap-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-3 lg:grid-cols-6">
        <Figure label="Tickets this month" value={count(current.tickets)} />
        <Figure
          label="Memory searches"
          value={count(current.searches)}
          hint={current.tickets ? `${count(current.searches / current.tickets, 1)} per ticket` : undefined}
        />
        <Figure
          label="Memory writes"
          value={count(current.writes)}
          hint={current.tickets ? `${count(current.writes / current.tickets, 1)} per ticket` : undefined}
        />
        <Figure
          label="Embedding tokens"
          value={count(current.queryEmbeddingTokens + current.writeEmbeddingTokens)}
          hint={`${count(current.queryEmbeddingTokens)} for search queries`}
        />
        <Figure
          label="LLM tokens"
          value={count(current.llmInputTokens + current.llmOutputTokens)}
          hint={`${count(current.llmOutputTokens)} written`}
        />
        <Figure
          label="Cost this month"
          value={money(current.total)}
          hint={current.perTicket === null ? "no tickets yet" : `${money(current.perTicket)} per ticket`}
        />
      </dl>

      <div className="grid gap-4 lg:grid-cols-2">
        <Card id="cost-by-month" title="Cost by month">
          <LineChart
            title="Memory cost per ticket, by month (US dollars)"
            labels={labels}
            series={[{ name: "Per ticket", values: figures.months.map((month) => month.perTicket) }]}
            format={(value) => money(value)}
          />
        </Card>
        <Card id="work-per-ticket" title="Memory work per ticket">
          <BarChart
            title="Memory searches and writes per ticket, by month"
            labels={labels}
            series={[
              { name: "Searches", values: figures.months.map((month) => (month.tickets ? month.searches / month.tickets : null)) },
              { name: "Writes", values: figures.months.map((month) => (month.tickets ? month.writes / month.tickets : null)) },
            ]}
            format={(value) => count(value, 1)}
          />
        </Card>

        <Card id="months-table" title="Month by month" wide>
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Measured memory use and cost by month, with the figures per ticket opened in the month</caption>
              <thead className="bg-slate-50 text-xs text-slate-500">
                <tr>
                  <th scope="col" className={th}>
                    Month
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    Tickets
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    Searches
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    Writes
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    Embedding tokens (queries / memories)
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    LLM tokens (in / out)
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    Cost
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    Per ticket
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {figures.months.map((month, index) => (
                  <tr key={month.month}>
                    <th scope="row" className={`${th} font-normal`}>
                      {labels[index]}
                    </th>
                    <td className={td}>{count(month.tickets)}</td>
                    <td className={td}>{count(month.searches)}</td>
                    <td className={td}>{count(month.writes)}</td>
                    <td className={td}>
                      {count(month.queryEmbeddingTokens)} / {count(month.writeEmbeddingTokens)}
                    </td>
                    <td className={td}>
                      {count(month.llmInputTokens)} / {count(month.llmOutputTokens)}
                    </td>
                    <td className={td}>{money(month.total)}</td>
                    <td className={td}>{money(month.perTicket)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>

        <Card id="tokens-by-model" title="Tokens by model">
          {figures.models.length === 0 ? (
            <p className="text-sm text-slate-500">No tokens counted in the last {figures.months.length} months.</p>
          ) : (
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Embedding and language model tokens by model, last {figures.months.length} months</caption>
              <thead className="bg-slate-50 text-xs text-slate-500">
                <tr>
                  <th scope="col" className={th}>
                    Model
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    Calls
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    Input tokens
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    Output tokens
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    Cost
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {figures.models.map((model) => (
                  <tr key={`${model.kind}:${model.model}`}>
                    <th scope="row" className={`${th} font-normal`}>
                      <span className="font-mono text-xs">{model.model}</span>{" "}
                      <span className="text-xs text-slate-500">{model.kind === "llm" ? "language model" : "embedder"}</span>
                    </th>
                    <td className={td}>{count(model.calls)}</td>
                    <td className={td}>{count(model.inputTokens)}</td>
                    <td className={td}>{model.kind === "llm" ? count(model.outputTokens) : "—"}</td>
                    <td className={td}>{model.local ? "runs here" : money(model.cost)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>

        <Card id="storage-by-scope" title="Storage by scope">
          <BarChart
            title="Bytes of memory held now, by scope"
            labels={figures.scopes.map((scope) => scopeLabels[scope.scope])}
            series={[{ name: "Bytes", values: figures.scopes.map((scope) => scope.bytes) }]}
            format={bytes}
          />
          <table className="mt-3 w-full text-left text-sm">
            <caption className="sr-only">
              Memories held now and their storage, with searches and writes in the last {figures.months.length} months, by scope
            </caption>
            <thead className="bg-slate-50 text-xs text-slate-500">
              <tr>
                <th scope="col" className={th}>
                  Scope
                </th>
                <th scope="col" className={`${th} text-right`}>
                  Memories
                </th>
                <th scope="col" className={`${th} text-right`}>
                  Storage
                </th>
                <th scope="col" className={`${th} text-right`}>
                  Searches
                </th>
                <th scope="col" className={`${th} text-right`}>
                  Writes
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {figures.scopes.map((scope) => (
                <tr key={scope.scope}>
                  <th scope="row" className={`${th} font-normal`}>
                    {scopeLabels[scope.scope]}
                  </th>
                  <td className={td}>{count(scope.memories)}</td>
                  <td className={td}>{bytes(scope.bytes)}</td>
                  <td className={td}>{count(scope.searches)}</td>
                  <td className={td}>{count(scope.writes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>

        <Card id="projection" title="Projection" wide>
          <p className="mb-3 max-w-3xl text-sm text-slate-600">
            What memory would cost at another ticket volume or other prices. The figures start from this workspace
            {perTicket.tickets > 0
              ? ` (${count(perTicket.tickets)} tickets in the last ${figures.months.length} months)`
              : " (no tickets measured yet: type the figures in)"}
            ; change any and project again.
          </p>
          <ProjectionForm input={input} errors={errors} />

          <section aria-labelledby="projection-results" className="mt-4 space-y-3">
            <h3 id="projection-results" className="text-sm font-semibold">
              {count(input.ticketsPerMonth)} tickets a month for {input.months} {input.months === 1 ? "month" : "months"}
            </h3>
            <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-6">
              <Figure label="Memory searches a month" value={count(projection.perMonth.searches)} />
              <Figure label="Memory writes a month" value={count(projection.perMonth.writes)} />
              <Figure
                label="Tokens a month"
                value={count(
                  projection.perMonth.embeddingTokens + projection.perMonth.llmInputTokens + projection.perMonth.llmOutputTokens,
                )}
                hint={`${count(projection.perMonth.embeddingTokens)} embedding`}
              />
              <Figure
                label="First month"
                value={money(projection.months[0]!.total)}
                hint={`${money(projection.firstMonthPerTicket)} per ticket`}
              />
              <Figure
                label={`Month ${input.months}`}
                value={money(projection.months.at(-1)!.total)}
                hint={`${bytes(projection.months.at(-1)!.storageBytes)} stored`}
              />
              <Figure
                label={`Total over ${input.months} months`}
                value={money(projection.total)}
                hint={`${money(projection.perTicket)} per ticket`}
              />
            </dl>
            <LineChart
              title="Projected cost by month (US dollars): models and storage"
              labels={projection.months.map((month) => `Month ${month.month}`)}
              series={[
                { name: "Embedding and LLM", values: projection.months.map((month) => month.embeddingCost + month.llmCost) },
                { name: "Storage", values: projection.months.map((month) => month.storageCost) },
              ]}
              format={(value) => money(value)}
            />
            <div>
              <h3 className="text-xs font-medium uppercase text-slate-500">Assumptions</h3>
              <ul className="mt-1 list-inside list-disc space-y-0.5 text-sm text-slate-600">
                <li>Every ticket costs what the figures per ticket above say: the measured averages unless changed.</li>
                <li>
                  Tokens are priced per million: embeddings at {money(input.embeddingPricePerMTok)}, LLM input at{" "}
                  {money(input.llmInputPricePerMTok)} and output at {money(input.llmOutputPricePerMTok)}.
                </li>
                <li>
                  Embedding tokens are estimated at four characters a token; LLM tokens are the model server&apos;s own count where it
                  reports one.
                </li>
                <li>
                  Storage: each ticket leaves {bytes(input.storageBytesPerTicket)} of customer memory, which is kept (archived, never
                  deleted by retention), so storage grows every month; it is paid at {money(input.storagePricePerGbMonth)} per GB-month on
                  what is held at each month&apos;s end. Session memory is cleared on resolution and the team&apos;s knowledge does not grow
                  with tickets.
                </li>
                <li>The server, database and backups are not included.</li>
              </ul>
            </div>
          </section>
        </Card>
      </div>
    </div>
  );
}
