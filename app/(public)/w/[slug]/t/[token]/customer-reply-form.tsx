"use client";

import { useRouter } from "next/navigation";
import { useActionState, useRef } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { replyAction } from "../../actions";

type State = ActionResult<{ sent: true }> | null;

export function CustomerReplyForm({ slug, token }: { slug: string; token: string }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [state, submit, pending] = useActionState<State, FormData>(async (_previous, formData) => {
    const result = await replyAction(slug, formData);
    if (result.ok) {
      formRef.current?.reset();
      router.refresh();
    }
    return result;
  }, null);
  const error = state && !state.ok ? (state.fieldErrors?.message?.[0] ?? state.error) : null;
  return (
    <form ref={formRef} action={submit} className="mt-6 rounded-xl border border-slate-200 bg-white p-4">
      <input type="hidden" name="token" value={token} />
      <label htmlFor="customer-reply" className="block text-sm font-medium">
        Your reply
      </label>
      <textarea
        id="customer-reply"
        name="message"
        rows={4}
        aria-invalid={!!error}
        aria-describedby={error ? "customer-reply-error" : undefined}
        className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
      />
      {error && (
        <p id="customer-reply-error" role="alert" className="mt-1 text-sm text-rose-700">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={pending}
        className="mt-2 rounded-md bg-brand-600 px-3 py-2 text-sm font-semibold text-white disabled:opacity-60"
      >
        {pending ? "Sending…" : "Send reply"}
      </button>
    </form>
  );
}
