"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { resendInvitationAction, revokeInvitationAction } from "./actions";

/** Resend (a new link; the old one stops working) and Withdraw, for one pending invitation. */
export function InvitationControls({ invitationId, email }: { invitationId: string; email: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const messageId = `invitation-${invitationId}-message`;
  const run = (action: (input: { invitationId: string }) => Promise<{ ok: true } | { ok: false; error: string }>, done: string) =>
    startTransition(async () => {
      const result = await action({ invitationId });
      setMessage(result.ok ? { tone: "ok", text: done } : { tone: "error", text: result.error });
      router.refresh();
    });
  const button = "rounded-md px-2 py-1 text-sm ring-1 disabled:opacity-50";
  return (
    <div>
      <div className="flex gap-2">
        <button
          type="button"
          disabled={pending}
          aria-describedby={message ? messageId : undefined}
          title={`Mail ${email} a new link; the earlier one stops working`}
          onClick={() => run(resendInvitationAction, "New link sent.")}
          className={`${button} text-slate-700 ring-slate-200 hover:bg-slate-50`}
        >
          Resend
        </button>
        <button
          type="button"
          disabled={pending}
          aria-describedby={message ? messageId : undefined}
          title={`Withdraw the invitation of ${email}: its link stops working`}
          onClick={() => run(revokeInvitationAction, "Invitation withdrawn.")}
          className={`${button} text-rose-700 ring-rose-200 hover:bg-rose-50`}
        >
          Revoke
        </button>
      </div>
      {message && (
        <p
          id={messageId}
          role={message.tone === "error" ? "alert" : "status"}
          className={`mt-1 text-sm ${message.tone === "error" ? "text-rose-700" : "text-emerald-700"}`}
        >
          {message.text}
        </p>
      )}
    </div>
  );
}
