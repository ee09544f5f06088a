"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { HoldingsOverview } from "@/lib/privacy/holdings";
import type { ErasureReceipt } from "@/lib/privacy/receipt";
import { eraseAction, forgetSessionAction, requestCodeAction, verifyCodeAction } from "./actions";

type Step =
  | { name: "email"; error?: string; fieldError?: string }
  | { name: "code"; email: string; error?: string; fieldError?: string }
  | { name: "verified"; overview: HoldingsOverview; error?: string }
  | { name: "confirm"; overview: HoldingsOverview; error?: string }
  | { name: "erased"; requestId: string; receipt: ErasureReceipt | null };

const card = "mt-6 space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm";

function Alert({ children }: { children?: string }) {
  if (!children) return null;
  return (
    <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
      {children}
    </p>
  );
}

export function PrivacyFlow({ slug, workspaceName, initial }: { slug: string; workspaceName: string; initial: HoldingsOverview | null }) {
  const [step, setStep] = useState<Step>(initial ? { name: "verified", overview: initial } : { name: "email" });
  const [pending, startTransition] = useTransition();

  const requestCode = (formData: FormData) =>
    startTransition(async () => {
      const result = await requestCodeAction(slug, formData);
      if (result.ok) setStep({ name: "code", email: result.data.email });
      else setStep({ name: "email", error: result.fieldErrors ? undefined : result.error, fieldError: result.fieldErrors?.email?.[0] });
    });

  if (step.name === "email") {
    return (
      <form action={requestCode} className={card} noValidate>
        <Alert>{step.error}</Alert>
        <Field id="privacy-email" label="Email" hint={`The address you used with ${workspaceName}.`} error={step.fieldError}>
          {(control) => (
            <Input {...control} size="lg" name="email" type="email" autoComplete="email" required className="mt-1 block w-full" />
          )}
        </Field>
        <Button type="submit" variant="primary" size="lg" pending={pending} className="w-full">
          {pending ? "Sending…" : "Send code"}
        </Button>
      </form>
    );
  }

  if (step.name === "code") {
    const verify = (formData: FormData) =>
      startTransition(async () => {
        const result = await verifyCodeAction(slug, formData);
        if (result.ok) setStep({ name: "verified", overview: result.data });
        else
          setStep({
            ...step,
            error: result.fieldErrors?.code ? undefined : result.error,
            fieldError: result.fieldErrors?.code?.[0] ?? result.fieldErrors?.email?.[0],
          });
      });
    return (
      <form action={verify} className={card} noValidate>
        {/* The same words whether or not we know the address: a code is mailed either way. */}
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          We sent a 6-digit code to {step.email}. It expires in 15 minutes.
        </p>
        <Alert>{step.error}</Alert>
        <input type="hidden" name="email" value={step.email} />
        <Field id="privacy-code" label="Code" error={step.fieldError}>
          {(control) => (
            <Input
              {...control}
              size="lg"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              required
              className="mt-1 block w-full font-mono tracking-widest"
            />
          )}
        </Field>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" variant="primary" size="lg" pending={pending}>
            {pending ? "Checking…" : "Verify code"}
          </Button>
          <Button size="lg" disabled={pending} onClick={() => setStep({ name: "email" })}>
            Use another address
          </Button>
        </div>
      </form>
    );
  }

  if (step.name === "verified") {
    const { overview } = step;
    return (
      <section aria-labelledby="held-heading" className={card}>
        <h2 id="held-heading" className="text-lg font-semibold">
          What we hold about {overview.email}
        </h2>
        {overview.held ? (
          <ul className="list-inside list-disc text-sm text-slate-700">
            {[...overview.deleted, ...overview.redacted].map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-700">{workspaceName} holds no personal data for this address.</p>
        )}
        <Alert>{step.error}</Alert>
        <div className="flex flex-wrap gap-2">
          {/* A plain form POST: the answer is a file, and the page stays as it is. */}
          <form method="post" action={`/w/${slug}/privacy/export`}>
            <Button type="submit" size="lg">
              Download my data
            </Button>
          </form>
          <Button variant="danger" size="lg" onClick={() => setStep({ name: "confirm", overview })}>
            Erase my data
          </Button>
          <Button
            variant="ghost"
            size="lg"
            className="underline"
            onClick={() =>
              startTransition(async () => {
                await forgetSessionAction(slug);
                setStep({ name: "email" });
              })
            }
          >
            Done
          </Button>
        </div>
      </section>
    );
  }

  if (step.name === "confirm") {
    const { overview } = step;
    const erase = () =>
      startTransition(async () => {
        const result = await eraseAction(slug);
        if (result.ok) setStep({ name: "erased", ...result.data });
        else setStep({ ...step, error: result.error });
      });
    return (
      <section aria-labelledby="confirm-heading" className={`${card} border-rose-200`}>
        <h2 id="confirm-heading" className="text-lg font-semibold">
          Erase everything about {overview.email}?
        </h2>
        {overview.held ? (
          <>
            <p className="text-sm text-slate-700">This permanently deletes:</p>
            <ul className="list-inside list-disc text-sm text-slate-700">
              {overview.deleted.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
            {overview.redacted.length > 0 && (
              <p className="text-sm text-slate-700">
                The {overview.redacted.join(", ")} stay, with your details removed: they record what our team did, not who you are.
              </p>
            )}
          </>
        ) : (
          <p className="text-sm text-slate-700">
            We hold nothing for this address; erasing records that you asked, and nothing else changes.
          </p>
        )}
        <p className="text-sm text-slate-700">
          This cannot be undone. Open requests are closed, and if you write to us again we start from nothing. You get a receipt here and by
          email.
        </p>
        <Alert>{step.error}</Alert>
        <div className="flex flex-wrap gap-2">
          <Button variant="danger" size="lg" pending={pending} onClick={erase}>
            {pending ? "Erasing…" : "Yes, erase everything"}
          </Button>
          <Button size="lg" disabled={pending} onClick={() => setStep({ name: "verified", overview })}>
            Cancel
          </Button>
        </div>
      </section>
    );
  }

  const { receipt, requestId } = step;
  return (
    <section role="status" aria-labelledby="receipt-heading" className={`${card} border-emerald-200`}>
      <h2 id="receipt-heading" className="text-lg font-semibold">
        {receipt ? "Your data has been erased" : "Your erasure request is recorded"}
      </h2>
      {!receipt && (
        <p className="text-sm text-slate-700">
          It could not finish just now and will be completed automatically within minutes. Your receipt will be emailed to you.
        </p>
      )}
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-500">Request ID</dt>
        <dd className="font-mono">{requestId}</dd>
        {receipt && (
          <>
            <dt className="text-slate-500">Requested</dt>
            <dd>{new Date(receipt.requestedAt).toUTCString()}</dd>
            <dt className="text-slate-500">Completed</dt>
            <dd>{receipt.completedAt ? new Date(receipt.completedAt).toUTCString() : "in progress"}</dd>
          </>
        )}
      </dl>
      {receipt && (
        <ul aria-label="Erased" className="text-sm text-slate-700">
          {receipt.items
            .filter((item) => item.count > 0)
            .map((item) => (
              <li key={item.kind}>
                {item.count} {item.label}{" "}
                {item.action === "deleted"
                  ? "deleted"
                  : item.action === "flagged"
                    ? "sent to the team for review (they may mention you)"
                    : "kept without your details"}
              </li>
            ))}
        </ul>
      )}
      <p className="text-xs text-slate-500">
        We keep only a record that this erasure happened (this request ID, the counts, the times, and a one-way fingerprint of your
        address). A copy of this receipt was emailed to you.
      </p>
    </section>
  );
}
