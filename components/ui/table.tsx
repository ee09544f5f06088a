import type { ComponentProps, ReactNode } from "react";

const frame = "overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm";

/**
 * A data table in its white, rounded frame (scrolls sideways on a narrow screen). `bare`
 * drops the frame for a table already inside a card; `footer` goes under the table, inside it.
 */
export function Table({ bare = false, footer, className, ...props }: ComponentProps<"table"> & { bare?: boolean; footer?: ReactNode }) {
  const table = <table className={["w-full text-left text-sm", className].filter(Boolean).join(" ")} {...props} />;
  if (bare) return table;
  return (
    <div className={frame}>
      {table}
      {footer}
    </div>
  );
}

/** The table's name (tests and screen readers find it by this); visually hidden unless `visible`. */
export function TableCaption({ visible = false, ...props }: ComponentProps<"caption"> & { visible?: boolean }) {
  return <caption className={visible ? "px-3 pt-3 text-left text-sm font-semibold text-slate-700" : "sr-only"} {...props} />;
}

/** The header row: its cells are THs. `caps` sets them in small capitals as most tables do. */
export function THead({ caps = true, children }: { caps?: boolean; children: ReactNode }) {
  return (
    <thead className={caps ? "bg-slate-50 text-xs uppercase tracking-wide text-slate-500" : "bg-slate-50 text-xs text-slate-500"}>
      <tr>{children}</tr>
    </thead>
  );
}

// `roomy` is the inbox's spacing (wider cells, taller rows); `numeric` right-aligns figures
// in columns of even width.
const cell = (roomy: boolean, numeric: boolean, className?: string, extra?: string) =>
  [roomy ? "px-4" : "px-3", extra, numeric ? "text-right tabular-nums" : undefined, className].filter(Boolean).join(" ");

type CellProps = { roomy?: boolean; numeric?: boolean };

/** A header cell: a column's (default) or, with scope="row", a row's. */
export function TH({ scope = "col", roomy = false, numeric = false, className, ...props }: ComponentProps<"th"> & CellProps) {
  return <th scope={scope} className={cell(roomy, numeric, className, "py-2")} {...props} />;
}

export function TBody({ className, ...props }: ComponentProps<"tbody">) {
  return <tbody className={["divide-y divide-slate-100", className].filter(Boolean).join(" ")} {...props} />;
}

export function TR(props: ComponentProps<"tr">) {
  return <tr {...props} />;
}

export function TD({ roomy = false, numeric = false, className, ...props }: ComponentProps<"td"> & CellProps) {
  return <td className={cell(roomy, numeric, className, roomy ? "py-3" : "py-2")} {...props} />;
}
