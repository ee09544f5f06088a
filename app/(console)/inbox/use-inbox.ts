"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { type LiveEvent, useLiveEvents } from "@/components/use-live-events";

const isTicketEvent = (event: LiveEvent) => event.type === "ticket";
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
  tags: string[];
}

export interface InboxData {
  tickets: InboxTicket[];
  nextCursor: string | null;
  counts: Record<string, number>;
}

/**
 * The page's tickets and view counts, shared by the tabs and the table: refreshed when a
 * ticket of the workspace changes (pushed, GET /api/live; a burst refreshes once), and
 * every 10 seconds only while that stream is down.
 */
export function useInbox(query: InboxQuery, initial: InboxData) {
  const params = inboxSearchParams(query).toString();
  const queryClient = useQueryClient();
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const live = useLiveEvents(isTicketEvent, () => {
    clearTimeout(pending.current);
    pending.current = setTimeout(() => void queryClient.invalidateQueries({ queryKey: ["inbox"] }), 300);
  });
  useEffect(() => () => clearTimeout(pending.current), []);
  return useQuery({
    queryKey: ["inbox", params],
    queryFn: async (): Promise<InboxData> => {
      const response = await fetch(`/api/inbox${params ? `?${params}` : ""}`);
      if (!response.ok) throw new Error(`Inbox refresh failed (${response.status})`);
      return (await response.json()) as InboxData;
    },
    initialData: initial,
    refetchInterval: live ? false : 10_000,
  });
}
