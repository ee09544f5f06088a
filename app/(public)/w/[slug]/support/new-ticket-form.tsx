"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import type { ActionResult } from "@/lib/auth/action";
import { openTicketAction } from "../actions";
import { FileField } from "@/components/file-field";

// What was typed comes back with a refusal: React resets a form after its action, and the
// inputs' defaults bring the text back, so a field error never costs the customer their message.
type State = (ActionResult<{ number: number; token: string }> & { typed?: Record<string, string> }) | null;

const control = "mt-1 block w-full";

export function NewTicketForm({ slug, products }: { slug: string; products: string[] }) {
  const [state, submit, pending] = useActionState<State, FormData>(async (_previous, formData) => {
    const result = await openTicketAction(slug, formData);
    const typed: Record<string, string> = {};
    for (const [name, value] of formData) if (typeof value === "string" && !name.startsWith("$")) typed[name] = value;
    return { ...result, typed };
  }, null);
  const typed = state?.typed ?? {};
  if (state?.ok) {
    return (
      <div role="status" className="mt-6 rounded-xl border border-emerald-200 bg-emerald-50 p-5 text-sm">
        <p className="font-semibold text-emerald-900">Request #{state.data.number} received.</p>
        <p className="mt-1 text-emerald-800">
          We also mailed a link to the address you gave: follow it to confirm the address is yours. Until then you can follow your request
          here:
        </p>
        <Link href={`/w/${slug}/t/${state.data.token}`} className="mt-2 inline-block font-medium text-brand-700 underline">
          Follow request #{state.data.number}
        </Link>
      </div>
    );
  }
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  // Each field's id is its name, so its error is #name-error, #subject-error, ...
  const field = (name: string) => ({ id: name, error: errors[name]?.[0] });
  return (
    <form action={submit} className="mt-6 space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" noValidate>
      {state && !state.ok && !state.fieldErrors && (
        <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
          {state.error}
        </p>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field {...field("name")} label="Your name">
          {(props) => <Input {...props} size="lg" name="name" defaultValue={typed.name} autoComplete="name" className={control} />}
        </Field>
        <Field {...field("email")} label="Email">
          {(props) => (
            <Input {...props} size="lg" name="email" type="email" defaultValue={typed.email} autoComplete="email" className={control} />
          )}
        </Field>
      </div>
      {products.length > 0 && (
        <Field id="product" label="Product">
          {(props) => (
            <Select {...props} size="lg" name="product" className={control} defaultValue={typed.product ?? ""}>
              <option value="">Not sure / other</option>
              {products.map((product) => (
                <option key={product}>{product}</option>
              ))}
            </Select>
          )}
        </Field>
      )}
      <Field {...field("subject")} label="Subject">
        {(props) => <Input {...props} size="lg" name="subject" defaultValue={typed.subject} className={control} />}
      </Field>
      <Field {...field("message")} label="What happened?">
        {(props) => <Textarea {...props} size="lg" name="message" rows={6} defaultValue={typed.message} className={control} />}
      </Field>
      <FileField id="new-ticket-files" error={state && !state.ok ? state.fieldErrors?.files?.[0] : null} />
      <div className="hidden" aria-hidden="true">
        <label htmlFor="website">Website</label>
        <input id="website" name="website" tabIndex={-1} autoComplete="off" />
      </div>
      <Button type="submit" variant="primary" size="lg" pending={pending} className="w-full">
        {pending ? "Sending…" : "Send request"}
      </Button>
    </form>
  );
}
