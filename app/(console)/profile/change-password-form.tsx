"use client";

import { signOut } from "next-auth/react";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { ActionResult } from "@/lib/auth/action";
import { changePasswordAction } from "./actions";

type State = ActionResult<{ sessionsEnded: true }> | null;

export function ChangePasswordForm({ email }: { email: string }) {
  const [state, submit, pending] = useActionState<State, FormData>(async (_previous, formData) => {
    const result = await changePasswordAction(formData);
    // The change ended this session as well; clear its cookie and sign in afresh.
    if (result.ok) await signOut({ callbackUrl: "/login?notice=password-changed" });
    return result;
  }, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};

  return (
    <form action={submit} className="space-y-3">
      {/* Lets password managers file the new password under the right account. */}
      <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
      <Field id="password-currentPassword" label="Current password" error={errors.currentPassword?.[0]}>
        {(control) => (
          <Input
            {...control}
            size="lg"
            name="currentPassword"
            type="password"
            required
            maxLength={200}
            autoComplete="current-password"
            className="mt-1 block w-full"
          />
        )}
      </Field>
      <Field id="password-newPassword" label="New password" error={errors.newPassword?.[0]}>
        {(control) => (
          <Input
            {...control}
            size="lg"
            name="newPassword"
            type="password"
            required
            minLength={12}
            maxLength={200}
            autoComplete="new-password"
            className="mt-1 block w-full"
          />
        )}
      </Field>
      <div className="flex items-center gap-3">
        <Button type="submit" variant="primary" pending={pending}>
          {pending ? "Changing…" : "Change password"}
        </Button>
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
