"use client";

import Link from "next/link";
import { formatCount, type InboxQuery, inboxHref, inboxViews } from "@/lib/support/inbox-query";
import { viewLabels } from "./labels";
import { type InboxData, useInbox } from "./use-inbox";

/**
 * The views with their live counts. Switching view keeps the search and filters, except
 * those the new view fixes itself (status; assignee in Mine and Unassigned).
 */
export function ViewTabs({ query, initial }: { query: InboxQuery; initial: InboxData }) {
  const { data } = useInbox(query, initial);
  return (
    <nav aria-label="Inbox views" className="mb-4 flex flex-wrap gap-1 border-b border-slate-200">
      {inboxViews.map((view) => {
        const active = view === query.view;
        return (
          <Link
            key={view}
            href={inboxHref({
              ...query,
              view,
              status: undefined,
              assignee: view === "mine" || view === "unassigned" ? undefined : query.assignee,
              cursor: undefined,
            })}
            aria-current={active ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm ${
              active ? "border-brand-600 font-medium text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"
            }`}
          >
            {viewLabels[view]} <span className="ml-1 text-xs text-slate-500">{formatCount(data.counts[view] ?? 0)}</span>
          </Link>
        );
      })}
    </nav>
  );
}
