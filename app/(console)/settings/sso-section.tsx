import { headers } from "next/headers";
import type { Actor } from "@/lib/auth/guard";
import { getSsoSettings } from "@/lib/auth/sso";
import { SsoForm } from "./sso-form";

/** The workspace's single sign-on (OpenID Connect): set up, changed or removed by admins. */
export async function SsoSection({ actor }: { actor: Actor }) {
  const list = await headers();
  const host = list.get("x-forwarded-host") ?? list.get("host");
  const origin = host ? `${list.get("x-forwarded-proto") === "https" ? "https" : "http"}://${host}` : undefined;
  const view = await getSsoSettings({ actor, origin });
  return (
    <section aria-labelledby="sso-heading" className="space-y-3">
      <div>
        <h2 id="sso-heading" className="text-lg font-semibold">
          Single sign-on
        </h2>
        <p className="text-sm text-slate-500">
          Sign in through your identity provider (Google Workspace, Microsoft Entra ID, Okta, Keycloak or any OpenID Connect provider).{" "}
          {view.connection ? (view.connection.enabled ? "On." : "Set up, but switched off.") : "Not set up."} The README&apos;s security
          section walks through each provider.
        </p>
      </div>
      <SsoForm view={view} />
    </section>
  );
}
