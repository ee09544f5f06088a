import Link from "next/link";
import { Card } from "@/components/ui/card";
import type { Actor } from "@/lib/auth/guard";
import { countMacroUses } from "@/lib/support/macro-uses";

/** Sent replies that used a canned reply in the period, and the most used (every agent and product). */
export async function MacroUsesCard({ actor, weeks }: { actor: Actor; weeks: number }) {
  const usage = await countMacroUses({ actor, weeks });
  return (
    <Card title="Canned replies used">
      <p className="text-sm text-slate-600">
        <span className="text-lg font-semibold tabular-nums text-slate-900">{usage.total}</span> replies sent with a canned reply in the
        last {weeks} weeks.
      </p>
      {usage.top.length === 0 ? (
        <p className="mt-2 text-sm text-slate-500">
          None yet. Agents insert{" "}
          <Link href="/macros" className="text-brand-700 underline">
            canned replies
          </Link>{" "}
          with / in a ticket&apos;s reply box.
        </p>
      ) : (
        <table className="mt-3 w-full text-left text-sm">
          <caption className="sr-only">Most used canned replies</caption>
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th scope="col" className="py-1">
                Canned reply
              </th>
              <th scope="col" className="py-1 text-right">
                Uses
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {usage.top.map((row) => (
              <tr key={row.macroId ?? `deleted:${row.name}`}>
                <td className="py-1">
                  {row.macroId ? (
                    <Link href={`/macros/${row.macroId}`} className="hover:underline">
                      {row.name}
                    </Link>
                  ) : (
                    <>
                      {row.name} <span className="text-xs text-slate-500">(deleted)</span>
                    </>
                  )}
                </td>
                <td className="py-1 text-right tabular-nums">{row.uses}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
