import { Slot } from "radix-ui";
import type { ComponentProps } from "react";

// Derived from the class strings the pages used before there was a Button: a solid brand
// button for the main action, a slate ring for the rest, tinted rings for row actions.
const variants = {
  primary: "bg-brand-600 font-semibold text-white hover:bg-brand-700",
  secondary: "font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50",
  danger: "bg-rose-600 font-semibold text-white hover:bg-rose-700",
  success: "bg-emerald-700 font-semibold text-white hover:bg-emerald-800",
  "danger-outline": "font-medium text-rose-700 ring-1 ring-rose-200 hover:bg-rose-50",
  "brand-outline": "font-medium text-brand-700 ring-1 ring-brand-200 hover:bg-brand-50",
  "success-outline": "font-medium text-emerald-700 ring-1 ring-emerald-200 hover:bg-emerald-50",
  "warning-outline": "font-medium text-amber-900 ring-1 ring-amber-300 hover:bg-amber-100",
  ghost: "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
  link: "font-medium text-brand-700 underline-offset-2 hover:underline",
} as const;

const sizes = {
  xs: "px-2 py-1 text-xs",
  sm: "px-2 py-1 text-sm",
  md: "px-3 py-1.5 text-sm",
  lg: "px-3 py-2 text-sm",
  /** No padding: a link-like button inside running text. */
  inline: "",
} as const;

export type ButtonVariant = keyof typeof variants;
export type ButtonSize = keyof typeof sizes;

const base =
  "inline-flex items-center justify-center gap-1.5 rounded-md text-center transition-colors " +
  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 " +
  "disabled:cursor-not-allowed disabled:opacity-60 aria-busy:cursor-progress";

function buttonClass({
  variant = "secondary",
  size = "md",
  className,
}: { variant?: ButtonVariant; size?: ButtonSize; className?: string } = {}) {
  return [base, variants[variant], sizes[size], className].filter(Boolean).join(" ");
}

type ButtonProps = ComponentProps<"button"> & {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** Renders the one child (a Link, an <a>) with the button's look instead of a <button>. */
  asChild?: boolean;
  /** Work in flight: the button is disabled and marked aria-busy. */
  pending?: boolean;
};

export function Button({
  variant = "secondary",
  size = "md",
  asChild = false,
  pending = false,
  className,
  type,
  disabled,
  ...props
}: ButtonProps) {
  const classes = buttonClass({ variant, size, className });
  if (asChild) return <Slot.Root className={classes} aria-busy={pending || undefined} {...props} />;
  return <button type={type ?? "button"} disabled={disabled || pending} aria-busy={pending || undefined} className={classes} {...props} />;
}
