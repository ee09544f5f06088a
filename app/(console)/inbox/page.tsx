import type { Metadata } from "next";
import { requirePageActor } from "@/lib/auth/guard";
import { countInboxViews, listInboxFilterOptions, listInboxTickets } from "@/lib/support/inbox";
import { inboxQuerySchema } from "@/lib/support/inbox-query";
import { listWorkspaceTags } from "@/lib/support/tags";
import { FilterBar } from "./filter-bar";
import { InboxTable } from "./inbox-table";
import { viewLabels } from "./labels";
import { ViewTabs } from "./view-tabs";

export const metadata: Metadata = { title: "Inbox" };

export default async function InboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  const query = inboxQuerySchema.parse(await searchParams);
  const [{ tickets, nextCursor }, counts, options, tags] = await Promise.all([
    listInboxTickets({ actor, query }),
    countInboxViews({ actor }),
    listInboxFilterOptions({ actor }),
    listWorkspaceTags({ actor }),
  ]);
  const initial = {
    tickets: tickets.map((ticket) => ({
      ...ticket,
      createdAt: ticket.createdAt.toISOString(),
      updatedAt: ticket.updatedAt.toISOString(),
      firstResponseAt: ticket.firstResponseAt?.toISOString() ?? null,
      slaDueAt: ticket.slaDueAt?.toISOString() ?? null,
      sla: ticket.sla && { dueAt: ticket.sla.dueAt.toISOString(), overdue: ticket.sla.overdue },
    })),
    nextCursor,
    counts,
  };

  return (
    <div>
      <div className="mb-4 flex items-end justify-between">
        <h1 className="text-xl font-semibold">Inbox</h1>
      </div>
      <ViewTabs query={query} initial={initial} />
      <FilterBar query={query} products={options.products} assignees={options.assignees} tags={tags} meId={actor.userId} />
      <InboxTable
        query={query}
        initial={initial}
        meId={actor.userId}
        caption={`${viewLabels[query.view]} tickets${query.tag ? ` tagged ${query.tag.join(", ")}` : ""}${query.q ? ` matching “${query.q}”` : ""}`}
      />
    </div>
  );
}
