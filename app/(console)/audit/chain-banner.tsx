import Link from "next/link";
import type { ChainStatus } from "@/lib/audit/verify";
import { formatUtc } from "./format";

/**
 * Whether the workspace's hash chain checks out: on every view from the newest signed
 * checkpoint, on request from the first entry.
 */
export function ChainBanner({ status }: { status: ChainStatus }) {
  if (status.ok) {
    const total = status.from + status.entries;
    return (
      <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900 ring-1 ring-emerald-200">
        Chain verified: {total} {total === 1 ? "entry" : "entries"}
        {status.remaining > 0 &&
          ` so far; ${status.remaining} newer ${status.remaining === 1 ? "entry is" : "entries are"} checked on the next views`}
        {status.from > 0 ? (
          <>
            {" "}
            ({status.entries} checked now, the first {status.from} at an earlier check).{" "}
            <Link href="/audit?verify=full" className="font-medium underline">
              Verify the whole log
            </Link>
          </>
        ) : (
          "."
        )}
        {status.legacy > 0 &&
          ` ${status.legacy} older ${status.legacy === 1 ? "entry predates" : "entries predate"} the chain and will be sealed by the next change.`}
        {status.unkeyed > 0 &&
          ` ${status.unkeyed} ${status.unkeyed === 1 ? "entry was" : "entries were"} chained before the chain was keyed.`}
      </p>
    );
  }
  const { brokenAt } = status;
  return (
    <div role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-900 ring-1 ring-rose-200">
      <p className="font-semibold">
        Chain broken at entry #{brokenAt.seq}
        {brokenAt.createdAt && ` (${formatUtc(new Date(brokenAt.createdAt))})`}: {brokenAt.reason}.
      </p>
      <p>
        The log may have been changed outside the app.
        {status.problems > 1 && ` ${status.problems - 1} more ${status.problems === 2 ? "problem follows" : "problems follow"}.`}{" "}
        <Link href={`/audit?cursor=${brokenAt.seq + 1}`} className="font-medium underline">
          Show entry #{brokenAt.seq}
        </Link>
      </p>
    </div>
  );
}
