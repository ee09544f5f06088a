"use client";

import { useRouter } from "next/navigation";
import { useActionState, useRef, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/action";
import type { TemplateDraft } from "@/lib/ai/template-draft";
import { draftReplyAction, sendMessageAction } from "./actions";

type State = ActionResult<{ messageId: string }> | null;

export function ReplyForm({ ticketId }: { ticketId: string }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [body, setBody] = useState("");
  const [draft, setDraft] = useState<(TemplateDraft & { kind: string }) | null>(null);
  const [draftError, setDraftError] = useState<string | null>(null);
  const [drafting, startDrafting] = useTransition();
  const [state, submit, pending] = useActionState<State, FormData>(async (_previous, formData) => {
    const result = await sendMessageAction(formData);
    if (result.ok) {
      setBody("");
      setDraft(null);
      router.refresh();
    }
    return result;
  }, null);
  const bodyError = state && !state.ok ? state.fieldErrors?.body?.[0] : undefined;
  const formError = state && !state.ok && !bodyError ? state.error : undefined;

  const requestDraft = () =>
    startDrafting(async () => {
      setDraftError(null);
      const result = await draftReplyAction({ ticketId });
      if (!result.ok) {
        setDraftError(`${result.error} You can still write the reply yourself.`);
        return;
      }
      setDraft(result.data);
      setBody(result.data.text);
    });

  return (
    <form ref={formRef} action={submit} className="mt-6 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <input type="hidden" name="ticketId" value={ticketId} />
      <div className="flex items-center justify-between">
        <label htmlFor="reply-body" className="block text-sm font-medium text-slate-700">
          Reply
        </label>
        <button
          type="button"
          onClick={requestDraft}
          disabled={drafting}
          className="rounded-md px-2 py-1 text-xs font-medium text-brand-700 ring-1 ring-brand-100 hover:bg-brand-50 disabled:opacity-60"
        >
          {drafting ? "Drafting…" : "Draft reply"}
        </button>
      </div>
      <textarea
        id="reply-body"
        name="body"
        rows={7}
        value={body}
        onChange={(event) => setBody(event.target.value)}
        aria-invalid={bodyError ? true : undefined}
        aria-describedby={bodyError ? "reply-body-error" : draft ? "draft-sources" : undefined}
        className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500"
        placeholder="Write to the customer, or add an internal note for the team"
      />
      {draftError && (
        <p role="alert" className="mt-1 text-sm text-rose-700">
          {draftError}
        </p>
      )}
      {draft && (
        <div id="draft-sources" className="mt-2 rounded-md bg-slate-50 p-3 text-xs text-slate-600">
          <p className="font-medium text-slate-700">
            Template draft (no AI model configured): composed from the memories below. Check it before sending.
          </p>
          {draft.citations.length > 0 && (
            <ol className="mt-1 space-y-1" aria-label="Draft sources">
              {draft.citations.map((citation) => (
                <li key={citation.id}>
                  [{citation.n}] <span className="text-slate-500">{citation.scope} · {citation.type.replaceAll("_", " ")}:</span> {citation.text}
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
      {bodyError && (
        <p id="reply-body-error" className="mt-1 text-sm text-rose-700">
          {bodyError}
        </p>
      )}
      {formError && (
        <p role="alert" className="mt-2 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
          {formError}
        </p>
      )}
      <div className="mt-3 flex items-center justify-end gap-2">
        <button
          type="submit"
          name="kind"
          value="NOTE"
          disabled={pending}
          className="rounded-md px-3 py-2 text-sm font-medium text-amber-800 ring-1 ring-amber-200 hover:bg-amber-50 disabled:opacity-60"
        >
          Add internal note
        </button>
        <button
          type="submit"
          name="kind"
          value="AGENT"
          disabled={pending}
          className="rounded-md bg-brand-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 disabled:opacity-60"
        >
          {pending ? "Sending…" : "Send"}
        </button>
      </div>
    </form>
  );
}
