import type { InboxSort, InboxView } from "@/lib/support/inbox-query";

// Shared by the server page and the client components (a "use client" module's plain
// objects are not readable on the server).

export const viewLabels: Record<InboxView, string> = {
  open: "All open",
  mine: "Mine",
  unassigned: "Unassigned",
  pending: "Pending",
  resolved: "Resolved",
  all: "All tickets",
};

export const sortLabels: Record<InboxSort, string> = {
  updated_desc: "Recently updated",
  updated_asc: "Least recently updated",
  created_desc: "Newest first",
  created_asc: "Oldest first",
  priority: "Priority, urgent first",
  sla: "Reply due, soonest first",
};
