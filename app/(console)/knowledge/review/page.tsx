import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePageActor } from "@/lib/auth/guard";
import { listKnowledgeReviewFlags } from "@/lib/knowledge/review-flags";
import { ResolveFlagButton } from "./resolve-flag-button";

export const metadata: Metadata = { title: "Knowledge to review" };

/** Entries an erasure found that may mention the erased customer: edit them if needed, then resolve. */
export default async function KnowledgeReviewPage() {
  const actor = await requirePageActor({ role: "ADMIN" });
  const flags = await listKnowledgeReviewFlags({ actor });

  return (
    <div className="space-y-4">
      <div>
        <Link href="/knowledge" className="text-sm text-brand-700 hover:underline">
          ← Knowledge base
        </Link>
        <h1 className="text-xl font-semibold">Knowledge to review</h1>
        <p className="max-w-3xl text-sm text-slate-500">
          When a customer is erased, entries that may mention them are listed here instead of being rewritten: a name can be an ordinary
          word. Edit the entry if it names the person (a new version; older versions stay in its history), then resolve the flag. Resolving
          deletes the passage shown here.
        </p>
      </div>

      {flags.length === 0 ? (
        <EmptyState>Nothing to review.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white shadow-sm">
          {flags.map((flag) => {
            const label = flag.title ? `"${flag.title}"` : "a team memory";
            return (
              <li key={flag.id} className="flex flex-wrap items-start justify-between gap-3 p-4">
                <div className="min-w-0 flex-1 space-y-1">
                  <p className="font-medium">
                    {flag.articleId ? (
                      <Link href={`/knowledge/${flag.articleId}`} className="text-brand-700 hover:underline">
                        {flag.title}
                      </Link>
                    ) : (
                      <span>Team memory (not in the knowledge base)</span>
                    )}
                  </p>
                  <blockquote className="whitespace-pre-wrap break-words rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700">
                    {flag.before}
                    <mark className="rounded bg-amber-200 px-0.5 text-slate-900">{flag.match}</mark>
                    {flag.after}
                  </blockquote>
                  <p className="text-xs text-slate-500">
                    {flag.reason} Flagged <time dateTime={flag.createdAt.toISOString()}>{flag.createdAt.toISOString().slice(0, 10)}</time>
                    {flag.memoryId && (
                      <>
                        {" "}
                        · memory <span className="font-mono">{flag.memoryId}</span>
                      </>
                    )}
                  </p>
                </div>
                <ResolveFlagButton flagId={flag.id} label={label} />
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
