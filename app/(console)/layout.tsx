import Link from "next/link";
import type { ReactNode } from "react";
import { requirePageActor } from "@/lib/auth/guard";
import { NotificationBell } from "@/components/notification-bell";
import { SignOutButton } from "@/components/sign-out-button";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  // Every page checks again itself; the layout also wraps /profile/security, which a user
  // who must still enrol a second factor has to reach, so it lets them in and hides the nav.
  const actor = await requirePageActor({ beforeTwoFactorSetup: true });
  const enrolling = actor.mustEnrolTwoFactor === true;
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex h-14 max-w-7xl items-center gap-6 px-4">
          <Link href="/inbox" className="font-semibold tracking-tight">
            Recall Desk
          </Link>
          <nav aria-label="Main" className="flex gap-4 text-sm">
            {(enrolling
              ? []
              : [
                  { href: "/inbox", label: "Inbox" },
                  { href: "/macros", label: "Canned replies" },
                  ...(actor.role === "ADMIN"
                    ? [
                        { href: "/knowledge", label: "Knowledge" },
                        { href: "/metrics", label: "Metrics" },
                        { href: "/audit", label: "Audit log" },
                        { href: "/outbox", label: "Outbox" },
                        { href: "/jobs", label: "Jobs" },
                        { href: "/settings", label: "Settings" },
                      ]
                    : []),
                ]
            ).map((item) => (
              <Link key={item.href} href={item.href} className="text-slate-600 hover:text-slate-900">
                {item.label}
              </Link>
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm">
            {!enrolling && <NotificationBell />}
            <span className="text-slate-600">
              <span className="font-medium text-slate-900">{actor.name}</span> <span className="text-slate-500">·</span>{" "}
              {actor.role === "ADMIN" ? "Admin" : "Agent"}
            </span>
            <Link href="/profile" className="text-slate-600 hover:text-slate-900">
              Profile
            </Link>
            <Link href="/profile/security" className="text-slate-600 hover:text-slate-900">
              Security
            </Link>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
    </div>
  );
}
