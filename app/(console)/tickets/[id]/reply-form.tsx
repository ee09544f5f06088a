"use client";

import { useRouter } from "next/navigation";
import { useActionState, useRef } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { sendMessageAction } from "./actions";

type State = ActionResult<{ messageId: string }> | null;

export function ReplyForm({ ticketId }: { ticketId: string }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [state, submit, pending] = useActionState<State, FormData>(async (_previous, formData) => {
    const result = await sendMessageAction(formData);
    if (result.ok) {
      formRef.current?.reset();
      router.refresh();
    }
    return result;
  }, null);
  const bodyError = state && !state.ok ? state.fieldErrors?.body?.[0] : undefined;
  const formError = state && !state.ok && !bodyError ? state.error : undefined;

  return (
    <form ref={formRef} action={submit} className="mt-6 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <input type="hidden" name="ticketId" value={ticketId} />
      <label htmlFor="reply-body" className="block text-sm font-medium text-slate-700">
        Reply
      </label>
      <textarea
        id="reply-body"
        name="body"
        rows={5}
        aria-invalid={bodyError ? true : undefined}
        aria-describedby={bodyError ? "reply-body-error" : undefined}
        className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500"
        placeholder="Write to the customer, or add an internal note for the team"
      />
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
