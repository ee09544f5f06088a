"use client";

import { useRouter } from "next/navigation";
import { useActionState, useRef } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/auth/action";
import { inviteStaffAction } from "./actions";

type State = ActionResult<{ invitationId: string; mailed: boolean }> | null;

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

  return (
    <form ref={form} action={submit} aria-labelledby="invite-heading" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <h3 id="invite-heading" className="text-sm font-semibold">
        Invite someone
      </h3>
      <p className="mt-1 text-xs text-slate-500">They receive a link, valid for 7 days, where they choose their own name and password.</p>
      <div className="mt-2 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        <Field id="invite-email" label="Email" labelSize="xs" error={errors.email?.[0]}>
          {(control) => (
            <Input {...control} name="email" type="email" required maxLength={254} autoComplete="off" className="mt-1 block w-full" />
          )}
        </Field>
        <Field id="invite-role" label="Role" labelSize="xs" error={errors.role?.[0]}>
          {(control) => (
            <Select {...control} name="role" defaultValue="AGENT" className="mt-1 block w-full">
              <option value="AGENT">Agent</option>
              <option value="ADMIN">Admin</option>
            </Select>
          )}
        </Field>
      </div>
      <div className="mt-3 flex items-center gap-3">
        <Button type="submit" variant="primary" pending={pending}>
          {pending ? "Inviting…" : "Send invitation"}
        </Button>
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
