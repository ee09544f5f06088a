import type { ComponentProps } from "react";
import { type ControlSize, controlClass } from "./input";

/** A styled native <textarea>; width and height come from `className`. */
export function Textarea({ size, className, ...props }: ComponentProps<"textarea"> & { size?: ControlSize }) {
  return <textarea className={controlClass({ size, className })} {...props} />;
}
