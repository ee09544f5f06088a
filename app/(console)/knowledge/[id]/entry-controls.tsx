"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/auth/action";
import { confirmReviewAction, publishArticleAction, restoreVersionAction, unpublishArticleAction } from "../actions";

function useRun() {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  const run = (action: () => Promise<ActionResult<unknown>>, done: string) =>
    start(async () => {
      const result = await action();
      setMessage(result.ok ? { ok: true, text: done } : { ok: false, text: result.error });
      if (result.ok) router.refresh();
    });
  return { run, pending, message };
}

export function EntryControls({
  articleId,
  status,
  version,
  publishedVersion,
  reviewDue,
}: {
  articleId: string;
  status: string;
  version: number;
  publishedVersion: number | null;
  reviewDue: boolean;
}) {
  const { run, pending, message } = useRun();
  return (
    <div className="flex flex-wrap items-center gap-2">
      {publishedVersion !== version && (
        <Button
          variant="primary"
          disabled={pending}
          onClick={() => run(() => publishArticleAction({ articleId }), `Version ${version} is published.`)}
        >
          Publish v{version}
        </Button>
      )}
      {status === "PUBLISHED" && (
        <Button
          disabled={pending}
          onClick={() => run(() => unpublishArticleAction({ articleId, retire: false }), "Unpublished: agents no longer see this entry.")}
        >
          Unpublish
        </Button>
      )}
      {status !== "RETIRED" && (
        <Button disabled={pending} onClick={() => run(() => unpublishArticleAction({ articleId, retire: true }), "Retired.")}>
          Retire
        </Button>
      )}
      {reviewDue && (
        <Button disabled={pending} onClick={() => run(() => confirmReviewAction({ articleId }), "Review confirmed.")}>
          Confirm review
        </Button>
      )}
      {message && (
        <p role={message.ok ? "status" : "alert"} className={`text-sm ${message.ok ? "text-emerald-700" : "text-rose-700"}`}>
          {message.text}
        </p>
      )}
    </div>
  );
}

export function RestoreButton({ articleId, version }: { articleId: string; version: number }) {
  const { run, pending, message } = useRun();
  return (
    <>
      <Button
        variant="link"
        size="inline"
        disabled={pending}
        className="text-xs"
        onClick={() => run(() => restoreVersionAction({ articleId, version }), "Restored as a new draft version.")}
        aria-label={`Restore version ${version}`}
      >
        Restore
      </Button>
      {message && !message.ok && (
        <span role="alert" className="ml-1 text-xs text-rose-700">
          {message.text}
        </span>
      )}
    </>
  );
}
