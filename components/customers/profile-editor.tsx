"use client";

import { useRouter } from "next/navigation";
import { type ReactNode, useId, useState, useTransition } from "react";
import { TierBadge } from "@/components/ticket-badges";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
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

const wide = "mt-1 block w-full";
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
  const field = (name: string) => ({ id: `${id}-${name}`, labelSize: "xs" as const, error: errorOf(name) });

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
          <Button
            variant="link"
            size="inline"
            className="text-xs"
            onClick={() => {
              setEditing(true);
              setMessage(null);
            }}
          >
            Edit profile
          </Button>
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
          <Field {...field("tier")} label="Tier">
            {(control) => (
              <Select {...control} size="sm" name="tier" defaultValue={customer.tier} className={wide}>
                {customerTiers.map((tier) => (
                  <option key={tier} value={tier}>
                    {capitalise(tier)}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field {...field("company")} label="Company">
            {(control) => (
              <Input
                {...control}
                size="sm"
                name="company"
                defaultValue={customer.company ?? ""}
                maxLength={120}
                autoComplete="off"
                className={wide}
              />
            )}
          </Field>
          <div className="grid grid-cols-2 gap-2">
            <Field {...field("language")} label="Language" hint="A code: en, de, pt-BR">
              {(control) => (
                <Input
                  {...control}
                  size="sm"
                  name="language"
                  defaultValue={customer.language ?? ""}
                  maxLength={35}
                  autoComplete="off"
                  className={wide}
                />
              )}
            </Field>
            <Field {...field("timezone")} label="Time zone" hint="Such as Europe/Berlin">
              {(control) => (
                <Input
                  {...control}
                  size="sm"
                  name="timezone"
                  defaultValue={customer.timezone ?? ""}
                  maxLength={64}
                  autoComplete="off"
                  className={wide}
                />
              )}
            </Field>
          </div>
          <Field {...field("preferredChannel")} label="Preferred channel">
            {(control) => (
              <Select {...control} size="sm" name="preferredChannel" defaultValue={customer.preferredChannel ?? ""} className={wide}>
                <option value="">No preference</option>
                {preferredChannels.map((channel) => (
                  <option key={channel} value={channel}>
                    {channelLabels[channel]}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field {...field("products")} label="Products owned" hint={`One per line, at most ${MAX_PRODUCTS}.`}>
            {(control) => (
              <Textarea {...control} size="sm" name="products" rows={3} defaultValue={customer.products.join("\n")} className={wide} />
            )}
          </Field>
          {failure && (
            <p role="alert" className="text-xs text-rose-700">
              {failure.error}
            </p>
          )}
          <div className="flex gap-2">
            <Button type="submit" variant="primary" size="xs" pending={pending}>
              Save profile
            </Button>
            <Button
              variant="ghost"
              size="xs"
              onClick={() => {
                setEditing(false);
                setFailure(null);
              }}
            >
              Cancel
            </Button>
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
