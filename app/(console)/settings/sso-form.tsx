"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { ActionButton } from "@/components/ui/action-button";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { SsoSettingsView } from "@/lib/auth/sso";
import { removeSsoSettingsAction, saveSsoSettingsAction } from "./sso-actions";

const control = "mt-1 block w-full";

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

  const field = (name: string) => ({ id: `sso-${name}`, labelSize: "xs" as const, error: errors[name]?.[0] });

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
        <Field
          {...field("issuer")}
          label="Issuer URL"
          hint="The provider's issuer; its discovery document is read from /.well-known/openid-configuration under it."
          className="sm:col-span-2"
        >
          {(props) => (
            <Input
              {...props}
              name="issuer"
              type="url"
              required
              maxLength={500}
              defaultValue={saved?.issuer}
              placeholder="https://accounts.google.com"
              className={control}
            />
          )}
        </Field>
        <Field {...field("clientId")} label="Client ID" hint="From the application you registered with the provider." hintHidden>
          {(props) => (
            <Input
              {...props}
              name="clientId"
              required
              maxLength={300}
              autoComplete="off"
              defaultValue={saved?.clientId}
              className={control}
            />
          )}
        </Field>
        <Field
          {...field("clientSecret")}
          label="Client secret"
          hint={saved?.hasClientSecret ? "Stored encrypted. Leave empty to keep it." : "Stored encrypted; never shown again."}
        >
          {(props) => (
            <Input
              {...props}
              name="clientSecret"
              type="password"
              maxLength={1000}
              autoComplete="new-password"
              required={!saved?.hasClientSecret}
              className={control}
            />
          )}
        </Field>
        <Field
          {...field("domains")}
          label="Allowed email domains"
          hint="Only addresses at these domains sign in through SSO; someone new at one of them gets an account with the default role."
          className="sm:col-span-2"
        >
          {(props) => (
            <Input
              {...props}
              name="domains"
              required
              maxLength={5000}
              defaultValue={saved?.domains.join(", ")}
              placeholder="example.com, example.co.uk"
              className={control}
            />
          )}
        </Field>
        <Field
          {...field("defaultRole")}
          label="Role of new users"
          hint="The role an account created by its first SSO sign-in gets."
          hintHidden
        >
          {(props) => (
            <Select {...props} name="defaultRole" defaultValue={saved?.defaultRole ?? "AGENT"} className={control}>
              <option value="AGENT">Agent</option>
              <option value="ADMIN">Admin</option>
            </Select>
          )}
        </Field>
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
          <Field
            {...field("breakGlassUserId")}
            label="Break-glass admin (may still use a password)"
            hint="For when the identity provider is down or misconfigured. Keep their password and second factor safe."
            className="mt-2"
          >
            {(props) => (
              <Select {...props} name="breakGlassUserId" defaultValue={saved?.breakGlassUserId ?? ""} className={control}>
                <option value="">Choose an admin…</option>
                {view.admins.map((admin) => (
                  <option key={admin.id} value={admin.id}>
                    {admin.name} ({admin.email})
                  </option>
                ))}
              </Select>
            )}
          </Field>
        )}
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary" pending={pending}>
          {pending ? "Saving…" : "Save single sign-on"}
        </Button>
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
              confirm="Everyone signs in with a password again; accounts SSO created set one with “Forgot password?”."
              run={() => removeSsoSettingsAction({})}
            />
          </span>
        )}
      </div>
    </form>
  );
}
