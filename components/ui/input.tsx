import type { ComponentProps } from "react";

// One look for every text control: a slate border, a brand ring on focus, a rose border when
// the value was refused (aria-invalid), a grey fill when it cannot be changed.
const controlBase =
  "rounded-md border border-slate-300 bg-white text-sm " +
  "focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500 " +
  "aria-invalid:border-rose-500 disabled:cursor-not-allowed disabled:bg-slate-50 disabled:text-slate-500";

const controlSizes = {
  sm: "px-2 py-1",
  md: "px-2 py-1.5",
  lg: "px-3 py-2 shadow-sm",
} as const;

export type ControlSize = keyof typeof controlSizes;

export function controlClass({ size = "md", className }: { size?: ControlSize; className?: string }) {
  return [controlBase, controlSizes[size], className].filter(Boolean).join(" ");
}

type InputProps = Omit<ComponentProps<"input">, "size"> & { size?: ControlSize };

/** A styled native <input>; width and margins come from `className`. */
export function Input({ size, className, ...props }: InputProps) {
  return <input className={controlClass({ size, className })} {...props} />;
}
