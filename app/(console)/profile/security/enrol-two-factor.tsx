"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { formText } from "@/components/form-text";
import { Button } from "@/components/ui/button";
import { beginTwoFactorSetupAction, confirmTwoFactorSetupAction } from "./actions";
import { CodeField } from "./code-field";
import { RecoveryCodes } from "./recovery-codes";

type Setup = { secret: string; qrDataUrl: string };

/** Secret and QR code, then a code from the app to confirm, then the recovery codes once. */
export function EnrolTwoFactor({ required }: { required: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [setup, setSetup] = useState<Setup | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [codeError, setCodeError] = useState<string | null>(null);

  function begin() {
    startTransition(async () => {
      const result = await beginTwoFactorSetupAction({});
      setError(result.ok ? null : result.error);
      if (result.ok) setSetup(result.data);
    });
  }

  function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = formText(new FormData(event.currentTarget), "code");
    startTransition(async () => {
      const result = await confirmTwoFactorSetupAction({ code });
      if (result.ok) {
        setCodes(result.data.recoveryCodes);
        setError(null);
        setCodeError(null);
        return;
      }
      setCodeError(result.fieldErrors?.code ? result.error : null);
      setError(result.error);
    });
  }

  if (codes) {
    return (
      <div className="space-y-3">
        <p role="status" className="font-medium text-emerald-700">
          Two-factor sign-in is on.
        </p>
        <RecoveryCodes
          codes={codes}
          doneLabel={required ? "Continue to the console" : "Done"}
          onDone={() => {
            if (required) router.push("/inbox");
            router.refresh();
          }}
        />
      </div>
    );
  }

  if (!setup) {
    return (
      <div className="space-y-2">
        <Button variant="primary" size="lg" onClick={begin} pending={pending}>
          {pending ? "Preparing…" : "Set up two-factor sign-in"}
        </Button>
        {error && (
          <p role="alert" className="text-sm text-rose-700">
            {error}
          </p>
        )}
      </div>
    );
  }

  return (
    <div className="space-y-4">
      <ol className="list-decimal space-y-4 pl-5 text-sm text-slate-700">
        <li>
          <p>Scan this QR code with an authenticator app (Google Authenticator, Microsoft Authenticator, 1Password, Authy, …).</p>
          {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made on the server: there is nothing for next/image to fetch or resize. */}
          <img
            src={setup.qrDataUrl}
            alt="QR code to add Recall Desk to your authenticator app"
            width={200}
            height={200}
            className="mt-2 rounded-md bg-white ring-1 ring-slate-200"
          />
          <p className="mt-2">
            Or type this key into the app:{" "}
            <code id="totp-secret" className="select-all rounded bg-slate-100 px-1.5 py-0.5 font-mono">
              {setup.secret.match(/.{1,4}/g)?.join(" ")}
            </code>
          </p>
        </li>
        <li>
          <form onSubmit={confirm} className="flex flex-wrap items-end gap-2" noValidate>
            <CodeField id="confirm-code" label="Code from the app" error={codeError} hint="Six digits; it changes every 30 seconds." />
            <Button type="submit" variant="primary" size="lg" pending={pending}>
              {pending ? "Checking…" : "Turn on"}
            </Button>
          </form>
        </li>
      </ol>
      {error && !codeError && (
        <p role="alert" className="text-sm text-rose-700">
          {error}
        </p>
      )}
    </div>
  );
}
