import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";

const sizes = { sm: "p-6", md: "p-8", lg: "px-6 py-16" } as const;

/** What a list shows when it has nothing in it: a dashed panel with a line or two and maybe a way on. */
export function EmptyState({
  icon: Icon,
  title,
  children,
  action,
  size = "md",
}: {
  icon?: LucideIcon;
  title?: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
  size?: keyof typeof sizes;
}) {
  return (
    <div className={`rounded-xl border border-dashed border-slate-300 bg-white text-center text-sm text-slate-600 ${sizes[size]}`}>
      {Icon && <Icon aria-hidden="true" className="mx-auto mb-2 h-6 w-6 text-slate-400" />}
      {title && <p className="text-base font-medium text-slate-900">{title}</p>}
      {children && <p className={title ? "mt-1 text-slate-500" : undefined}>{children}</p>}
      {action && <div className="mt-4 flex justify-center gap-4 font-medium text-brand-700">{action}</div>}
    </div>
  );
}
