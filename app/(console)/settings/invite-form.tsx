"use client";

import { useRouter } from "next/navigation";
import { useActionState, useRef } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { inviteStaffAction } from "./actions";

type State = ActionResult<{ invitationId: string; mailed: boolean }> | null;
const input = "mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm";

/** Invites by address and role; the invitee chooses their own name and password from the mailed link. */
export function InviteForm() {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [state, submit, pending] = useActionState<State, FormData>(async (_previous, formData) => {
    const result = await inviteStaffAction(formData);
    if (result.ok) {
      form.current?.reset();
      router.refresh();
    }
    return result;
  }, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const field = (name: string) => ({
    id: `invite-${name}`,
    name,
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": errors[name] ? `invite-${name}-error` : undefined,
  });
  const error = (name: string) =>
    errors[name] && (
      <p id={`invite-${name}-error`} className="mt-1 text-xs text-rose-700">
        {errors[name][0]}
      </p>
    );

  return (
    <form ref={form} action={submit} aria-labelledby="invite-heading" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <h3 id="invite-heading" className="text-sm font-semibold">
        Invite someone
      </h3>
      <p className="mt-1 text-xs text-slate-500">They receive a link, valid for 7 days, where they choose their own name and password.</p>
      <div className="mt-2 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        <div>
          <label htmlFor="invite-email" className="block text-xs font-medium text-slate-600">
            Email
          </label>
          <input {...field("email")} type="email" required maxLength={254} autoComplete="off" className={input} />
          {error("email")}
        </div>
        <div>
          <label htmlFor="invite-role" className="block text-xs font-medium text-slate-600">
            Role
          </label>
          <select {...field("role")} defaultValue="AGENT" className={`${input} bg-white`}>
            <option value="AGENT">Agent</option>
            <option value="ADMIN">Admin</option>
          </select>
          {error("role")}
        </div>
      </div>
      <div className="mt-3 flex items-center gap-3">
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {pending ? "Inviting…" : "Send invitation"}
        </button>
        <p role="status" className="text-sm">
          {state?.ok &&
            (state.data.mailed ? (
              <span className="text-emerald-700">Invitation sent.</span>
            ) : (
              <span className="text-amber-700">Invitation created, but the mail could not be sent: use Resend below.</span>
            ))}
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
