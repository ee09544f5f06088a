import type { Metadata } from "next";
import Link from "next/link";
import { findPasswordReset, INVALID_RESET } from "@/lib/auth/password-reset";
import { ResetPasswordForm } from "./reset-form";

export const metadata: Metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const reset = await findPasswordReset({ token });
  if (!reset) {
    return (
      <>
        <h1 className="mb-3 text-lg font-semibold">Reset link not valid</h1>
        <p role="alert" className="text-sm text-slate-700">
          {INVALID_RESET}
        </p>
        <p className="mt-4 text-sm">
          <Link href="/forgot-password" className="text-brand-700 underline">
            Ask for a new link
          </Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1 className="text-lg font-semibold">Choose a new password</h1>
      <p className="mb-4 mt-1 text-sm text-slate-600">
        For <strong>{reset.email}</strong>. Every session of this account is signed out once it is set.
      </p>
      <ResetPasswordForm token={token} email={reset.email} />
    </>
  );
}
