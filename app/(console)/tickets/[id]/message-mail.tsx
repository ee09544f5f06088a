import { Mail } from "lucide-react";
import { RelativeTime } from "@/components/relative-time";
import { ActionButton } from "@/components/ui/action-button";
import type { TicketDetail } from "@/lib/support/tickets";
import { retryMailAction } from "./mail-actions";

type Message = TicketDetail["messages"][number];

const states: Record<string, { label: string; className: string }> = {
  queued: { label: "Mail queued", className: "text-slate-600" },
  sending: { label: "Mail sending", className: "text-slate-600" },
  sent: { label: "Mailed", className: "text-emerald-700" },
  stored: { label: "Mail in outbox", className: "text-slate-600" },
  failed: { label: "Mail failed", className: "text-rose-700" },
  bounced: { label: "Mail bounced", className: "text-rose-700" },
};

/** How a reply's mail fares (queued, sent, retrying, failed with the server's answer, bounced). */
export function MailState({ message }: { message: Message }) {
  const delivery = message.delivery;
  if (!delivery) return null;
  const state = states[delivery.status] ?? states.queued!;
  const retrying = delivery.status === "queued" && delivery.attempts > 0;
  return (
    <div className="mt-2 flex flex-wrap items-center gap-2 text-xs" data-testid="mail-state">
      <span className={`inline-flex items-center gap-1 font-medium ${state.className}`}>
        <Mail aria-hidden className="h-3.5 w-3.5" />
        {retrying ? "Mail retrying" : state.label}
      </span>
      {retrying && (
        <span className="text-slate-600">
          (try {delivery.attempts + 1} <RelativeTime date={delivery.nextAt} />)
        </span>
      )}
      {delivery.error && <span className="text-slate-600">Server said: {delivery.error}</span>}
      {(delivery.status === "failed" || delivery.status === "bounced") && (
        <ActionButton
          label="Send the mail again"
          pendingLabel="Queuing…"
          tone="brand"
          run={() => retryMailAction({ messageId: message.id })}
        />
      )}
    </div>
  );
}

/** A customer's mail: marked as such, with its whole text (quotes and signature) one click away. */
export function InboundMail({ message }: { message: Message }) {
  if (message.kind !== "CUSTOMER" || !message.emailMessageId) return null;
  return (
    <div className="mt-2 text-xs text-slate-600">
      <span className="inline-flex items-center gap-1">
        <Mail aria-hidden className="h-3.5 w-3.5" />
        By email
      </span>
      {message.originalBody && (
        <details className="mt-1">
          <summary className="cursor-pointer text-brand-700">Show the whole mail</summary>
          <p className="mt-1 max-h-80 overflow-auto whitespace-pre-wrap rounded-md bg-slate-50 p-2 text-slate-700">
            {message.originalBody}
          </p>
        </details>
      )}
    </div>
  );
}
