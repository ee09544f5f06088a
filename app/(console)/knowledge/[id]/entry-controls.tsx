"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
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

const button = "rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-60";

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
        <button
          type="button"
          disabled={pending}
          className={`${button} bg-brand-600 text-white ring-brand-600 hover:bg-brand-700`}
          onClick={() => run(() => publishArticleAction({ articleId }), `Version ${version} is published.`)}
        >
          Publish v{version}
        </button>
      )}
      {status === "PUBLISHED" && (
        <button
          type="button"
          disabled={pending}
          className={button}
          onClick={() => run(() => unpublishArticleAction({ articleId, retire: false }), "Unpublished: agents no longer see this entry.")}
        >
          Unpublish
        </button>
      )}
      {status !== "RETIRED" && (
        <button
          type="button"
          disabled={pending}
          className={button}
          onClick={() => run(() => unpublishArticleAction({ articleId, retire: true }), "Retired.")}
        >
          Retire
        </button>
      )}
      {reviewDue && (
        <button
          type="button"
          disabled={pending}
          className={button}
          onClick={() => run(() => confirmReviewAction({ articleId }), "Review confirmed.")}
        >
          Confirm review
        </button>
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
      <button
        type="button"
        disabled={pending}
        className="text-xs font-medium text-brand-700 hover:underline disabled:opacity-60"
        onClick={() => run(() => restoreVersionAction({ articleId, version }), "Restored as a new draft version.")}
        aria-label={`Restore version ${version}`}
      >
        Restore
      </button>
      {message && !message.ok && (
        <span role="alert" className="ml-1 text-xs text-rose-700">
          {message.text}
        </span>
      )}
    </>
  );
}
