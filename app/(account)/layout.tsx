import type { ReactNode } from "react";

/** Pages about one's own account reached without a session: an invitation, a forgotten password. */
export default function AccountLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <p className="text-2xl font-semibold tracking-tight">Recall Desk</p>
          <p className="mt-1 text-sm text-slate-500">Support that remembers every customer.</p>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">{children}</div>
      </div>
    </main>
  );
}
