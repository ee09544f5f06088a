import type { Metadata } from "next";
import Link from "next/link";
import { formatRelative } from "@/components/relative-time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Table, TableCaption, TBody, TD, TH, THead } from "@/components/ui/table";
import { requirePageActor } from "@/lib/auth/guard";
import { kindLabels } from "@/lib/knowledge/articles";
import { knowledgeQuerySchema, listArticles } from "@/lib/knowledge/queries";
import { listSuggestions } from "@/lib/knowledge/suggestions";
import { ImportPanel } from "./import-panel";
import { ReviewFlagsNotice } from "./review/review-notice";
import { SuggestedEntries } from "./suggestions";

export const metadata: Metadata = { title: "Knowledge base" };

const statusTone = { PUBLISHED: "green", DRAFT: "amber", RETIRED: "slate" } as const;

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
          <Button asChild>
            <a href="/api/knowledge/export?format=json">Export JSON</a>
          </Button>
          <Button asChild>
            <a href="/api/knowledge/export?format=csv">Export CSV</a>
          </Button>
          <Button asChild variant="primary">
            <Link href="/knowledge/new">New entry</Link>
          </Button>
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
        <Field id="kb-q" label="Search knowledge" labelSize="xs">
          {(control) => <Input {...control} name="q" type="search" defaultValue={query.q} />}
        </Field>
        <Field id="kb-filter-kind" label="Kind" labelSize="xs">
          {(control) => (
            <Select {...control} name="kind" defaultValue={query.kind ?? ""}>
              <option value="">All kinds</option>
              {Object.entries(kindLabels).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field id="kb-filter-product" label="Product" labelSize="xs">
          {(control) => (
            <Select {...control} name="product" defaultValue={query.product ?? ""}>
              <option value="">All products</option>
              {products.map((product) => (
                <option key={product}>{product}</option>
              ))}
            </Select>
          )}
        </Field>
        <Field id="kb-filter-status" label="State" labelSize="xs">
          {(control) => (
            <Select {...control} name="status" defaultValue={query.status ?? ""}>
              <option value="">Any state</option>
              <option value="PUBLISHED">Published</option>
              <option value="DRAFT">Draft</option>
              <option value="RETIRED">Retired</option>
              <option value="REVIEW">Due for review</option>
            </Select>
          )}
        </Field>
        <Button type="submit">Filter</Button>
        {filtered && (
          <Link href="/knowledge" className="text-sm text-brand-700 underline">
            Clear filters
          </Link>
        )}
      </form>

      {articles.length === 0 ? (
        <EmptyState>
          {filtered ? "No entries match these filters." : "No knowledge yet. Write the first entry or import a file."}
        </EmptyState>
      ) : (
        <Table>
          <TableCaption>Knowledge entries ({total})</TableCaption>
          <THead caps={false}>
            <TH>Entry</TH>
            <TH>Kind</TH>
            <TH>State</TH>
            <TH>Owner</TH>
            <TH numeric>Cited in drafts</TH>
            <TH>Review due</TH>
            <TH>Updated</TH>
          </THead>
          <TBody>
            {articles.map((article) => (
              <tr key={article.id} className="hover:bg-slate-50">
                <TD>
                  <Link href={`/knowledge/${article.id}`} className="font-medium text-slate-900 hover:underline">
                    {article.title}
                  </Link>
                  {article.products.length > 0 && <div className="text-xs text-slate-500">{article.products.join(", ")}</div>}
                </TD>
                <TD className="text-xs">{kindLabels[article.kind]}</TD>
                <TD>
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
                </TD>
                <TD className="text-xs">{article.owner?.name ?? "—"}</TD>
                <TD numeric>{article.cited}</TD>
                <TD className="text-xs">
                  {article.reviewDue ? (
                    <Badge tone="amber">Due</Badge>
                  ) : article.reviewDueAt ? (
                    article.reviewDueAt.toISOString().slice(0, 10)
                  ) : (
                    "—"
                  )}
                </TD>
                <TD className="text-xs text-slate-500">{formatRelative(article.updatedAt)}</TD>
              </tr>
            ))}
          </TBody>
        </Table>
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
