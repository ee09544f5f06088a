import type { Metadata } from "next";
import Link from "next/link";
import { requirePageActor } from "@/lib/auth/guard";
import { InboxTable } from "./inbox-table";
import { countInboxViews, listInboxTickets } from "@/lib/support/inbox";
import { type InboxView, inboxQuerySchema } from "@/lib/support/inbox-query";

export const metadata: Metadata = { title: "Inbox" };

const viewLabels: Record<InboxView, string> = {
  open: "All open",
  mine: "Mine",
  unassigned: "Unassigned",
  pending: "Pending",
  resolved: "Resolved",
  all: "All tickets",
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

      <InboxTable
        view={query.view}
        cursor={query.cursor}
        caption={`${viewLabels[query.view]} tickets`}
        initial={{
          tickets: tickets.map((ticket) => ({
            ...ticket,
            updatedAt: ticket.updatedAt.toISOString(),
            sla: ticket.sla && { dueAt: ticket.sla.dueAt.toISOString(), overdue: ticket.sla.overdue },
          })),
          nextCursor,
          counts,
        }}
      />
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
