"use client";

import { useRouter } from "next/navigation";
import { Label } from "radix-ui";
import { useState, useTransition } from "react";
import { ActionButton } from "@/components/ui/action-button";
import { Select } from "@/components/ui/select";
import { resetTwoFactorAction, setTwoFactorPolicyAction } from "./two-factor-actions";

const choices = [
  { value: "NOBODY", label: "Nobody (each user chooses)" },
  { value: "ADMINS", label: "Admins" },
  { value: "EVERYONE", label: "Everyone" },
] as const;

type Policy = (typeof choices)[number]["value"];

/** The workspace's "require two-factor for" setting; saves on change. */
export function TwoFactorPolicyForm({ policy }: { policy: Policy }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex flex-wrap items-center gap-2" aria-busy={pending || undefined}>
      <Label.Root htmlFor="two-factor-policy" className="text-sm font-medium text-slate-700">
        Require two-factor sign-in for
      </Label.Root>
      <Select
        id="two-factor-policy"
        size="sm"
        value={policy}
        disabled={pending}
        aria-describedby={error ? "two-factor-policy-error" : undefined}
        onChange={(event) =>
          startTransition(async () => {
            const result = await setTwoFactorPolicyAction({ policy: event.target.value as Policy });
            setError(result.ok ? null : result.error);
            router.refresh();
          })
        }
      >
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </Select>
      {error && (
        <p id="two-factor-policy-error" role="alert" className="w-full text-sm text-rose-700">
          {error}
        </p>
      )}
    </div>
  );
}

/** Removes a user's second factor after asking; for a lost phone with lost recovery codes. */
export function ResetTwoFactorButton({ userId, name }: { userId: string; name: string }) {
  return (
    <ActionButton
      label="Reset second factor"
      pendingLabel="Resetting…"
      confirm={`${name} will sign in with their password alone until they set it up again. Do this only once you are sure who asked.`}
      run={() => resetTwoFactorAction({ userId })}
    />
  );
}
