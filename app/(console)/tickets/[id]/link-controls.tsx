"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { revokeLinksAction } from "./actions";

type State = ActionResult<{ linkVersion: number; mailed: boolean }> | null;

/** Revokes every link to this ticket the customer was given; optionally mails them a new one. */
export function LinkControls({ ticketId }: { ticketId: string }) {
  const [state, submit, pending] = useActionState<State, FormData>((_previous, formData) => revokeLinksAction(formData), null);
  return (
    <form action={submit} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby="links-heading">
      <input type="hidden" name="ticketId" value={ticketId} />
      <h2 id="links-heading" className="text-sm font-semibold">
        Customer links
      </h2>
      <p className="text-xs text-slate-500">
        If a link to this ticket&apos;s public page leaked, revoke it: every link given out so far stops working.
      </p>
      <label className="mt-2 flex items-center gap-2 text-sm">
        <input type="checkbox" name="mailCustomer" defaultChecked />
        Mail the customer a new link
      </label>
      <button
        type="submit"
        disabled={pending}
        className="mt-2 w-full rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-60"
      >
        {pending ? "Revoking…" : "Revoke customer links"}
      </button>
      {state?.ok && (
        <p role="status" className="mt-2 text-sm text-slate-700">
          Links revoked.{state.data.mailed ? " A new link was mailed to the customer." : ""}
        </p>
      )}
      {state && !state.ok && (
        <p role="alert" className="mt-2 text-sm text-rose-700">
          {state.error}
        </p>
      )}
    </form>
  );
}
