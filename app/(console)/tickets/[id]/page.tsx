import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import {
  PriorityBadge,
  SignalBadges,
  SlaBadge,
  StatusBadge,
  TierBadge,
  UNVERIFIED_EXPLANATION,
  UnverifiedBadge,
} from "@/components/ticket-badges";
import { firstResponseSla } from "@/lib/support/sla";
import { RelativeTime } from "@/components/relative-time";
import { requirePageActor } from "@/lib/auth/guard";
import { NotFoundError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/guard";
import { listMacros } from "@/lib/support/macros";
import { getTicketMemoryContext } from "@/lib/support/memory-context";
import { getTicketDetail, listAssignees, type TicketDetail } from "@/lib/support/tickets";
import { listWorkspaceTags } from "@/lib/support/tags";
import { TicketControls } from "./ticket-controls";
import { LinkControls } from "./link-controls";
import { LiveRefresh } from "./live-refresh";
import { MemoryPanes } from "./memory-panes";
import { ReplyForm } from "./reply-form";
import { ResolveForm } from "./resolve-form";
import { TicketShortcuts } from "./ticket-shortcuts";
import { TicketTags } from "./ticket-tags";
import { InboundMail, MailState } from "./message-mail";
import { AttachmentList } from "@/components/attachment-list";

export const metadata: Metadata = { title: "Ticket" };

async function loadTicket(id: string): Promise<{ actor: Actor; ticket: TicketDetail }> {
  const actor = await requirePageActor();
  try {
    return { actor, ticket: await getTicketDetail({ actor, ticketId: id }) };
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}

const kindStyles = {
  CUSTOMER: "bg-white border-slate-200",
  AGENT: "bg-brand-50 border-brand-100",
  NOTE: "bg-amber-50 border-amber-200",
} as const;

export default async function TicketPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { actor, ticket } = await loadTicket(id);
  const { customer } = ticket;
  const [memory, assignees, macros, tagSuggestions] = await Promise.all([
    getTicketMemoryContext({ actor, ticketId: ticket.id }),
    listAssignees({ actor }),
    listMacros({ actor }),
    listWorkspaceTags({ actor }),
  ]);
  const open = ticket.status === "OPEN" || ticket.status === "PENDING";
  const sla = firstResponseSla(ticket);
  const verified = ticket.verifiedAt !== null;

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_360px]">
      <section aria-labelledby="ticket-subject">
        <Link href="/inbox" className="text-sm text-slate-500 hover:text-slate-800">
          ← Inbox
        </Link>
        <LiveRefresh ticketId={ticket.id} version={`${ticket.updatedAt.toISOString()}/${ticket.messages.length}`} />
        <h1 id="ticket-subject" className="mt-2 text-xl font-semibold">
          <span className="mr-2 text-slate-500">#{ticket.number}</span>
          {ticket.subject}
        </h1>
        <div className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-600">
          <StatusBadge status={ticket.status} />
          {!verified && <UnverifiedBadge />}
          <PriorityBadge priority={ticket.priority} />
          <SignalBadges sentiment={ticket.sentiment} urgency={ticket.urgency} />
          {sla?.pressing && <SlaBadge dueAt={sla.dueAt} overdue={sla.overdue} />}
          {ticket.product && <span>{ticket.product}</span>}
          <span className="text-slate-500">·</span>
          <span>via {ticket.channel.toLowerCase()}</span>
          <span className="text-slate-500">·</span>
          <span>
            opened <RelativeTime date={ticket.createdAt} />
          </span>
          <span className="text-slate-500">·</span>
          <span>{ticket.assignee ? `assigned to ${ticket.assignee.name}` : "unassigned"}</span>
        </div>

        <div className="mt-3">
          <TicketTags ticketId={ticket.id} tags={ticket.tags} suggestions={tagSuggestions} />
        </div>

        {open && (
          <div className="mt-4">
            <TicketControls
              ticketId={ticket.id}
              status={ticket.status}
              priority={ticket.priority}
              assigneeId={ticket.assignee?.id ?? null}
              assignees={assignees}
              meId={actor.userId}
            />
          </div>
        )}

        <ol aria-label="Conversation" className="mt-6 space-y-4">
          {ticket.messages.map((message) => (
            <li key={message.id} className={`rounded-xl border p-4 shadow-sm ${kindStyles[message.kind]}`}>
              <div className="mb-2 flex items-center justify-between text-xs text-slate-600">
                <span className="font-medium text-slate-700">
                  {message.kind === "CUSTOMER" ? customer.name : (message.author?.name ?? "Agent")}
                  {message.kind === "NOTE" && <span className="ml-2 text-amber-700">Internal note</span>}
                </span>
                <RelativeTime date={message.createdAt} />
              </div>
              <p className="whitespace-pre-wrap text-sm leading-relaxed">{message.body}</p>
              <AttachmentList files={message.attachments} href={(id) => `/api/attachments/${id}`} />
              <MailState message={message} />
              <InboundMail message={message} />
            </li>
          ))}
        </ol>

        <ReplyForm
          ticketId={ticket.id}
          lastMessageId={ticket.messages.at(-1)?.id ?? ""}
          macros={macros.map((macro) => ({ id: macro.id, name: macro.name, preview: macro.body.replace(/\s+/g, " ").slice(0, 80) }))}
        />
        <TicketShortcuts />
      </section>

      <aside aria-label="Customer" className="space-y-4">
        {!verified && (
          <section
            aria-labelledby="unverified-heading"
            className="rounded-xl border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900"
          >
            <h2 id="unverified-heading" className="font-semibold">
              Unverified sender
            </h2>
            <p className="mt-1">{UNVERIFIED_EXPLANATION}</p>
            <p className="mt-1">Do not share anything about the customer&apos;s account with this sender until the address is verified.</p>
          </section>
        )}
        {open ? (
          <ResolveForm ticketId={ticket.id} />
        ) : (
          <p role="status" className="rounded-xl border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-800">
            Resolved
            {ticket.resolvedAt ? (
              <>
                {" "}
                <RelativeTime date={ticket.resolvedAt} />
              </>
            ) : null}
            .{" "}
            {verified
              ? "What was learned is in the customer's memory."
              : "The sender was not verified: nothing was added to the customer's memory."}
          </p>
        )}
        <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
          <h2 className="text-sm font-semibold">{customer.name}</h2>
          <p className="text-sm text-slate-600">{customer.email}</p>
          {/* An unverified sender may not be this customer: their profile stays one step away. */}
          {(verified || actor.role === "ADMIN") && (
            <Link href={`/customers/${customer.id}`} className="text-xs text-slate-500 underline hover:text-slate-800">
              {actor.role === "ADMIN" ? "Customer page (profile, export, erase customer)" : "Customer page (profile)"}
            </Link>
          )}
          <dl className="mt-3 space-y-1 text-sm">
            <div className="flex justify-between gap-2">
              <dt className="text-slate-500">Tier</dt>
              <dd>
                <TierBadge tier={customer.tier} />
              </dd>
            </div>
            {customer.communicationPreference && (
              <div className="flex justify-between gap-2">
                <dt className="text-slate-500">Prefers</dt>
                <dd className="text-right">{customer.communicationPreference}</dd>
              </div>
            )}
            {customer.timezone && (
              <div className="flex justify-between gap-2">
                <dt className="text-slate-500">Time zone</dt>
                <dd>{customer.timezone}</dd>
              </div>
            )}
          </dl>
        </div>
        <MemoryPanes context={memory} ticketId={ticket.id} canEditKnowledge={actor.role === "ADMIN"} />
        <LinkControls ticketId={ticket.id} />
        <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
          <h2 className="text-sm font-semibold">Other tickets</h2>
          {!verified ? (
            <p className="mt-2 text-sm text-slate-500">Hidden until the sender verifies the address.</p>
          ) : ticket.otherTickets.length === 0 ? (
            <p className="mt-2 text-sm text-slate-500">First ticket from this customer.</p>
          ) : (
            <ul className="mt-2 space-y-2 text-sm">
              {ticket.otherTickets.map((other) => (
                <li key={other.id} className="flex items-start justify-between gap-2">
                  <Link href={`/tickets/${other.id}`} className="hover:text-brand-700">
                    <span className="text-slate-500">#{other.number}</span> {other.subject}
                  </Link>
                  <StatusBadge status={other.status} />
                </li>
              ))}
            </ul>
          )}
        </div>
      </aside>
    </div>
  );
}
