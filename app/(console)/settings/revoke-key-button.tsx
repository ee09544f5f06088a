"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { revokeApiKeyAction } from "./actions";

export function RevokeKeyButton({ keyId, name }: { keyId: string; name: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const errorId = `key-${keyId}-error`;
  return (
    <div>
      <button
        type="button"
        disabled={pending}
        title={`Revoke “${name}”: requests with it are refused from then on`}
        aria-describedby={error ? errorId : undefined}
        onClick={() =>
          startTransition(async () => {
            const result = await revokeApiKeyAction({ keyId });
            setError(result.ok ? null : result.error);
            router.refresh();
          })
        }
        className="rounded-md px-2 py-1 text-sm text-rose-700 ring-1 ring-rose-200 hover:bg-rose-50 disabled:opacity-50"
      >
        {pending ? "Revoking…" : "Revoke"}
      </button>
      {error && (
        <p id={errorId} role="alert" className="mt-1 text-sm text-rose-700">
          {error}
        </p>
      )}
    </div>
  );
}
