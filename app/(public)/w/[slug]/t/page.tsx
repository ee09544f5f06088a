import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { NotFoundError } from "@/lib/errors";
import { getPublicWorkspace } from "@/lib/support/public";
import { NewLinkForm } from "./new-link-form";

export const metadata: Metadata = { title: "A new link to your request", robots: { index: false } };

export default async function NewLinkPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const workspace = await getPublicWorkspace(slug).catch((error) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  return (
    <main className="mx-auto max-w-xl px-4 py-10">
      <p className="text-sm text-slate-500">{workspace.name}</p>
      <h1 className="mt-1 text-2xl font-semibold">A new link to your request</h1>
      <p className="mt-1 text-sm text-slate-600">
        Links to a request work for 30 days. Type your email and we will mail you fresh links to your open and recent requests.
      </p>
      <NewLinkForm slug={workspace.slug} />
    </main>
  );
}
