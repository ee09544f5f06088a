import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LearnedFacts } from "@/components/customers/learned-facts";
import { CustomerProfileEditor } from "@/components/customers/profile-editor";
import { RelativeTime } from "@/components/relative-time";
import { StatusBadge } from "@/components/ticket-badges";
import { Button } from "@/components/ui/button";
import { requirePageActor } from "@/lib/auth/guard";
import { getCustomerOverview } from "@/lib/customers/overview";
import { NotFoundError } from "@/lib/errors";
import { getCustomerPrivacy } from "@/lib/privacy/admin";
import { confirmLearnedFactAction, correctLearnedFactAction, deleteLearnedFactAction, updateCustomerProfileAction } from "../actions";
import { EraseCustomer } from "./erase-customer";

export const metadata: Metadata = { title: "Customer" };

const orNotFound = (error: unknown): never => {
  if (error instanceof NotFoundError) notFound();
  throw error;
};

// Every member of the workspace edits the profile here; what the workspace holds, the export
// and erasure are an admin's (their verbs check the role again).
export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePageActor();
  const overview = await getCustomerOverview({ actor, customerId: id }).catch(orNotFound);
  const privacy = actor.role === "ADMIN" ? await getCustomerPrivacy({ actor, customerId: id }).catch(orNotFound) : null;
  const { customer, profile, learned, remembered, tickets } = overview;
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_360px]">
      <section aria-labelledby="customer-name">
        <h1 id="customer-name" className="text-xl font-semibold">
          {customer.name}
        </h1>
        <p className="text-sm text-slate-600">
          {customer.email}
          {privacy?.customer.phone ? ` · ${privacy.customer.phone}` : ""} · customer since <RelativeTime date={customer.createdAt} />
        </p>
        {privacy && (
          <>
            <div className="mt-6 flex items-center justify-between gap-2">
              <h2 className="text-sm font-semibold">What the workspace holds</h2>
              <Button asChild>
                <a href={`/customers/${customer.id}/export`}>Export customer data</a>
              </Button>
            </div>
            <ul className="mt-1 list-inside list-disc text-sm text-slate-700">
              {[...privacy.holdings.deleted, ...privacy.holdings.redacted].map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </>
        )}
        <h2 className="mt-6 text-sm font-semibold">Tickets</h2>
        {tickets.length === 0 ? (
          <p className="mt-1 text-sm text-slate-500">No tickets.</p>
        ) : (
          <ul className="mt-1 space-y-1 text-sm">
            {tickets.map((ticket) => (
              <li key={ticket.id} className="flex items-center gap-2">
                <StatusBadge status={ticket.status} />
                <Link href={`/tickets/${ticket.id}`} className="text-brand-700 hover:underline">
                  #{ticket.number} {ticket.subject}
                </Link>
              </li>
            ))}
          </ul>
        )}
        <section aria-labelledby="remembered-heading" className="mt-6">
          <h2 id="remembered-heading" className="text-sm font-semibold">
            What we remember
          </h2>
          {remembered.length === 0 ? (
            <p className="mt-1 text-sm text-slate-500">Nothing remembered about this customer yet.</p>
          ) : (
            <ul className="mt-1 space-y-1 text-sm">
              {remembered.map((memory) => (
                <li key={memory.id} className="flex items-baseline gap-2">
                  <span className="shrink-0 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
                    {memory.type.replaceAll("_", " ")}
                  </span>
                  <span>{memory.text}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </section>
      <aside aria-label="Customer profile" className="space-y-4">
        <section aria-label="Profile and learned facts" className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
          <CustomerProfileEditor customer={profile} save={updateCustomerProfileAction} />
          <LearnedFacts
            facts={learned}
            confirm={confirmLearnedFactAction}
            correct={correctLearnedFactAction}
            remove={deleteLearnedFactAction}
          />
        </section>
        {privacy && (
          <EraseCustomer
            customerId={customer.id}
            name={customer.name}
            deleted={privacy.holdings.deleted}
            redacted={privacy.holdings.redacted}
          />
        )}
      </aside>
    </div>
  );
}
