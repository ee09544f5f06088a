"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { liftLockoutAction } from "./actions";

export function LiftLockoutButton({ lockoutId, name }: { lockoutId: string; name: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const errorId = `lockout-${lockoutId}-error`;
  return (
    <div>
      <button
        type="button"
        disabled={pending}
        title={`Let ${name} sign in again now`}
        aria-describedby={error ? errorId : undefined}
        onClick={() =>
          startTransition(async () => {
            const result = await liftLockoutAction({ lockoutId });
            setError(result.ok ? null : result.error);
            router.refresh();
          })
        }
        className="rounded-md px-2 py-1 text-sm text-brand-700 ring-1 ring-brand-200 hover:bg-brand-50 disabled:opacity-50"
      >
        {pending ? "Unlocking…" : "Unlock"}
      </button>
      {error && (
        <p id={errorId} role="alert" className="mt-1 text-sm text-rose-700">
          {error}
        </p>
      )}
    </div>
  );
}
