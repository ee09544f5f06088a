"use client";

import { useRouter } from "next/navigation";
import { useActionState } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { Button } from "@/components/ui/button";
import { NewPasswordField } from "../../password-field";
import { resetPasswordAction } from "./actions";

type State = ActionResult<{ reset: boolean }> | null;

export function ResetPasswordForm({ token, email }: { token: string; email: string }) {
  const router = useRouter();
  const [state, submit, pending] = useActionState<State, FormData>(async (_previous, formData) => {
    const result = await resetPasswordAction(formData);
    if (result.ok) router.replace("/login?notice=password-reset");
    return result;
  }, null);
  const passwordError = state && !state.ok ? state.fieldErrors?.password?.[0] : undefined;

  return (
    <form action={submit} className="space-y-4">
      <input type="hidden" name="token" value={token} />
      {/* Lets password managers file the new password under the right account. */}
      <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
      <NewPasswordField id="reset-password" label="New password" error={passwordError} />
      {state && !state.ok && !passwordError && (
        <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
          {state.error}
        </p>
      )}
      <Button type="submit" variant="primary" size="lg" pending={pending} disabled={Boolean(state?.ok)} className="w-full">
        {pending ? "Saving…" : "Set new password"}
      </Button>
    </form>
  );
}
