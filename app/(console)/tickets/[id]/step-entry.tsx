"use client";

import { KeepLabel } from "./keep-label";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { formatRelative } from "@/components/relative-time";
import type { ActionResult } from "@/lib/auth/action";
import type { MemoryItem } from "@/lib/memory/core";
import { forgetMemoryAction } from "./actions";
import { markSessionMemoryImportantAction } from "./retention-actions";

const sources: Record<string, string> = { checklist: "checklist", note: "“Tried:” note", model: "read by the AI model" };

export function StepEntry({ step }: { step: MemoryItem }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const important = step.metadata.important === true;
  const run = (action: () => Promise<ActionResult<unknown>>) =>
    startTransition(async () => {
      const result = await action();
      if (!result.ok) setError(result.error);
      else {
        setError(null);
        router.refresh();
      }
    });
  const at = step.createdAt ? new Date(step.createdAt) : null;
  return (
    <li className="text-sm" aria-busy={pending || undefined}>
      <p className="leading-snug">{step.text}</p>
      <div className="mt-0.5 flex flex-wrap items-center gap-x-2 text-xs text-slate-500">
        {at && (
          <time dateTime={at.toISOString()} title={at.toUTCString()} suppressHydrationWarning>
            {formatRelative(at)}
          </time>
        )}
        {sources[String(step.metadata.source)] && <span>{sources[String(step.metadata.source)]}</span>}
        <button
          type="button"
          disabled={pending}
          aria-pressed={important}
          aria-label={`Keep after this ticket: ${step.text.slice(0, 60)}`}
          title="Important session memories are kept in the customer's memory when the ticket ends"
          onClick={() => run(() => markSessionMemoryImportantAction({ memoryId: step.id, important: !important }))}
          className={`rounded px-1 ${important ? "bg-amber-100 text-amber-900" : "text-slate-600 hover:bg-slate-100"}`}
        >
          <KeepLabel keeping={important} />
        </button>
        <button
          type="button"
          disabled={pending}
          aria-label={`Forget step: ${step.text.slice(0, 60)}`}
          onClick={() => run(() => forgetMemoryAction({ memoryId: step.id }))}
          className="ml-auto text-rose-700 hover:underline"
        >
          Forget
        </button>
      </div>
      {error && (
        <p role="alert" className="mt-1 text-xs text-rose-700">
          {error}
        </p>
      )}
    </li>
  );
}
