import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
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
            <Field
              key={field}
              id={`cost-${field}`}
              label={labels[field].label}
              labelSize="xs"
              hint={labels[field].hint}
              error={error && `${error} The default is used.`}
            >
              {(control) => (
                <Input
                  {...control}
                  name={field}
                  type="number"
                  inputMode="decimal"
                  min={min}
                  max={max}
                  step={int ? 1 : "any"}
                  defaultValue={input[field]}
                  className="mt-0.5 w-full tabular-nums"
                />
              )}
            </Field>
          );
        })}
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit" variant="primary">
          Project cost
        </Button>
        <Link href="/metrics/cost" className="text-sm text-brand-700 underline">
          Back to the measured figures
        </Link>
      </div>
    </form>
  );
}
