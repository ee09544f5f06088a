"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Button } from "./button";
import { ConfirmDialog } from "./dialog";

const tones = { danger: "danger-outline", brand: "brand-outline" } as const;

/**
 * A small button that runs one server action, shows its error beside it (announced, tied to
 * the button with aria-describedby) and refreshes the page. `confirm` asks first, in a dialog
 * whose confirm button repeats the label.
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
  const act = () =>
    startTransition(async () => {
      const result = await run();
      setError(result.ok ? null : result.error);
      router.refresh();
    });
  const button = (
    <Button
      variant={tones[tone]}
      size="sm"
      pending={pending}
      title={title}
      aria-label={ariaLabel}
      aria-describedby={error ? errorId : undefined}
      onClick={confirm ? undefined : act}
    >
      {pending ? pendingLabel : label}
    </Button>
  );
  return (
    <div>
      {confirm ? (
        <ConfirmDialog
          trigger={button}
          title={`${ariaLabel ?? label}?`}
          description={confirm}
          confirmLabel={label}
          confirmVariant={tone === "danger" ? "danger" : "primary"}
          onConfirm={act}
        />
      ) : (
        button
      )}
      {error && (
        <p id={errorId} role="alert" className="mt-1 text-sm text-rose-700">
          {error}
        </p>
      )}
    </div>
  );
}
