import { randomBytes } from "node:crypto";

// How a mail about a ticket is addressed and threaded, as pure functions. Each ticket gets a
// random reply token; it rides in the reply address (plus-addressing on the workspace's
// support address: support+t-<token>@example.com) and in the subject ([ref:<token>]) for
// mail systems that drop the plus part. The token is a secret of the mails we sent: an
// answer that carries it, from the ticket's customer, proves they received our mail.

const TOKEN_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
const TOKEN_LENGTH = 16;
const TOKEN = `[a-z2-7]{${TOKEN_LENGTH}}`;

/** 80 random bits in lower-case base32: survives mail systems that change letter case. */
export function newReplyToken(): string {
  const bytes = randomBytes(TOKEN_LENGTH);
  return Array.from(bytes, (byte) => TOKEN_ALPHABET[byte & 31]).join("");
}

/** support@example.com and a token → support+t-<token>@example.com (an existing +tag is replaced). */
export function replyAddress(supportAddress: string, token: string): string {
  const at = supportAddress.lastIndexOf("@");
  const local = supportAddress.slice(0, at).split("+")[0];
  return `${local}+t-${token}@${supportAddress.slice(at + 1)}`;
}

/** "Re: <subject> [ref:<token>]", without stacking "Re:" or the reference. */
export function replySubject(subject: string, token: string): string {
  const bare = stripSubjectPrefixes(subject.replace(new RegExp(`\\s*\\[ref:${TOKEN}\\]`, "gi"), "")) || "Your request";
  return `Re: ${bare} [ref:${token}]`;
}

/** "RE: Fwd: AW: subject" → "subject" (the prefixes of common mail programs and languages). */
export function stripSubjectPrefixes(subject: string): string {
  return subject
    .replace(/^(\s*(re|fw|fwd|aw|wg|sv|vs|tr|rv|antw)(\[\d+\])?\s*:\s*)+/i, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** The reply token an answer carries: in a recipient's plus part first, else in the subject. */
export function findReplyToken({ recipients, subject }: { recipients: string[]; subject: string }): string | null {
  const inAddress = new RegExp(`\\+t-(${TOKEN})@`, "i");
  for (const recipient of recipients) {
    const match = inAddress.exec(recipient);
    if (match) return match[1]!.toLowerCase();
  }
  const inSubject = new RegExp(`\\[ref:(${TOKEN})\\]`, "i").exec(subject);
  return inSubject ? inSubject[1]!.toLowerCase() : null;
}

/** The Message-ID of one of our messages: its id at the support address's domain. */
export function messageIdFor(messageId: string, supportAddress: string): string {
  const domain = supportAddress.slice(supportAddress.lastIndexOf("@") + 1) || "recall-desk.invalid";
  return `<${messageId}@${domain}>`;
}

/** "<a@b> <c@d>" or a list of ids → ["<a@b>", "<c@d>"], each in angle brackets, at most `limit` (the newest). */
export function messageIds(value: string | string[] | undefined, limit = 50): string[] {
  const joined = Array.isArray(value) ? value.join(" ") : (value ?? "");
  const ids = [...joined.matchAll(/<([^<>\s]{1,250})>|([^<>\s,]{1,250}@[^<>\s,]{1,250})/g)].map((match) => `<${match[1] ?? match[2]}>`);
  return ids.slice(-limit);
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}

export interface ReplyContent {
  body: string;
  signature: string;
  ticketNumber: number;
  ticketUrl: string;
}

/** The plain text of a reply: the agent's words, the signature, and the link to the conversation. */
export function replyText({ body, signature, ticketNumber, ticketUrl }: ReplyContent): string {
  const parts = [body.trim()];
  if (signature.trim()) parts.push(`-- \n${signature.trim()}`);
  parts.push(`Ticket #${ticketNumber}: answer this mail, or follow the conversation at ${ticketUrl}`);
  return `${parts.join("\n\n")}\n`;
}

/** The same as simple HTML: every character the agent or customer typed is escaped. */
export function replyHtml({ body, signature, ticketNumber, ticketUrl }: ReplyContent): string {
  const paragraphs = body
    .trim()
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, "<br>")}</p>`);
  const sign = signature.trim() ? `<p style="color:#555">${escapeHtml(signature.trim()).replace(/\n/g, "<br>")}</p>` : "";
  const link = `<p style="color:#555;font-size:13px">Ticket #${ticketNumber}: answer this mail, or <a href="${escapeHtml(ticketUrl)}">follow the conversation</a>.</p>`;
  return `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">${paragraphs.join("")}${sign}${link}</body></html>`;
}
