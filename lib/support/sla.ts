// First-response SLA, per the demo policy "Tone and response times": urgent and high
// priority within 1 hour, everything else within 8 hours. A ticket shows its due time once
// it is within a quarter of its window, and "overdue" after.

const TARGET_MINUTES: Record<string, number> = { URGENT: 60, HIGH: 60, NORMAL: 480, LOW: 480 };

export interface SlaState {
  dueAt: Date;
  overdue: boolean;
  /** Within the last quarter of the window or past it: worth showing. */
  pressing: boolean;
}

export function firstResponseSla(
  ticket: { priority: string; status: string; createdAt: Date; firstResponseAt: Date | null },
  now = Date.now(),
): SlaState | null {
  if (ticket.firstResponseAt || ticket.status !== "OPEN") return null;
  const window = (TARGET_MINUTES[ticket.priority] ?? 480) * 60_000;
  const dueAt = new Date(ticket.createdAt.getTime() + window);
  const left = dueAt.getTime() - now;
  return { dueAt, overdue: left < 0, pressing: left < window / 4 };
}
