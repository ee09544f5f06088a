import Link from "next/link";
import { formatRelative } from "@/components/relative-time";
import type { listSuggestions } from "@/lib/knowledge/suggestions";
import { SuggestionControls } from "./suggestion-controls";

type Suggestion = Awaited<ReturnType<typeof listSuggestions>>[number];

/** Drafts made from recurring resolved tickets: not in agent memory until an admin publishes one. */
export function SuggestedEntries({ suggestions }: { suggestions: Suggestion[] }) {
  if (suggestions.length === 0) return null;
  return (
    <section aria-labelledby="suggested-heading" className="space-y-2 rounded-xl border border-amber-200 bg-amber-50/40 p-4">
      <div>
        <h2 id="suggested-heading" className="text-sm font-semibold">
          Suggested from resolved tickets ({suggestions.length})
        </h2>
        <p className="text-xs text-slate-600">
          Fixes that kept recurring, with customers&apos; names, addresses and order numbers removed. Check the wording before publishing:
          agents and drafts rely on what you publish.
        </p>
      </div>
      <ul className="space-y-3">
        {suggestions.map((suggestion) => (
          <li key={suggestion.id} className="rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h3 className="font-medium text-slate-900">{suggestion.title}</h3>
              <span className="text-xs text-slate-500">
                {suggestion.products.join(", ")} · suggested {formatRelative(suggestion.createdAt)}
              </span>
            </div>
            <p className="mt-1 whitespace-pre-wrap text-sm text-slate-700">{suggestion.body}</p>
            {suggestion.sources.length > 0 && (
              <p className="mt-2 text-xs text-slate-500">
                From tickets{" "}
                {suggestion.sources.map((ticket, index) => (
                  <span key={ticket.id}>
                    {index > 0 && ", "}
                    <Link href={`/tickets/${ticket.id}`} className="text-brand-700 underline" title={ticket.subject}>
                      #{ticket.number}
                    </Link>
                  </span>
                ))}
              </p>
            )}
            <div className="mt-2">
              <SuggestionControls articleId={suggestion.id} title={suggestion.title} />
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
