"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import type { MailSettingsView } from "@/lib/mail/settings";
import { rotateInboundSecretAction, saveMailSettingsAction } from "./mail-actions";

const control = "mt-1 block w-full";

type Result = { ok: true } | { ok: false; error: string; fieldErrors: Record<string, string[]> } | null;

/** Submitted by hand, so a refused save keeps what the admin typed. */
export function MailForm({ view, inboundUrl }: { view: MailSettingsView; inboundUrl: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<Result>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [secretError, setSecretError] = useState<string | null>(null);
  const errors = result && !result.ok ? result.fieldErrors : {};
  const field = (name: string) => ({ id: `mail-${name}`, labelSize: "xs" as const, error: errors[name]?.[0] });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      const answer = await saveMailSettingsAction(form);
      setResult(answer.ok ? { ok: true } : { ok: false, error: answer.error, fieldErrors: answer.fieldErrors ?? {} });
      if (answer.ok) router.refresh();
    });
  }

  function rotate() {
    startTransition(async () => {
      const answer = await rotateInboundSecretAction({});
      setSecret(answer.ok ? answer.data.secret : null);
      setSecretError(answer.ok ? null : answer.error);
      if (answer.ok) router.refresh();
    });
  }

  return (
    <div className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <form onSubmit={onSubmit} aria-labelledby="mail-heading" aria-busy={pending || undefined} className="space-y-4" noValidate>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field
            {...field("supportAddress")}
            label="Support address"
            hint={`Replies come from it and answers go to it (as ${view.supportAddress || view.defaultAddress} with +t-… added per ticket). Empty: ${view.defaultAddress}.`}
          >
            {(props) => (
              <Input
                {...props}
                name="supportAddress"
                type="email"
                maxLength={254}
                defaultValue={view.supportAddress}
                placeholder="support@example.com"
                className={control}
              />
            )}
          </Field>
          <Field {...field("senderName")} label="Sender name" hint="Empty: the workspace's name.">
            {(props) => <Input {...props} name="senderName" maxLength={120} defaultValue={view.senderName} className={control} />}
          </Field>
          <Field {...field("signature")} label="Signature" hint="Added under every mailed reply." className="sm:col-span-2">
            {(props) => (
              <Textarea {...props} name="signature" rows={3} maxLength={2000} defaultValue={view.signature} className={control} />
            )}
          </Field>
          <Field
            {...field("mailReplies")}
            label="Mail agents' replies to customers"
            hint={view.smtpConfigured ? "Through the SMTP server (SMTP_URL)." : "No SMTP server is set: mailed replies wait in the outbox."}
          >
            {(props) => (
              <Select
                {...props}
                name="mailReplies"
                defaultValue={view.mailReplies === null ? "default" : view.mailReplies ? "on" : "off"}
                className={control}
              >
                <option value="default">Default ({view.smtpConfigured ? "on" : "off"}: on when SMTP is set)</option>
                <option value="on">On</option>
                <option value="off">Off</option>
              </Select>
            )}
          </Field>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" variant="primary" pending={pending}>
            {pending ? "Saving…" : "Save email settings"}
          </Button>
          <p role="status" className="text-sm text-emerald-700">
            {result?.ok && "Saved."}
          </p>
          {result && !result.ok && (
            <p role="alert" className="text-sm text-rose-700">
              {result.error}
            </p>
          )}
        </div>
      </form>
      <div className="space-y-2 border-t border-slate-100 pt-3 text-sm">
        <h3 className="font-medium text-slate-800">Inbound mail</h3>
        <p className="text-xs text-slate-600">
          Point your mail provider&apos;s inbound hook (Postmark, Mailgun, SendGrid, SES) at{" "}
          <code id="mail-inbound-url" className="break-all font-mono text-slate-800">
            {inboundUrl}
          </code>{" "}
          with the raw message (content-type message/rfc822), authenticated by the inbound secret as a bearer token or as the password of
          basic auth. {view.inboundSecretHint ? `The current secret ends in …${view.inboundSecretHint}.` : "No secret has been made yet."}
        </p>
        <div className="flex flex-wrap items-center gap-3">
          <Button type="button" variant="secondary" size="sm" pending={pending} onClick={rotate}>
            {view.inboundSecretHint ? "Replace the inbound secret" : "Make an inbound secret"}
          </Button>
          {secretError && (
            <p role="alert" className="text-sm text-rose-700">
              {secretError}
            </p>
          )}
        </div>
        {secret && (
          <p role="status" className="rounded-md bg-amber-50 p-2 text-xs text-amber-900">
            Copy it now, it is shown once:{" "}
            <code id="mail-inbound-secret" className="break-all font-mono">
              {secret}
            </code>
          </p>
        )}
      </div>
    </div>
  );
}
