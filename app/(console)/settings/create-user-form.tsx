"use client";

import { useRouter } from "next/navigation";
import { useActionState, useRef } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { createUserAction } from "./actions";

type State = ActionResult<{ userId: string }> | null;
const input = "mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm";

export function CreateUserForm() {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [state, submit, pending] = useActionState<State, FormData>(async (_previous, formData) => {
    const result = await createUserAction(formData);
    if (result.ok) {
      form.current?.reset();
      router.refresh();
    }
    return result;
  }, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const field = (name: string) => ({
    id: `new-user-${name}`,
    name,
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": [errors[name] && `new-user-${name}-error`, name === "password" && "new-user-password-hint"].filter(Boolean).join(" ") || undefined,
  });
  const error = (name: string) =>
    errors[name] && (
      <p id={`new-user-${name}-error`} className="mt-1 text-xs text-rose-700">
        {errors[name][0]}
      </p>
    );

  return (
    <form ref={form} action={submit} aria-labelledby="new-user-heading" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <h3 id="new-user-heading" className="text-sm font-semibold">
        New user
      </h3>
      <div className="mt-2 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <div>
          <label htmlFor="new-user-name" className="block text-xs font-medium text-slate-600">
            Name
          </label>
          <input {...field("name")} type="text" required maxLength={120} autoComplete="off" className={input} />
          {error("name")}
        </div>
        <div>
          <label htmlFor="new-user-email" className="block text-xs font-medium text-slate-600">
            Email
          </label>
          <input {...field("email")} type="email" required autoComplete="off" className={input} />
          {error("email")}
        </div>
        <div>
          <label htmlFor="new-user-role" className="block text-xs font-medium text-slate-600">
            Role
          </label>
          <select {...field("role")} defaultValue="AGENT" className={`${input} bg-white`}>
            <option value="AGENT">Agent</option>
            <option value="ADMIN">Admin</option>
          </select>
          {error("role")}
        </div>
        <div>
          <label htmlFor="new-user-password" className="block text-xs font-medium text-slate-600">
            Initial password
          </label>
          <input {...field("password")} type="password" required minLength={12} maxLength={200} autoComplete="new-password" className={input} />
          <p id="new-user-password-hint" className="mt-1 text-xs text-slate-500">
            At least 12 characters. Share it privately.
          </p>
          {error("password")}
        </div>
      </div>
      <div className="mt-3 flex items-center gap-3">
        <button type="submit" disabled={pending} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60">
          {pending ? "Creating…" : "Create user"}
        </button>
        <p role="status" className="text-sm">
          {state?.ok && <span className="text-emerald-700">User created.</span>}
        </p>
        {state && !state.ok && (
          <p role="alert" className="text-sm text-rose-700">
            {state.error}
          </p>
        )}
      </div>
    </form>
  );
}
