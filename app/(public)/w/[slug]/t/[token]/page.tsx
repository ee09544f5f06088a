import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RelativeTime } from "@/components/relative-time";
import { StatusBadge } from "@/components/ticket-badges";
import { NotFoundError } from "@/lib/errors";
import { getFollowedTicket } from "@/lib/support/public";
import { CustomerReplyForm } from "./customer-reply-form";
import { RatingForm } from "./rating-form";

export const metadata: Metadata = { title: "Your request", robots: { index: false } };

export default async function FollowTicketPage({ params }: { params: Promise<{ slug: string; token: string }> }) {
  const { slug, token } = await params;
  const { workspace, ticket } = await getFollowedTicket({ slug, token }).catch((error) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  return (
    <main className="mx-auto max-w-2xl px-4 py-10">
      <p className="text-sm text-slate-500">{workspace.name}</p>
      <h1 className="mt-1 text-2xl font-semibold">
        <span className="text-slate-400">#{ticket.number}</span> {ticket.subject}
      </h1>
      <div className="mt-2 flex items-center gap-2 text-sm text-slate-600">
        <StatusBadge status={ticket.status} /> opened <RelativeTime date={ticket.createdAt} />
      </div>
      <ol aria-label="Conversation" className="mt-6 space-y-4">
        {ticket.messages.map((message) => (
          <li key={message.id} className={`rounded-xl border p-4 ${message.kind === "CUSTOMER" ? "border-slate-200 bg-white" : "border-brand-100 bg-brand-50"}`}>
            <div className="mb-1 flex justify-between text-xs text-slate-500">
              <span className="font-medium text-slate-700">{message.kind === "CUSTOMER" ? "You" : `${message.author?.name ?? "Support"} (${workspace.name})`}</span>
              <RelativeTime date={message.createdAt} />
            </div>
            <p className="whitespace-pre-wrap text-sm">{message.body}</p>
          </li>
        ))}
      </ol>
      {ticket.status === "RESOLVED" || ticket.status === "CLOSED" ? (
        <RatingForm slug={slug} token={token} current={ticket.csatScore} />
      ) : null}
      <CustomerReplyForm slug={slug} token={token} />
    </main>
  );
}
