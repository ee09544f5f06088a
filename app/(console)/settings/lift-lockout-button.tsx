"use client";

import { ActionButton } from "@/components/ui/action-button";
import { liftLockoutAction } from "./actions";

export function LiftLockoutButton({ lockoutId, name }: { lockoutId: string; name: string }) {
  return (
    <ActionButton
      label="Unlock"
      pendingLabel="Unlocking…"
      tone="brand"
      title={`Let ${name} sign in again now`}
      run={() => liftLockoutAction({ lockoutId })}
    />
  );
}
