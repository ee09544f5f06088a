"use client";

import { useRouter } from "next/navigation";
import { useActionState } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { accountButton, accountInput, NewPasswordField } from "../../password-field";
import { acceptInvitationAction } from "./actions";

type State = ActionResult<{ accepted: boolean }> | null;

export function AcceptInvitationForm({ token, email }: { token: string; email: string }) {
  const router = useRouter();
  const [state, submit, pending] = useActionState<State, FormData>(async (_previous, formData) => {
    const result = await acceptInvitationAction(formData);
    if (result.ok) router.replace("/login?notice=welcome");
    return result;
  }, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};

  return (
    <form action={submit} className="space-y-4">
      <input type="hidden" name="token" value={token} />
      {/* Lets password managers file the new password under the right account. */}
      <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
      <div>
        <label htmlFor="invite-name" className="block text-sm font-medium text-slate-700">
          Your name
        </label>
        <input
          id="invite-name"
          name="name"
          type="text"
          required
          maxLength={120}
          autoComplete="name"
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={errors.name ? "invite-name-error" : undefined}
          className={accountInput}
        />
        {errors.name && (
          <p id="invite-name-error" className="mt-1 text-xs text-rose-700">
            {errors.name[0]}
          </p>
        )}
      </div>
      <NewPasswordField id="invite-password" label="Choose a password" error={errors.password?.[0]} />
      {state && !state.ok && (
        <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
          {state.error}
        </p>
      )}
      <button type="submit" disabled={pending || Boolean(state?.ok)} className={accountButton}>
        {pending ? "Creating your account…" : "Create my account"}
      </button>
    </form>
  );
}
