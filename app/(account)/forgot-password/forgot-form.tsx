"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
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
      <Field id="forgot-email" label="Email" error={emailError}>
        {(control) => (
          <Input
            {...control}
            size="lg"
            name="email"
            type="email"
            required
            // eslint-disable-next-line jsx-a11y/no-autofocus -- the page's only field, and nothing comes before it.
            autoFocus
            autoComplete="username"
            maxLength={254}
            className="mt-1 block w-full"
          />
        )}
      </Field>
      {state && !state.ok && !emailError && (
        <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
          {state.error}
        </p>
      )}
      <Button type="submit" variant="primary" size="lg" pending={pending} className="w-full">
        {pending ? "Sending…" : "Send reset link"}
      </Button>
    </form>
  );
}
