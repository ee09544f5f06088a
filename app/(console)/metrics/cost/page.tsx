import type { Metadata } from "next";
import { Card, Figure } from "@/components/ui/card";
import { Table, TableCaption, TBody, TD, TH, THead } from "@/components/ui/table";
import Link from "next/link";
import { BarChart, LineChart } from "@/components/charts";
import { requirePageActor } from "@/lib/auth/guard";
import { getCostFigures } from "@/lib/metrics/cost";
import { projectCost, readProjectionInput } from "@/lib/metrics/cost-projection";
import { bytes, count, money, monthLabel } from "./format";
import { ProjectionForm } from "./projection-form";

export const metadata: Metadata = { title: "Memory cost" };

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
            <Table bare>
              <TableCaption>Measured memory use and cost by month, with the figures per ticket opened in the month</TableCaption>
              <THead caps={false}>
                <TH>Month</TH>
                <TH numeric>Tickets</TH>
                <TH numeric>Searches</TH>
                <TH numeric>Writes</TH>
                <TH numeric>Embedding tokens (queries / memories)</TH>
                <TH numeric>LLM tokens (in / out)</TH>
                <TH numeric>Cost</TH>
                <TH numeric>Per ticket</TH>
              </THead>
              <TBody>
                {figures.months.map((month, index) => (
                  <tr key={month.month}>
                    <TH scope="row" className="font-normal">
                      {labels[index]}
                    </TH>
                    <TD numeric>{count(month.tickets)}</TD>
                    <TD numeric>{count(month.searches)}</TD>
                    <TD numeric>{count(month.writes)}</TD>
                    <TD numeric>
                      {count(month.queryEmbeddingTokens)} / {count(month.writeEmbeddingTokens)}
                    </TD>
                    <TD numeric>
                      {count(month.llmInputTokens)} / {count(month.llmOutputTokens)}
                    </TD>
                    <TD numeric>{money(month.total)}</TD>
                    <TD numeric>{money(month.perTicket)}</TD>
                  </tr>
                ))}
              </TBody>
            </Table>
          </div>
        </Card>

        <Card id="tokens-by-model" title="Tokens by model">
          {figures.models.length === 0 ? (
            <p className="text-sm text-slate-500">No tokens counted in the last {figures.months.length} months.</p>
          ) : (
            <Table bare>
              <TableCaption>Embedding and language model tokens by model, last {figures.months.length} months</TableCaption>
              <THead caps={false}>
                <TH>Model</TH>
                <TH numeric>Calls</TH>
                <TH numeric>Input tokens</TH>
                <TH numeric>Output tokens</TH>
                <TH numeric>Cost</TH>
              </THead>
              <TBody>
                {figures.models.map((model) => (
                  <tr key={`${model.kind}:${model.model}`}>
                    <TH scope="row" className="font-normal">
                      <span className="font-mono text-xs">{model.model}</span>{" "}
                      <span className="text-xs text-slate-500">{model.kind === "llm" ? "language model" : "embedder"}</span>
                    </TH>
                    <TD numeric>{count(model.calls)}</TD>
                    <TD numeric>{count(model.inputTokens)}</TD>
                    <TD numeric>{model.kind === "llm" ? count(model.outputTokens) : "—"}</TD>
                    <TD numeric>{model.local ? "runs here" : money(model.cost)}</TD>
                  </tr>
                ))}
              </TBody>
            </Table>
          )}
        </Card>

        <Card id="storage-by-scope" title="Storage by scope">
          <BarChart
            title="Bytes of memory held now, by scope"
            labels={figures.scopes.map((scope) => scopeLabels[scope.scope])}
            series={[{ name: "Bytes", values: figures.scopes.map((scope) => scope.bytes) }]}
            format={bytes}
          />
          <Table bare className="mt-3">
            <TableCaption>
              Memories held now and their storage, with searches and writes in the last {figures.months.length} months, by scope
            </TableCaption>
            <THead caps={false}>
              <TH>Scope</TH>
              <TH numeric>Memories</TH>
              <TH numeric>Storage</TH>
              <TH numeric>Searches</TH>
              <TH numeric>Writes</TH>
            </THead>
            <TBody>
              {figures.scopes.map((scope) => (
                <tr key={scope.scope}>
                  <TH scope="row" className="font-normal">
                    {scopeLabels[scope.scope]}
                  </TH>
                  <TD numeric>{count(scope.memories)}</TD>
                  <TD numeric>{bytes(scope.bytes)}</TD>
                  <TD numeric>{count(scope.searches)}</TD>
                  <TD numeric>{count(scope.writes)}</TD>
                </tr>
              ))}
            </TBody>
          </Table>
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
