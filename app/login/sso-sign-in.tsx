"use client";

import { getCsrfToken } from "next-auth/react";
import { Label } from "radix-ui";
import { type FormEvent, useState } from "react";
import { formText } from "@/components/form-text";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { findSsoAction } from "./actions";

/**
 * Where the identity provider's login starts. next-auth's signIn() would first look the
 * provider up in /api/auth/providers, which lists no workspace's SSO (each is built only for
 * its own requests), so this makes signIn()'s request itself. The hint saves typing the
 * address again at the provider.
 */
async function authorizationUrl(providerId: string, email: string, callbackUrl: string): Promise<string> {
  const csrfToken = await getCsrfToken();
  if (!csrfToken) throw new Error("no CSRF token");
  const response = await fetch(`/api/auth/signin/${encodeURIComponent(providerId)}?${new URLSearchParams({ login_hint: email })}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, callbackUrl, json: "true" }),
  });
  const { url } = (await response.json()) as { url?: string };
  if (!url) throw new Error("no authorization URL");
  return url;
}

/** "Continue with single sign-on": finds the workspace's identity provider by the email's domain and goes there. */
export function SsoSignIn({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // Closed at first: the password form stays the only one asking for an email.
  const [open, setOpen] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = formText(new FormData(event.currentTarget), "sso-email").trim();
    setPending(true);
    setError(null);
    try {
      const result = await findSsoAction({ email });
      if (!result.ok) {
        setError(result.fieldErrors?.email?.[0] ?? result.error);
      } else if (!result.data) {
        setError("Single sign-on is not set up for this email's domain. Sign in with your password above.");
      } else {
        window.location.href = await authorizationUrl(result.data.providerId, email, next);
        return;
      }
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
    }
    setPending(false);
  }

  if (!open) {
    return (
      <Button size="lg" onClick={() => setOpen(true)} className="w-full bg-white shadow-sm">
        Continue with single sign-on
      </Button>
    );
  }

  return (
    <form onSubmit={(event) => void onSubmit(event)} className="space-y-2" aria-labelledby="sso-heading">
      <h2 id="sso-heading" className="text-sm font-medium text-slate-700">
        Single sign-on
      </h2>
      <Label.Root htmlFor="sso-email" className="block text-sm text-slate-600">
        Work email
      </Label.Root>
      <Input
        id="sso-email"
        size="lg"
        name="sso-email"
        type="email"
        autoComplete="username"
        required
        // eslint-disable-next-line jsx-a11y/no-autofocus -- shown when "Continue with single sign-on" is pressed; focus goes to the field that just appeared.
        autoFocus
        aria-describedby={error ? "sso-error" : undefined}
        className="block w-full"
      />
      {error && (
        <p id="sso-error" role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
          {error}
        </p>
      )}
      <Button type="submit" size="lg" pending={pending} className="w-full bg-white shadow-sm">
        {pending ? "Finding your sign-in…" : "Continue with single sign-on"}
      </Button>
    </form>
  );
}
