"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { formatRelative } from "@/components/relative-time";
import { PriorityBadge, SignalBadges, SlaBadge, StatusBadge, TierBadge } from "@/components/ticket-badges";

export interface InboxRow {
  id: string;
  number: number;
  subject: string;
  product: string | null;
  status: string;
  priority: string;
  sentiment: string | null;
  urgency: string | null;
  updatedAt: string;
  sla: { dueAt: string; overdue: boolean } | null;
  customerName: string;
  customerTier: string;
  assigneeName: string | null;
}

export interface InboxData {
  tickets: InboxRow[];
  nextCursor: string | null;
  counts: Record<string, number>;
}

const shortcuts: Array<[string, string]> = [
  ["j / ↓", "next ticket"],
  ["k / ↑", "previous ticket"],
  ["Enter / o", "open the selected ticket"],
  ["g then i", "back to the inbox from anywhere in the list"],
  ["?", "show or hide this list"],
];

/** The ticket list, refreshed every 10 seconds, with keyboard navigation. */
export function InboxTable({ view, cursor, initial, caption }: { view: string; cursor?: string; initial: InboxData; caption: string }) {
  const router = useRouter();
  const { data, isFetching } = useQuery({
    queryKey: ["inbox", view, cursor ?? ""],
    queryFn: async (): Promise<InboxData> => {
      const response = await fetch(`/api/inbox?view=${view}${cursor ? `&cursor=${cursor}` : ""}`);
      if (!response.ok) throw new Error(`Inbox refresh failed (${response.status})`);
      return response.json();
    },
    initialData: initial,
    refetchInterval: 10_000,
  });
  const [selected, setSelected] = useState(0);
  const [help, setHelp] = useState(false);
  // Shortcuts work once the page is hydrated; the attribute tells tests (and styles) when.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  const rows = useRef<Array<HTMLAnchorElement | null>>([]);
  const tickets = data.tickets;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (target.closest("input, textarea, select, [contenteditable]") || event.metaKey || event.ctrlKey || event.altKey) return;
      if (event.key === "?") setHelp((shown) => !shown);
      else if (event.key === "Escape") setHelp(false);
      else if (event.key === "j" || event.key === "ArrowDown") setSelected((index) => Math.min(index + 1, tickets.length - 1));
      else if (event.key === "k" || event.key === "ArrowUp") setSelected((index) => Math.max(index - 1, 0));
      else if ((event.key === "Enter" || event.key === "o") && tickets[selected]) router.push(`/tickets/${tickets[selected].id}`);
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [router, selected, tickets]);

  useEffect(() => {
    rows.current[selected]?.scrollIntoView({ block: "nearest" });
  }, [selected]);

  if (tickets.length === 0) {
    return (
      <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-16 text-center">
        <p className="font-medium">Nothing here</p>
        <p className="mt-1 text-sm text-slate-500">{view === "mine" ? "No open tickets are assigned to you." : "No tickets in this view right now."}</p>
      </div>
    );
  }

  return (
    <div data-keyboard-ready={ready ? "true" : "false"}>
      <div className="mb-2 flex items-center justify-between text-xs text-slate-500">
        <span aria-live="polite">{isFetching ? "Refreshing…" : "Up to date · refreshes every 10 s"}</span>
        <button type="button" onClick={() => setHelp((shown) => !shown)} className="hover:text-slate-800">
          Keyboard shortcuts <kbd className="rounded border border-slate-300 px-1">?</kbd>
        </button>
      </div>
      {help && (
        <div role="dialog" aria-label="Keyboard shortcuts" className="mb-3 rounded-lg border border-slate-200 bg-white p-4 text-sm shadow">
          <dl className="grid grid-cols-[8rem_1fr] gap-y-1">
            {shortcuts.map(([keys, action]) => (
              <div key={keys} className="contents">
                <dt>
                  <kbd className="rounded border border-slate-300 px-1 text-xs">{keys}</kbd>
                </dt>
                <dd className="text-slate-600">{action}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
      <div className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
        <table className="w-full text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">Ticket</th>
              <th scope="col" className="px-4 py-2 font-medium">Customer</th>
              <th scope="col" className="px-4 py-2 font-medium">Product</th>
              <th scope="col" className="px-4 py-2 font-medium">Priority</th>
              <th scope="col" className="px-4 py-2 font-medium">Status</th>
              <th scope="col" className="px-4 py-2 font-medium">Assignee</th>
              <th scope="col" className="px-4 py-2 font-medium">Updated</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {tickets.map((ticket, index) => (
              <tr key={ticket.id} aria-selected={index === selected} className={index === selected ? "bg-brand-50" : "hover:bg-slate-50"}>
                <td className="px-4 py-3">
                  <Link
                    ref={(element) => {
                      rows.current[index] = element;
                    }}
                    href={`/tickets/${ticket.id}`}
                    className="font-medium text-slate-900 hover:text-brand-700"
                  >
                    <span className="mr-2 text-slate-400">#{ticket.number}</span>
                    {ticket.subject}
                  </Link>
                </td>
                <td className="px-4 py-3">
                  <span className="mr-2">{ticket.customerName}</span>
                  <TierBadge tier={ticket.customerTier} />
                </td>
                <td className="px-4 py-3 text-slate-600">{ticket.product ?? "—"}</td>
                <td className="px-4 py-3">
                  <span className="flex flex-wrap gap-1">
                    <PriorityBadge priority={ticket.priority} />
                    <SignalBadges sentiment={ticket.sentiment} urgency={ticket.urgency} />
                    {ticket.sla && <SlaBadge dueAt={ticket.sla.dueAt} overdue={ticket.sla.overdue} />}
                  </span>
                </td>
                <td className="px-4 py-3"><StatusBadge status={ticket.status} /></td>
                <td className="px-4 py-3 text-slate-600">{ticket.assigneeName ?? <span className="text-slate-400">Unassigned</span>}</td>
                <td className="px-4 py-3 text-slate-500">
                  <time dateTime={ticket.updatedAt} suppressHydrationWarning>
                    {formatRelative(new Date(ticket.updatedAt))}
                  </time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
