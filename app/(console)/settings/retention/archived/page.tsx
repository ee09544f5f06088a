import type { Metadata } from "next";
import Link from "next/link";
import { formatRelative } from "@/components/relative-time";
import { requirePageActor } from "@/lib/auth/guard";
import { listArchivedCustomers } from "@/lib/retention/archived";
import { getRetentionPolicy } from "@/lib/retention/policy";
import { RestoreButton } from "./restore-button";

export const metadata: Metadata = { title: "Archived customer memory" };

const th = "px-3 py-2";
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
        <div className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600">
          No customer memory is archived.
        </div>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">
              Customers with archived memory, most recently archived first ({customers.length}
              {total > customers.length ? ` of ${total}` : ""})
            </caption>
            <thead className="bg-slate-50 text-xs text-slate-500">
              <tr>
                <th scope="col" className={th}>
                  Customer
                </th>
                <th scope="col" className={`${th} text-right`}>
                  Memories
                </th>
                <th scope="col" className={th}>
                  Kinds
                </th>
                <th scope="col" className={th}>
                  Archived
                </th>
                <th scope="col" className={th}>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {customers.map((customer) => {
                const name = customer.name ?? "Former customer";
                return (
                  <tr key={customer.customerId}>
                    <th scope="row" className={`${th} font-normal`}>
                      {customer.name ? (
                        <Link href={`/customers/${customer.customerId}`} className="font-medium text-slate-900 hover:underline">
                          {customer.name}
                        </Link>
                      ) : (
                        <span className="text-slate-500">{name}</span>
                      )}
                    </th>
                    <td className={`${th} text-right tabular-nums`}>{customer.memories}</td>
                    <td className={`${th} text-xs text-slate-600`}>
                      {customer.types.map((type) => `${type.type.replaceAll("_", " ")} (${type.count})`).join(", ")}
                    </td>
                    <td className={`${th} text-xs text-slate-600`}>
                      {when(customer.lastArchivedAt)}
                      {customer.firstArchivedAt.getTime() !== customer.lastArchivedAt.getTime() && (
                        <> (first {when(customer.firstArchivedAt)})</>
                      )}
                    </td>
                    <td className={`${th} text-right`}>
                      {customer.name && <RestoreButton customerId={customer.customerId} name={customer.name} />}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {total > customers.length && (
            <p className="border-t border-slate-100 px-3 py-2 text-xs text-slate-500">
              Showing the {customers.length} most recently archived of {total} customers.
            </p>
          )}
        </div>
      )}
    </div>
  );
}
