"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { accountButton, accountInput } from "../password-field";
import { requestPasswordResetAction } from "./actions";

type State = ActionResult<{ email: string }> | null;

export function ForgotPasswordForm() {
  const [state, submit, pending] = useActionState<State, FormData>(
    async (_previous, formData) => requestPasswordResetAction(formData),
    null,
  );
  const emailError = state && !state.ok ? state.fieldErrors?.email?.[0] : undefined;

  if (state?.ok) {
    return (
      <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
        If <strong>{state.data.email}</strong> has an account, a link to reset its password is on its way. It works once, for 30 minutes.
      </p>
    );
  }
  return (
    <form action={submit} className="space-y-4">
      <div>
        <label htmlFor="forgot-email" className="block text-sm font-medium text-slate-700">
          Email
        </label>
        <input
          id="forgot-email"
          name="email"
          type="email"
          required
          // eslint-disable-next-line jsx-a11y/no-autofocus -- the page's only field, and nothing comes before it.
          autoFocus
          autoComplete="username"
          maxLength={254}
          aria-invalid={emailError ? true : undefined}
          aria-describedby={emailError ? "forgot-email-error" : undefined}
          className={accountInput}
        />
        {emailError && (
          <p id="forgot-email-error" className="mt-1 text-xs text-rose-700">
            {emailError}
          </p>
        )}
      </div>
      {state && !state.ok && !emailError && (
        <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
          {state.error}
        </p>
      )}
      <button type="submit" disabled={pending} className={accountButton}>
        {pending ? "Sending…" : "Send reset link"}
      </button>
    </form>
  );
}
