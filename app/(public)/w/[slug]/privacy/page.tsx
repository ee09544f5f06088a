import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AppError, NotFoundError } from "@/lib/errors";
import { getOverview, PRIVACY_COOKIE } from "@/lib/privacy/self-service";
import { getPublicWorkspace } from "@/lib/support/public";
import { PrivacyFlow } from "./privacy-flow";

export const metadata: Metadata = { title: "Your data", robots: { index: false } };
export const dynamic = "force-dynamic";

const notices: Record<string, string> = {
  expired: "Your confirmation has expired. Ask for a new code.",
  limited: "Too many downloads in a short time. Please try again in a few minutes.",
  refused: "That download was refused. Please ask for a new code and try again.",
  failed: "The download failed. Please try again.",
};

export default async function PrivacyPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ notice?: string }>;
}) {
  const { slug } = await params;
  const workspace = await getPublicWorkspace(slug).catch((error) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const token = (await cookies()).get(PRIVACY_COOKIE)?.value;
  // Back on the page with a valid confirmation (a reload, a download): carry on from there.
  const overview = token
    ? await getOverview({ slug, token }).catch((error: unknown) => {
        if (error instanceof AppError) return null;
        throw error;
      })
    : null;
  const notice = notices[(await searchParams).notice ?? ""];
  return (
    <main className="mx-auto max-w-xl px-4 py-10">
      <p className="text-sm text-slate-500">{workspace.name}</p>
      <h1 className="mt-1 text-2xl font-semibold">Your data</h1>
      <p className="mt-1 text-sm text-slate-600">
        Download everything {workspace.name} holds about you, or have it erased. We first mail a code to your address to make sure it is
        yours.
      </p>
      {notice && (
        <p role="alert" className="mt-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {notice}
        </p>
      )}
      <PrivacyFlow slug={workspace.slug} workspaceName={workspace.name} initial={overview} />
      <p className="mt-8 text-xs text-slate-500">
        Need help instead?{" "}
        <Link href={`/w/${workspace.slug}/support`} className="underline">
          Contact support
        </Link>
        .
      </p>
    </main>
  );
}
