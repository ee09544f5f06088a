import type { ComponentProps } from "react";
import { type ControlSize, controlClass } from "./input";

type SelectProps = Omit<ComponentProps<"select">, "size"> & { size?: ControlSize };

/** A styled native <select>: native so labels, keyboard and Playwright's selectOption keep working. */
export function Select({ size, className, ...props }: SelectProps) {
  return <select className={controlClass({ size, className })} {...props} />;
}
