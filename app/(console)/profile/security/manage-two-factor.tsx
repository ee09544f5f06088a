"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { formText } from "@/components/form-text";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/auth/action";
import { CodeField } from "./code-field";
import { disableTwoFactorAction, regenerateRecoveryCodesAction } from "./actions";
import { RecoveryCodes } from "./recovery-codes";

function useCodeForm<T>(action: (input: { code: string }) => Promise<ActionResult<T>>, onSuccess: (data: T) => void) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const code = formText(new FormData(form), "code");
    startTransition(async () => {
      const result = await action({ code });
      setError(result.ok ? null : result.error);
      if (result.ok) {
        form.reset();
        onSuccess(result.data);
      }
    });
  }
  return { pending, error, submit };
}

const HINT = "A current code from your app, or one of your recovery codes.";

/** For a user with two-factor sign-in on: new recovery codes, or turning it off. Both need a code. */
export function ManageTwoFactor() {
  const router = useRouter();
  const [codes, setCodes] = useState<string[] | null>(null);
  const regenerate = useCodeForm(regenerateRecoveryCodesAction, (data) => setCodes(data.recoveryCodes));
  const disable = useCodeForm(disableTwoFactorAction, () => router.refresh());

  return (
    <div className="space-y-6">
      <section aria-labelledby="regenerate-heading" className="space-y-2">
        <h2 id="regenerate-heading" className="font-semibold">
          New recovery codes
        </h2>
        <p className="text-sm text-slate-600">Makes ten new codes; the old ones stop working.</p>
        {codes ? (
          <RecoveryCodes
            codes={codes}
            doneLabel="Done"
            onDone={() => {
              setCodes(null);
              router.refresh();
            }}
          />
        ) : (
          <form onSubmit={regenerate.submit} className="flex flex-wrap items-end gap-2" noValidate>
            <CodeField id="regenerate-code" label="Code" hint={HINT} error={regenerate.error} />
            <Button type="submit" variant="brand-outline" size="lg" pending={regenerate.pending}>
              {regenerate.pending ? "Making codes…" : "Make new recovery codes"}
            </Button>
          </form>
        )}
      </section>

      <section aria-labelledby="disable-heading" className="space-y-2">
        <h2 id="disable-heading" className="font-semibold">
          Turn off two-factor sign-in
        </h2>
        <p className="text-sm text-slate-600">
          Your password alone will sign you in. To move to a new phone, turn it off and set it up again.
        </p>
        <form onSubmit={disable.submit} className="flex flex-wrap items-end gap-2" noValidate>
          <CodeField id="disable-code" label="Code" hint={HINT} error={disable.error} />
          <Button type="submit" variant="danger-outline" size="lg" pending={disable.pending}>
            {disable.pending ? "Turning off…" : "Turn off"}
          </Button>
        </form>
      </section>
    </div>
  );
}
