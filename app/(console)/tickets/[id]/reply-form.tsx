"use client";

import { SquareCheck } from "lucide-react";
import { useRouter } from "next/navigation";
import Link from "next/link";
import { useActionState, useEffect, useRef, useState } from "react";
import { readNdjson } from "@/components/read-ndjson";
import type { DraftEvent } from "@/lib/support/draft";
import type { DraftSource } from "@/lib/ai/draft-prompt";
import type { ActionResult } from "@/lib/auth/action";
import { MAX_STEP_LENGTH, MAX_STEPS } from "@/lib/support/steps";
import { renderMacroAction, sendMessageAction } from "./actions";
import { type MacroOption, useMacroPicker } from "./macro-picker";
import { TicketPresence } from "./presence";
import { FileField } from "@/components/file-field";

type State = ActionResult<{ messageId: string | null; collision: { message: string; latestMessageId: string } | null }> | null;

// "Typing" for the others on the ticket: the box was edited within this long.
const TYPING_MS = 15_000;

interface DraftInfo {
  kind: "llm" | "template";
  model: string;
  streaming: boolean;
  draftId?: string;
  citations: DraftSource[];
  warnings: string[];
}

export function ReplyForm({
  ticketId,
  macros = [],
  lastMessageId = "",
}: {
  ticketId: string;
  /** The workspace's canned replies, for "/" in the box (lib/support/macros.ts). */
  macros?: MacroOption[];
  /** The newest message on the page: a draft started now has seen it (lib/support/reply-collision.ts). */
  lastMessageId?: string;
}) {
  const router = useRouter();
  const [body, setBodyText] = useState("");
  // The newest message when the agent started this reply; until then, whatever the page shows.
  const [seen, setSeen] = useState<string | null>(null);
  const [macroId, setMacroId] = useState("");
  const [macroError, setMacroError] = useState<string | null>(null);
  const [collision, setCollision] = useState<string | null>(null);
  const [typing, setTyping] = useState(false);
  const boxRef = useRef<HTMLTextAreaElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const sendRef = useRef<HTMLButtonElement>(null);
  const overrideRef = useRef<HTMLInputElement>(null);
  const caretRef = useRef<number | null>(null);
  const setBody = (next: string | ((current: string) => string)) => {
    setBodyText(next);
    // An emptied box is no draft: the next one starts from what the page shows then, with no macro.
    if (next === "") {
      setSeen(null);
      setMacroId("");
    } else setSeen((current) => current ?? lastMessageId);
    setTyping(next !== "");
  };
  useEffect(() => {
    if (!typing) return;
    const timer = setTimeout(() => setTyping(false), TYPING_MS);
    return () => clearTimeout(timer);
  }, [body, typing]);
  useEffect(() => {
    // Puts the caret after an inserted canned reply, once the new text is in the box.
    if (caretRef.current === null || !boxRef.current) return;
    boxRef.current.focus();
    boxRef.current.setSelectionRange(caretRef.current, caretRef.current);
    caretRef.current = null;
  }, [body]);
  const picker = useMacroPicker(macros, (macro, range) => {
    setMacroError(null);
    void renderMacroAction({ ticketId, macroId: macro.id }).then((result) => {
      if (!result.ok) return setMacroError(result.error);
      const typed = body.slice(range.start, range.end);
      setBody((current) => {
        // The "/name" typed may have moved while the text was fetched: then the reply goes at the end.
        const at = current.slice(range.start, range.end) === typed ? range : { start: current.length, end: current.length };
        caretRef.current = at.start + result.data.text.length;
        return current.slice(0, at.start) + result.data.text + current.slice(at.end);
      });
      setMacroId(result.data.macroId);
    });
  });
  const openMacros = () => {
    const box = boxRef.current;
    if (!box) return;
    if (macros.length === 0) return setMacroError("No canned replies yet.");
    const caret = document.activeElement === box ? box.selectionStart : body.length;
    const before = body.slice(0, caret);
    const slash = before === "" || before.endsWith("\n") ? "/" : "\n/";
    const next = before + slash + body.slice(caret);
    caretRef.current = caret + slash.length;
    setBody(next);
    picker.update(next, caret + slash.length);
  };
  const [draft, setDraft] = useState<DraftInfo | null>(null);
  const [draftError, setDraftError] = useState<string | null>(null);
  // The "Tried" checklist: steps tried, sent with the reply or note (lib/support/steps.ts).
  const [steps, setSteps] = useState<string[]>([]);
  const [step, setStep] = useState("");
  const abortRef = useRef<AbortController | null>(null);
  const drafting = draft?.streaming ?? false;
  const [state, submit, pending] = useActionState<State, FormData>(async (_previous, formData) => {
    const result = await sendMessageAction(formData);
    if (overrideRef.current) overrideRef.current.value = "";
    if (result.ok && result.data.collision) {
      // Refused once: the text stays, the warning says who wrote, "Send anyway" sends it.
      setCollision(result.data.collision.message);
      setSeen(result.data.collision.latestMessageId);
      router.refresh();
    } else if (result.ok) {
      setBodyText("");
      setTyping(false);
      setSeen(null);
      setMacroId("");
      setCollision(null);
      setDraft(null);
      setSteps([]);
      setStep("");
      router.refresh();
    }
    return result;
  }, null);
  const bodyError = state && !state.ok ? state.fieldErrors?.body?.[0] : undefined;
  const stepsError =
    state && !state.ok
      ? Object.entries(state.fieldErrors ?? {}).find(([field]) => field === "steps" || field.startsWith("steps."))?.[1][0]
      : undefined;
  const formError = state && !state.ok && !bodyError && !stepsError ? state.error : undefined;
  const addStep = () => {
    const next = step.trim();
    if (!next || steps.length >= MAX_STEPS) return;
    setSteps([...steps, next]);
    setStep("");
  };

  const requestDraft = async () => {
    const before = body;
    const controller = new AbortController();
    abortRef.current = controller;
    setDraftError(null);
    setDraft({ kind: "llm", model: "", streaming: true, citations: [], warnings: [] });
    let text = "";
    try {
      const response = await fetch(`/api/tickets/${ticketId}/draft`, { method: "POST", signal: controller.signal });
      if (!response.ok || !response.body) {
        const answer = (await response.json().catch(() => null)) as { error?: string } | null;
        throw new Error(answer?.error ?? "Drafting failed.");
      }
      for await (const event of readNdjson<DraftEvent>(response)) {
        if (event.type === "start") setDraft({ kind: event.kind, model: event.model, streaming: true, citations: [], warnings: [] });
        else if (event.type === "delta") setBody((text += event.text));
        else if (event.type === "error") throw new Error(event.message);
        else if (event.type === "done") {
          setBody(event.text);
          setDraft(
            (current) =>
              current && { ...current, streaming: false, draftId: event.draftId, citations: event.citations, warnings: event.warnings },
          );
        }
      }
    } catch (error) {
      if (controller.signal.aborted) {
        // Stopped by the agent: keep what arrived, as their own text.
        setDraft(null);
        return;
      }
      setBody(before);
      setDraft(null);
      setDraftError(`${error instanceof Error ? error.message : "Drafting failed."} You can still write the reply yourself.`);
    } finally {
      setDraft((current) => current && { ...current, streaming: false });
      abortRef.current = null;
    }
  };

  return (
    <form ref={formRef} action={submit} className="mt-6 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <input type="hidden" name="ticketId" value={ticketId} />
      <input type="hidden" name="draftId" value={draft?.draftId ?? ""} />
      <input type="hidden" name="macroId" value={macroId} />
      <input type="hidden" name="seenMessageId" value={seen ?? lastMessageId} />
      <input type="hidden" name="override" ref={overrideRef} defaultValue="" />
      <div className="flex items-center justify-between">
        <label htmlFor="reply-body" className="block text-sm font-medium text-slate-700">
          Reply
        </label>
        <span className="flex items-center gap-2">
          <button
            type="button"
            onClick={openMacros}
            disabled={drafting}
            data-shortcut-macro
            aria-keyshortcuts="m"
            className="rounded-md px-2 py-1 text-xs font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-60"
          >
            Canned reply
          </button>
          {drafting ? (
            <button
              type="button"
              onClick={() => abortRef.current?.abort()}
              className="rounded-md px-2 py-1 text-xs font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50"
            >
              Stop drafting
            </button>
          ) : (
            <button
              type="button"
              onClick={() => void requestDraft()}
              data-shortcut-draft
              aria-keyshortcuts="d"
              className="rounded-md px-2 py-1 text-xs font-medium text-brand-700 ring-1 ring-brand-100 hover:bg-brand-50"
            >
              Draft reply
            </button>
          )}
        </span>
      </div>
      <TicketPresence ticketId={ticketId} typing={typing} />
      <textarea
        id="reply-body"
        name="body"
        rows={8}
        value={body}
        ref={boxRef}
        onChange={(event) => {
          setBody(event.target.value);
          picker.update(event.target.value, event.target.selectionStart);
        }}
        onKeyDown={(event) => void picker.onKeyDown(event)}
        onBlur={picker.close}
        {...picker.boxProps}
        readOnly={drafting}
        aria-busy={drafting || undefined}
        aria-invalid={bodyError ? true : undefined}
        aria-describedby={bodyError ? "reply-body-error" : draft ? "draft-sources" : undefined}
        className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500 read-only:bg-slate-50"
        placeholder="Write to the customer, or add an internal note for the team"
      />
      {picker.list}
      <p role="status" className="sr-only">
        {picker.count > 0 ? `${picker.count} canned ${picker.count === 1 ? "reply matches" : "replies match"}.` : ""}
      </p>
      {macroError && (
        <p role="alert" className="mt-1 text-sm text-rose-700">
          {macroError}{" "}
          {macros.length === 0 && (
            <Link href="/macros" className="underline">
              Create one under Canned replies.
            </Link>
          )}
        </p>
      )}
      {draftError && (
        <p role="alert" className="mt-1 text-sm text-rose-700">
          {draftError}
        </p>
      )}
      {draft && (
        <div id="draft-sources" className="mt-2 rounded-md bg-slate-50 p-3 text-xs text-slate-600" aria-live="polite">
          <p className="font-medium text-slate-700">
            {drafting
              ? "Drafting…"
              : draft.kind === "template"
                ? "Template draft (no AI model configured): composed from the memories below. Check it before sending."
                : `AI draft (${draft.model}) from the memories below. Check it before sending.`}
          </p>
          {draft.warnings.map((warning) => (
            <p key={warning} className="mt-1 text-amber-800">
              {warning}
            </p>
          ))}
          {draft.citations.length > 0 && (
            <ol className="mt-1 space-y-1" aria-label="Draft sources">
              {draft.citations.map((citation) => (
                <li key={citation.id}>
                  <a href={`#source-${citation.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
                    [{citation.n}]
                  </a>{" "}
                  <span className="text-slate-500">
                    {citation.scope === "agent" ? "team knowledge" : `${citation.scope} memory`} · {citation.type.replaceAll("_", " ")}:
                  </span>{" "}
                  {citation.text}
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
      {bodyError && (
        <p id="reply-body-error" className="mt-1 text-sm text-rose-700">
          {bodyError}
        </p>
      )}
      <FileField id="reply-files" error={state && !state.ok ? state.fieldErrors?.files?.[0] : null} />
      <fieldset className="mt-3" aria-describedby={stepsError ? "reply-steps-hint reply-steps-error" : "reply-steps-hint"}>
        <legend className="text-sm font-medium text-slate-700">Tried</legend>
        <p id="reply-steps-hint" className="text-xs text-slate-500">
          Steps already tried, kept in the session memory. An internal note whose first line starts with “Tried:” counts too.
        </p>
        {/* Typed but not added yet counts as a step: it goes with the reply. */}
        <input type="hidden" name="steps" value={[...steps, step.trim()].filter(Boolean).join("\n")} />
        {steps.length > 0 && (
          <ol aria-label="Steps tried in this reply" className="mt-1 space-y-1 text-sm">
            {steps.map((item, index) => (
              <li key={`${index}-${item}`} className="flex items-start justify-between gap-2">
                <span className="inline-flex items-start gap-1">
                  <SquareCheck aria-hidden className="mt-0.5 h-4 w-4 shrink-0 text-emerald-700" />
                  {item}
                </span>
                <button
                  type="button"
                  aria-label={`Remove step: ${item}`}
                  onClick={() => setSteps(steps.filter((_, at) => at !== index))}
                  className="text-xs text-slate-500 hover:text-rose-700"
                >
                  Remove
                </button>
              </li>
            ))}
          </ol>
        )}
        <div className="mt-1 flex gap-2">
          <label htmlFor="reply-step" className="sr-only">
            Step tried
          </label>
          <input
            id="reply-step"
            value={step}
            maxLength={MAX_STEP_LENGTH}
            disabled={steps.length >= MAX_STEPS}
            onChange={(event) => setStep(event.target.value)}
            onKeyDown={(event) => {
              // Enter adds the step; it must not send the reply.
              if (event.key === "Enter") {
                event.preventDefault();
                addStep();
              }
            }}
            aria-invalid={stepsError ? true : undefined}
            className="min-w-0 flex-1 rounded-md border border-slate-300 px-2 py-1 text-sm"
            placeholder="e.g. Restarted the router"
          />
          <button
            type="button"
            onClick={addStep}
            disabled={!step.trim() || steps.length >= MAX_STEPS}
            className="rounded-md px-2 py-1 text-xs font-medium ring-1 ring-slate-200 hover:bg-slate-50 disabled:opacity-60"
          >
            Add step
          </button>
        </div>
        {stepsError && (
          <p id="reply-steps-error" className="mt-1 text-sm text-rose-700">
            {stepsError}
          </p>
        )}
      </fieldset>
      {collision && (
        <div
          role="alert"
          className="mt-2 flex flex-wrap items-center justify-between gap-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200"
        >
          <span>{collision}</span>
          <button
            type="button"
            disabled={pending}
            onClick={() => {
              if (overrideRef.current) overrideRef.current.value = "true";
              formRef.current?.requestSubmit(sendRef.current);
            }}
            className="rounded-md px-2 py-1 text-xs font-semibold ring-1 ring-amber-300 hover:bg-amber-100 disabled:opacity-60"
          >
            Send anyway
          </button>
        </div>
      )}
      {formError && (
        <p role="alert" className="mt-2 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
          {formError}
        </p>
      )}
      <div className="mt-3 flex items-center justify-end gap-2">
        <button
          type="submit"
          name="kind"
          value="NOTE"
          disabled={pending || drafting}
          className="rounded-md px-3 py-2 text-sm font-medium text-amber-800 ring-1 ring-amber-200 hover:bg-amber-50 disabled:opacity-60"
        >
          Add internal note
        </button>
        <button
          type="submit"
          name="kind"
          value="AGENT"
          ref={sendRef}
          data-shortcut-submit
          aria-keyshortcuts="Control+Enter Meta+Enter"
          disabled={pending || drafting}
          className="rounded-md bg-brand-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 disabled:opacity-60"
        >
          {pending ? "Sending…" : "Send"}
        </button>
      </div>
    </form>
  );
}
