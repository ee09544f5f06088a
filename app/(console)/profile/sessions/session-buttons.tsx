"use client";

import { ActionButton } from "@/components/ui/action-button";
import { endOtherSessionsAction, endSessionAction } from "./actions";

export function EndSessionButton({ sessionId, device }: { sessionId: string; device: string }) {
  return (
    <ActionButton
      label="End"
      pendingLabel="Ending…"
      title={`Sign out the session on ${device}`}
      run={() => endSessionAction({ sessionId })}
    />
  );
}

export function EndOtherSessionsButton() {
  return (
    <ActionButton
      label="End all other sessions"
      pendingLabel="Ending…"
      title="Sign out everywhere but here"
      run={() => endOtherSessionsAction({})}
    />
  );
}
