"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";

const tones = {
  danger: "text-rose-700 ring-rose-200 hover:bg-rose-50",
  brand: "text-brand-700 ring-brand-200 hover:bg-brand-50",
};

/**
 * A small button that runs one server action, shows its error beside it (announced, tied to
 * the button with aria-describedby) and refreshes the page. `confirm` asks first.
 */
export function ActionButton({
  label,
  pendingLabel,
  ariaLabel,
  title,
  confirm,
  tone = "danger",
  run,
}: {
  label: string;
  pendingLabel: string;
  /** The button's name when its label alone is ambiguous (one per table row). */
  ariaLabel?: string;
  title?: string;
  confirm?: string;
  tone?: keyof typeof tones;
  run: () => Promise<{ ok: true } | { ok: false; error: string }>;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();
  return (
    <div>
      <button
        type="button"
        disabled={pending}
        title={title}
        aria-label={ariaLabel}
        aria-describedby={error ? errorId : undefined}
        onClick={() => {
          if (confirm && !window.confirm(confirm)) return;
          startTransition(async () => {
            const result = await run();
            setError(result.ok ? null : result.error);
            router.refresh();
          });
        }}
        className={`rounded-md px-2 py-1 text-sm ring-1 disabled:opacity-50 ${tones[tone]}`}
      >
        {pending ? pendingLabel : label}
      </button>
      {error && (
        <p id={errorId} role="alert" className="mt-1 text-sm text-rose-700">
          {error}
        </p>
      )}
    </div>
  );
}
