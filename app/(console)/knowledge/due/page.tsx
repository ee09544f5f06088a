import type { Metadata } from "next";
import Link from "next/link";
import { formatRelative } from "@/components/relative-time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableCaption, TBody, TD, TH, THead } from "@/components/ui/table";
import { requirePageActor } from "@/lib/auth/guard";
import { listDueForReview } from "@/lib/knowledge/review-due";
import { MarkReviewedButton } from "./mark-reviewed-button";

export const metadata: Metadata = { title: "Knowledge due for review" };

const day = (date: Date | null) =>
  date ? (
    <time dateTime={date.toISOString()} title={date.toUTCString()}>
      {formatRelative(date)}
    </time>
  ) : (
    "—"
  );

/** Team knowledge past the review age: confirm it is still right, or edit it. */
export default async function DueForReviewPage() {
  const actor = await requirePageActor({ role: "ADMIN" });
  const { reviewDays, items } = await listDueForReview({ actor });

  return (
    <div className="space-y-4">
      <div>
        <Link href="/knowledge" className="text-sm text-brand-700 hover:underline">
          ← Knowledge base
        </Link>
        <h1 className="text-xl font-semibold">Due for review</h1>
        <p className="max-w-3xl text-sm text-slate-500">
          Team knowledge nobody has reviewed or changed for {reviewDays} days (the review age is set on{" "}
          <Link href="/settings/retention" className="underline">
            Settings / Retention
          </Link>
          ). Agents and drafts still rely on it: read each one, edit it if it is out of date, or mark it reviewed to restart its clock.
        </p>
      </div>

      {items.length === 0 ? (
        <EmptyState>Nothing is due for review.</EmptyState>
      ) : (
        <Table>
          <TableCaption>Knowledge due for review ({items.length})</TableCaption>
          <THead caps={false}>
            <TH>Entry</TH>
            <TH>Type</TH>
            <TH>Owner</TH>
            <TH>Last reviewed</TH>
            <TH>Due since</TH>
            <TH>
              <span className="sr-only">Actions</span>
            </TH>
          </THead>
          <TBody>
            {items.map((item) => (
              <tr key={`${item.kind}:${item.id}`}>
                <TH scope="row" className="max-w-md font-normal">
                  {item.kind === "article" ? (
                    <Link href={`/knowledge/${item.id}`} className="font-medium text-slate-900 hover:underline">
                      {item.title}
                    </Link>
                  ) : (
                    <span className="line-clamp-3 text-slate-800">{item.title}</span>
                  )}
                  <div className="mt-0.5">
                    {item.kind === "article" ? (
                      <Badge tone={item.status === "PUBLISHED" ? "green" : "amber"}>
                        {item.status === "PUBLISHED" ? "Published entry" : "Draft entry"}
                      </Badge>
                    ) : (
                      <Badge tone="violet">Team memory</Badge>
                    )}
                  </div>
                </TH>
                <TD className="text-xs">{item.type}</TD>
                <TD className="text-xs">{item.owner ?? "—"}</TD>
                <TD className="text-xs text-slate-600">{day(item.lastReviewedAt)}</TD>
                <TD className="text-xs text-slate-600">{day(item.dueSince)}</TD>
                <TD>
                  <div className="flex items-start justify-end gap-2">
                    {item.kind === "article" ? (
                      <Button asChild size="sm">
                        <Link href={`/knowledge/${item.id}`} aria-label={`Edit “${item.title}”`}>
                          Edit
                        </Link>
                      </Button>
                    ) : (
                      <span className="max-w-40 text-xs text-slate-500">
                        Not in the knowledge base: edit it from a ticket&apos;s knowledge pane.
                      </span>
                    )}
                    <MarkReviewedButton kind={item.kind} id={item.id} title={item.title} />
                  </div>
                </TD>
              </tr>
            ))}
          </TBody>
        </Table>
      )}
    </div>
  );
}
