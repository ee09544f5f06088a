import { Label } from "radix-ui";
import type { ReactNode } from "react";

/** What a Field hands its control: the id its label points at and the ids that describe it. */
export type FieldControlProps = {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
};

const labelSizes = {
  sm: "block text-sm font-medium text-slate-700",
  xs: "block text-xs font-medium text-slate-600",
} as const;

/**
 * A label, one control, a hint and an error, wired together: the control is named by the
 * label and described by the hint and the error (`aria-describedby`), and marked
 * `aria-invalid` while there is an error. The control comes from a render function so it
 * stays any element with any props.
 */
export function Field({
  id,
  label,
  hint,
  error,
  labelSize = "sm",
  hintHidden = false,
  hintFirst = false,
  className,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  labelSize?: keyof typeof labelSizes;
  /** The hint is read to screen readers only. */
  hintHidden?: boolean;
  /** The hint sits between the label and the control. */
  hintFirst?: boolean;
  className?: string;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  const hintNode = hint && (
    <p id={hintId} className={hintHidden ? "sr-only" : hintFirst ? "text-xs text-slate-500" : "mt-1 text-xs text-slate-500"}>
      {hint}
    </p>
  );
  return (
    <div className={className}>
      <Label.Root htmlFor={id} className={labelSizes[labelSize]}>
        {label}
      </Label.Root>
      {hintFirst && hintNode}
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {!hintFirst && hintNode}
      {error && (
        <p id={errorId} className="mt-1 text-xs text-rose-700">
          {error}
        </p>
      )}
    </div>
  );
}
