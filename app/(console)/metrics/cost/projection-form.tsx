import Link from "next/link";
import type { ProjectionField, ProjectionInput } from "@/lib/metrics/cost-projection";
import { projectionFields } from "@/lib/metrics/cost-projection";

// The projection's inputs: a GET form, so the figures are in the address (shareable) and
// the page computes the projection without any script.

const labels: Record<ProjectionField, { label: string; hint: string }> = {
  ticketsPerMonth: { label: "Tickets a month", hint: "Default: this workspace's average month." },
  months: { label: "Months to project", hint: "Storage grows with each month's tickets." },
  searchesPerTicket: { label: "Memory searches per ticket", hint: "Measured: ticket views and drafts search three scopes each." },
  writesPerTicket: { label: "Memory writes per ticket", hint: "Measured: messages, steps tried, profile and resolution." },
  embeddingTokensPerTicket: { label: "Embedding tokens per ticket", hint: "Measured: search queries and memories written." },
  llmInputTokensPerTicket: { label: "LLM input tokens per ticket", hint: "Measured: drafts, fact extraction, signals, summaries." },
  llmOutputTokensPerTicket: { label: "LLM output tokens per ticket", hint: "Measured, as above." },
  storageBytesPerTicket: { label: "Storage bytes per ticket", hint: "Measured: customer memory held, per ticket so far." },
  embeddingPricePerMTok: { label: "Embedding price ($ per million tokens)", hint: "0 for the offline embedder." },
  llmInputPricePerMTok: { label: "LLM input price ($ per million tokens)", hint: "Default: LLM_PRICE_INPUT_PER_MTOK." },
  llmOutputPricePerMTok: { label: "LLM output price ($ per million tokens)", hint: "Default: LLM_PRICE_OUTPUT_PER_MTOK." },
  storagePricePerGbMonth: { label: "Storage price ($ per GB-month)", hint: "A managed PostgreSQL disk; 1 GB = 10^9 bytes." },
};

export function ProjectionForm({ input, errors }: { input: ProjectionInput; errors: Partial<Record<ProjectionField, string>> }) {
  return (
    <form method="get" action="/metrics/cost" aria-label="Cost projection" className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {(Object.keys(projectionFields) as ProjectionField[]).map((field) => {
          const { min, max, int } = projectionFields[field];
          const error = errors[field];
          return (
            <div key={field}>
              <label htmlFor={`cost-${field}`} className="block text-xs font-medium text-slate-700">
                {labels[field].label}
              </label>
              <input
                id={`cost-${field}`}
                name={field}
                type="number"
                inputMode="decimal"
                min={min}
                max={max}
                step={int ? 1 : "any"}
                defaultValue={input[field]}
                aria-invalid={error ? true : undefined}
                aria-describedby={`cost-${field}-hint${error ? ` cost-${field}-error` : ""}`}
                className="mt-0.5 w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm tabular-nums"
              />
              <p id={`cost-${field}-hint`} className="mt-0.5 text-xs text-slate-500">
                {labels[field].hint}
              </p>
              {error && (
                <p id={`cost-${field}-error`} className="mt-0.5 text-xs text-rose-700">
                  {error} The default is used.
                </p>
              )}
            </div>
          );
        })}
      </div>
      <div className="flex items-center gap-3">
        <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-700">
          Project cost
        </button>
        <Link href="/metrics/cost" className="text-sm text-brand-700 underline">
          Back to the measured figures
        </Link>
      </div>
    </form>
  );
}
