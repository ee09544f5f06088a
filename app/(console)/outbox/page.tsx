import type { Metadata } from "next";
import Link from "next/link";
import { RelativeTime } from "@/components/relative-time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { requirePageActor } from "@/lib/auth/guard";
import { env } from "@/lib/env";
import { listOutbox } from "@/lib/mail/send";

export const metadata: Metadata = { title: "Outbox" };
// Mail arrives while the page is open: always read it fresh.
export const dynamic = "force-dynamic";

const kindLabels: Record<string, string> = {
  privacy_code: "Privacy code",
  erasure_receipt: "Erasure receipt",
  ticket_link: "Ticket link",
  staff_invite: "Staff invitation",
  password_reset: "Password reset",
};

export default async function OutboxPage({ searchParams }: { searchParams: Promise<{ to?: string | string[] }> }) {
  const actor = await requirePageActor({ role: "ADMIN" });
  const raw = (await searchParams).to;
  const to = (Array.isArray(raw) ? raw[0] : raw)?.slice(0, 254) ?? "";
  const mails = await listOutbox({ actor, to: to || undefined });
  const smtp = Boolean(env().SMTP_URL);

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Outbox</h1>
        <p className="text-sm text-slate-500">
          {smtp
            ? "Mail this workspace sent through the SMTP server (SMTP_URL), newest first. One-time codes are not kept."
            : "No mail server is configured (SMTP_URL), so mail to customers stays here, newest first: pass a privacy code on to the customer who asked for it."}{" "}
          Codes and their mail are deleted after a day; an erasure deletes all mail to the customer.
        </p>
      </div>
      <form role="search" className="flex items-end gap-2 text-sm">
        <Field id="to" label="Recipient">
          {(control) => <Input {...control} name="to" type="search" defaultValue={to} className="mt-1" />}
        </Field>
        <Button type="submit">Filter</Button>
        {to && (
          <Link href="/outbox" className="px-1 py-1.5 text-brand-700 underline">
            Show all
          </Link>
        )}
      </form>
      {mails.length === 0 ? (
        <EmptyState>{to ? "No mail to that recipient." : "No mail yet."}</EmptyState>
      ) : (
        <ol aria-label="Mail" className="space-y-3">
          {mails.map((mail) => (
            <li key={mail.id}>
              <article aria-labelledby={`mail-${mail.id}`} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <h2 id={`mail-${mail.id}`} className="text-sm font-semibold">
                    {mail.subject}
                  </h2>
                  <div className="flex items-center gap-2 text-xs text-slate-500">
                    <Badge>{kindLabels[mail.kind] ?? mail.kind}</Badge>
                    {mail.transport === "smtp" && (
                      <Badge tone={mail.status === "failed" ? "red" : "green"}>{mail.status === "failed" ? "Not delivered" : "Sent"}</Badge>
                    )}
                    <RelativeTime date={mail.createdAt} />
                  </div>
                </div>
                <p className="mt-1 text-sm text-slate-600">To: {mail.toAddress}</p>
                {mail.error && <p className="mt-1 text-sm text-rose-700">{mail.error}</p>}
                <pre className="mt-3 whitespace-pre-wrap rounded-md bg-slate-50 p-3 font-mono text-xs text-slate-800">{mail.body}</pre>
              </article>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
