"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { readNdjson } from "@/components/read-ndjson";
import { Button } from "@/components/ui/button";
import type { ImportEvent } from "@/lib/knowledge/transfer";

type Summary = Extract<ImportEvent, { type: "summary" }>;

/** Uploads a JSON or CSV file to /api/knowledge/import and follows its progress events. */
export function ImportPanel() {
  const router = useRouter();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const upload = async (form: HTMLFormElement) => {
    const file = (new FormData(form).get("file") as File | null) ?? null;
    if (!file || !file.size) {
      setError("Choose a JSON or CSV file first.");
      return;
    }
    setBusy(true);
    setError(null);
    setSummary(null);
    setProgress({ done: 0, total: 0 });
    try {
      const response = await fetch("/api/knowledge/import", { method: "POST", body: new FormData(form) });
      if (!response.ok || !response.body) {
        const answer = (await response.json().catch(() => null)) as { error?: string } | null;
        throw new Error(answer?.error ?? "The import failed.");
      }
      for await (const event of readNdjson<ImportEvent | { type: "error"; message: string }>(response)) {
        if (event.type === "progress") setProgress({ done: event.done, total: event.total });
        else if (event.type === "summary") setSummary(event);
        else if (event.type === "error") throw new Error(event.message);
      }
      form.reset();
      router.refresh();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : "The import failed.");
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="import-heading" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id="import-heading" className="text-sm font-semibold">
        Import
      </h2>
      <p className="mt-1 text-xs text-slate-500">
        JSON (a retrieval suite&apos;s agent memories, or an export from here) or CSV with the columns key, kind, title, body, products.
        Rows with a known key update their entry.
      </p>
      <form
        className="mt-3 flex flex-wrap items-center gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          void upload(event.currentTarget);
        }}
      >
        <label htmlFor="kb-file" className="sr-only">
          Knowledge file
        </label>
        <input id="kb-file" name="file" type="file" accept=".json,.csv,application/json,text/csv" className="text-sm" />
        <Button type="submit" variant="primary" pending={busy}>
          {busy ? "Importing…" : "Import"}
        </Button>
      </form>
      {progress && busy && (
        <div className="mt-3">
          <progress aria-label="Import progress" max={progress.total || 1} value={progress.done} className="h-2 w-full" />
          <p className="mt-1 text-xs text-slate-500">
            {progress.total ? `${progress.done} of ${progress.total} rows` : "Reading the file…"}
          </p>
        </div>
      )}
      {error && (
        <p role="alert" className="mt-2 text-sm text-rose-700">
          {error}
        </p>
      )}
      {summary && (
        <div role="status" className="mt-3 text-sm">
          <p>
            Imported {summary.total} rows: {summary.created} created, {summary.updated} updated, {summary.unchanged} unchanged,{" "}
            {summary.rejected.length} rejected.
          </p>
          {summary.rejected.length > 0 && (
            <table className="mt-2 w-full text-left text-xs">
              <caption className="sr-only">Rejected rows</caption>
              <thead>
                <tr className="text-slate-500">
                  <th className="py-1 pr-2">Row</th>
                  <th className="py-1 pr-2">Key</th>
                  <th className="py-1">Why</th>
                </tr>
              </thead>
              <tbody>
                {summary.rejected.slice(0, 100).map((row) => (
                  <tr key={row.row} className="border-t border-slate-100">
                    <td className="py-1 pr-2">{row.row}</td>
                    <td className="py-1 pr-2">{row.key ?? "—"}</td>
                    <td className="py-1">{row.errors.join(" ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
