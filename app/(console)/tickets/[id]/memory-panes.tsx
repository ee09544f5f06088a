import type { ScoredMemory } from "@/lib/memory/core";
import type { SupportContext } from "@/lib/memory/support-memory";
import type { TicketMemoryContext } from "@/lib/support/memory-context";
import { CustomerPane } from "./customer-pane";
import { CustomerNoteForm, MemoryEntry } from "./memory-entry";
import { SessionPane } from "./session-pane";

const panes: Array<{ key: keyof SupportContext; title: string; empty: string }> = [
  { key: "customer", title: "Customer memory", empty: "Nothing remembered about this customer yet." },
  { key: "agent", title: "Agent knowledge", empty: "No team knowledge matches this conversation." },
  { key: "session", title: "Session memory", empty: "Nothing recorded for this ticket yet." },
];

export function MemoryPanes({
  context,
  ticketId,
  canEditKnowledge,
}: {
  context: SupportContext & { query: string; customerHidden?: string | null } & Partial<
      Pick<TicketMemoryContext, "steps" | "related" | "product">
    >;
  ticketId: string;
  canEditKnowledge: boolean;
}) {
  return (
    <div className="space-y-4">
      <p className="text-xs text-slate-500">
        Matched against the latest customer message:{" "}
        <span className="italic">
          “{context.query.slice(0, 90)}
          {context.query.length > 90 ? "…" : ""}”
        </span>
        {context.product && <> Team knowledge for {context.product} first, then general; other products left out.</>}
      </p>
      {panes.map((pane) => {
        const items: ScoredMemory[] = context[pane.key];
        if (pane.key === "session")
          return (
            <SessionPane key={pane.key} items={items} steps={context.steps ?? []} related={context.related ?? []} ticketId={ticketId} />
          );
        // An unverified sender's ticket neither reads nor writes the customer's memory.
        const hidden = pane.key === "customer" ? context.customerHidden : null;
        return (
          <section key={pane.key} aria-label={pane.title} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            <h2 className="mb-2 text-sm font-semibold">{pane.title}</h2>
            {hidden ? (
              <p className="text-sm text-amber-800">{hidden}</p>
            ) : pane.key === "customer" ? (
              <CustomerPane ticketId={ticketId} memories={items} />
            ) : items.length === 0 ? (
              <p className="text-sm text-slate-500">{pane.empty}</p>
            ) : (
              <ul className="space-y-3">
                {items.map((item) => (
                  <MemoryEntry key={item.id} memory={item} ticketId={ticketId} editable={pane.key !== "agent" || canEditKnowledge} />
                ))}
              </ul>
            )}
            {pane.key === "customer" && !hidden && <CustomerNoteForm ticketId={ticketId} />}
          </section>
        );
      })}
    </div>
  );
}
