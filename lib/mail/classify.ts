import EmailReplyParser from "email-reply-parser";

// What an inbound mail is, from its headers alone (pure; lib/mail/inbound.ts acts on it).
// Auto-replies and bounces are never answered and never learned from: answering an
// out-of-office with a mail that triggers another out-of-office is how mail loops start
// (RFC 3834 asks automatic responders to mark their mail with Auto-Submitted).

export type InboundKind = { kind: "mail" } | { kind: "auto_reply"; reason: string } | { kind: "bounce" };

/** A header as mailparser gives it (a string, a structured value, or a list), read as text. */
export type HeaderLookup = (name: string) => string | undefined;

const AUTO_SUBJECT = /^\s*(auto(matic)?[\s-]*(reply|response|antwort)|out of (the )?office|abwesenheitsnotiz|r[ée]ponse automatique)\b/i;

export function classifyInbound({ header, from, subject }: { header: HeaderLookup; from: string; subject: string }): InboundKind {
  const contentType = header("content-type") ?? "";
  const reportType = /report-type\s*=\s*"?([\w-]+)/i.exec(contentType)?.[1]?.toLowerCase();
  if (/multipart\/report/i.test(contentType) && (reportType === "delivery-status" || reportType === undefined)) return { kind: "bounce" };
  const localPart = from.split("@")[0]?.toLowerCase() ?? "";
  if (localPart === "mailer-daemon" || (localPart === "postmaster" && /undeliver|delivery|failure|returned/i.test(subject))) {
    return { kind: "bounce" };
  }
  const autoSubmitted = header("auto-submitted")?.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== "no") return { kind: "auto_reply", reason: `Auto-Submitted: ${autoSubmitted.slice(0, 40)}` };
  const precedence = header("precedence")?.trim().toLowerCase();
  // Not "list": a Google Group or shared mailbox in front of the support address marks every
  // customer's mail as list mail.
  if (precedence && ["bulk", "junk", "auto_reply"].includes(precedence)) return { kind: "auto_reply", reason: `Precedence: ${precedence}` };
  for (const name of ["x-autoreply", "x-autorespond", "x-auto-response"]) {
    if (header(name) !== undefined) return { kind: "auto_reply", reason: `${name} header` };
  }
  if (AUTO_SUBJECT.test(subject)) return { kind: "auto_reply", reason: "auto-reply subject" };
  return { kind: "mail" };
}

/**
 * The new part of a mail: quoted history ("On ... wrote:", "> " lines) and the signature
 * ("-- ") are cut. If nothing is left (a mail that is all quote), the whole text is kept.
 */
export function newPartOf(text: string): string {
  const normalised = text.replace(/\r\n?/g, "\n").trim();
  if (!normalised) return "";
  const visible = new EmailReplyParser().read(normalised).getVisibleText().trim();
  return visible || normalised;
}

/** The Message-IDs named in a bounce's report parts (the mail that could not be delivered). */
export function bouncedMessageIds(reportParts: string[]): string[] {
  const ids = new Set<string>();
  for (const part of reportParts) {
    for (const match of part.matchAll(/^message-id:\s*(<[^<>\s]{1,250}>)/gim)) ids.add(match[1]!);
  }
  return [...ids];
}

/** The reason a bounce gives: its Diagnostic-Code, else its Status, else a plain word. */
export function bounceReason(reportParts: string[]): string {
  for (const part of reportParts) {
    const diagnostic = /^diagnostic-code:\s*(.+(?:\n[ \t].+)*)/im.exec(part)?.[1];
    if (diagnostic) return diagnostic.replace(/\s+/g, " ").trim().slice(0, 300);
  }
  for (const part of reportParts) {
    const status = /^status:\s*([245]\.\d{1,3}\.\d{1,3})/im.exec(part)?.[1];
    if (status) return `Delivery status ${status}`;
  }
  return "The receiving server returned the mail as undeliverable.";
}
