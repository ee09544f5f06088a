import { Badge, type BadgeTone } from "@/components/ui/badge";

const statusTone: Record<string, BadgeTone> = { OPEN: "blue", PENDING: "amber", RESOLVED: "green", CLOSED: "slate" };
const priorityTone: Record<string, BadgeTone> = { LOW: "slate", NORMAL: "slate", HIGH: "amber", URGENT: "red" };

const label = (value: string) => value.charAt(0) + value.slice(1).toLowerCase();

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={statusTone[status] ?? "slate"}>{label(status)}</Badge>;
}

export function PriorityBadge({ priority }: { priority: string }) {
  return <Badge tone={priorityTone[priority] ?? "slate"}>{label(priority)}</Badge>;
}

export function TierBadge({ tier }: { tier: string }) {
  const tone: BadgeTone = tier === "enterprise" ? "violet" : tier === "business" ? "blue" : "slate";
  return <Badge tone={tone}>{label(tier)}</Badge>;
}

/** How the customer sounds in their latest message; nothing when neutral and not urgent. */
export function SignalBadges({ sentiment, urgency }: { sentiment: string | null; urgency: string | null }) {
  return (
    <>
      {sentiment === "negative" && <Badge tone="red">Frustrated</Badge>}
      {sentiment === "positive" && <Badge tone="green">Happy</Badge>}
      {urgency === "high" && <Badge tone="amber">Sounds urgent</Badge>}
    </>
  );
}

/** The first-response due time, when it is close or past. */
export function SlaBadge({ dueAt, overdue }: { dueAt: string | Date; overdue: boolean }) {
  const due = new Date(dueAt);
  // eslint-disable-next-line react-hooks/purity -- time left as of this render, on purpose: the inbox re-renders it on every refresh.
  const minutes = Math.round(Math.abs(due.getTime() - Date.now()) / 60_000);
  const span = minutes >= 90 ? `${Math.round(minutes / 60)} h` : `${minutes} min`;
  return (
    <Badge tone={overdue ? "red" : "amber"}>
      <time dateTime={due.toISOString()} title={`First response due ${due.toUTCString()}`} suppressHydrationWarning>
        {overdue ? `Reply overdue ${span}` : `Reply due in ${span}`}
      </time>
    </Badge>
  );
}

export const UNVERIFIED_EXPLANATION =
  "Opened on the public support form by someone who has not yet proven they own this address (they have not followed the link we mailed to it). Until they do, the customer's memory and past tickets stay hidden, drafts do not use them, and nothing from this ticket is added to the customer's memory.";

/** A public-form ticket whose sender has not proven the address; the tooltip says what that means. */
export function UnverifiedBadge() {
  return (
    <span title={UNVERIFIED_EXPLANATION} className="inline-flex">
      <Badge tone="amber">Unverified sender</Badge>
    </span>
  );
}
