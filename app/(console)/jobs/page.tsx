import type { Metadata } from "next";
import { RelativeTime } from "@/components/relative-time";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableCaption, TBody, TD, TH, THead } from "@/components/ui/table";
import { requirePageActor } from "@/lib/auth/guard";
import type { JobState } from "@/lib/jobs";
import { listRecentJobs } from "@/lib/jobs/recent";

export const metadata: Metadata = { title: "Jobs" };
// Jobs change state while the page is open: always read them fresh.
export const dynamic = "force-dynamic";

const stateBadges: Record<JobState, { label: string; tone: BadgeTone }> = {
  created: { label: "Queued", tone: "slate" },
  retry: { label: "Retrying", tone: "amber" },
  active: { label: "Running", tone: "blue" },
  completed: { label: "Completed", tone: "green" },
  cancelled: { label: "Cancelled", tone: "slate" },
  failed: { label: "Failed", tone: "red" },
};

export default async function JobsPage() {
  const actor = await requirePageActor({ role: "ADMIN" });
  const jobs = await listRecentJobs({ actor });

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Jobs</h1>
        <p className="text-sm text-slate-500">
          Work the server does later or on a schedule (retention, the privacy sweep), this workspace&apos;s and the system&apos;s, newest
          first. A failed job was tried as often as its retries allow and is not tried again.
        </p>
      </div>
      {jobs.length === 0 ? (
        <EmptyState>No jobs yet. Retention and the privacy sweep appear here after their first scheduled run.</EmptyState>
      ) : (
        <Table>
          <TableCaption>Recent jobs, newest first</TableCaption>
          <THead>
            <TH>Job</TH>
            <TH>State</TH>
            <TH numeric>Attempts</TH>
            <TH>Created</TH>
            <TH>Finished</TH>
            <TH>Error</TH>
          </THead>
          <TBody>
            {jobs.map((job) => (
              <tr key={job.id} className="align-top">
                <TD className="font-mono text-xs">{job.name}</TD>
                <TD>
                  <Badge tone={stateBadges[job.state].tone}>{stateBadges[job.state].label}</Badge>
                </TD>
                <TD numeric>{job.attempts}</TD>
                <TD className="whitespace-nowrap">
                  <RelativeTime date={job.createdAt} />
                </TD>
                <TD className="whitespace-nowrap">{job.finishedAt ? <RelativeTime date={job.finishedAt} /> : "—"}</TD>
                <TD className="max-w-md break-words text-rose-700">{job.error}</TD>
              </tr>
            ))}
          </TBody>
        </Table>
      )}
    </div>
  );
}
