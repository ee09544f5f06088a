"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/auth/action";
import { dismissSuggestionAction, publishArticleAction } from "./actions";

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
      <Button
        variant="primary"
        disabled={pending}
        aria-label={`Publish "${title}"`}
        onClick={() => run(() => publishArticleAction({ articleId }), "Published: agents and drafts can now use it.")}
      >
        Publish
      </Button>
      <Button asChild>
        <Link href={`/knowledge/${articleId}`} aria-label={`Edit "${title}"`}>
          Edit
        </Link>
      </Button>
      <Button
        disabled={pending}
        aria-label={`Dismiss "${title}"`}
        onClick={() => run(() => dismissSuggestionAction({ articleId }), "Dismissed.")}
      >
        Dismiss
      </Button>
      {message && (
        <p role={message.ok ? "status" : "alert"} className={`text-sm ${message.ok ? "text-emerald-700" : "text-rose-700"}`}>
          {message.text}
        </p>
      )}
    </div>
  );
}
