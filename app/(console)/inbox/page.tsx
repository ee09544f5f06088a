import type { Metadata } from "next";
import Link from "next/link";
import { PriorityBadge, StatusBadge, TierBadge } from "@/components/ticket-badges";
import { RelativeTime } from "@/components/relative-time";
import { requirePageActor } from "@/lib/auth/guard";
import { countInboxViews, type InboxView, inboxQuerySchema, listInboxTickets } from "@/lib/support/tickets";

export const metadata: Metadata = { title: "Inbox" };

const viewLabels: Record<InboxView, string> = {
  open: "All open",
  mine: "Mine",
  unassigned: "Unassigned",
  pending: "Pending",
  resolved: "Resolved",
};

export default async function InboxPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requirePageActor();
  const query = inboxQuerySchema.parse(await searchParams);
  const [{ tickets, nextCursor }, counts] = await Promise.all([
    listInboxTickets({ actor, query }),
    countInboxViews({ actor }),
  ]);

  return (
    <div>
      <div className="mb-4 flex items-end justify-between">
        <h1 className="text-xl font-semibold">Inbox</h1>
      </div>
      <nav aria-label="Inbox views" className="mb-4 flex flex-wrap gap-1 border-b border-slate-200">
        {(Object.keys(viewLabels) as InboxView[]).map((view) => {
          const active = view === query.view;
          return (
            <Link
              key={view}
              href={`/inbox?view=${view}`}
              aria-current={active ? "page" : undefined}
              className={`-mb-px border-b-2 px-3 py-2 text-sm ${
                active ? "border-brand-600 font-medium text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"
              }`}
            >
              {viewLabels[view]} <span className="ml-1 text-xs text-slate-400">{counts[view]}</span>
            </Link>
          );
        })}
      </nav>

      {tickets.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-16 text-center">
          <p className="font-medium">Nothing here</p>
          <p className="mt-1 text-sm text-slate-500">
            {query.view === "mine" ? "No open tickets are assigned to you." : "No tickets in this view right now."}
          </p>
        </div>
      ) : (
        <div className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-sm">
            <caption className="sr-only">{viewLabels[query.view]} tickets</caption>
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
              {tickets.map((ticket) => (
                <tr key={ticket.id} className="hover:bg-slate-50">
                  <td className="px-4 py-3">
                    <Link href={`/tickets/${ticket.id}`} className="font-medium text-slate-900 hover:text-brand-700">
                      <span className="mr-2 text-slate-400">#{ticket.number}</span>
                      {ticket.subject}
                    </Link>
                  </td>
                  <td className="px-4 py-3">
                    <span className="mr-2">{ticket.customer.name}</span>
                    <TierBadge tier={ticket.customer.tier} />
                  </td>
                  <td className="px-4 py-3 text-slate-600">{ticket.product ?? "—"}</td>
                  <td className="px-4 py-3"><PriorityBadge priority={ticket.priority} /></td>
                  <td className="px-4 py-3"><StatusBadge status={ticket.status} /></td>
                  <td className="px-4 py-3 text-slate-600">{ticket.assignee?.name ?? <span className="text-slate-400">Unassigned</span>}</td>
                  <td className="px-4 py-3 text-slate-500"><RelativeTime date={ticket.updatedAt} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextCursor && (
        <div className="mt-4 text-right">
          <Link href={`/inbox?view=${query.view}&cursor=${nextCursor}`} className="text-sm font-medium text-brand-700 hover:underline">
            Older tickets →
          </Link>
        </div>
      )}
    </div>
  );
}
