"use client";

import { useRouter } from "next/navigation";
import { useActionState, useRef, useState } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { createApiKeyAction } from "./actions";

type State = ActionResult<{ key: string; prefix: string }> | null;

/** Creates a key and shows it once: it is stored only as a hash. */
export function CreateKeyForm() {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [copied, setCopied] = useState(false);
  const [state, submit, pending] = useActionState<State, FormData>(async (_previous, formData) => {
    setCopied(false);
    const result = await createApiKeyAction(formData);
    if (result.ok) {
      form.current?.reset();
      router.refresh();
    }
    return result;
  }, null);
  const nameError = state && !state.ok ? (state.fieldErrors?.name?.[0] ?? null) : null;

  return (
    <div className="space-y-3">
      <form ref={form} action={submit} className="flex flex-wrap items-start gap-2">
        <div>
          <label htmlFor="new-key-name" className="block text-xs font-medium text-slate-600">
            Key name
          </label>
          <input
            id="new-key-name"
            name="name"
            type="text"
            required
            maxLength={80}
            placeholder="e.g. Shop integration"
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? "new-key-name-error" : undefined}
            className="mt-1 w-64 rounded-md border border-slate-300 px-2 py-1.5 text-sm"
          />
          {nameError && (
            <p id="new-key-name-error" className="mt-1 text-xs text-rose-700">
              {nameError}
            </p>
          )}
        </div>
        <button
          type="submit"
          disabled={pending}
          className="mt-5 rounded-md bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {pending ? "Creating…" : "Create key"}
        </button>
        {state && !state.ok && !nameError && (
          <p role="alert" className="mt-6 text-sm text-rose-700">
            {state.error}
          </p>
        )}
      </form>
      <div role="status">
        {state?.ok && (
          <div className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
            <p className="font-semibold">Copy this key now: it will not be shown again.</p>
            <div className="mt-2 flex flex-wrap items-center gap-2">
              <label htmlFor="new-key-value" className="sr-only">
                New API key
              </label>
              <input
                id="new-key-value"
                readOnly
                value={state.data.key}
                onFocus={(event) => event.target.select()}
                className="w-[32rem] max-w-full rounded-md border border-amber-300 bg-white px-2 py-1 font-mono text-xs"
              />
              <button
                type="button"
                onClick={() =>
                  void navigator.clipboard?.writeText(state.data.key).then(
                    () => setCopied(true),
                    () => setCopied(false),
                  )
                }
                className="rounded-md px-2 py-1 ring-1 ring-amber-300 hover:bg-amber-100"
              >
                {copied ? "Copied" : "Copy"}
              </button>
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
