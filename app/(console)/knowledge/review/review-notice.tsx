import Link from "next/link";
import type { Actor } from "@/lib/auth/guard";
import { countOpenReviewFlags } from "@/lib/knowledge/review-flags";

/** On the knowledge page: entries an erasure flagged, waiting for an admin. */
export async function ReviewFlagsNotice({ actor }: { actor: Actor }) {
  const open = await countOpenReviewFlags({ actor });
  if (open === 0) return null;
  return (
    <p className="rounded-md bg-violet-50 px-3 py-2 text-sm text-violet-900 ring-1 ring-violet-200">
      {open === 1 ? "1 entry" : `${open} entries`} may mention an erased customer.{" "}
      <Link href="/knowledge/review" className="font-medium underline">
        Review {open === 1 ? "it" : "them"}
      </Link>
    </p>
  );
}
