"use client";

import { useRouter } from "next/navigation";
import { useActionState } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { resolveTicketAction } from "./actions";

type State = ActionResult<{ promoted: boolean }> | null;

export function ResolveForm({ ticketId }: { ticketId: string }) {
  const router = useRouter();
  const [state, submit, pending] = useActionState<State, FormData>(async (_previous, formData) => {
    const result = await resolveTicketAction(formData);
    if (result.ok) router.refresh();
    return result;
  }, null);
  const error = state && !state.ok ? (state.fieldErrors?.resolution?.[0] ?? state.error) : null;
  return (
    <form action={submit} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <input type="hidden" name="ticketId" value={ticketId} />
      <label htmlFor="resolution" className="block text-sm font-semibold">
        Resolution summary
      </label>
      <p className="text-xs text-slate-500">Kept in the customer&apos;s history; leave empty to use your last reply.</p>
      <textarea
        id="resolution"
        name="resolution"
        rows={3}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "resolution-error" : undefined}
        className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1 text-sm"
      />
      {error && (
        <p id="resolution-error" role="alert" className="mt-1 text-sm text-rose-700">
          {error}
        </p>
      )}
      <button
        type="submit"
        data-shortcut-submit
        aria-keyshortcuts="Control+Enter Meta+Enter"
        disabled={pending}
        className="mt-2 w-full rounded-md bg-emerald-700 px-3 py-2 text-sm font-semibold text-white hover:bg-emerald-800 disabled:opacity-60"
      >
        {pending ? "Resolving…" : "Resolve"}
      </button>
    </form>
  );
}
