import type { Metadata } from "next";
import Link from "next/link";
import { requirePageActor } from "@/lib/auth/guard";
import { PASSWORD_MIN } from "@/lib/auth/password-length";
import { getNotifyByEmail } from "@/lib/notifications/notifications";
import { ChangePasswordForm } from "./change-password-form";
import { NotificationMailForm } from "./notification-mail-form";

export const metadata: Metadata = { title: "Profile" };

export default async function ProfilePage() {
  const actor = await requirePageActor();
  return (
    <div className="max-w-2xl space-y-6">
      <div>
        <h1 className="text-xl font-semibold">Profile</h1>
        <p className="text-sm text-slate-500">
          {actor.name} · {actor.email} · {actor.role === "ADMIN" ? "Admin" : "Agent"}
        </p>
      </div>

      <section aria-labelledby="password-heading" className="space-y-3 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <div>
          <h2 id="password-heading" className="text-lg font-semibold">
            Change password
          </h2>
          <p className="text-sm text-slate-500">
            At least {PASSWORD_MIN} characters; common passwords and ones containing your name or email are refused. Changing it signs you
            out everywhere, here too: sign in again with the new password.
          </p>
        </div>
        <ChangePasswordForm email={actor.email} />
      </section>

      <section aria-labelledby="notifications-heading" className="space-y-3 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <div>
          <h2 id="notifications-heading" className="text-lg font-semibold">
            Notifications
          </h2>
          <p className="text-sm text-slate-500">
            The bell at the top tells you when a ticket is assigned to you, a customer answers your ticket, or a first reply is due within
            15 minutes.
          </p>
        </div>
        <NotificationMailForm initial={await getNotifyByEmail({ actor })} />
      </section>

      <p className="text-sm text-slate-600">
        Two-factor sign-in is on the{" "}
        <Link href="/profile/security" className="text-brand-700 underline">
          Security
        </Link>{" "}
        page.
      </p>
      <p className="text-sm text-slate-600">
        See where you are signed in, and end sessions, on the{" "}
        <Link href="/profile/sessions" className="text-brand-700 underline">
          Sessions
        </Link>{" "}
        page.
      </p>
    </div>
  );
}
