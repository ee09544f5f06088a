"use client";

import { ActionButton } from "@/components/ui/action-button";
import { restoreArchivedCustomerAction } from "./actions";

export function RestoreButton({ customerId, name }: { customerId: string; name: string }) {
  return (
    <ActionButton
      tone="brand"
      label="Restore"
      pendingLabel="Restoring…"
      ariaLabel={`Restore ${name}'s archived memory`}
      confirm="It comes back into the ticket panes and drafts."
      run={() => restoreArchivedCustomerAction({ customerId })}
    />
  );
}
