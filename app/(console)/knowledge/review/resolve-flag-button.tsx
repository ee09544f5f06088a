"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { resolveReviewFlagAction } from "./actions";

/** Marks the flag reviewed; its passage is deleted then. */
export function ResolveFlagButton({ flagId, label }: { flagId: string; label: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="flex flex-col items-end gap-1">
      <button
        type="button"
        disabled={pending}
        aria-label={`Resolve the flag on ${label}`}
        className="rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-60"
        onClick={() =>
          start(async () => {
            const result = await resolveReviewFlagAction({ flagId });
            setError(result.ok ? null : result.error);
            if (result.ok) router.refresh();
          })
        }
      >
        {pending ? "Resolving…" : "Resolve"}
      </button>
      {error && (
        <p role="alert" className="text-sm text-rose-700">
          {error}
        </p>
      )}
    </div>
  );
}
