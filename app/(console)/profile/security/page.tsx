import type { Metadata } from "next";
import { formatRelative } from "@/components/relative-time";
import { Badge } from "@/components/ui/badge";
import { requirePageActor } from "@/lib/auth/guard";
import { getTwoFactorStatus } from "@/lib/auth/two-factor";
import { EnrolTwoFactor } from "./enrol-two-factor";
import { ManageTwoFactor } from "./manage-two-factor";

export const metadata: Metadata = { title: "Security" };

export default async function SecurityPage() {
  // Reachable before enrolment: a user the workspace requires to enrol is sent here.
  const actor = await requirePageActor({ beforeTwoFactorSetup: true });
  const status = await getTwoFactorStatus({ actor });

  return (
    <div className="max-w-2xl space-y-6">
      <div>
        <h1 className="text-xl font-semibold">Security</h1>
        <p className="text-sm text-slate-500">Signed in as {actor.email}</p>
      </div>

      <section aria-labelledby="two-factor-heading" className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <div className="flex flex-wrap items-center gap-2">
          <h2 id="two-factor-heading" className="text-lg font-semibold">
            Two-factor sign-in
          </h2>
          {status.enabled ? <Badge tone="green">On</Badge> : <Badge tone="slate">Off</Badge>}
          {status.required && <Badge tone="amber">Required by your workspace</Badge>}
        </div>
        {status.required && !status.enabled && (
          <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
            Your workspace requires two-factor sign-in. Set it up to continue to the console.
          </p>
        )}
        {status.enabled && status.enabledAt ? (
          <>
            <p className="text-sm text-slate-600">
              On since{" "}
              <time dateTime={status.enabledAt.toISOString()} title={status.enabledAt.toUTCString()}>
                {formatRelative(status.enabledAt)}
              </time>
              . After your password, sign-in asks for the code your authenticator app shows. Recovery codes left:{" "}
              <strong>{status.recoveryCodesLeft}</strong>
              {status.recoveryCodesLeft <= 3 && " (make new ones soon)"}.
            </p>
            <ManageTwoFactor />
          </>
        ) : (
          <>
            <p className="text-sm text-slate-600">
              After your password, sign-in will ask for a six-digit code from an app on your phone, so a stolen password alone does not open
              your account.
            </p>
            <EnrolTwoFactor required={status.required} />
          </>
        )}
      </section>
    </div>
  );
}
