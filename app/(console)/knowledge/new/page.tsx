import type { Metadata } from "next";
import Link from "next/link";
import { requirePageActor } from "@/lib/auth/guard";
import { kindLabels } from "@/lib/knowledge/articles";
import { listKnowledgeOwners } from "@/lib/knowledge/queries";
import { ArticleForm } from "../article-form";

export const metadata: Metadata = { title: "New knowledge entry" };

export default async function NewArticlePage() {
  const actor = await requirePageActor({ role: "ADMIN" });
  const owners = await listKnowledgeOwners({ actor });
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <Link href="/knowledge" className="text-sm text-brand-700">
        ← Knowledge base
      </Link>
      <h1 className="text-xl font-semibold">New knowledge entry</h1>
      <ArticleForm kinds={Object.entries(kindLabels)} owners={owners} />
    </div>
  );
}
