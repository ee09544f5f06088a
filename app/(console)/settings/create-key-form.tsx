"use client";

import { useRouter } from "next/navigation";
import { useActionState, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
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
        <Field id="new-key-name" label="Key name" labelSize="xs" error={nameError}>
          {(control) => (
            <Input {...control} name="name" type="text" required maxLength={80} placeholder="e.g. Shop integration" className="mt-1 w-64" />
          )}
        </Field>
        <Button type="submit" variant="primary" pending={pending} className="mt-5">
          {pending ? "Creating…" : "Create key"}
        </Button>
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
              <Input
                id="new-key-value"
                size="sm"
                readOnly
                value={state.data.key}
                onFocus={(event) => event.target.select()}
                className="w-[32rem] max-w-full font-mono text-xs"
              />
              <Button
                variant="warning-outline"
                size="sm"
                onClick={() =>
                  void navigator.clipboard?.writeText(state.data.key).then(
                    () => setCopied(true),
                    () => setCopied(false),
                  )
                }
              >
                {copied ? "Copied" : "Copy"}
              </Button>
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
