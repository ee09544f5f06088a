"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/auth/action";
import { confirmAddressAction } from "../../actions";

type State = ActionResult<{ confirmed: boolean }> | null;

/** Shown on a mailed link to an unconfirmed request: a click, not the visit, confirms it (mail scanners open links too). */
export function ConfirmAddressForm({ slug, token }: { slug: string; token: string }) {
  const [state, submit, pending] = useActionState<State, FormData>((_previous, formData) => confirmAddressAction(slug, formData), null);
  if (state?.ok) {
    return (
      <p role="status" className="mt-4 rounded-xl border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-900">
        Thanks: your email address is confirmed. Keep the mail with this link to come back to your request.
      </p>
    );
  }
  return (
    <section aria-labelledby="confirm-heading" className="mt-4 rounded-xl border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900">
      <h2 id="confirm-heading" className="font-semibold">
        Is this your request?
      </h2>
      <p className="mt-1">
        Confirm that you wrote it, so the team can answer with what they know about your account. If you did not write to us, leave this
        page: nothing is shared with whoever sent it.
      </p>
      <form action={submit} className="mt-3">
        <input type="hidden" name="token" value={token} />
        <Button type="submit" variant="primary" size="lg" pending={pending}>
          {pending ? "Confirming…" : "Yes, this is my request"}
        </Button>
      </form>
      {state && !state.ok && (
        <p role="alert" className="mt-2 text-rose-700">
          {state.error}
        </p>
      )}
    </section>
  );
}
