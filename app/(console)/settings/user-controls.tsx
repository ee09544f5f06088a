"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
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
      <Select
        size="sm"
        aria-label={`Role of ${props.name}`}
        value={props.role}
        disabled={props.isMe || pending}
        title={selfNote}
        aria-describedby={error ? errorId : undefined}
        onChange={(event) => run(() => changeUserRoleAction({ userId: props.userId, role: event.target.value as "ADMIN" | "AGENT" }))}
      >
        <option value="ADMIN">Admin</option>
        <option value="AGENT">Agent</option>
      </Select>
      <Button
        variant={props.disabled ? "success-outline" : "danger-outline"}
        size="sm"
        disabled={props.isMe || pending}
        title={selfNote}
        aria-describedby={error ? errorId : undefined}
        onClick={() => run(() => setUserDisabledAction({ userId: props.userId, disabled: !props.disabled }))}
      >
        {props.disabled ? "Enable" : "Disable"}
      </Button>
      {!props.disabled && (
        <Button
          variant="danger-outline"
          size="sm"
          disabled={props.isMe || pending}
          title={
            props.isMe ? "End your own sessions on your Sessions page." : `Sign ${props.name} out everywhere: they have to sign in again`
          }
          aria-describedby={error ? errorId : undefined}
          onClick={() => run(() => endUserSessionsAction({ userId: props.userId }), `${props.name} is signed out everywhere.`)}
        >
          End all sessions
        </Button>
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
