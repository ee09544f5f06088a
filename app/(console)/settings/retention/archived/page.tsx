import type { Metadata } from "next";
import Link from "next/link";
import { formatRelative } from "@/components/relative-time";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableCaption, TBody, TD, TH, THead } from "@/components/ui/table";
import { requirePageActor } from "@/lib/auth/guard";
import { listArchivedCustomers } from "@/lib/retention/archived";
import { getRetentionPolicy } from "@/lib/retention/policy";
import { RestoreButton } from "./restore-button";

export const metadata: Metadata = { title: "Archived customer memory" };

const when = (date: Date) => (
  <time dateTime={date.toISOString()} title={date.toUTCString()}>
    {formatRelative(date)}
  </time>
);

/** Customer memory retention archived: kept, out of the panes and drafts, restorable. */
export default async function ArchivedMemoryPage() {
  const actor = await requirePageActor({ role: "ADMIN" });
  const [{ customers, total }, policy] = await Promise.all([
    listArchivedCustomers({ actor }),
    getRetentionPolicy({ workspaceId: actor.workspaceId }),
  ]);

  return (
    <div className="space-y-4">
      <div>
        <p className="text-sm text-slate-500">
          <Link href="/settings" className="hover:underline">
            Settings
          </Link>{" "}
          /{" "}
          <Link href="/settings/retention" className="hover:underline">
            Retention
          </Link>{" "}
          / Archived customer memory
        </p>
        <h1 className="text-xl font-semibold">Archived customer memory</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Retention archives a customer&apos;s memory after {policy.customerArchiveDays} days without activity: it is kept, left out of the
          ticket panes and drafts, and comes back by itself when the customer writes again. Restore it by hand when an agent needs it
          sooner. The memories themselves are on each customer&apos;s page.
        </p>
      </div>

      {customers.length === 0 ? (
        <EmptyState>No customer memory is archived.</EmptyState>
      ) : (
        <Table
          footer={
            total > customers.length && (
              <p className="border-t border-slate-100 px-3 py-2 text-xs text-slate-500">
                Showing the {customers.length} most recently archived of {total} customers.
              </p>
            )
          }
        >
          <TableCaption>
            Customers with archived memory, most recently archived first ({customers.length}
            {total > customers.length ? ` of ${total}` : ""})
          </TableCaption>
          <THead caps={false}>
            <TH>Customer</TH>
            <TH numeric>Memories</TH>
            <TH>Kinds</TH>
            <TH>Archived</TH>
            <TH>
              <span className="sr-only">Actions</span>
            </TH>
          </THead>
          <TBody>
            {customers.map((customer) => {
              const name = customer.name ?? "Former customer";
              return (
                <tr key={customer.customerId}>
                  <TH scope="row" className="font-normal">
                    {customer.name ? (
                      <Link href={`/customers/${customer.customerId}`} className="font-medium text-slate-900 hover:underline">
                        {customer.name}
                      </Link>
                    ) : (
                      <span className="text-slate-500">{name}</span>
                    )}
                  </TH>
                  <TD numeric>{customer.memories}</TD>
                  <TD className="text-xs text-slate-600">
                    {customer.types.map((type) => `${type.type.replaceAll("_", " ")} (${type.count})`).join(", ")}
                  </TD>
                  <TD className="text-xs text-slate-600">
                    {when(customer.lastArchivedAt)}
                    {customer.firstArchivedAt.getTime() !== customer.lastArchivedAt.getTime() && (
                      <> (first {when(customer.firstArchivedAt)})</>
                    )}
                  </TD>
                  <TD numeric>{customer.name && <RestoreButton customerId={customer.customerId} name={customer.name} />}</TD>
                </tr>
              );
            })}
          </TBody>
        </Table>
      )}
    </div>
  );
}
