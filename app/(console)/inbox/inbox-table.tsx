"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { formatRelative } from "@/components/relative-time";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableCaption, TBody, TD, TH, THead } from "@/components/ui/table";
import { PriorityBadge, SignalBadges, SlaBadge, StatusBadge, TierBadge, UnverifiedBadge } from "@/components/ticket-badges";
import { hasFilters, type InboxQuery, inboxHref } from "@/lib/support/inbox-query";
import { assignToMeAction } from "./actions";
import { type InboxData, useInbox } from "./use-inbox";

const shortcuts: Array<[string, string]> = [
  ["j / ↓", "next ticket"],
  ["k / ↑", "previous ticket"],
  ["Enter / o", "open the selected ticket"],
  ["a", "assign the selected ticket to me"],
  ["/", "search tickets (Esc leaves the search box)"],
  ["?", "show or hide this list"],
];

/** The ticket list, refreshed every 10 seconds, with keyboard navigation. */
export function InboxTable({ query, initial, caption, meId }: { query: InboxQuery; initial: InboxData; caption: string; meId: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const { data, isFetching } = useInbox(query, initial);
  const [selected, setSelected] = useState(0);
  const [help, setHelp] = useState(false);
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>(null);
  const [assigning, startAssign] = useTransition();
  // Shortcuts work once the page is hydrated; the attribute tells tests (and styles) when.
  const [ready, setReady] = useState(false);
  // eslint-disable-next-line react-hooks/set-state-in-effect -- the flag must flip after the keydown listener's effect has run (on a client navigation too), which is what e2e waits for.
  useEffect(() => setReady(true), []);
  const rows = useRef<Array<HTMLAnchorElement | null>>([]);
  const tickets = data.tickets;

  // A refresh can shorten the list (a ticket assigned away from "Unassigned"): keep the selection on a row.
  const lastIndex = Math.max(0, tickets.length - 1);
  if (selected > lastIndex) setSelected(lastIndex);

  useEffect(() => {
    const assign = (ticket: (typeof tickets)[number]) =>
      startAssign(async () => {
        const result = await assignToMeAction({ ticketId: ticket.id });
        if (!result.ok) return setNotice({ text: result.error, error: true });
        setNotice({
          text: result.data.changed.length ? `Assigned #${ticket.number} to you.` : `#${ticket.number} is already assigned to you.`,
        });
        await queryClient.invalidateQueries({ queryKey: ["inbox"] });
      });
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (target.closest("input, textarea, select, [contenteditable]") || event.metaKey || event.ctrlKey || event.altKey) return;
      const current = tickets[selected];
      if (event.key === "?") setHelp((shown) => !shown);
      else if (event.key === "Escape") setHelp(false);
      else if (event.key === "/") document.getElementById("inbox-search")?.focus();
      else if (event.key === "j" || event.key === "ArrowDown") setSelected((index) => Math.min(index + 1, tickets.length - 1));
      else if (event.key === "k" || event.key === "ArrowUp") setSelected((index) => Math.max(index - 1, 0));
      else if ((event.key === "Enter" || event.key === "o") && current) router.push(`/tickets/${current.id}`);
      else if (event.key === "a" && current && !assigning) assign(current);
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [router, selected, tickets, assigning, queryClient]);

  useEffect(() => {
    rows.current[selected]?.scrollIntoView({ block: "nearest" });
  }, [selected]);

  return (
    <div data-keyboard-ready={ready ? "true" : "false"}>
      <div className="mb-2 flex items-center justify-between gap-4 text-xs text-slate-500">
        <span aria-live="polite">{isFetching ? "Refreshing…" : "Up to date · refreshes every 10 s"}</span>
        <span role="status" className={notice?.error ? "text-rose-700" : "text-slate-700"}>
          {assigning ? "Assigning…" : notice?.text}
        </span>
        <button type="button" onClick={() => setHelp((shown) => !shown)} className="ml-auto hover:text-slate-800">
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
      {tickets.length === 0 ? (
        <NoTickets query={query} />
      ) : (
        <Table>
          <TableCaption>{caption}</TableCaption>
          <THead>
            <TH roomy className="font-medium">
              Ticket
            </TH>
            <TH roomy className="font-medium">
              Customer
            </TH>
            <TH roomy className="font-medium">
              Product
            </TH>
            <TH roomy className="font-medium">
              Priority
            </TH>
            <TH roomy className="font-medium">
              Status
            </TH>
            <TH roomy className="font-medium">
              Assignee
            </TH>
            <TH roomy className="font-medium">
              Updated
            </TH>
          </THead>
          <TBody>
            {tickets.map((ticket, index) => (
              <tr key={ticket.id} aria-selected={index === selected} className={index === selected ? "bg-brand-50" : "hover:bg-slate-50"}>
                <TD roomy>
                  <Link
                    ref={(element) => {
                      rows.current[index] = element;
                    }}
                    href={`/tickets/${ticket.id}`}
                    className="font-medium text-slate-900 hover:text-brand-700"
                  >
                    <span className="mr-2 text-slate-600">#{ticket.number}</span>
                    {ticket.subject}
                  </Link>
                  {ticket.tags.length > 0 && (
                    <ul aria-label={`Tags of #${ticket.number}`} className="mt-1 flex flex-wrap gap-1">
                      {ticket.tags.map((tag) => (
                        <li key={tag}>
                          <Badge tone="violet">{tag}</Badge>
                        </li>
                      ))}
                    </ul>
                  )}
                </TD>
                <TD roomy>
                  <span className="mr-2">{ticket.customerName}</span>
                  {ticket.unverified ? <UnverifiedBadge /> : <TierBadge tier={ticket.customerTier} />}
                </TD>
                <TD roomy className="text-slate-600">
                  {ticket.product ?? "—"}
                </TD>
                <TD roomy>
                  <span className="flex flex-wrap gap-1">
                    <PriorityBadge priority={ticket.priority} />
                    <SignalBadges sentiment={ticket.sentiment} urgency={ticket.urgency} />
                    {ticket.sla && <SlaBadge dueAt={ticket.sla.dueAt} overdue={ticket.sla.overdue} />}
                  </span>
                </TD>
                <TD roomy>
                  <StatusBadge status={ticket.status} />
                </TD>
                <TD roomy className="text-slate-600">
                  {ticket.assigneeName ? (
                    <>
                      {ticket.assigneeName}
                      {ticket.assigneeId === meId && <span className="text-slate-600"> (you)</span>}
                    </>
                  ) : (
                    <span className="text-slate-600">Unassigned</span>
                  )}
                </TD>
                <TD roomy className="text-slate-600">
                  <time dateTime={ticket.updatedAt} suppressHydrationWarning>
                    {formatRelative(new Date(ticket.updatedAt))}
                  </time>
                </TD>
              </tr>
            ))}
          </TBody>
        </Table>
      )}
      {(data.nextCursor || query.cursor) && (
        <nav aria-label="Pages" className="mt-4 flex justify-end gap-4 text-sm font-medium text-brand-700">
          {query.cursor && (
            <Link href={inboxHref({ ...query, cursor: undefined })} className="hover:underline">
              ← First page
            </Link>
          )}
          {data.nextCursor && (
            <Link href={inboxHref({ ...query, cursor: data.nextCursor })} className="hover:underline">
              Next page →
            </Link>
          )}
        </nav>
      )}
    </div>
  );
}

function NoTickets({ query }: { query: InboxQuery }) {
  const filtered = hasFilters(query);
  return (
    <EmptyState
      size="lg"
      title={filtered ? "No tickets match" : "Nothing here"}
      action={
        filtered && (
          <>
            <Link href={inboxHref({ view: query.view, sort: query.sort })} className="hover:underline">
              Clear filters
            </Link>
            {query.view !== "all" && (
              <Link href={inboxHref({ ...query, view: "all", status: undefined, cursor: undefined })} className="hover:underline">
                Search all tickets
              </Link>
            )}
          </>
        )
      }
    >
      {filtered
        ? query.q
          ? `No ticket in this view has every word of “${query.q}” in its subject or messages with these filters.`
          : "No ticket in this view matches these filters."
        : query.view === "mine"
          ? "No open tickets are assigned to you."
          : "No tickets in this view right now."}
    </EmptyState>
  );
}
