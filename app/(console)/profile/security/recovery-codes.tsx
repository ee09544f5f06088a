"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/** Recovery codes, shown once, with copy and download (a text file made in the browser). */
export function RecoveryCodes({ codes, onDone, doneLabel }: { codes: string[]; onDone: () => void; doneLabel: string }) {
  const [copied, setCopied] = useState(false);
  const text = `Recall Desk recovery codes (each works once)\n\n${codes.join("\n")}\n`;

  function download() {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = "recall-desk-recovery-codes.txt";
    link.click();
    URL.revokeObjectURL(url);
  }

  return (
    <section
      aria-labelledby="recovery-codes-heading"
      className="space-y-3 rounded-md bg-amber-50 p-4 text-sm text-amber-900 ring-1 ring-amber-200"
    >
      <h3 id="recovery-codes-heading" className="font-semibold">
        Save your recovery codes now: they will not be shown again.
      </h3>
      <p>
        Each code signs you in once in place of a code from your app, if you lose your phone. Keep them somewhere safe, apart from your
        password.
      </p>
      <ol aria-label="Recovery codes" className="grid max-w-sm grid-cols-2 gap-x-6 gap-y-1 font-mono">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <div className="flex flex-wrap gap-2">
        <Button
          variant="warning-outline"
          size="sm"
          onClick={() =>
            void navigator.clipboard?.writeText(text).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? "Copied" : "Copy codes"}
        </Button>
        <Button variant="warning-outline" size="sm" onClick={download}>
          Download codes
        </Button>
        <Button variant="primary" size="sm" onClick={onDone}>
          {doneLabel}
        </Button>
      </div>
    </section>
  );
}
