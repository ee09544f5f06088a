"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useLiveEvents } from "@/components/use-live-events";

/**
 * Follows the ticket's changes as they are pushed (GET /api/live), polling its version
 * every 5 seconds only while that stream is down; when a message arrives or someone else
 * changes the ticket, re-renders the page (conversation and memory panes) in place.
 * What the agent is typing is client state and survives the refresh.
 */
export function LiveRefresh({ ticketId, version }: { ticketId: string; version: string }) {
  const router = useRouter();
  const seen = useRef(version);
  const [notice, setNotice] = useState("");
  const refetchRef = useRef<() => void>(() => undefined);
  const live = useLiveEvents(
    (event) => event.type === "ticket" && event.ticketId === ticketId,
    () => refetchRef.current(),
  );
  const { data, refetch } = useQuery({
    queryKey: ["ticket-version", ticketId],
    queryFn: async () => {
      const response = await fetch(`/api/tickets/${ticketId}/version`);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return ((await response.json()) as { version: string }).version;
    },
    refetchInterval: live ? false : 5_000,
    staleTime: 0,
  });
  useEffect(() => {
    refetchRef.current = () => void refetch();
  }, [refetch]);
  useEffect(() => {
    seen.current = version;
  }, [version]);
  useEffect(() => {
    if (data && data !== seen.current) {
      seen.current = data;
      setNotice("Updated with the latest messages.");
      router.refresh();
    }
  }, [data, router]);
  return (
    <p role="status" className="sr-only">
      {notice}
    </p>
  );
}
