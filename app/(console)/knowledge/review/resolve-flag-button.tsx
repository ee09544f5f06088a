"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { resolveReviewFlagAction } from "./actions";

/** Marks the flag reviewed; its passage is deleted then. */
export function ResolveFlagButton({ flagId, label }: { flagId: string; label: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="flex flex-col items-end gap-1">
      <Button
        pending={pending}
        aria-label={`Resolve the flag on ${label}`}
        onClick={() =>
          start(async () => {
            const result = await resolveReviewFlagAction({ flagId });
            setError(result.ok ? null : result.error);
            if (result.ok) router.refresh();
          })
        }
      >
        {pending ? "Resolving…" : "Resolve"}
      </Button>
      {error && (
        <p role="alert" className="text-sm text-rose-700">
          {error}
        </p>
      )}
    </div>
  );
}
