// IMAP_URL, as lib/env.ts checks it and the mailbox poller connects with it:
// imap[s]://user:password@host[:port][/Mailbox]. User and password are percent-decoded (an
// address as user name is written support%40example.com); the mailbox defaults to INBOX.
// Pure, so env parsing can use it without touching the network.

export interface ImapTarget {
  host: string;
  port: number;
  /** imaps:// (TLS from the first byte, port 993); imap:// upgrades with STARTTLS when the server offers it. */
  secure: boolean;
  user: string;
  password: string;
  mailbox: string;
}

export class ImapUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImapUrlError";
  }
}

function decode(part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new ImapUrlError(`has a badly percent-encoded ${what}`);
  }
}

export function parseImapUrl(value: string): ImapTarget {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ImapUrlError("must be a URL like imaps://user:password@imap.example.com/INBOX");
  }
  if (url.protocol !== "imap:" && url.protocol !== "imaps:") throw new ImapUrlError("must start with imap:// or imaps://");
  if (!url.hostname) throw new ImapUrlError("has no host");
  if (!url.username || !url.password)
    throw new ImapUrlError("must include the user and password (imaps://user:password@host/INBOX; percent-encode @ and : in them)");
  const secure = url.protocol === "imaps:";
  const mailbox = decode(url.pathname.replace(/^\/+/, ""), "mailbox") || "INBOX";
  return {
    // URL keeps the brackets of an IPv6 literal; the socket wants the bare address.
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: url.port ? Number(url.port) : secure ? 993 : 143,
    secure,
    user: decode(url.username, "user"),
    password: decode(url.password, "password"),
    mailbox,
  };
}
