"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { ActionResult } from "@/lib/http/errors";
import { TAG_MAX_LENGTH } from "@/lib/support/tag-rules";
import { addTicketTagAction, removeTicketTagAction } from "./actions";

/** The ticket's tags: Enter adds the typed one (suggested from the workspace's tags), × removes one; each change saves at once. */
export function TicketTags(props: { ticketId: string; tags: string[]; suggestions: Array<{ tag: string; count: number }> }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [tags, setTags] = useState(props.tags);
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  // A refresh (this agent's change, or another's pushed live) brings the stored list: it wins.
  const [stored, setStored] = useState(props.tags);
  if (stored !== props.tags) {
    setStored(props.tags);
    setTags(props.tags);
  }

  const save = (run: () => Promise<ActionResult<{ tags: string[] }>>, after?: () => void) =>
    startTransition(async () => {
      const result = await run();
      if (!result.ok) {
        setError(result.fieldErrors?.tag?.[0] ?? result.fieldErrors?.tags?.[0] ?? result.error);
        return;
      }
      setError(null);
      setTags(result.data.tags);
      after?.();
      router.refresh();
    });

  const add = () => {
    if (!typed.trim()) return;
    save(
      () => addTicketTagAction({ ticketId: props.ticketId, tag: typed }),
      () => setTyped(""),
    );
  };

  return (
    <div className="flex flex-wrap items-end gap-3 text-sm" aria-busy={pending || undefined}>
      {tags.length > 0 && (
        <ul aria-label="Tags" className="flex flex-wrap items-center gap-1">
          {tags.map((tag) => (
            <li key={tag}>
              <Badge tone="violet">
                {tag}
                <button
                  type="button"
                  aria-label={`Remove tag ${tag}`}
                  disabled={pending}
                  onClick={() => save(() => removeTicketTagAction({ ticketId: props.ticketId, tag }))}
                  className="-mr-1 ml-1 rounded-full px-1 hover:bg-violet-100 disabled:opacity-60"
                >
                  ×
                </button>
              </Badge>
            </li>
          ))}
        </ul>
      )}
      <Field id="ticket-tag" label="Add tag" labelSize="xs" error={error} hint="Press Enter to add." hintHidden>
        {(control) => (
          <Input
            {...control}
            size="sm"
            list="ticket-tag-suggestions"
            autoComplete="off"
            value={typed}
            maxLength={TAG_MAX_LENGTH * 2}
            placeholder="billing, vip…"
            onChange={(event) => setTyped(event.target.value)}
            onKeyDown={(event) => {
              if (event.key !== "Enter") return;
              event.preventDefault();
              if (!pending) add();
            }}
            className="w-44"
          />
        )}
      </Field>
      <datalist id="ticket-tag-suggestions">
        {props.suggestions
          .filter(({ tag }) => !tags.includes(tag))
          .map(({ tag, count }) => (
            <option key={tag} value={tag}>{`${tag} (${count})`}</option>
          ))}
      </datalist>
    </div>
  );
}
