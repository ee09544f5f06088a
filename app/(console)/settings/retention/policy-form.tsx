"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { ActionResult } from "@/lib/auth/action";
import { dryRunRetentionAction, saveRetentionPolicyAction } from "./actions";

type Policy = { sessionHours: number; knowledgeReviewDays: number; customerArchiveDays: number };
type DryRun = Extract<Awaited<ReturnType<typeof dryRunRetentionAction>>, { ok: true }>["data"];

const fields: Array<{ name: keyof Policy; label: string; hint: string; min: number; max: number }> = [
  {
    name: "sessionHours",
    label: "Session memory hours",
    hint: "A ticket's session memory is deleted this long after the ticket's last message or resolution (1-720).",
    min: 1,
    max: 720,
  },
  {
    name: "knowledgeReviewDays",
    label: "Knowledge review days",
    hint: "Team knowledge not reviewed or changed for this long is flagged for review (7-1,825).",
    min: 7,
    max: 1825,
  },
  {
    name: "customerArchiveDays",
    label: "Customer memory archive days",
    hint: "A customer's memory is archived after this long without activity (30-3,650).",
    min: 30,
    max: 3650,
  },
];

export function RetentionPolicyForm({ policy }: { policy: Policy }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [dryRun, setDryRun] = useState<DryRun | null>(null);

  const values = () => Object.fromEntries(new FormData(form.current!)) as Record<keyof Policy, string>;
  const errors = result && !result.ok ? (result.fieldErrors ?? {}) : {};

  const save = () =>
    startTransition(async () => {
      const answer = await saveRetentionPolicyAction(values());
      setResult(answer);
      setMessage(answer.ok ? (answer.data.changed.length > 0 ? "Policy saved. The next run applies it." : "Nothing changed.") : null);
      if (answer.ok) router.refresh();
    });
  const preview = () =>
    startTransition(async () => {
      const answer = await dryRunRetentionAction(values());
      setResult(answer);
      setMessage(null);
      setDryRun(answer.ok ? answer.data : null);
      if (answer.ok) router.refresh();
    });

  return (
    <section aria-labelledby="policy-heading" className="space-y-4">
      <form
        ref={form}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
        aria-labelledby="policy-heading"
        aria-busy={pending || undefined}
        className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
      >
        <h2 id="policy-heading" className="text-lg font-semibold">
          Policy
        </h2>
        <div className="mt-3 grid gap-4 sm:grid-cols-3">
          {fields.map((field) => {
            return (
              <Field key={field.name} id={`retention-${field.name}`} label={field.label} hint={field.hint} error={errors[field.name]?.[0]}>
                {(control) => (
                  <Input
                    {...control}
                    name={field.name}
                    type="number"
                    inputMode="numeric"
                    min={field.min}
                    max={field.max}
                    step={1}
                    required
                    defaultValue={policy[field.name]}
                    className="mt-1 block w-32 tabular-nums"
                  />
                )}
              </Field>
            );
          })}
        </div>
        <div className="mt-4 flex flex-wrap items-center gap-3">
          <Button type="submit" variant="primary" disabled={pending}>
            Save policy
          </Button>
          <Button onClick={preview} disabled={pending}>
            Dry run
          </Button>
          <p role="status" className="text-sm text-slate-600">
            {pending ? "Working…" : message}
          </p>
        </div>
        {result && !result.ok && (
          <p role="alert" className="mt-3 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
            {result.error}
          </p>
        )}
      </form>
      {dryRun && <DryRunResult run={dryRun} />}
    </section>
  );
}

function DryRunResult({ run }: { run: DryRun }) {
  const { counts, preview } = run;
  const lines = [
    [counts.sessionDeleted, "session memories deleted"],
    [counts.sessionPromoted, "important session memories moved to customer memory"],
    [counts.customerArchived, `customer memories archived (${counts.customersArchived} customers)`],
    [counts.customerRestored, "archived customer memories restored (customers active again)"],
    [counts.knowledgeFlagged, "knowledge entries flagged for review"],
    [counts.knowledgeUnflagged, "review flags cleared"],
    [counts.reviewRescheduled, "article review dates moved to the policy"],
  ] as const;
  const nothing = lines.every(([count]) => count === 0);
  return (
    <section aria-labelledby="dry-run-heading" className="rounded-xl border border-violet-200 bg-violet-50/50 p-4 text-sm">
      <h3 id="dry-run-heading" className="font-semibold">
        Dry run: nothing was changed
      </h3>
      <p className="mt-1 text-slate-600">
        With session memory kept {run.policy.sessionHours} hours, knowledge reviewed at {run.policy.knowledgeReviewDays} days and customer
        memory archived after {run.policy.customerArchiveDays} days, a run now would{nothing ? " change nothing." : ":"}
      </p>
      {!nothing && (
        <ul className="mt-2 space-y-0.5">
          {lines
            .filter(([count]) => count > 0)
            .map(([count, label]) => (
              <li key={label}>
                <span className="font-semibold tabular-nums">{count}</span> {label}
              </li>
            ))}
        </ul>
      )}
      {preview.session.length > 0 && (
        <details className="mt-3">
          <summary className="cursor-pointer text-slate-700">Session memory</summary>
          <ul className="mt-1 list-disc space-y-0.5 pl-5 text-slate-600">
            {preview.session.map((item) => (
              <li key={item.id}>
                {item.important && <span className="font-medium text-slate-800">Moves to customer memory: </span>}
                {item.text} <span className="text-xs text-slate-500">({item.type.replaceAll("_", " ")})</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      {preview.archive.length > 0 && (
        <details className="mt-2">
          <summary className="cursor-pointer text-slate-700">Customers whose memory would be archived</summary>
          <ul className="mt-1 list-disc space-y-0.5 pl-5 text-slate-600">
            {preview.archive.map((item) => (
              <li key={item.customerId}>
                {item.name ?? item.customerId}: {item.memories} {item.memories === 1 ? "memory" : "memories"}
                {item.lastActiveAt && <>, last active {new Date(item.lastActiveAt).toLocaleDateString("en-GB", { dateStyle: "medium" })}</>}
              </li>
            ))}
          </ul>
        </details>
      )}
      {preview.knowledge.length > 0 && (
        <details className="mt-2">
          <summary className="cursor-pointer text-slate-700">Knowledge due for review</summary>
          <ul className="mt-1 list-disc space-y-0.5 pl-5 text-slate-600">
            {preview.knowledge.map((item) => (
              <li key={item.id}>
                {item.kind === "article" ? "Article: " : ""}
                {item.text}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
