"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { ActionButton } from "@/components/ui/action-button";
import type { SsoSettingsView } from "@/lib/auth/sso";
import { removeSsoSettingsAction, saveSsoSettingsAction } from "./sso-actions";

const input = "mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm";
const label = "block text-xs font-medium text-slate-600";

/**
 * The workspace's OpenID Connect settings. Submitted by hand rather than as a form action, so a
 * refused save keeps what the admin typed (React resets forms after actions).
 */
export function SsoForm({ view }: { view: SsoSettingsView }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ ok: true } | { ok: false; error: string; fieldErrors: Record<string, string[]> } | null>(null);
  const saved = view.connection;
  const [ssoOnly, setSsoOnly] = useState(saved?.ssoOnly ?? false);
  const errors = result && !result.ok ? result.fieldErrors : {};

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      const answer = await saveSsoSettingsAction(form);
      setResult(answer.ok ? { ok: true } : { ok: false, error: answer.error, fieldErrors: answer.fieldErrors ?? {} });
      if (answer.ok) router.refresh();
    });
  }

  const field = (name: string) => ({
    id: `sso-${name}`,
    name,
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": errors[name] ? `sso-${name}-error` : `sso-${name}-hint`,
  });
  const problem = (name: string) =>
    errors[name] && (
      <p id={`sso-${name}-error`} className="mt-1 text-xs text-rose-700">
        {errors[name][0]}
      </p>
    );

  return (
    <form
      onSubmit={onSubmit}
      aria-labelledby="sso-heading"
      aria-busy={pending || undefined}
      className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
    >
      <div className="rounded-md bg-slate-50 p-3 text-xs text-slate-600">
        <p>
          Register this redirect URI (callback URL) with your identity provider:{" "}
          <code id="sso-callback-url" className="break-all font-mono text-slate-800">
            {view.callbackUrl}
          </code>
        </p>
        <p className="mt-1">Scopes: openid, email, profile. Users are matched by the email address the provider confirms.</p>
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <div className="sm:col-span-2">
          <label htmlFor="sso-issuer" className={label}>
            Issuer URL
          </label>
          <input
            {...field("issuer")}
            type="url"
            required
            maxLength={500}
            defaultValue={saved?.issuer}
            placeholder="https://accounts.google.com"
            className={input}
          />
          <p id="sso-issuer-hint" className="mt-1 text-xs text-slate-500">
            The provider&apos;s issuer; its discovery document is read from /.well-known/openid-configuration under it.
          </p>
          {problem("issuer")}
        </div>
        <div>
          <label htmlFor="sso-clientId" className={label}>
            Client ID
          </label>
          <input {...field("clientId")} required maxLength={300} autoComplete="off" defaultValue={saved?.clientId} className={input} />
          <p id="sso-clientId-hint" className="sr-only">
            From the application you registered with the provider.
          </p>
          {problem("clientId")}
        </div>
        <div>
          <label htmlFor="sso-clientSecret" className={label}>
            Client secret
          </label>
          <input
            {...field("clientSecret")}
            type="password"
            maxLength={1000}
            autoComplete="new-password"
            required={!saved?.hasClientSecret}
            className={input}
          />
          <p id="sso-clientSecret-hint" className="mt-1 text-xs text-slate-500">
            {saved?.hasClientSecret ? "Stored encrypted. Leave empty to keep it." : "Stored encrypted; never shown again."}
          </p>
          {problem("clientSecret")}
        </div>
        <div className="sm:col-span-2">
          <label htmlFor="sso-domains" className={label}>
            Allowed email domains
          </label>
          <input
            {...field("domains")}
            required
            maxLength={5000}
            defaultValue={saved?.domains.join(", ")}
            placeholder="example.com, example.co.uk"
            className={input}
          />
          <p id="sso-domains-hint" className="mt-1 text-xs text-slate-500">
            Only addresses at these domains sign in through SSO; someone new at one of them gets an account with the default role.
          </p>
          {problem("domains")}
        </div>
        <div>
          <label htmlFor="sso-defaultRole" className={label}>
            Role of new users
          </label>
          <select {...field("defaultRole")} defaultValue={saved?.defaultRole ?? "AGENT"} className={`${input} bg-white`}>
            <option value="AGENT">Agent</option>
            <option value="ADMIN">Admin</option>
          </select>
          <p id="sso-defaultRole-hint" className="sr-only">
            The role an account created by its first SSO sign-in gets.
          </p>
          {problem("defaultRole")}
        </div>
        <div className="flex items-end">
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="enabled" defaultChecked={saved?.enabled ?? true} className="h-4 w-4" />
            Single sign-on on
          </label>
        </div>
      </div>
      <fieldset className="rounded-md border border-slate-200 p-3">
        <legend className="px-1 text-xs font-medium text-slate-600">Passwords</legend>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            name="ssoOnly"
            checked={ssoOnly}
            onChange={(event) => setSsoOnly(event.target.checked)}
            className="h-4 w-4"
          />
          SSO only: refuse password sign-in
        </label>
        {ssoOnly && (
          <div className="mt-2">
            <label htmlFor="sso-breakGlassUserId" className={label}>
              Break-glass admin (may still use a password)
            </label>
            <select {...field("breakGlassUserId")} defaultValue={saved?.breakGlassUserId ?? ""} className={`${input} bg-white`}>
              <option value="">Choose an admin…</option>
              {view.admins.map((admin) => (
                <option key={admin.id} value={admin.id}>
                  {admin.name} ({admin.email})
                </option>
              ))}
            </select>
            <p id="sso-breakGlassUserId-hint" className="mt-1 text-xs text-slate-500">
              For when the identity provider is down or misconfigured. Keep their password and second factor safe.
            </p>
            {problem("breakGlassUserId")}
          </div>
        )}
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {pending ? "Saving…" : "Save single sign-on"}
        </button>
        <p role="status" className="text-sm text-emerald-700">
          {result?.ok && "Saved. It applies to the next sign-in."}
        </p>
        {result && !result.ok && (
          <p role="alert" className="text-sm text-rose-700">
            {result.error}
          </p>
        )}
        {saved && (
          <span className="ml-auto">
            <ActionButton
              label="Remove single sign-on"
              pendingLabel="Removing…"
              confirm="Remove single sign-on? Everyone signs in with a password again; accounts SSO created set one with “Forgot password?”."
              run={() => removeSsoSettingsAction({})}
            />
          </span>
        )}
      </div>
    </form>
  );
}
