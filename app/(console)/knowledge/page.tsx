import type { Metadata } from "next";
import Link from "next/link";
import { formatRelative } from "@/components/relative-time";
import { Badge } from "@/components/ui/badge";
import { requirePageActor } from "@/lib/auth/guard";
import { kindLabels } from "@/lib/knowledge/articles";
import { knowledgeQuerySchema, listArticles } from "@/lib/knowledge/queries";
import { listSuggestions } from "@/lib/knowledge/suggestions";
import { ImportPanel } from "./import-panel";
import { ReviewFlagsNotice } from "./review/review-notice";
import { SuggestedEntries } from "./suggestions";

export const metadata: Metadata = { title: "Knowledge base" };

const statusTone = { PUBLISHED: "green", DRAFT: "amber", RETIRED: "slate" } as const;
const input = "rounded-md border border-slate-300 px-2 py-1.5 text-sm";

export default async function KnowledgePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor({ role: "ADMIN" });
  const query = knowledgeQuerySchema.parse(await searchParams);
  const { articles, total, page, pages, dueForReview, products } = await listArticles({ actor, query });
  const suggestions = await listSuggestions({ actor });
  const filtered = Boolean(query.q || query.kind || query.product || query.status);
  const pageLink = (to: number) =>
    `/knowledge?${new URLSearchParams({
      ...Object.fromEntries(
        Object.entries(query)
          .filter(([, value]) => value !== undefined)
          .map(([key, value]) => [key, String(value)]),
      ),
      page: String(to),
    })}`;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold">Knowledge base</h1>
          <p className="text-sm text-slate-500">What agents and drafts may rely on. Only published entries are in agent memory.</p>
          <nav aria-label="Knowledge upkeep" className="mt-1 flex flex-wrap gap-3 text-sm">
            <Link href="/knowledge/due" className="text-brand-700 hover:underline">
              Due for review
            </Link>
            <Link href="/knowledge/review" className="text-brand-700 hover:underline">
              Flagged by erasure
            </Link>
            <Link href="/settings/retention/archived" className="text-brand-700 hover:underline">
              Archived customer memory
            </Link>
          </nav>
        </div>
        <div className="flex gap-2 text-sm">
          <a href="/api/knowledge/export?format=json" className="rounded-md px-3 py-1.5 ring-1 ring-slate-300 hover:bg-slate-50">
            Export JSON
          </a>
          <a href="/api/knowledge/export?format=csv" className="rounded-md px-3 py-1.5 ring-1 ring-slate-300 hover:bg-slate-50">
            Export CSV
          </a>
          <Link href="/knowledge/new" className="rounded-md bg-brand-600 px-3 py-1.5 font-semibold text-white hover:bg-brand-700">
            New entry
          </Link>
        </div>
      </div>

      <ReviewFlagsNotice actor={actor} />
      {dueForReview > 0 && query.status !== "REVIEW" && (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
          {dueForReview === 1 ? "1 entry is" : `${dueForReview} entries are`} due for review.{" "}
          <Link href="/knowledge/due" className="font-medium underline">
            Review them
          </Link>
        </p>
      )}

      <SuggestedEntries suggestions={suggestions} />

      <ImportPanel />

      <form role="search" aria-label="Filter knowledge" className="flex flex-wrap items-end gap-2" action="/knowledge">
        <div>
          <label htmlFor="kb-q" className="block text-xs font-medium text-slate-600">
            Search knowledge
          </label>
          <input id="kb-q" name="q" type="search" defaultValue={query.q} className={input} />
        </div>
        <div>
          <label htmlFor="kb-filter-kind" className="block text-xs font-medium text-slate-600">
            Kind
          </label>
          <select id="kb-filter-kind" name="kind" defaultValue={query.kind ?? ""} className={input}>
            <option value="">All kinds</option>
            {Object.entries(kindLabels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="kb-filter-product" className="block text-xs font-medium text-slate-600">
            Product
          </label>
          <select id="kb-filter-product" name="product" defaultValue={query.product ?? ""} className={input}>
            <option value="">All products</option>
            {products.map((product) => (
              <option key={product}>{product}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="kb-filter-status" className="block text-xs font-medium text-slate-600">
            State
          </label>
          <select id="kb-filter-status" name="status" defaultValue={query.status ?? ""} className={input}>
            <option value="">Any state</option>
            <option value="PUBLISHED">Published</option>
            <option value="DRAFT">Draft</option>
            <option value="RETIRED">Retired</option>
            <option value="REVIEW">Due for review</option>
          </select>
        </div>
        <button type="submit" className="rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-slate-300 hover:bg-slate-50">
          Filter
        </button>
        {filtered && (
          <Link href="/knowledge" className="text-sm text-brand-700 underline">
            Clear filters
          </Link>
        )}
      </form>

      {articles.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 p-8 text-center text-sm text-slate-500">
          {filtered ? "No entries match these filters." : "No knowledge yet. Write the first entry or import a file."}
        </div>
      ) : (
        <table className="w-full overflow-hidden rounded-xl bg-white text-left text-sm shadow-sm ring-1 ring-slate-200">
          <caption className="sr-only">Knowledge entries ({total})</caption>
          <thead className="bg-slate-50 text-xs text-slate-500">
            <tr>
              <th className="px-3 py-2">Entry</th>
              <th className="px-3 py-2">Kind</th>
              <th className="px-3 py-2">State</th>
              <th className="px-3 py-2">Owner</th>
              <th className="px-3 py-2 text-right">Cited in drafts</th>
              <th className="px-3 py-2">Review due</th>
              <th className="px-3 py-2">Updated</th>
            </tr>
          </thead>
          <tbody>
            {articles.map((article) => (
              <tr key={article.id} className="border-t border-slate-100 hover:bg-slate-50">
                <td className="px-3 py-2">
                  <Link href={`/knowledge/${article.id}`} className="font-medium text-slate-900 hover:underline">
                    {article.title}
                  </Link>
                  {article.products.length > 0 && <div className="text-xs text-slate-500">{article.products.join(", ")}</div>}
                </td>
                <td className="px-3 py-2 text-xs">{kindLabels[article.kind]}</td>
                <td className="px-3 py-2">
                  <Badge tone={statusTone[article.status]}>
                    {article.status === "PUBLISHED"
                      ? `Published v${article.publishedVersion}`
                      : article.status === "DRAFT"
                        ? "Draft"
                        : "Retired"}
                  </Badge>
                  {article.status === "PUBLISHED" && article.version !== article.publishedVersion && (
                    <span className="ml-1 text-xs text-amber-700">v{article.version} unpublished</span>
                  )}
                </td>
                <td className="px-3 py-2 text-xs">{article.owner?.name ?? "—"}</td>
                <td className="px-3 py-2 text-right tabular-nums">{article.cited}</td>
                <td className="px-3 py-2 text-xs">
                  {article.reviewDue ? (
                    <Badge tone="amber">Due</Badge>
                  ) : article.reviewDueAt ? (
                    article.reviewDueAt.toISOString().slice(0, 10)
                  ) : (
                    "—"
                  )}
                </td>
                <td className="px-3 py-2 text-xs text-slate-500">{formatRelative(article.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 && (
        <nav aria-label="Pages" className="flex justify-between text-sm">
          {page > 1 ? <Link href={pageLink(page - 1)}>← Previous page</Link> : <span />}
          <span className="text-slate-500">
            Page {page} of {pages}
          </span>
          {page < pages ? <Link href={pageLink(page + 1)}>Next page →</Link> : <span />}
        </nav>
      )}
    </div>
  );
}
