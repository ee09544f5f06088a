"use client";

import { ThumbsDown, ThumbsUp } from "lucide-react";
import { KeepLabel } from "./keep-label";
import { useRouter } from "next/navigation";
import { useActionState, useState, useTransition } from "react";
import { formText } from "@/components/form-text";
import { formatRelative } from "@/components/relative-time";
import type { ActionResult } from "@/lib/auth/action";
import type { ScoredMemory } from "@/lib/memory/core";
import { addCustomerNoteAction, correctMemoryAction, forgetMemoryAction, memoryFeedbackAction } from "./actions";
import { markSessionMemoryImportantAction } from "./retention-actions";

const typeLabel = (type: string) => type.replaceAll("_", " ");

export function MemoryEntry({ memory, editable, ticketId }: { memory: ScoredMemory; editable: boolean; ticketId: string }) {
  const [verdict, setVerdict] = useState<boolean | null>(null);
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const run = (action: () => Promise<ActionResult<unknown>>) =>
    startTransition(async () => {
      const result = await action();
      if (!result.ok) setError(result.fieldErrors?.text?.[0] ?? result.error);
      else {
        setError(null);
        setEditing(false);
        router.refresh();
      }
    });

  return (
    // A draft's citation links here (#source-<id>); :target highlights the memory it cites.
    <li
      id={`source-${memory.id}`}
      className="scroll-mt-24 rounded text-sm target:bg-amber-50 target:ring-2 target:ring-amber-300"
      aria-busy={pending || undefined}
    >
      {editing ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const text = formText(new FormData(event.currentTarget), "text");
            run(() => correctMemoryAction({ memoryId: memory.id, text }));
          }}
        >
          <label className="sr-only" htmlFor={`memory-${memory.id}`}>
            Corrected memory
          </label>
          <textarea
            id={`memory-${memory.id}`}
            name="text"
            defaultValue={memory.text}
            rows={3}
            className="w-full rounded-md border border-slate-300 px-2 py-1 text-sm"
          />
          <div className="mt-1 flex gap-2">
            <button type="submit" disabled={pending} className="rounded bg-brand-600 px-2 py-0.5 text-xs font-medium text-white">
              Save
            </button>
            <button type="button" onClick={() => setEditing(false)} className="text-xs text-slate-600">
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <p className="leading-snug">{memory.text}</p>
      )}
      <div className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-500">
        <span className="rounded bg-slate-100 px-1.5 py-0.5 text-slate-700">{typeLabel(memory.type)}</span>
        {memory.createdAt && <span>learned {formatRelative(new Date(memory.createdAt))}</span>}
        <span title={`semantic ${memory.matched.semantic.toFixed(2)}, keyword ${memory.matched.keyword.toFixed(2)}`}>
          score {memory.score.toFixed(2)}
        </span>
        {memory.matched.terms.length > 0 && <span>matched: {memory.matched.terms.slice(0, 4).join(", ")}</span>}
        <span className="flex gap-1" role="group" aria-label="Was this memory helpful?">
          {([true, false] as const).map((helpful) => (
            <button
              key={String(helpful)}
              type="button"
              aria-pressed={verdict === helpful}
              aria-label={helpful ? "Helpful" : "Not helpful"}
              title={helpful ? "Helpful for this ticket" : "Not helpful for this ticket"}
              onClick={() =>
                startTransition(async () => {
                  const result = await memoryFeedbackAction({ ticketId, memoryId: memory.id, helpful });
                  if (result.ok) setVerdict(helpful);
                  else setError(result.error);
                })
              }
              className={`rounded p-1 ${verdict === helpful ? (helpful ? "bg-emerald-100 text-emerald-800" : "bg-rose-100 text-rose-800") : "hover:bg-slate-100"}`}
            >
              {helpful ? <ThumbsUp aria-hidden className="h-3.5 w-3.5" /> : <ThumbsDown aria-hidden className="h-3.5 w-3.5" />}
            </button>
          ))}
        </span>
        {memory.scope === "session" && (
          <button
            type="button"
            disabled={pending}
            aria-pressed={memory.metadata.important === true}
            aria-label="Keep after this ticket"
            onClick={() =>
              run(() => markSessionMemoryImportantAction({ memoryId: memory.id, important: memory.metadata.important !== true }))
            }
            title="Important session memories are kept in the customer's memory when the ticket ends"
            className={`rounded px-1 ${memory.metadata.important === true ? "bg-amber-100 text-amber-900" : "text-slate-600 hover:bg-slate-100"}`}
          >
            <KeepLabel keeping={memory.metadata.important === true} />
          </button>
        )}
        {editable && !editing && (
          <span className="ml-auto flex gap-2">
            <button type="button" onClick={() => setEditing(true)} className="text-brand-700 hover:underline">
              Correct
            </button>
            <button
              type="button"
              disabled={pending}
              onClick={() => run(() => forgetMemoryAction({ memoryId: memory.id }))}
              className="text-rose-700 hover:underline"
              aria-label={`Forget: ${memory.text.slice(0, 60)}`}
            >
              Forget
            </button>
          </span>
        )}
      </div>
      {error && (
        <p role="alert" className="mt-1 text-xs text-rose-700">
          {error}
        </p>
      )}
    </li>
  );
}

type NoteState = ActionResult<{ memoryId: string }> | null;

export function CustomerNoteForm({ ticketId }: { ticketId: string }) {
  const router = useRouter();
  const [state, submit, pending] = useActionState<NoteState, FormData>(async (_previous, formData) => {
    const result = await addCustomerNoteAction(formData);
    if (result.ok) router.refresh();
    return result;
  }, null);
  const error = state && !state.ok ? (state.fieldErrors?.note?.[0] ?? state.error) : null;
  return (
    <form action={submit} className="mt-3 border-t border-slate-100 pt-3">
      <input type="hidden" name="ticketId" value={ticketId} />
      <label htmlFor="customer-note" className="block text-xs font-medium text-slate-600">
        Add to customer memory
      </label>
      <div className="mt-1 flex gap-2">
        <input
          id="customer-note"
          name="note"
          key={state?.ok ? state.data.memoryId : "note"}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "customer-note-error" : undefined}
          className="min-w-0 flex-1 rounded-md border border-slate-300 px-2 py-1 text-sm"
          placeholder="e.g. Prefers a call back after 5 pm"
        />
        <button
          type="submit"
          disabled={pending}
          className="rounded-md px-2 py-1 text-xs font-medium ring-1 ring-slate-200 hover:bg-slate-50"
        >
          Remember
        </button>
      </div>
      {error && (
        <p id="customer-note-error" className="mt-1 text-xs text-rose-700">
          {error}
        </p>
      )}
    </form>
  );
}
