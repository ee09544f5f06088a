"use client";

import { useQuery } from "@tanstack/react-query";
import { type InboxQuery, inboxSearchParams } from "@/lib/support/inbox-query";

/** One inbox ticket as the browser holds it (from the page or /api/inbox): dates as ISO strings, the name decrypted. */
export interface InboxTicket {
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
  assigneeId: string | null;
  assigneeName: string | null;
  unverified: boolean;
}

export interface InboxData {
  tickets: InboxTicket[];
  nextCursor: string | null;
  counts: Record<string, number>;
}

/** The page's tickets and view counts, refreshed every 10 seconds; shared by the tabs and the table. */
export function useInbox(query: InboxQuery, initial: InboxData) {
  const params = inboxSearchParams(query).toString();
  return useQuery({
    queryKey: ["inbox", params],
    queryFn: async (): Promise<InboxData> => {
      const response = await fetch(`/api/inbox${params ? `?${params}` : ""}`);
      if (!response.ok) throw new Error(`Inbox refresh failed (${response.status})`);
      return (await response.json()) as InboxData;
    },
    initialData: initial,
    refetchInterval: 10_000,
  });
}
