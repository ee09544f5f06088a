import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatRelative } from "@/components/relative-time";
import { Badge } from "@/components/ui/badge";
import { requirePageActor } from "@/lib/auth/guard";
import { NotFoundError } from "@/lib/errors";
import { kindLabels } from "@/lib/knowledge/articles";
import { type DiffPart, diffVersions, getArticle, listKnowledgeOwners } from "@/lib/knowledge/queries";
import { ArticleForm } from "../article-form";
import { EntryControls, RestoreButton } from "./entry-controls";

export const metadata: Metadata = { title: "Knowledge entry" };

function Diff({ parts }: { parts: DiffPart[] }) {
  return (
    <p className="whitespace-pre-wrap text-sm">
      {parts.map((part, index) =>
        part.kind === "added" ? (
          <ins key={index} className="bg-emerald-100 text-emerald-900 no-underline">
            {part.text}
          </ins>
        ) : part.kind === "removed" ? (
          <del key={index} className="bg-rose-100 text-rose-900">
            {part.text}
          </del>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </p>
  );
}

export default async function ArticlePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requirePageActor({ role: "ADMIN" });
  const { id } = await params;
  const article = await getArticle({ actor, articleId: id }).catch((error) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const { from, to } = await searchParams;
  const diff =
    from && to ? await diffVersions({ actor, articleId: article.id, from: Number(from), to: Number(to) }).catch(() => null) : null;
  const owners = await listKnowledgeOwners({ actor });
  const reviewDue = article.status !== "RETIRED" && !!article.reviewDueAt && article.reviewDueAt <= new Date();

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <div className="space-y-4">
        <Link href="/knowledge" className="text-sm text-brand-700">
          ← Knowledge base
        </Link>
        <div>
          <h1 className="text-xl font-semibold">{article.title}</h1>
          <div className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-500">
            <Badge tone={article.status === "PUBLISHED" ? "green" : article.status === "DRAFT" ? "amber" : "slate"}>
              {article.status === "PUBLISHED" ? `Published v${article.publishedVersion}` : article.status === "DRAFT" ? "Draft" : "Retired"}
            </Badge>
            <span>{kindLabels[article.kind]}</span>
            <span>· latest v{article.version}</span>
            <span>· cited in {article.cited} drafts</span>
            {article.key && <span>· key {article.key}</span>}
            {article.origin === "promotion" && <span>· suggested from {article.sourceTicketIds.length} resolved tickets</span>}
            {reviewDue && <Badge tone="amber">Due for review</Badge>}
          </div>
        </div>
        <EntryControls
          articleId={article.id}
          status={article.status}
          version={article.version}
          publishedVersion={article.publishedVersion}
          reviewDue={reviewDue}
        />
        {diff && (
          <section aria-labelledby="diff-heading" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            <h2 id="diff-heading" className="text-sm font-semibold">
              Changes from version {diff.from} to {diff.to}
            </h2>
            {diff.kind && (
              <p className="mt-2 text-sm">
                Kind: {kindLabels[diff.kind.from]} → {kindLabels[diff.kind.to]}
              </p>
            )}
            <h3 className="mt-3 text-xs font-medium uppercase text-slate-500">Title</h3>
            <Diff parts={diff.title} />
            <h3 className="mt-3 text-xs font-medium uppercase text-slate-500">Products</h3>
            <Diff parts={diff.products} />
            <h3 className="mt-3 text-xs font-medium uppercase text-slate-500">Body</h3>
            <Diff parts={diff.body} />
          </section>
        )}
        <ArticleForm
          key={article.version}
          articleId={article.id}
          initial={{ kind: article.kind, title: article.title, body: article.body, products: article.products, ownerId: article.ownerId }}
          kinds={Object.entries(kindLabels)}
          owners={owners}
        />
      </div>
      <aside aria-labelledby="versions-heading" className="space-y-2">
        <h2 id="versions-heading" className="text-sm font-semibold">
          Versions
        </h2>
        <ol className="space-y-2 text-sm">
          {article.versions.map((version, index) => {
            const previous = article.versions[index + 1];
            return (
              <li key={version.version} className="rounded-lg border border-slate-200 bg-white p-2">
                <div className="flex items-center justify-between">
                  <span className="font-medium">
                    v{version.version}
                    {version.version === article.publishedVersion && (
                      <span className="ml-1">
                        <Badge tone="green">published</Badge>
                      </span>
                    )}
                  </span>
                  <span className="text-xs text-slate-500">{formatRelative(version.createdAt)}</span>
                </div>
                <p className="text-xs text-slate-500">
                  {version.author?.name ?? "System"}
                  {version.note ? ` · ${version.note}` : ""}
                </p>
                <div className="mt-1 flex gap-3">
                  {previous && (
                    <Link
                      href={`/knowledge/${article.id}?from=${previous.version}&to=${version.version}`}
                      className="text-xs font-medium text-brand-700 hover:underline"
                      aria-label={`Compare version ${version.version} with ${previous.version}`}
                    >
                      Compare with v{previous.version}
                    </Link>
                  )}
                  {version.version !== article.version && <RestoreButton articleId={article.id} version={version.version} />}
                </div>
              </li>
            );
          })}
        </ol>
      </aside>
    </div>
  );
}
