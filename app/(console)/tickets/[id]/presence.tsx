"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect } from "react";

// lib/support/presence.ts: a heartbeat every 5 seconds, entries older than 20 are ignored.
const HEARTBEAT_MS = 5_000;

interface Other {
  userId: string;
  name: string;
  state: "viewing" | "typing";
}

/**
 * Who else has this ticket open, and who is typing a reply, from the database (so agents on
 * other app processes count). Sends this agent's own state with each heartbeat, at once
 * when it changes, and "left" when the page goes away.
 */
export function TicketPresence({ ticketId, typing }: { ticketId: string; typing: boolean }) {
  const url = `/api/tickets/${ticketId}/presence`;
  const state = typing ? "typing" : "viewing";
  const { data: others = [] } = useQuery({
    queryKey: ["ticket-presence", ticketId, state],
    queryFn: async () => {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ state }),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return ((await response.json()) as { others: Other[] }).others;
    },
    refetchInterval: HEARTBEAT_MS,
    staleTime: 0,
    placeholderData: keepPreviousData,
  });
  useEffect(() => {
    const leave = () => navigator.sendBeacon?.(url, JSON.stringify({ state: "left" }));
    window.addEventListener("pagehide", leave);
    return () => {
      window.removeEventListener("pagehide", leave);
      leave();
    };
  }, [url]);

  const typists = others.filter((other) => other.state === "typing");
  const viewers = others.filter((other) => other.state === "viewing");
  return (
    <p role="status" aria-label="Others on this ticket" className="mt-1 min-h-4 text-xs text-amber-800">
      {typists.length > 0 && `${names(typists)} ${typists.length > 1 ? "are" : "is"} typing a reply.`}
      {typists.length > 0 && viewers.length > 0 && " "}
      {viewers.length > 0 && `${names(viewers)} ${viewers.length > 1 ? "are" : "is"} viewing this ticket.`}
    </p>
  );
}

function names(people: Other[]): string {
  const list = people.map((person) => person.name);
  return list.length > 1 ? `${list.slice(0, -1).join(", ")} and ${list.at(-1)}` : list[0]!;
}
