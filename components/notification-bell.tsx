"use client";

import { useQuery } from "@tanstack/react-query";
import { Bell } from "lucide-react";
import Link from "next/link";
import { Popover } from "radix-ui";
import { useEffect, useRef } from "react";
import { formatRelative } from "@/components/relative-time";
import { type LiveEvent, useLiveEvents } from "@/components/use-live-events";

const isNotification = (event: LiveEvent) => event.type === "notification";

interface NotificationItem {
  id: string;
  text: string;
  ticketId: string;
  createdAt: string;
  read: boolean;
}

async function markRead(ids?: string[]): Promise<void> {
  await fetch("/api/notifications/read", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(ids ? { ids } : {}),
  });
}

/**
 * The console's bell: the count of unread notifications, pushed as they arrive (the tab's
 * live stream; every 30 s only while it is down), and the latest ones.
 */
export function NotificationBell() {
  const refetchRef = useRef<() => void>(() => undefined);
  const live = useLiveEvents(isNotification, () => refetchRef.current());
  const { data, refetch } = useQuery({
    queryKey: ["notifications"],
    queryFn: async () => {
      const response = await fetch("/api/notifications");
      if (!response.ok) throw new Error(`Notifications failed (${response.status})`);
      return (await response.json()) as { unread: number; items: NotificationItem[] };
    },
    refetchInterval: live ? false : 30_000,
  });
  useEffect(() => {
    refetchRef.current = () => void refetch();
  }, [refetch]);
  const unread = data?.unread ?? 0;
  const items = data?.items ?? [];
  return (
    <Popover.Root>
      <Popover.Trigger asChild>
        <button
          type="button"
          aria-label={unread > 0 ? `Notifications, ${unread} unread` : "Notifications"}
          className="relative rounded-md p-1.5 text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-600"
        >
          <Bell aria-hidden className="h-5 w-5" />
          {unread > 0 && (
            <span
              aria-hidden
              data-testid="notification-count"
              className="absolute -right-1 -top-1 min-w-4 rounded-full bg-rose-700 px-1 text-center text-[10px] font-semibold leading-4 text-white"
            >
              {unread > 99 ? "99+" : unread}
            </span>
          )}
        </button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="end"
          sideOffset={8}
          aria-label="Notifications"
          className="z-50 w-80 rounded-xl border border-slate-200 bg-white p-2 text-sm shadow-lg"
        >
          <div className="flex items-center justify-between px-2 py-1">
            <h2 className="font-semibold text-slate-900">Notifications</h2>
            {unread > 0 && (
              <button
                type="button"
                onClick={() => void markRead().then(() => refetch())}
                className="text-xs font-medium text-brand-700 hover:underline"
              >
                Mark all read
              </button>
            )}
          </div>
          {items.length === 0 ? (
            <p className="px-2 py-4 text-slate-500">
              Nothing yet. You are told here when a ticket is assigned to you, a customer answers your ticket, or a first reply is due soon.
            </p>
          ) : (
            <ul aria-label="Latest notifications" className="max-h-96 overflow-auto">
              {items.map((item) => (
                <li key={item.id}>
                  <Popover.Close asChild>
                    <Link
                      href={`/tickets/${item.ticketId}`}
                      onClick={() => void markRead([item.id]).then(() => refetch())}
                      className={`block rounded-md px-2 py-1.5 hover:bg-slate-50 ${item.read ? "text-slate-600" : "font-medium text-slate-900"}`}
                    >
                      {!item.read && <span className="sr-only">Unread: </span>}
                      {item.text}
                      <span className="block text-xs font-normal text-slate-500">{formatRelative(new Date(item.createdAt))}</span>
                    </Link>
                  </Popover.Close>
                </li>
              ))}
            </ul>
          )}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
