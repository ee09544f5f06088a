import { headers } from "next/headers";
import type { Actor } from "@/lib/auth/guard";
import { getMailSettings } from "@/lib/mail/settings";
import { MailForm } from "./mail-form";

/** The workspace's email channel: the support address, replies by mail, and the inbound hook. */
export async function MailSection({ actor }: { actor: Actor }) {
  const list = await headers();
  const host = list.get("x-forwarded-host") ?? list.get("host");
  const origin = host ? `${list.get("x-forwarded-proto") === "https" ? "https" : "http"}://${host}` : "";
  const view = await getMailSettings({ actor });
  return (
    <section aria-labelledby="mail-heading" className="space-y-3">
      <div>
        <h2 id="mail-heading" className="text-lg font-semibold">
          Email
        </h2>
        <p className="text-sm text-slate-500">
          {!view.supportAddress && "Set the support address to mail replies. "}
          Agents&apos; replies are {view.mailRepliesEffective ? "mailed to the customer" : "not mailed"}
          {view.smtpConfigured ? " through your SMTP server" : view.mailRepliesEffective ? " (to the outbox: no SMTP server is set)" : ""}.
          Customers answer by replying; their mail comes back into the ticket through the inbound address below.
        </p>
      </div>
      <MailForm view={view} inboundUrl={`${origin}/api/v1/inbound/email`} />
    </section>
  );
}
