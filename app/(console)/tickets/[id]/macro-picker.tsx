"use client";

import { useState } from "react";

export interface MacroOption {
  id: string;
  name: string;
  preview: string;
}

// "/" at the start of the reply box, or of a line in it, opens the list; what follows on
// the line filters by name (spaces too: names have them). The list closes when nothing
// matches, so a line like "/etc/hosts is missing" stays text and Enter a new line.
const TRIGGER = /(?:^|\n)\/((?:[^\s/][^\n/]{0,39})?)$/;
const MAX_SHOWN = 8;

interface Trigger {
  start: number;
  query: string;
}

/**
 * The state of the canned-reply list under the reply box: which "/" opened it, what is
 * typed after it, which option is active. The box keeps focus; the list is announced with
 * aria-activedescendant, as the WAI-ARIA combobox pattern does with a listbox popup.
 */
export function useMacroPicker(macros: MacroOption[], onPick: (macro: MacroOption, range: { start: number; end: number }) => void) {
  const [trigger, setTrigger] = useState<Trigger | null>(null);
  const [active, setActive] = useState(0);
  // A list closed with Escape stays closed for that "/".
  const [dismissed, setDismissed] = useState<number | null>(null);
  const query = trigger?.query.toLowerCase() ?? "";
  const matches = trigger ? macros.filter((macro) => macro.name.toLowerCase().includes(query)).slice(0, MAX_SHOWN) : [];
  const open = trigger !== null && trigger.start !== dismissed && matches.length > 0;
  const current = matches[Math.min(active, matches.length - 1)];

  /** Call with the box's text and caret after every change. */
  const update = (value: string, caret: number) => {
    const match = TRIGGER.exec(value.slice(0, caret));
    if (!match) {
      setTrigger(null);
      setDismissed(null);
      return;
    }
    const next = { start: caret - match[1]!.length - 1, query: match[1]! };
    if (next.query !== trigger?.query || next.start !== trigger?.start) setActive(0);
    setTrigger(next);
  };

  const pick = (macro: MacroOption) => {
    if (!trigger) return;
    onPick(macro, { start: trigger.start, end: trigger.start + 1 + trigger.query.length });
    setTrigger(null);
  };

  /** Closes the list for this "/" (the box lost focus). */
  const close = () => {
    if (trigger) setDismissed(trigger.start);
  };

  /** The box's keydown: true when the list took the key. */
  const onKeyDown = (event: React.KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!open || !current) return false;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((index) => (Math.min(index, matches.length - 1) + step + matches.length) % matches.length);
    } else if (event.key === "Enter" && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      pick(current);
    } else if (event.key === "Escape") {
      setDismissed(trigger.start);
    } else return false;
    event.preventDefault();
    // Escape would otherwise leave the box (ticket-shortcuts.tsx).
    event.stopPropagation();
    return true;
  };

  const optionId = (macro: MacroOption) => `macro-option-${macro.id}`;
  const boxProps = open
    ? {
        "aria-controls": "macro-options",
        "aria-activedescendant": current ? optionId(current) : undefined,
        "aria-autocomplete": "list" as const,
      }
    : {};

  const list = open ? (
    <div className="mt-1 rounded-md border border-slate-200 bg-white shadow-sm">
      <ul id="macro-options" role="listbox" aria-label="Canned replies" className="max-h-64 overflow-y-auto py-1 text-sm">
        {matches.map((macro) => (
          // The box keeps focus and handles the keys; a click picks too.
          // eslint-disable-next-line jsx-a11y/click-events-have-key-events
          <li
            key={macro.id}
            id={optionId(macro)}
            role="option"
            aria-selected={macro === current}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => pick(macro)}
            className={`cursor-pointer px-3 py-1.5 ${macro === current ? "bg-brand-50 text-brand-900" : "hover:bg-slate-50"}`}
          >
            <span className="font-medium">{macro.name}</span>
            <span className="ml-2 text-xs text-slate-500">{macro.preview}</span>
          </li>
        ))}
      </ul>
      <p className="border-t border-slate-100 px-3 py-1 text-xs text-slate-500">↑ ↓ to choose, Enter to insert, Esc to close</p>
    </div>
  ) : null;

  return { open, update, close, onKeyDown, boxProps, list, count: open ? matches.length : 0 };
}
