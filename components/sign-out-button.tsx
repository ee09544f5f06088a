"use client";

import { signOut } from "next-auth/react";

export function SignOutButton() {
  return (
    <button
      type="button"
      onClick={() => void signOut({ callbackUrl: "/login" })}
      className="rounded-md px-2 py-1 text-slate-600 ring-1 ring-slate-200 hover:bg-slate-50 hover:text-slate-900"
    >
      Sign out
    </button>
  );
}
