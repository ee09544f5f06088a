import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { getAuditChainHead } from "@/lib/audit/head";
import { listAuditEntries, listAuditFilterOptions } from "@/lib/audit/list";
import { type AuditQuery, auditQueryParams, auditQuerySchema } from "@/lib/audit/query";
import { verifyAuditChain } from "@/lib/audit/verify";
import { requirePageActor } from "@/lib/auth/guard";
import { AuditFilters, type FilterValues } from "./audit-filters";
import { ChainBanner } from "./chain-banner";
import { ChainHead } from "./chain-head";
import { formatSummary, formatUtc } from "./format";

export const metadata: Metadata = { title: "Audit log" };

const actorTypeLabels: Record<string, string> = { system: "System", api: "API", customer: "Customer", user: "Deleted user" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor({ role: "ADMIN" });
  const raw = await searchParams;
  const parsed = auditQuerySchema.safeParse(raw);
  // A filter that does not parse is shown next to its field; the list then shows everything.
  const query: AuditQuery = parsed.success ? parsed.data : {};
  const errors: Record<string, string[] | undefined> = {};
  if (!parsed.success) for (const issue of parsed.error.issues) (errors[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
  const values = Object.fromEntries(
    (["actor", "action", "targetType", "targetId", "from", "to"] as const).map((key) => [
      key,
      Array.isArray(raw[key]) ? raw[key][0] : raw[key],
    ]),
  ) as FilterValues;

  const [{ entries, nextCursor }, options, chain, head] = await Promise.all([
    listAuditEntries({ actor, query }),
    listAuditFilterOptions({ actor }),
    verifyAuditChain({ workspaceId: actor.workspaceId }),
    getAuditChainHead({ actor }),
  ]);
  const filtered = Object.values(values).some(Boolean);
  const exportHref = (format: "csv" | "json") => `/api/audit/export?${auditQueryParams(query, { format })}`;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold">Audit log</h1>
          <p className="text-sm text-slate-500">
            Every change in this workspace, newest first. Entries are hash-chained and cannot be edited.
          </p>
        </div>
        <div className="flex gap-2 text-sm">
          <a href={exportHref("csv")} className="rounded-md px-3 py-1.5 ring-1 ring-slate-300 hover:bg-slate-50">
            Export CSV
          </a>
          <a href={exportHref("json")} className="rounded-md px-3 py-1.5 ring-1 ring-slate-300 hover:bg-slate-50">
            Export JSON
          </a>
        </div>
      </div>

      <ChainBanner status={chain} />
      <ChainHead head={head} />
      {errors.form && (
        <p role="alert" className="text-sm text-rose-700">
          {errors.form[0]}
        </p>
      )}
      {!parsed.success && (
        <p role="alert" className="text-sm text-rose-700">
          Some filters are not valid (see below), so all entries are shown.
        </p>
      )}
      <AuditFilters values={values} errors={errors} users={options.users} actions={options.actions} targetTypes={options.targetTypes} />

      {entries.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600">
          {filtered || query.cursor ? (
            <>
              No audit entries match these filters.{" "}
              <Link href="/audit" className="font-medium text-brand-700 underline">
                Clear filters
              </Link>
            </>
          ) : (
            "No audit entries yet."
          )}
        </div>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Audit entries{filtered ? " matching the filters" : ""}, newest first</caption>
            <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-3 py-2">
                  #
                </th>
                <th scope="col" className="px-3 py-2">
                  Time
                </th>
                <th scope="col" className="px-3 py-2">
                  Actor
                </th>
                <th scope="col" className="px-3 py-2">
                  Action
                </th>
                <th scope="col" className="px-3 py-2">
                  Target
                </th>
                <th scope="col" className="px-3 py-2">
                  Summary
                </th>
                <th scope="col" className="px-3 py-2">
                  Hash
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {entries.map((entry) => (
                <tr key={entry.id} className="align-top">
                  <td className="px-3 py-2 tabular-nums text-slate-500">{entry.seq}</td>
                  <td className="whitespace-nowrap px-3 py-2">
                    <time dateTime={entry.createdAt.toISOString()}>{formatUtc(entry.createdAt)}</time>
                  </td>
                  <td className="px-3 py-2">{entry.actorName ?? actorTypeLabels[entry.actorType] ?? entry.actorType}</td>
                  <td className="px-3 py-2 font-mono text-xs">{entry.action}</td>
                  <td className="px-3 py-2">
                    <span className="text-slate-500">{entry.targetType}</span>
                    {entry.targetId && (
                      <Link
                        href={`/audit?${new URLSearchParams({ targetType: entry.targetType, targetId: entry.targetId })}`}
                        className="block max-w-48 truncate font-mono text-xs text-brand-700 hover:underline"
                        title={`All entries about ${entry.targetType} ${entry.targetId}`}
                      >
                        {entry.targetId}
                      </Link>
                    )}
                  </td>
                  <td className="max-w-md break-words px-3 py-2 text-slate-700">
                    {entry.redacted ? <Badge tone="violet">Redacted</Badge> : formatSummary(entry.summary)}
                  </td>
                  <td className="px-3 py-2">
                    {entry.hash ? (
                      <code className="text-xs text-slate-500" title={entry.hash}>
                        {entry.hash.slice(0, 10)}
                      </code>
                    ) : (
                      <span className="text-xs text-slate-500">not sealed</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <nav aria-label="Audit log pages" className="flex gap-3 text-sm">
        {query.cursor && (
          <Link href={`/audit?${auditQueryParams(query)}`} className="rounded-md px-3 py-1.5 ring-1 ring-slate-300 hover:bg-slate-50">
            Newest entries
          </Link>
        )}
        {nextCursor && (
          <Link
            href={`/audit?${auditQueryParams(query, { cursor: nextCursor })}`}
            className="rounded-md px-3 py-1.5 ring-1 ring-slate-300 hover:bg-slate-50"
          >
            Older entries
          </Link>
        )}
      </nav>
    </div>
  );
}
