import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RelativeTime } from "@/components/relative-time";
import { StatusBadge } from "@/components/ticket-badges";
import { NotFoundError } from "@/lib/errors";
import { getFollowedTicket, getPublicWorkspace, TicketLinkError } from "@/lib/support/public";
import { NewLinkForm } from "../new-link-form";
import { ConfirmAddressForm } from "./confirm-address-form";
import { CustomerReplyForm } from "./customer-reply-form";
import { RatingForm } from "./rating-form";
import { AttachmentList } from "@/components/attachment-list";

export const metadata: Metadata = { title: "Your request", robots: { index: false } };

export default async function FollowTicketPage({ params }: { params: Promise<{ slug: string; token: string }> }) {
  const { slug, token } = await params;
  const followed = await getFollowedTicket({ slug, token }).catch((error) => {
    // Malformed, forged, expired and revoked links all get the same page: a new link.
    if (error instanceof TicketLinkError) return null;
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  if (!followed) return <ExpiredLink slug={slug} />;
  const { workspace, ticket, verified, canConfirm } = followed;
  return (
    <main className="mx-auto max-w-2xl px-4 py-10">
      <p className="text-sm text-slate-500">{workspace.name}</p>
      <h1 className="mt-1 text-2xl font-semibold">
        <span className="text-slate-500">#{ticket.number}</span> {ticket.subject}
      </h1>
      <div className="mt-2 flex items-center gap-2 text-sm text-slate-600">
        <StatusBadge status={ticket.status} /> opened <RelativeTime date={ticket.createdAt} />
      </div>
      {canConfirm && <ConfirmAddressForm slug={slug} token={token} />}
      {!verified && !canConfirm && (
        <section
          aria-labelledby="unverified-heading"
          className="mt-4 rounded-xl border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900"
        >
          <h2 id="unverified-heading" className="font-semibold">
            Email address not confirmed yet
          </h2>
          <p className="mt-1">
            We mailed a link to the address you gave. Follow the link in that mail to confirm the address is yours: until then the team
            answers this request without your account&apos;s history, and from then on use the mailed link to come back here.
          </p>
        </section>
      )}
      <ol aria-label="Conversation" className="mt-6 space-y-4">
        {ticket.messages.map((message) => (
          <li
            key={message.id}
            className={`rounded-xl border p-4 ${message.kind === "CUSTOMER" ? "border-slate-200 bg-white" : "border-brand-100 bg-brand-50"}`}
          >
            <div className="mb-1 flex justify-between text-xs text-slate-600">
              <span className="font-medium text-slate-700">
                {message.kind === "CUSTOMER" ? "You" : `${message.author?.name ?? "Support"} (${workspace.name})`}
              </span>
              <RelativeTime date={message.createdAt} />
            </div>
            <p className="whitespace-pre-wrap text-sm">{message.body}</p>
            <AttachmentList files={message.attachments} href={(id) => `/w/${slug}/t/${token}/files/${id}`} />
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

async function ExpiredLink({ slug }: { slug: string }) {
  const workspace = await getPublicWorkspace(slug).catch((error) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  return (
    <main className="mx-auto max-w-xl px-4 py-10">
      <p className="text-sm text-slate-500">{workspace.name}</p>
      <h1 className="mt-1 text-2xl font-semibold">This link has expired or is not valid</h1>
      <p className="mt-1 text-sm text-slate-600">
        Links to a request work for 30 days, and the team can replace them. This one is no longer valid, or was never complete. Type your
        email and we will mail you fresh links to your requests.
      </p>
      <NewLinkForm slug={workspace.slug} />
    </main>
  );
}
