import type { Metadata } from "next";
import Link from "next/link";
import { requirePageActor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { kindLabels } from "@/lib/knowledge/articles";
import { ArticleForm } from "../article-form";

export const metadata: Metadata = { title: "New knowledge entry" };

export default async function NewArticlePage() {
  const actor = await requirePageActor({ role: "ADMIN" });
  const prisma = await getPrisma();
  const owners = await prisma.user.findMany({ where: { workspaceId: actor.workspaceId, disabledAt: null }, orderBy: { name: "asc" }, select: { id: true, name: true } });
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
