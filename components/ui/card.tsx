import type { ReactNode } from "react";

/** A titled white panel of the metrics pages; `wide` spans both columns of their grid. */
export function Card({ title, id, children, wide = false }: { title: string; id?: string; children: ReactNode; wide?: boolean }) {
  const headingId = id ?? `card-${title.toLowerCase().replace(/[^a-z]+/g, "-")}`;
  return (
    <section
      aria-labelledby={headingId}
      className={`rounded-xl border border-slate-200 bg-white p-4 shadow-sm ${wide ? "lg:col-span-2" : ""}`}
    >
      <h2 id={headingId} className="mb-3 text-sm font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** One figure of a card's definition list: label, value, and an optional hint. */
export function Figure({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums">{value}</dd>
      {hint && <dd className="text-xs text-slate-500">{hint}</dd>}
    </div>
  );
}
