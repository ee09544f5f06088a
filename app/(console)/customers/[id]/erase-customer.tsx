"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import type { ErasureReceipt } from "@/lib/privacy/receipt";
import { eraseCustomerAction } from "./actions";

export function EraseCustomer({
  customerId,
  name,
  deleted,
  redacted,
}: {
  customerId: string;
  name: string;
  deleted: string[];
  redacted: string[];
}) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<ErasureReceipt | null>(null);
  const [pending, startTransition] = useTransition();

  if (receipt) {
    return (
      <section role="status" aria-labelledby="erased-heading" className="rounded-xl border border-emerald-200 bg-emerald-50 p-4 text-sm">
        <h2 id="erased-heading" className="font-semibold text-emerald-900">
          Customer erased
        </h2>
        <p className="mt-1 text-emerald-900">
          Request <span className="font-mono">{receipt.requestId}</span>, completed{" "}
          {receipt.completedAt ? new Date(receipt.completedAt).toUTCString() : "soon"}.
        </p>
        <ul className="mt-2 text-emerald-900">
          {receipt.items
            .filter((item) => item.count > 0)
            .map((item) => (
              <li key={item.kind}>
                {item.count} {item.label}{" "}
                {item.action === "flagged" ? (
                  <Link href="/knowledge/review" className="underline">
                    flagged for review
                  </Link>
                ) : (
                  item.action
                )}
              </li>
            ))}
        </ul>
        <Link href="/inbox" className="mt-3 inline-block font-medium text-brand-700 underline">
          Back to the inbox
        </Link>
      </section>
    );
  }

  return (
    <section aria-labelledby="erase-heading" className="rounded-xl border border-rose-200 bg-white p-4 text-sm shadow-sm">
      <h2 id="erase-heading" className="font-semibold">
        Erase customer
      </h2>
      <p className="mt-1 text-slate-600">
        For a GDPR erasure request received another way. Customers can also do this themselves on the privacy page.
      </p>
      {error && (
        <p role="alert" className="mt-2 rounded-md bg-rose-50 px-3 py-2 text-rose-700">
          {error}
        </p>
      )}
      {/* While the erasure runs the dialog stays open: Escape and the overlay do nothing then. */}
      <Dialog
        open={confirming}
        onOpenChange={(open) => {
          if (!pending) setConfirming(open);
        }}
      >
        <DialogTrigger asChild>
          <Button variant="danger" size="lg" className="mt-3">
            Erase customer…
          </Button>
        </DialogTrigger>
        <DialogContent title={`Erase ${name}?`} description={`This permanently deletes everything about ${name}:`}>
          <ul className="mt-2 list-inside list-disc text-slate-700">
            {deleted.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          {redacted.length > 0 && (
            <p className="mt-2 text-slate-700">
              The {redacted.join(", ")} stay, with the customer&apos;s details removed. A tombstone records the erasure and that you did it.
            </p>
          )}
          <DialogFooter>
            <DialogClose asChild>
              <Button size="lg" disabled={pending}>
                Cancel
              </Button>
            </DialogClose>
            <Button
              variant="danger"
              size="lg"
              pending={pending}
              onClick={() =>
                startTransition(async () => {
                  const result = await eraseCustomerAction({ customerId });
                  if (result.ok) {
                    setReceipt(result.data);
                    return;
                  }
                  setError(result.error);
                  setConfirming(false);
                })
              }
            >
              {pending ? "Erasing…" : "Yes, erase everything"}
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </section>
  );
}
