import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableCaption, TBody, TD, TH, THead } from "@/components/ui/table";
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

// About a second of walking on a 2-core machine (bench:scale: 1,000,000 entries in 50 s).
const VIEW_VERIFY_LIMIT = 20_000;

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
    // ?verify=full walks the whole log; otherwise from the newest signed checkpoint, at most
    // VIEW_VERIFY_LIMIT entries a view (a log written for months unseen is caught up over views).
    verifyAuditChain(
      raw.verify === "full" ? { workspaceId: actor.workspaceId, full: true } : { workspaceId: actor.workspaceId, limit: VIEW_VERIFY_LIMIT },
    ),
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
          <Button asChild>
            <a href={exportHref("csv")}>Export CSV</a>
          </Button>
          <Button asChild>
            <a href={exportHref("json")}>Export JSON</a>
          </Button>
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
        <EmptyState>
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
        </EmptyState>
      ) : (
        <Table>
          <TableCaption>Audit entries{filtered ? " matching the filters" : ""}, newest first</TableCaption>
          <THead>
            <TH>#</TH>
            <TH>Time</TH>
            <TH>Actor</TH>
            <TH>Action</TH>
            <TH>Target</TH>
            <TH>Summary</TH>
            <TH>Hash</TH>
          </THead>
          <TBody>
            {entries.map((entry) => (
              <tr key={entry.id} className="align-top">
                <TD className="tabular-nums text-slate-500">{entry.seq}</TD>
                <TD className="whitespace-nowrap">
                  <time dateTime={entry.createdAt.toISOString()}>{formatUtc(entry.createdAt)}</time>
                </TD>
                <TD>{entry.actorName ?? actorTypeLabels[entry.actorType] ?? entry.actorType}</TD>
                <TD className="font-mono text-xs">{entry.action}</TD>
                <TD>
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
                </TD>
                <TD className="max-w-md break-words text-slate-700">
                  {entry.redacted ? <Badge tone="violet">Redacted</Badge> : formatSummary(entry.summary)}
                </TD>
                <TD>
                  {entry.hash ? (
                    <code className="text-xs text-slate-500" title={entry.hash}>
                      {entry.hash.slice(0, 10)}
                    </code>
                  ) : (
                    <span className="text-xs text-slate-500">not sealed</span>
                  )}
                </TD>
              </tr>
            ))}
          </TBody>
        </Table>
      )}

      <nav aria-label="Audit log pages" className="flex gap-3 text-sm">
        {query.cursor && (
          <Button asChild>
            <Link href={`/audit?${auditQueryParams(query)}`}>Newest entries</Link>
          </Button>
        )}
        {nextCursor && (
          <Button asChild>
            <Link href={`/audit?${auditQueryParams(query, { cursor: nextCursor })}`}>Older entries</Link>
          </Button>
        )}
      </nav>
    </div>
  );
}
