import { describe, expect, it } from "vitest";
import { parseImapUrl } from "./imap-url";

describe("parseImapUrl", () => {
  it("reads host, port, TLS, the percent-decoded login and the mailbox (INBOX by default)", () => {
    expect(parseImapUrl("imaps://support%40acme.example:p%40ss%3Aword@imap.acme.example")).toEqual({
      host: "imap.acme.example",
      port: 993,
      secure: true,
      user: "support@acme.example",
      password: "p@ss:word",
      mailbox: "INBOX",
    });
    expect(parseImapUrl("imap://u:p@127.0.0.1:1143/Support%2FInbound")).toMatchObject({
      host: "127.0.0.1",
      port: 1143,
      secure: false,
      mailbox: "Support/Inbound",
    });
    expect(parseImapUrl("imap://u:p@[::1]/")).toMatchObject({ host: "::1", port: 143, mailbox: "INBOX" });
  });

  it("refuses another scheme, a missing login or a bad escape, saying what is wrong", () => {
    expect(() => parseImapUrl("https://u:p@imap.acme.example")).toThrow("must start with imap:// or imaps://");
    expect(() => parseImapUrl("imaps://imap.acme.example/INBOX")).toThrow(/must include the user and password/);
    expect(() => parseImapUrl("imaps://u@imap.acme.example")).toThrow(/must include the user and password/);
    expect(() => parseImapUrl("imaps://u:%E0%A4%A@imap.acme.example")).toThrow(/percent-encoded password/);
    expect(() => parseImapUrl("not a url")).toThrow(/must be a URL/);
  });
});
