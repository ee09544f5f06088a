import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getActor } from "@/lib/auth/guard";
import { safeCallbackPath } from "@/lib/auth/redirect";
import { getDemoLoginHint } from "@/lib/demo/hint";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  if (await getActor()) redirect("/inbox");
  const { callbackUrl } = await searchParams;
  // Only paths on our own origin: an open redirect after login would be a phishing aid.
  const next = safeCallbackPath(callbackUrl) ?? "/inbox";
  const hint = await getDemoLoginHint();
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <p className="text-2xl font-semibold tracking-tight">Recall Desk</p>
          <p className="mt-1 text-sm text-slate-500">Support that remembers every customer.</p>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="mb-4 text-lg font-semibold">Sign in</h1>
          <LoginForm next={next} />
        </div>
        {hint && (
          <div className="mt-4 rounded-lg border border-dashed border-slate-300 p-4 text-sm text-slate-600">
            <p className="font-medium text-slate-700">Demo workspace</p>
            <ul className="mt-1 space-y-0.5">
              {hint.emails.map((email) => (
                <li key={email}>
                  <code>{email}</code>
                </li>
              ))}
            </ul>
            <p className="mt-1">
              Password: <code>{hint.password}</code>
            </p>
          </div>
        )}
      </div>
    </main>
  );
}
