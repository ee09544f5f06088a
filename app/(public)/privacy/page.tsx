import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { soleWorkspaceSlug } from "@/lib/privacy/self-service";

export const metadata: Metadata = { title: "Your data" };
export const dynamic = "force-dynamic";

// Privacy requests are per workspace (each company holds its own customers' data). With one
// workspace (a single-company install) this page goes straight to it; with several it asks
// which company, without listing them: who uses this service is not public.
export default async function PrivacyChooserPage({ searchParams }: { searchParams: Promise<{ workspace?: string }> }) {
  const asked = (await searchParams).workspace?.trim().toLowerCase();
  if (asked && /^[a-z0-9][a-z0-9-]{1,38}$/.test(asked)) redirect(`/w/${asked}/privacy`);
  const sole = await soleWorkspaceSlug();
  if (sole) redirect(`/w/${sole}/privacy`);
  const invalid = asked !== undefined;
  return (
    <main className="mx-auto max-w-xl px-4 py-10">
      <h1 className="text-2xl font-semibold">Your data</h1>
      <p className="mt-1 text-sm text-slate-600">
        Download or erase what a company holds about you. Which company&apos;s support do you use? Its support page address ends in{" "}
        <span className="font-mono">/w/&lt;name&gt;/support</span>: enter that name.
      </p>
      <form method="get" className="mt-6 space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" noValidate>
        <div>
          <label htmlFor="workspace" className="block text-sm font-medium">
            Company
          </label>
          <input
            id="workspace"
            name="workspace"
            autoComplete="off"
            defaultValue={asked}
            aria-invalid={invalid}
            aria-describedby={invalid ? "workspace-error" : undefined}
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm"
          />
          {invalid && (
            <p id="workspace-error" className="mt-1 text-sm text-rose-700">
              Use the name from the support page address: lowercase letters, digits and dashes.
            </p>
          )}
        </div>
        <button type="submit" className="w-full rounded-md bg-brand-600 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-700">
          Continue
        </button>
      </form>
    </main>
  );
}
