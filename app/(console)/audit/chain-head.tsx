"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { AuditChainHead } from "@/lib/audit/head";

/**
 * The newest entry's seq, hash and time, to record outside the database: a rewrite of the
 * whole log (or by someone holding the audit key) no longer matches a head kept elsewhere.
 */
export function ChainHead({ head }: { head: AuditChainHead | null }) {
  const [copied, setCopied] = useState(false);
  if (!head) return null;
  const json = `${JSON.stringify(head, null, 2)}\n`;
  const download = () => {
    const url = URL.createObjectURL(new Blob([json], { type: "application/json" }));
    const link = Object.assign(document.createElement("a"), { href: url, download: `audit-chain-head-${head.workspace}-${head.seq}.json` });
    link.click();
    URL.revokeObjectURL(url);
  };
  return (
    <section aria-labelledby="chain-head-heading" className="rounded-md bg-white px-3 py-2 text-sm ring-1 ring-slate-200">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="chain-head-heading" className="font-semibold">
          Chain head
        </h2>
        <div className="flex gap-2">
          <Button
            size="xs"
            onClick={() =>
              void navigator.clipboard?.writeText(json).then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }
          >
            {copied ? "Copied" : "Copy JSON"}
          </Button>
          <Button size="xs" onClick={download}>
            Download JSON
          </Button>
        </div>
      </div>
      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
        <dt className="text-slate-500">Entry</dt>
        <dd className="tabular-nums">#{head.seq}</dd>
        <dt className="text-slate-500">Hash</dt>
        <dd className="break-all font-mono">{head.hash}</dd>
        <dt className="text-slate-500">Written</dt>
        <dd>
          <time dateTime={head.createdAt}>{head.createdAt.slice(0, 19).replace("T", " ")} UTC</time>
          {!head.keyed && " (from before the chain was keyed)"}
        </dd>
      </dl>
      <p className="mt-1 text-xs text-slate-500">
        Keep a copy outside this app (a ticket, an email to your auditor): a later check can prove the log still holds this entry unchanged.
      </p>
    </section>
  );
}
