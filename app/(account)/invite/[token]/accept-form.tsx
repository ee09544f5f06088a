"use client";

import { useRouter } from "next/navigation";
import { useActionState } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { NewPasswordField } from "../../password-field";
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
      <Field id="invite-name" label="Your name" error={errors.name?.[0]}>
        {(control) => (
          <Input
            {...control}
            size="lg"
            name="name"
            type="text"
            required
            maxLength={120}
            autoComplete="name"
            className="mt-1 block w-full"
          />
        )}
      </Field>
      <NewPasswordField id="invite-password" label="Choose a password" error={errors.password?.[0]} />
      {state && !state.ok && (
        <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
          {state.error}
        </p>
      )}
      <Button type="submit" variant="primary" size="lg" pending={pending} disabled={Boolean(state?.ok)} className="w-full">
        {pending ? "Creating your account…" : "Create my account"}
      </Button>
    </form>
  );
}
