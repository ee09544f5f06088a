import type { Metadata } from "next";
import Link from "next/link";
import { formatRelative } from "@/components/relative-time";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableCaption, TBody, TD, TH, THead } from "@/components/ui/table";
import { requirePageActor } from "@/lib/auth/guard";
import { getRetentionPolicy } from "@/lib/retention/policy";
import { listRetentionRuns } from "@/lib/retention/run";
import { RetentionPolicyForm } from "./policy-form";

export const metadata: Metadata = { title: "Retention" };

const triggers: Record<string, string> = { schedule: "Hourly", cli: "Command line", admin: "Admin" };

export default async function RetentionPage() {
  const actor = await requirePageActor({ role: "ADMIN" });
  const [policy, runs] = await Promise.all([
    getRetentionPolicy({ workspaceId: actor.workspaceId }),
    listRetentionRuns({ workspaceId: actor.workspaceId, limit: 50 }),
  ]);

  return (
    <div className="space-y-8">
      <div>
        <p className="text-sm text-slate-500">
          <Link href="/settings" className="hover:underline">
            Settings
          </Link>{" "}
          / Retention
        </p>
        <h1 className="text-xl font-semibold">Retention</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          How long memory is kept in this workspace. Session memory is cleared when a ticket is resolved, and after the hours below
          otherwise; what an agent marked important moves to the customer&apos;s memory instead. Customer memory is kept: after the days
          below without activity it is archived (left out of the ticket panes and drafts, restored when the customer returns), and deleted
          only at the customer&apos;s request. Team knowledge is flagged for review at the age below. Retention runs hourly.
        </p>
        <nav aria-label="What retention set aside" className="mt-2 flex flex-wrap gap-4 text-sm">
          <Link href="/settings/retention/archived" className="text-brand-700 hover:underline">
            Archived customer memory
          </Link>
          <Link href="/knowledge/due" className="text-brand-700 hover:underline">
            Knowledge due for review
          </Link>
        </nav>
      </div>

      <RetentionPolicyForm
        policy={{
          sessionHours: policy.sessionHours,
          knowledgeReviewDays: policy.knowledgeReviewDays,
          customerArchiveDays: policy.customerArchiveDays,
        }}
      />

      <section aria-labelledby="runs-heading" className="space-y-3">
        <h2 id="runs-heading" className="text-lg font-semibold">
          Retention runs
        </h2>
        {runs.length === 0 ? (
          <EmptyState size="sm">No runs yet. The first runs a few minutes after the server starts.</EmptyState>
        ) : (
          <Table>
            <TableCaption>The latest retention runs of this workspace, newest first</TableCaption>
            <THead>
              <TH>Started</TH>
              <TH>Run</TH>
              <TH>Status</TH>
              <TH>Policy</TH>
              <TH>Session deleted</TH>
              <TH>Moved to customer</TH>
              <TH>Archived</TH>
              <TH>Restored</TH>
              <TH>Flagged for review</TH>
            </THead>
            <TBody>
              {runs.map((run) => (
                <tr key={run.id} className={run.dryRun ? "text-slate-600" : undefined}>
                  <TH scope="row" className="font-normal">
                    <time dateTime={run.startedAt.toISOString()} title={run.startedAt.toUTCString()}>
                      {formatRelative(run.startedAt)}
                    </time>
                  </TH>
                  <TD>
                    {triggers[run.trigger] ?? run.trigger}
                    {run.dryRun && (
                      <span className="ml-2">
                        <Badge tone="violet">Dry run</Badge>
                      </span>
                    )}
                  </TD>
                  <TD>
                    {run.status === "succeeded" ? (
                      <Badge tone="green">Done</Badge>
                    ) : run.status === "failed" ? (
                      <Badge tone="red">Failed</Badge>
                    ) : (
                      <Badge tone="amber">Running</Badge>
                    )}
                    {run.error && <p className="mt-1 max-w-xs text-xs text-rose-700">{run.error}</p>}
                  </TD>
                  <TD className="whitespace-nowrap text-xs text-slate-500">
                    {run.policy.sessionHours} h · {run.policy.knowledgeReviewDays} d · {run.policy.customerArchiveDays} d
                  </TD>
                  <TD className="tabular-nums">{run.counts.sessionDeleted}</TD>
                  <TD className="tabular-nums">{run.counts.sessionPromoted}</TD>
                  <TD className="tabular-nums">
                    {run.counts.customerArchived}
                    {run.counts.customersArchived > 0 && (
                      <span className="text-xs text-slate-500"> ({run.counts.customersArchived} customers)</span>
                    )}
                  </TD>
                  <TD className="tabular-nums">{run.counts.customerRestored}</TD>
                  <TD className="tabular-nums">{run.counts.knowledgeFlagged}</TD>
                </tr>
              ))}
            </TBody>
          </Table>
        )}
      </section>
    </div>
  );
}
