"use client";

import { ActionButton } from "@/components/ui/action-button";
import { revokeApiKeyAction } from "./actions";

export function RevokeKeyButton({ keyId, name }: { keyId: string; name: string }) {
  return (
    <ActionButton
      label="Revoke"
      pendingLabel="Revoking…"
      title={`Revoke “${name}”: requests with it are refused from then on`}
      run={() => revokeApiKeyAction({ keyId })}
    />
  );
}
