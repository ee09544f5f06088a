"use client";

import { useRouter } from "next/navigation";
import { type ReactNode, useId, useState, useTransition } from "react";
import { TierBadge } from "@/components/ticket-badges";
import { channelLabels, customerTiers, languageName, MAX_PRODUCTS, type PreferredChannel, preferredChannels } from "@/lib/customers/fields";

// A customer's profile where agents work (the ticket's customer pane, the customer page):
// read as a list, changed in place with a labelled form whose errors sit by their fields.

export interface ProfileValues {
  id: string;
  tier: string;
  company: string | null;
  language: string | null;
  timezone: string | null;
  preferredChannel: string | null;
  products: string[];
}

type Result = { ok: true; data: { changed: string[] } } | { ok: false; error: string; fieldErrors?: Record<string, string[]> };

const inputClass = "mt-1 block w-full rounded-md border border-slate-300 px-2 py-1 text-sm";
const capitalise = (value: string) => value.charAt(0).toUpperCase() + value.slice(1);

export function CustomerProfileEditor({ customer, save }: { customer: ProfileValues; save: (input: FormData) => Promise<Result> }) {
  const router = useRouter();
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<Extract<Result, { ok: false }> | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const errorOf = (field: string) => {
    const fields = failure?.fieldErrors ?? {};
    return Object.entries(fields).find(([key]) => key === field || key.startsWith(`${field}.`))?.[1]?.[0];
  };
  const described = (field: string, hint?: boolean) =>
    [errorOf(field) && `${id}-${field}-error`, hint && `${id}-${field}-hint`].filter(Boolean).join(" ") || undefined;
  const errorText = (field: string) => {
    const error = errorOf(field);
    return error ? (
      <p id={`${id}-${field}-error`} className="mt-1 text-xs text-rose-700">
        {error}
      </p>
    ) : null;
  };

  const rows: Array<[string, ReactNode]> = [
    ["Company", customer.company],
    ["Language", customer.language && `${languageName(customer.language)} (${customer.language})`],
    ["Time zone", customer.timezone],
    [
      "Preferred channel",
      customer.preferredChannel && (channelLabels[customer.preferredChannel as PreferredChannel] ?? customer.preferredChannel),
    ],
    ["Products", customer.products.length > 0 && customer.products.join(", ")],
  ];
  const shown = rows.filter(([, value]) => Boolean(value));

  return (
    <div aria-labelledby={`${id}-heading`} role="group" className="text-sm">
      <div className="flex items-center justify-between gap-2">
        <h3 id={`${id}-heading`} className="text-xs font-semibold uppercase tracking-wide text-slate-500">
          Profile
        </h3>
        {!editing && (
          <button
            type="button"
            onClick={() => {
              setEditing(true);
              setMessage(null);
            }}
            className="text-xs text-brand-700 hover:underline"
          >
            Edit profile
          </button>
        )}
      </div>
      {editing ? (
        <form
          aria-label="Edit customer profile"
          aria-busy={pending || undefined}
          noValidate
          className="mt-2 space-y-2"
          onSubmit={(event) => {
            event.preventDefault();
            const values = new FormData(event.currentTarget);
            startTransition(async () => {
              const result = await save(values);
              if (!result.ok) {
                setFailure(result);
                return;
              }
              setFailure(null);
              setEditing(false);
              setMessage(result.data.changed.length > 0 ? "Profile saved." : "Nothing changed.");
              router.refresh();
            });
          }}
        >
          <input type="hidden" name="customerId" value={customer.id} />
          <div>
            <label htmlFor={`${id}-tier`} className="block text-xs font-medium text-slate-600">
              Tier
            </label>
            <select
              id={`${id}-tier`}
              name="tier"
              defaultValue={customer.tier}
              aria-invalid={errorOf("tier") ? true : undefined}
              aria-describedby={described("tier")}
              className={inputClass}
            >
              {customerTiers.map((tier) => (
                <option key={tier} value={tier}>
                  {capitalise(tier)}
                </option>
              ))}
            </select>
            {errorText("tier")}
          </div>
          <div>
            <label htmlFor={`${id}-company`} className="block text-xs font-medium text-slate-600">
              Company
            </label>
            <input
              id={`${id}-company`}
              name="company"
              defaultValue={customer.company ?? ""}
              maxLength={120}
              autoComplete="off"
              aria-invalid={errorOf("company") ? true : undefined}
              aria-describedby={described("company")}
              className={inputClass}
            />
            {errorText("company")}
          </div>
          <div className="grid grid-cols-2 gap-2">
            <div>
              <label htmlFor={`${id}-language`} className="block text-xs font-medium text-slate-600">
                Language
              </label>
              <input
                id={`${id}-language`}
                name="language"
                defaultValue={customer.language ?? ""}
                maxLength={35}
                autoComplete="off"
                aria-invalid={errorOf("language") ? true : undefined}
                aria-describedby={described("language", true)}
                className={inputClass}
              />
              <p id={`${id}-language-hint`} className="mt-1 text-xs text-slate-500">
                A code: en, de, pt-BR
              </p>
              {errorText("language")}
            </div>
            <div>
              <label htmlFor={`${id}-timezone`} className="block text-xs font-medium text-slate-600">
                Time zone
              </label>
              <input
                id={`${id}-timezone`}
                name="timezone"
                defaultValue={customer.timezone ?? ""}
                maxLength={64}
                autoComplete="off"
                aria-invalid={errorOf("timezone") ? true : undefined}
                aria-describedby={described("timezone", true)}
                className={inputClass}
              />
              <p id={`${id}-timezone-hint`} className="mt-1 text-xs text-slate-500">
                Such as Europe/Berlin
              </p>
              {errorText("timezone")}
            </div>
          </div>
          <div>
            <label htmlFor={`${id}-preferredChannel`} className="block text-xs font-medium text-slate-600">
              Preferred channel
            </label>
            <select
              id={`${id}-preferredChannel`}
              name="preferredChannel"
              defaultValue={customer.preferredChannel ?? ""}
              aria-invalid={errorOf("preferredChannel") ? true : undefined}
              aria-describedby={described("preferredChannel")}
              className={inputClass}
            >
              <option value="">No preference</option>
              {preferredChannels.map((channel) => (
                <option key={channel} value={channel}>
                  {channelLabels[channel]}
                </option>
              ))}
            </select>
            {errorText("preferredChannel")}
          </div>
          <div>
            <label htmlFor={`${id}-products`} className="block text-xs font-medium text-slate-600">
              Products owned
            </label>
            <textarea
              id={`${id}-products`}
              name="products"
              rows={3}
              defaultValue={customer.products.join("\n")}
              aria-invalid={errorOf("products") ? true : undefined}
              aria-describedby={described("products", true)}
              className={inputClass}
            />
            <p id={`${id}-products-hint`} className="mt-1 text-xs text-slate-500">
              One per line, at most {MAX_PRODUCTS}.
            </p>
            {errorText("products")}
          </div>
          {failure && (
            <p role="alert" className="text-xs text-rose-700">
              {failure.error}
            </p>
          )}
          <div className="flex gap-2">
            <button
              type="submit"
              disabled={pending}
              className="rounded bg-brand-600 px-2 py-1 text-xs font-medium text-white disabled:opacity-60"
            >
              Save profile
            </button>
            <button
              type="button"
              onClick={() => {
                setEditing(false);
                setFailure(null);
              }}
              className="text-xs text-slate-600"
            >
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <dl className="mt-1 space-y-1">
          <div className="flex justify-between gap-2">
            <dt className="text-slate-500">Tier</dt>
            <dd>
              <TierBadge tier={customer.tier} />
            </dd>
          </div>
          {shown.map(([label, value]) => (
            <div key={label} className="flex justify-between gap-2">
              <dt className="text-slate-500">{label}</dt>
              <dd className="text-right">{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {!editing && shown.length === 0 && (
        <p className="mt-1 text-xs text-slate-500">No company, language, time zone, channel or products yet.</p>
      )}
      <p role="status" className="mt-1 text-xs text-emerald-700">
        {message}
      </p>
    </div>
  );
}
