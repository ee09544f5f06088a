"use client";

import Link from "next/link";
import { useActionState } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { openTicketAction } from "../actions";

// What was typed comes back with a refusal: React resets a form after its action, and the
// inputs' defaults bring the text back, so a field error never costs the customer their message.
type State = (ActionResult<{ number: number; token: string }> & { typed?: Record<string, string> }) | null;

const field =
  "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500";

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
  const describe = (name: string) => (errors[name] ? `${name}-error` : undefined);
  const error = (name: string) =>
    errors[name] && (
      <p id={`${name}-error`} className="mt-1 text-sm text-rose-700">
        {errors[name][0]}
      </p>
    );
  return (
    <form action={submit} className="mt-6 space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" noValidate>
      {state && !state.ok && !state.fieldErrors && (
        <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
          {state.error}
        </p>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor="name" className="block text-sm font-medium">
            Your name
          </label>
          <input
            id="name"
            name="name"
            defaultValue={typed.name}
            autoComplete="name"
            aria-invalid={!!errors.name}
            aria-describedby={describe("name")}
            className={field}
          />
          {error("name")}
        </div>
        <div>
          <label htmlFor="email" className="block text-sm font-medium">
            Email
          </label>
          <input
            id="email"
            name="email"
            type="email"
            defaultValue={typed.email}
            autoComplete="email"
            aria-invalid={!!errors.email}
            aria-describedby={describe("email")}
            className={field}
          />
          {error("email")}
        </div>
      </div>
      {products.length > 0 && (
        <div>
          <label htmlFor="product" className="block text-sm font-medium">
            Product
          </label>
          <select id="product" name="product" className={field} defaultValue={typed.product ?? ""}>
            <option value="">Not sure / other</option>
            {products.map((product) => (
              <option key={product}>{product}</option>
            ))}
          </select>
        </div>
      )}
      <div>
        <label htmlFor="subject" className="block text-sm font-medium">
          Subject
        </label>
        <input
          id="subject"
          name="subject"
          defaultValue={typed.subject}
          aria-invalid={!!errors.subject}
          aria-describedby={describe("subject")}
          className={field}
        />
        {error("subject")}
      </div>
      <div>
        <label htmlFor="message" className="block text-sm font-medium">
          What happened?
        </label>
        <textarea
          id="message"
          name="message"
          rows={6}
          defaultValue={typed.message}
          aria-invalid={!!errors.message}
          aria-describedby={describe("message")}
          className={field}
        />
        {error("message")}
      </div>
      <div className="hidden" aria-hidden="true">
        <label htmlFor="website">Website</label>
        <input id="website" name="website" tabIndex={-1} autoComplete="off" />
      </div>
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded-md bg-brand-600 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {pending ? "Sending…" : "Send request"}
      </button>
    </form>
  );
}
