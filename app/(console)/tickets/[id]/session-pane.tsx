import Link from "next/link";
import { StatusBadge } from "@/components/ticket-badges";
import type { MemoryItem, ScoredMemory } from "@/lib/memory/core";
import type { RelatedTicket } from "@/lib/support/related-tickets";
import { MemoryEntry } from "./memory-entry";
import { StepEntry } from "./step-entry";

// The session pane: steps tried in the order they were tried, the tickets linked when this
// one was opened (read live, with their status), then what the search found for the
// latest customer message.

export function SessionPane({
  items,
  steps,
  related,
  ticketId,
}: {
  items: ScoredMemory[];
  steps: MemoryItem[];
  related: RelatedTicket[];
  ticketId: string;
}) {
  const empty = items.length === 0 && steps.length === 0 && related.length === 0;
  return (
    <section aria-label="Session memory" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <h2 className="mb-2 text-sm font-semibold">Session memory</h2>
      {empty && <p className="text-sm text-slate-500">Nothing recorded for this ticket yet.</p>}
      {steps.length > 0 && (
        <div className="mb-3">
          <h3 id="session-steps-heading" className="text-xs font-semibold text-slate-600">
            Steps tried
          </h3>
          <ol aria-labelledby="session-steps-heading" className="mt-1 list-decimal space-y-2 pl-5">
            {steps.map((step) => (
              <StepEntry key={step.id} step={step} />
            ))}
          </ol>
        </div>
      )}
      {related.length > 0 && (
        <div className="mb-3">
          <h3 id="session-related-heading" className="text-xs font-semibold text-slate-600">
            Related tickets
          </h3>
          <ul aria-labelledby="session-related-heading" className="mt-1 space-y-2 text-sm">
            {related.map((ticket) => (
              <li key={ticket.id} className="flex items-start justify-between gap-2">
                <span>
                  <Link href={`/tickets/${ticket.id}`} className="hover:text-brand-700">
                    <span className="text-slate-500">#{ticket.number}</span> {ticket.subject}
                  </Link>
                  <span className="block text-xs text-slate-500">
                    {ticket.relation === "same_customer" ? "Same customer" : "Another customer, similar issue"}
                  </span>
                </span>
                <StatusBadge status={ticket.status} />
              </li>
            ))}
          </ul>
        </div>
      )}
      {items.length > 0 && (
        <ul className="space-y-3">
          {items.map((item) => (
            <MemoryEntry key={item.id} memory={item} ticketId={ticketId} editable />
          ))}
        </ul>
      )}
    </section>
  );
}
