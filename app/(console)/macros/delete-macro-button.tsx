"use client";

import { useRouter } from "next/navigation";
import { ActionButton } from "@/components/ui/action-button";
import { deleteMacroAction } from "./actions";

/** Shown to admins and the macro's author only; the lib verb checks again. `back` leaves a deleted macro's own page. */
export function DeleteMacroButton({ macroId, name, back = false }: { macroId: string; name: string; back?: boolean }) {
  const router = useRouter();
  return (
    <ActionButton
      label="Delete"
      pendingLabel="Deleting…"
      ariaLabel={`Delete ${name}`}
      confirm={`Delete the canned reply “${name}”? Its uses stay counted on the metrics page.`}
      run={async () => {
        const result = await deleteMacroAction({ macroId });
        if (result.ok && back) router.push("/macros");
        return result;
      }}
    />
  );
}
