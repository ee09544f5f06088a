"use client";

import { useState, useTransition } from "react";
import { setNotifyByEmailAction } from "./actions";

/** One switch, saved as soon as it changes; the bell is always on. */
export function NotificationMailForm({ initial }: { initial: boolean }) {
  const [checked, setChecked] = useState(initial);
  const [message, setMessage] = useState("");
  const [pending, startTransition] = useTransition();
  return (
    <div className="space-y-1">
      <label className="flex items-center gap-2 text-sm text-slate-800">
        <input
          type="checkbox"
          checked={checked}
          disabled={pending}
          onChange={(event) => {
            const next = event.target.checked;
            setChecked(next);
            startTransition(async () => {
              const result = await setNotifyByEmailAction({ notifyByEmail: next });
              if (result.ok) setMessage(next ? "Saved: you also get them by mail." : "Saved: only in the console.");
              else {
                setChecked(!next);
                setMessage(result.error);
              }
            });
          }}
          className="h-4 w-4 rounded border-slate-300 text-brand-600 focus-visible:outline-2 focus-visible:outline-brand-600"
        />
        Also email me my notifications
      </label>
      <p role="status" className="text-xs text-slate-600">
        {message}
      </p>
    </div>
  );
}
