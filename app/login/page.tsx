import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getActor } from "@/lib/auth/guard";
import { safeCallbackPath } from "@/lib/auth/redirect";
import { SSO_REFUSALS } from "@/lib/auth/sso";
import { getDemoLoginHint } from "@/lib/demo/hint";
import { LoginForm } from "./login-form";
import { SsoSignIn } from "./sso-sign-in";

export const metadata: Metadata = { title: "Sign in" };

// Fixed texts by key: the query string chooses one, it never supplies the words.
const notices: Record<string, string> = {
  welcome: "Your account is ready. Sign in with your email address and the password you chose.",
  "password-changed": "Password changed, and you were signed out everywhere. Sign in with your new password.",
  "password-reset": "Password reset, and every session of your account was signed out. Sign in with your new password.",
};

// next-auth's own error codes for a single sign-on that did not come back (a wrong client
// secret, an unreachable provider, a cancelled login); the details are in the server log.
const SSO_FAILED = "Single sign-on did not complete. Try again; if it keeps failing, ask an admin to check the SSO settings.";
const ssoErrors = new Set([
  "OAuthSignin",
  "OAuthCallback",
  "OAuthCreateAccount",
  "Callback",
  "OAuthAccountNotLinked",
  "AccessDenied",
  "Configuration",
]);

function ssoProblem(refusal: string | string[] | undefined, error: string | string[] | undefined): string | undefined {
  if (typeof refusal === "string" && Object.hasOwn(SSO_REFUSALS, refusal)) return SSO_REFUSALS[refusal as keyof typeof SSO_REFUSALS];
  if (typeof error === "string" && ssoErrors.has(error)) return SSO_FAILED;
  return undefined;
}

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{
    callbackUrl?: string | string[];
    notice?: string | string[];
    sso?: string | string[];
    error?: string | string[];
  }>;
}) {
  if (await getActor()) redirect("/inbox");
  const { callbackUrl, notice: noticeKey, sso, error } = await searchParams;
  const notice = typeof noticeKey === "string" ? notices[noticeKey] : undefined;
  const problem = ssoProblem(sso, error);
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
          {notice && (
            <p role="status" className="mb-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
              {notice}
            </p>
          )}
          {problem && (
            <p role="alert" id="sso-problem" className="mb-4 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
              {problem}
            </p>
          )}
          <LoginForm next={next} />
          <p className="mt-4 text-center text-sm">
            <Link href="/forgot-password" className="text-brand-700 underline">
              Forgot password?
            </Link>
          </p>
          <div className="mt-6 border-t border-slate-200 pt-4">
            <SsoSignIn next={next} />
          </div>
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
