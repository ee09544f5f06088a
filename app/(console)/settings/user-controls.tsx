"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { changeUserRoleAction, endUserSessionsAction, setUserDisabledAction } from "./actions";

/** A user row's role select and Disable/Enable button; each change saves at once. */
export function UserControls(props: { userId: string; name: string; role: "ADMIN" | "AGENT"; disabled: boolean; isMe: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const run = (action: () => Promise<{ ok: boolean; error?: string }>, done?: string) =>
    startTransition(async () => {
      const result = await action();
      setError(result.ok ? null : (result.error ?? null));
      setNotice(result.ok ? (done ?? null) : null);
      router.refresh();
    });
  const errorId = `user-${props.userId}-error`;
  const selfNote = props.isMe ? "You cannot change your own role or disable yourself." : undefined;

  return (
    <div className="flex flex-wrap items-center gap-2" aria-busy={pending || undefined}>
      <select
        aria-label={`Role of ${props.name}`}
        value={props.role}
        disabled={props.isMe || pending}
        title={selfNote}
        aria-describedby={error ? errorId : undefined}
        onChange={(event) => run(() => changeUserRoleAction({ userId: props.userId, role: event.target.value as "ADMIN" | "AGENT" }))}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm disabled:bg-slate-50"
      >
        <option value="ADMIN">Admin</option>
        <option value="AGENT">Agent</option>
      </select>
      <button
        type="button"
        disabled={props.isMe || pending}
        title={selfNote}
        aria-describedby={error ? errorId : undefined}
        onClick={() => run(() => setUserDisabledAction({ userId: props.userId, disabled: !props.disabled }))}
        className={`rounded-md px-2 py-1 text-sm ring-1 disabled:opacity-50 ${props.disabled ? "text-emerald-700 ring-emerald-200 hover:bg-emerald-50" : "text-rose-700 ring-rose-200 hover:bg-rose-50"}`}
      >
        {props.disabled ? "Enable" : "Disable"}
      </button>
      {!props.disabled && (
        <button
          type="button"
          disabled={props.isMe || pending}
          title={
            props.isMe ? "End your own sessions on your Sessions page." : `Sign ${props.name} out everywhere: they have to sign in again`
          }
          aria-describedby={error ? errorId : undefined}
          onClick={() => run(() => endUserSessionsAction({ userId: props.userId }), `${props.name} is signed out everywhere.`)}
          className="rounded-md px-2 py-1 text-sm text-rose-700 ring-1 ring-rose-200 hover:bg-rose-50 disabled:opacity-50"
        >
          End all sessions
        </button>
      )}
      {error && (
        <p id={errorId} role="alert" className="w-full text-sm text-rose-700">
          {error}
        </p>
      )}
      {notice && (
        <p role="status" className="w-full text-sm text-emerald-700">
          {notice}
        </p>
      )}
    </div>
  );
}
