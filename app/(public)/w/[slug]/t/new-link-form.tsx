"use client";

import { Label } from "radix-ui";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { ActionResult } from "@/lib/auth/action";
import { requestLinksAction } from "../actions";

type State = ActionResult<{ email: string }> | null;

/** "Send me a new link": mails fresh links to the requests from an address. */
export function NewLinkForm({ slug }: { slug: string }) {
  const [state, submit, pending] = useActionState<State, FormData>((_previous, formData) => requestLinksAction(slug, formData), null);
  if (state?.ok) {
    return (
      <p role="status" className="mt-4 rounded-xl border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-900">
        We sent a mail to {state.data.email} with fresh links to the open and recent requests from that address. The links work for 30 days.
      </p>
    );
  }
  const error = state && !state.ok ? (state.fieldErrors?.email?.[0] ?? state.error) : null;
  return (
    <form action={submit} className="mt-4 rounded-xl border border-slate-200 bg-white p-4" noValidate>
      <Label.Root htmlFor="link-email" className="block text-sm font-medium">
        Your email
      </Label.Root>
      <p id="link-email-hint" className="text-xs text-slate-500">
        The address you used when you contacted us. We mail the links there.
      </p>
      <Input
        id="link-email"
        size="lg"
        name="email"
        type="email"
        autoComplete="email"
        aria-invalid={!!error}
        aria-describedby={error ? "link-email-hint link-email-error" : "link-email-hint"}
        className="mt-1 block w-full"
      />
      {error && (
        <p id="link-email-error" role="alert" className="mt-1 text-sm text-rose-700">
          {error}
        </p>
      )}
      <Button type="submit" variant="primary" size="lg" pending={pending} className="mt-3">
        {pending ? "Sending…" : "Send me a new link"}
      </Button>
    </form>
  );
}
