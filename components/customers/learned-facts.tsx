"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { Label } from "radix-ui";
import { useId, useState, useTransition } from "react";
import { formText } from "@/components/form-text";
import { formatRelative } from "@/components/relative-time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/textarea";

// Facts learned from conversations, each marked as learned, with where it came from, until
// an agent confirms it (a product, language or channel then goes onto the profile), corrects
// it in place or deletes it.

export interface LearnedFactView {
  id: string;
  text: string;
  learnedBy: string | null;
  createdAt: string | null;
  sourceTicketId: string | null;
}

type Result = { ok: true; data: unknown } | { ok: false; error: string; fieldErrors?: Record<string, string[]> };
type Run = (input: { memoryId: string }) => Promise<Result>;

export function LearnedFacts({
  facts,
  confirm,
  correct,
  remove,
}: {
  facts: LearnedFactView[];
  confirm: Run;
  correct: (input: { memoryId: string; text: string }) => Promise<Result>;
  remove: Run;
}) {
  const id = useId();
  if (facts.length === 0) return null;
  return (
    <div role="group" aria-labelledby={`${id}-heading`} className="text-sm">
      <h3 id={`${id}-heading`} className="text-xs font-semibold uppercase tracking-wide text-slate-500">
        Learned from conversations
      </h3>
      <p className="text-xs text-slate-500">Confirm what is right, correct or delete the rest.</p>
      <ul aria-label="Learned from conversations" className="mt-2 space-y-3">
        {facts.map((fact) => (
          <LearnedFact key={fact.id} fact={fact} confirm={confirm} correct={correct} remove={remove} />
        ))}
      </ul>
    </div>
  );
}

function LearnedFact({
  fact,
  confirm,
  correct,
  remove,
}: {
  fact: LearnedFactView;
  confirm: Run;
  correct: (input: { memoryId: string; text: string }) => Promise<Result>;
  remove: Run;
}) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const short = fact.text.slice(0, 60);
  const errorId = `learned-${fact.id}-error`;

  const run = (action: () => Promise<Result>) =>
    startTransition(async () => {
      const result = await action();
      if (!result.ok) {
        setError(result.fieldErrors?.text?.[0] ?? result.error);
        return;
      }
      setError(null);
      setEditing(false);
      router.refresh();
    });

  return (
    <li aria-busy={pending || undefined}>
      {editing ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const text = formText(new FormData(event.currentTarget), "text");
            run(() => correct({ memoryId: fact.id, text }));
          }}
        >
          <Label.Root htmlFor={`learned-${fact.id}`} className="block text-xs font-medium text-slate-600">
            Corrected fact
          </Label.Root>
          <Textarea
            id={`learned-${fact.id}`}
            size="sm"
            name="text"
            defaultValue={fact.text}
            rows={2}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            className="mt-1 w-full"
          />
          <div className="mt-1 flex gap-2">
            <Button type="submit" variant="primary" size="xs" pending={pending}>
              Save correction
            </Button>
            <Button
              variant="ghost"
              size="xs"
              onClick={() => {
                setEditing(false);
                setError(null);
              }}
            >
              Cancel
            </Button>
          </div>
        </form>
      ) : (
        <p className="leading-snug">{fact.text}</p>
      )}
      <div className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-500">
        <Badge tone="violet">Learned</Badge>
        <span>
          {fact.learnedBy === "model" ? "by the model" : "by rules"}
          {fact.createdAt && `, ${formatRelative(new Date(fact.createdAt))}`}
        </span>
        {fact.sourceTicketId && (
          <Link href={`/tickets/${fact.sourceTicketId}`} className="underline hover:text-slate-800">
            source message
          </Link>
        )}
        {!editing && (
          <span className="ml-auto flex gap-2">
            <button
              type="button"
              disabled={pending}
              onClick={() => run(() => confirm({ memoryId: fact.id }))}
              aria-label={`Confirm: ${short}`}
              className="text-emerald-700 hover:underline"
            >
              Confirm
            </button>
            <button
              type="button"
              onClick={() => setEditing(true)}
              aria-label={`Correct: ${short}`}
              className="text-brand-700 hover:underline"
            >
              Correct
            </button>
            <button
              type="button"
              disabled={pending}
              onClick={() => run(() => remove({ memoryId: fact.id }))}
              aria-label={`Delete: ${short}`}
              className="text-rose-700 hover:underline"
            >
              Delete
            </button>
          </span>
        )}
      </div>
      {error && (
        <p id={errorId} role="alert" className="mt-1 text-xs text-rose-700">
          {error}
        </p>
      )}
    </li>
  );
}
