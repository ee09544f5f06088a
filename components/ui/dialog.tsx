"use client";

import { AlertDialog, Dialog as Primitive } from "radix-ui";
import type { ComponentProps, ReactNode } from "react";
import { Button, type ButtonVariant } from "./button";

// Radix supplies the behaviour: focus moves in and stays there, Escape closes, focus goes back
// to the trigger, the title names the dialog and the description describes it.
export const Dialog = Primitive.Root;
export const DialogTrigger = Primitive.Trigger;
export const DialogClose = Primitive.Close;

const overlay = "fixed inset-0 z-40 bg-slate-900/40";
const panel =
  "fixed left-1/2 top-1/2 z-50 max-h-[calc(100vh-2rem)] w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 overflow-y-auto " +
  "rounded-xl bg-white p-5 text-sm text-slate-900 shadow-lg ring-1 ring-slate-200 focus:outline-none";
const titleClass = "text-base font-semibold";
const descriptionClass = "mt-2 text-slate-600";

/** The panel over a dimmed page, with its title and, if given, its description. */
export function DialogContent({
  title,
  description,
  className,
  children,
  ...props
}: ComponentProps<typeof Primitive.Content> & { title: ReactNode; description?: ReactNode }) {
  return (
    <Primitive.Portal>
      <Primitive.Overlay className={overlay} />
      <Primitive.Content
        // Radix warns about a dialog without a description unless told it has none on purpose.
        {...(description ? {} : { "aria-describedby": undefined })}
        className={className ? `${panel} ${className}` : panel}
        {...props}
      >
        <Primitive.Title className={titleClass}>{title}</Primitive.Title>
        {description && <Primitive.Description className={descriptionClass}>{description}</Primitive.Description>}
        {children}
      </Primitive.Content>
    </Primitive.Portal>
  );
}

/** The dialog's buttons, right-aligned under its text. */
export function DialogFooter({ children }: { children: ReactNode }) {
  return <div className="mt-4 flex flex-wrap justify-end gap-2">{children}</div>;
}

/**
 * "Are you sure?" before a change that is hard to undo, on Radix's AlertDialog: `trigger`
 * opens it, Cancel has the focus first (Enter does not confirm by accident), clicking outside
 * does not close it, and the confirm button closes it and calls `onConfirm`.
 */
export function ConfirmDialog({
  trigger,
  title,
  description,
  confirmLabel,
  confirmVariant = "danger",
  onConfirm,
}: {
  trigger: ReactNode;
  title: ReactNode;
  description?: ReactNode;
  confirmLabel: string;
  confirmVariant?: ButtonVariant;
  onConfirm: () => void;
}) {
  return (
    <AlertDialog.Root>
      <AlertDialog.Trigger asChild>{trigger}</AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className={overlay} />
        <AlertDialog.Content className={panel} {...(description ? {} : { "aria-describedby": undefined })}>
          <AlertDialog.Title className={titleClass}>{title}</AlertDialog.Title>
          {description && <AlertDialog.Description className={descriptionClass}>{description}</AlertDialog.Description>}
          <DialogFooter>
            <AlertDialog.Cancel asChild>
              <Button size="lg">Cancel</Button>
            </AlertDialog.Cancel>
            <AlertDialog.Action asChild>
              <Button variant={confirmVariant} size="lg" onClick={onConfirm}>
                {confirmLabel}
              </Button>
            </AlertDialog.Action>
          </DialogFooter>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
