"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { dismissSuggestionAction, publishArticleAction } from "./actions";

const button = "rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-60";

/** Publish (into agent memory), edit (the entry's page) or dismiss one suggested entry. */
export function SuggestionControls({ articleId, title }: { articleId: string; title: string }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  const run = (action: () => Promise<ActionResult<unknown>>, done: string) =>
    start(async () => {
      const result = await action();
      setMessage(result.ok ? { ok: true, text: done } : { ok: false, text: result.error });
      if (result.ok) router.refresh();
    });
  return (
    <div className="flex flex-wrap items-center gap-2">
      <button
        type="button"
        disabled={pending}
        aria-label={`Publish "${title}"`}
        className={`${button} bg-brand-600 text-white ring-brand-600 hover:bg-brand-700`}
        onClick={() => run(() => publishArticleAction({ articleId }), "Published: agents and drafts can now use it.")}
      >
        Publish
      </button>
      <Link href={`/knowledge/${articleId}`} aria-label={`Edit "${title}"`} className={button}>
        Edit
      </Link>
      <button
        type="button"
        disabled={pending}
        aria-label={`Dismiss "${title}"`}
        className={button}
        onClick={() => run(() => dismissSuggestionAction({ articleId }), "Dismissed.")}
      >
        Dismiss
      </button>
      {message && (
        <p role={message.ok ? "status" : "alert"} className={`text-sm ${message.ok ? "text-emerald-700" : "text-rose-700"}`}>
          {message.text}
        </p>
      )}
    </div>
  );
}
