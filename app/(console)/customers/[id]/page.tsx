import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RelativeTime } from "@/components/relative-time";
import { StatusBadge, TierBadge } from "@/components/ticket-badges";
import { requirePageActor } from "@/lib/auth/guard";
import { NotFoundError } from "@/lib/errors";
import { getCustomerPrivacy } from "@/lib/privacy/admin";
import { EraseCustomer } from "./erase-customer";

export const metadata: Metadata = { title: "Customer" };

export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePageActor({ role: "ADMIN" });
  const { customer, holdings } = await getCustomerPrivacy({ actor, customerId: id }).catch((error) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_360px]">
      <section aria-labelledby="customer-name">
        <h1 id="customer-name" className="text-xl font-semibold">{customer.name}</h1>
        <p className="text-sm text-slate-600">
          {customer.email}
          {customer.phone ? ` · ${customer.phone}` : ""} · <TierBadge tier={customer.tier} /> · customer since <RelativeTime date={customer.createdAt} />
        </p>
        <div className="mt-6 flex items-center justify-between gap-2">
          <h2 className="text-sm font-semibold">What the workspace holds</h2>
          <a href={`/customers/${customer.id}/export`} className="rounded-md px-3 py-1.5 text-sm ring-1 ring-slate-300 hover:bg-slate-50">
            Export customer data
          </a>
        </div>
        <ul className="mt-1 list-inside list-disc text-sm text-slate-700">
          {[...holdings.deleted, ...holdings.redacted].map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <h2 className="mt-6 text-sm font-semibold">Tickets</h2>
        <ul className="mt-1 space-y-1 text-sm">
          {customer.tickets.map((ticket) => (
            <li key={ticket.id} className="flex items-center gap-2">
              <StatusBadge status={ticket.status} />
              <Link href={`/tickets/${ticket.id}`} className="text-brand-700 hover:underline">
                #{ticket.number} {ticket.subject}
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <aside aria-label="Privacy">
        <EraseCustomer customerId={customer.id} name={customer.name} deleted={holdings.deleted} redacted={holdings.redacted} />
      </aside>
    </div>
  );
}
