"use client";

import { signOut } from "next-auth/react";
import { useActionState } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { changePasswordAction } from "./actions";

type State = ActionResult<{ sessionsEnded: true }> | null;
const input = "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm";

export function ChangePasswordForm({ email }: { email: string }) {
  const [state, submit, pending] = useActionState<State, FormData>(async (_previous, formData) => {
    const result = await changePasswordAction(formData);
    // The change ended this session as well; clear its cookie and sign in afresh.
    if (result.ok) await signOut({ callbackUrl: "/login?notice=password-changed" });
    return result;
  }, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const field = (name: string) => ({
    id: `password-${name}`,
    name,
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": errors[name] ? `password-${name}-error` : undefined,
  });
  const error = (name: string) =>
    errors[name] && (
      <p id={`password-${name}-error`} className="mt-1 text-xs text-rose-700">
        {errors[name][0]}
      </p>
    );

  return (
    <form action={submit} className="space-y-3">
      {/* Lets password managers file the new password under the right account. */}
      <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
      <div>
        <label htmlFor="password-currentPassword" className="block text-sm font-medium text-slate-700">
          Current password
        </label>
        <input {...field("currentPassword")} type="password" required maxLength={200} autoComplete="current-password" className={input} />
        {error("currentPassword")}
      </div>
      <div>
        <label htmlFor="password-newPassword" className="block text-sm font-medium text-slate-700">
          New password
        </label>
        <input
          {...field("newPassword")}
          type="password"
          required
          minLength={12}
          maxLength={200}
          autoComplete="new-password"
          className={input}
        />
        {error("newPassword")}
      </div>
      <div className="flex items-center gap-3">
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {pending ? "Changing…" : "Change password"}
        </button>
        {state && !state.ok && (
          <p role="alert" className="text-sm text-rose-700">
            {state.error}
          </p>
        )}
        {state?.ok && (
          <p role="status" className="text-sm text-emerald-700">
            Password changed. Signing you out…
          </p>
        )}
      </div>
    </form>
  );
}
