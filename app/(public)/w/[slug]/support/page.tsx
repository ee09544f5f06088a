import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { NotFoundError } from "@/lib/errors";
import { getPublicWorkspace } from "@/lib/support/public";
import { demoProducts } from "@/lib/demo/data";
import { NewTicketForm } from "./new-ticket-form";

export const metadata: Metadata = { title: "Contact support" };

export default async function SupportPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const workspace = await getPublicWorkspace(slug).catch((error) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  return (
    <main className="mx-auto max-w-xl px-4 py-10">
      <p className="text-sm text-slate-500">{workspace.name}</p>
      <h1 className="mt-1 text-2xl font-semibold">How can we help?</h1>
      <p className="mt-1 text-sm text-slate-600">Tell us what happened. You&apos;ll get a link to follow your request and reply.</p>
      <NewTicketForm slug={workspace.slug} products={slug === "demo" ? [...demoProducts] : []} />
    </main>
  );
}
