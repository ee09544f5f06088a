"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
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
  return (
    <div>
      <div className="flex gap-2">
        <Button
          size="sm"
          disabled={pending}
          aria-describedby={message ? messageId : undefined}
          title={`Mail ${email} a new link; the earlier one stops working`}
          onClick={() => run(resendInvitationAction, "New link sent.")}
        >
          Resend
        </Button>
        <Button
          variant="danger-outline"
          size="sm"
          disabled={pending}
          aria-describedby={message ? messageId : undefined}
          title={`Withdraw the invitation of ${email}: its link stops working`}
          onClick={() => run(revokeInvitationAction, "Invitation withdrawn.")}
        >
          Revoke
        </Button>
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
