"use client";

import { ActionButton } from "@/components/ui/action-button";
import { markDueReviewedAction } from "./actions";

export function MarkReviewedButton({ kind, id, title }: { kind: "article" | "memory"; id: string; title: string }) {
  const name = title.length > 60 ? `${title.slice(0, 57)}…` : title;
  return (
    <ActionButton
      tone="brand"
      label="Mark reviewed"
      pendingLabel="Saving…"
      ariaLabel={`Mark “${name}” reviewed`}
      run={() => markDueReviewedAction({ kind, id })}
    />
  );
}
