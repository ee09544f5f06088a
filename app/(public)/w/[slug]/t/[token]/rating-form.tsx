"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { rateAction } from "../../actions";

type State = ActionResult<{ score: number }> | null;
const labels = ["", "Very poor", "Poor", "Okay", "Good", "Excellent"];

export function RatingForm({ slug, token, current }: { slug: string; token: string; current: number | null }) {
  const [state, submit, pending] = useActionState<State, FormData>((_previous, formData) => rateAction(slug, formData), null);
  const rated = state?.ok ? state.data.score : current;
  return (
    <form action={submit} className="mt-6 rounded-xl border border-emerald-200 bg-emerald-50 p-4">
      <input type="hidden" name="token" value={token} />
      <fieldset>
        <legend className="text-sm font-semibold text-emerald-900">How did we do?</legend>
        <p className="text-xs text-emerald-800">Your request is resolved. A rating helps the team get better.</p>
        <div className="mt-2 flex flex-wrap gap-2">
          {[1, 2, 3, 4, 5].map((score) => (
            <button
              key={score}
              type="submit"
              name="score"
              value={score}
              disabled={pending}
              aria-pressed={rated === score}
              className={`rounded-md px-3 py-1 text-sm ring-1 ${rated === score ? "bg-emerald-700 text-white ring-emerald-600" : "bg-white ring-emerald-200 hover:bg-emerald-100"}`}
            >
              {score} · {labels[score]}
            </button>
          ))}
        </div>
      </fieldset>
      <label htmlFor="csat-comment" className="mt-3 block text-xs font-medium text-emerald-900">
        Anything to add? (optional)
      </label>
      <input id="csat-comment" name="comment" className="mt-1 block w-full rounded-md border border-emerald-200 px-2 py-1 text-sm" />
      {rated && (
        <p role="status" className="mt-2 text-sm text-emerald-900">
          Thanks: you rated this {rated} of 5.
        </p>
      )}
      {state && !state.ok && (
        <p role="alert" className="mt-2 text-sm text-rose-700">
          {state.error}
        </p>
      )}
    </form>
  );
}
