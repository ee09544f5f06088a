import type { Metadata } from "next";
import Link from "next/link";
import { formatRelative } from "@/components/relative-time";
import { Badge } from "@/components/ui/badge";
import { requirePageActor } from "@/lib/auth/guard";
import { listDueForReview } from "@/lib/knowledge/review-due";
import { MarkReviewedButton } from "./mark-reviewed-button";

export const metadata: Metadata = { title: "Knowledge due for review" };

const th = "px-3 py-2";
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
        <div className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600">
          Nothing is due for review.
        </div>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Knowledge due for review ({items.length})</caption>
            <thead className="bg-slate-50 text-xs text-slate-500">
              <tr>
                <th scope="col" className={th}>
                  Entry
                </th>
                <th scope="col" className={th}>
                  Type
                </th>
                <th scope="col" className={th}>
                  Owner
                </th>
                <th scope="col" className={th}>
                  Last reviewed
                </th>
                <th scope="col" className={th}>
                  Due since
                </th>
                <th scope="col" className={th}>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((item) => (
                <tr key={`${item.kind}:${item.id}`}>
                  <th scope="row" className={`${th} max-w-md font-normal`}>
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
                  </th>
                  <td className={`${th} text-xs`}>{item.type}</td>
                  <td className={`${th} text-xs`}>{item.owner ?? "—"}</td>
                  <td className={`${th} text-xs text-slate-600`}>{day(item.lastReviewedAt)}</td>
                  <td className={`${th} text-xs text-slate-600`}>{day(item.dueSince)}</td>
                  <td className={th}>
                    <div className="flex items-start justify-end gap-2">
                      {item.kind === "article" ? (
                        <Link
                          href={`/knowledge/${item.id}`}
                          aria-label={`Edit “${item.title}”`}
                          className="rounded-md px-2 py-1 text-sm ring-1 ring-slate-300 hover:bg-slate-50"
                        >
                          Edit
                        </Link>
                      ) : (
                        <span className="max-w-40 text-xs text-slate-500">
                          Not in the knowledge base: edit it from a ticket&apos;s knowledge pane.
                        </span>
                      )}
                      <MarkReviewedButton kind={item.kind} id={item.id} title={item.title} />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
