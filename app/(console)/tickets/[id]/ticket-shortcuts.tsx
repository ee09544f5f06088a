"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

const shortcuts: Array<[string, string]> = [
  ["r", "write a reply"],
  ["d", "draft a reply from memory"],
  ["m", "insert a canned reply (or type / at the start of a line)"],
  ["Ctrl / ⌘ + Enter", "send the reply (or resolve, in the resolution box)"],
  ["e", "write the resolution summary"],
  ["u", "back to the inbox"],
  ["Esc", "leave a text box"],
  ["?", "show or hide this list"],
];

function click(selector: string): void {
  document.querySelector<HTMLElement>(selector)?.click();
}

/**
 * The ticket page's keyboard shortcuts, so the work of a ticket (draft, send, resolve) needs
 * no mouse. Letters act only outside text fields; Ctrl/⌘+Enter acts inside them, on the
 * form's button marked data-shortcut-submit.
 */
export function TicketShortcuts() {
  const router = useRouter();
  const [help, setHelp] = useState(false);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        const form = target.closest("form");
        const submit = form?.querySelector<HTMLButtonElement>("[data-shortcut-submit]");
        if (!form || !submit || submit.disabled) return;
        event.preventDefault();
        form.requestSubmit(submit);
        return;
      }
      const inField = target.closest("input, textarea, select, [contenteditable]");
      // Esc leaves a text box (what was typed stays), so the letters work again.
      if (inField && event.key === "Escape") return (inField as HTMLElement).blur();
      if (inField || event.metaKey || event.ctrlKey || event.altKey) return;
      if (event.key === "?") setHelp((shown) => !shown);
      else if (event.key === "Escape") setHelp(false);
      else if (event.key === "r") document.getElementById("reply-body")?.focus();
      else if (event.key === "e") document.getElementById("resolution")?.focus();
      else if (event.key === "d") click("[data-shortcut-draft]");
      else if (event.key === "m") click("[data-shortcut-macro]");
      else if (event.key === "u") router.push("/inbox");
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [router]);

  return (
    <div className="text-right text-xs text-slate-600">
      <button type="button" onClick={() => setHelp((shown) => !shown)} aria-expanded={help} className="underline">
        Keyboard shortcuts <kbd className="rounded border border-slate-300 px-1">?</kbd>
      </button>
      {help && (
        <div
          role="dialog"
          aria-label="Ticket keyboard shortcuts"
          className="mt-2 rounded-lg border border-slate-200 bg-white p-4 text-left text-sm shadow"
        >
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
            {shortcuts.map(([keys, action]) => (
              <div key={keys} className="contents">
                <dt>
                  <kbd className="rounded border border-slate-300 px-1 font-mono">{keys}</kbd>
                </dt>
                <dd className="text-slate-700">{action}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
    </div>
  );
}
