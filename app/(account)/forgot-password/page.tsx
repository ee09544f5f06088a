import type { Metadata } from "next";
import Link from "next/link";
import { ForgotPasswordForm } from "./forgot-form";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <>
      <h1 className="text-lg font-semibold">Forgot your password?</h1>
      <p className="mb-4 mt-1 text-sm text-slate-600">
        Enter the email address you sign in with. If it has an account, we mail it a link to choose a new password.
      </p>
      <ForgotPasswordForm />
      <p className="mt-4 text-center text-sm">
        <Link href="/login" className="text-brand-700 underline">
          Back to sign-in
        </Link>
      </p>
    </>
  );
}
