import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
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
        <Field
          id="workspace"
          label="Company"
          error={invalid ? "Use the name from the support page address: lowercase letters, digits and dashes." : undefined}
        >
          {(control) => (
            <Input {...control} size="lg" name="workspace" autoComplete="off" defaultValue={asked} className="mt-1 block w-full" />
          )}
        </Field>
        <Button type="submit" variant="primary" size="lg" className="w-full">
          Continue
        </Button>
      </form>
    </main>
  );
}
