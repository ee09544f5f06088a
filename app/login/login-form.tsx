"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { formText } from "@/components/form-text";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { SECOND_FACTOR_REQUIRED } from "@/lib/auth/sign-in-answers";

export function LoginForm({ next }: { next: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // Set once the server said the password was right and a second-factor code is needed.
  const [needsCode, setNeedsCode] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", {
        email: formText(form, "email"),
        password: formText(form, "password"),
        ...(needsCode ? { code: formText(form, "code") } : {}),
        redirect: false,
      });
      if (result?.error === SECOND_FACTOR_REQUIRED) {
        setNeedsCode(true);
        return;
      }
      if (!result || result.error) {
        // A refusal before the password was checked (a locked account, too many failures
        // from this network) comes back as its own message; anything else is a wrong pair.
        const refusal =
          result?.error && result.error !== "CredentialsSignin" && !/^[A-Z][A-Za-z]+$/.test(result.error) ? result.error : null;
        setError(refusal ?? "Wrong email or password.");
        return;
      }
      router.replace(next);
      router.refresh();
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form
      method="post"
      onSubmit={(event) => void onSubmit(event)}
      className="space-y-4"
      noValidate={false}
      aria-describedby={error ? "login-error" : undefined}
    >
      <Field id="email" label="Email">
        {(control) => (
          <Input
            {...control}
            size="lg"
            name="email"
            type="email"
            autoComplete="username"
            required
            // eslint-disable-next-line jsx-a11y/no-autofocus -- the sign-in page exists for this form; e2e/keyboard.anon.spec.ts types into it at once.
            autoFocus
            className="mt-1 block w-full"
          />
        )}
      </Field>
      <Field id="password" label="Password">
        {(control) => (
          <Input
            {...control}
            size="lg"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            className="mt-1 block w-full"
          />
        )}
      </Field>
      {needsCode && (
        <Field
          id="code"
          label="Two-factor code"
          hint="The six-digit code from your authenticator app, or one of your recovery codes."
          hintFirst
        >
          {(control) => (
            <Input
              {...control}
              size="lg"
              name="code"
              type="text"
              autoComplete="one-time-code"
              spellCheck={false}
              required
              // eslint-disable-next-line jsx-a11y/no-autofocus -- shown in answer to the password; focus goes to the field that just appeared.
              autoFocus
              maxLength={64}
              className="mt-1 block w-full font-mono"
            />
          )}
        </Field>
      )}
      {error && (
        <p id="login-error" role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
          {error}
        </p>
      )}
      <Button type="submit" variant="primary" size="lg" pending={pending} className="w-full">
        {pending ? "Signing in…" : needsCode ? "Verify code" : "Sign in"}
      </Button>
    </form>
  );
}
