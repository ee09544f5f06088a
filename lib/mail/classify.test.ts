import { describe, expect, it } from "vitest";
import { bouncedMessageIds, bounceReason, classifyInbound, newPartOf } from "./classify";

function headers(values: Record<string, string | undefined>) {
  return (name: string) => values[name];
}

describe("classifyInbound", () => {
  const base = { from: "anna@customer.example", subject: "Printer jam" };

  it("takes mail through a group address (List-Id, Precedence: list) as mail", () => {
    expect(classifyInbound({ ...base, header: headers({ "list-id": "<support.acme.example>", precedence: "list" }) })).toEqual({
      kind: "mail",
    });
  });

  it("takes an ordinary mail as mail", () => {
    expect(classifyInbound({ ...base, header: headers({ "content-type": "text/plain; charset=utf-8", "auto-submitted": "no" }) })).toEqual({
      kind: "mail",
    });
  });

  it("recognises automatic replies by their headers and subjects", () => {
    for (const values of [
      { "auto-submitted": "auto-replied" },
      { "auto-submitted": "auto-generated" },
      { precedence: "bulk" },
      { precedence: "junk" },
      { "x-autoreply": "yes" },
    ])
      expect(classifyInbound({ ...base, header: headers(values) }).kind).toBe("auto_reply");
    for (const subject of ["Automatic reply: Printer jam", "Out of Office: back Monday", "AutoReply", "Réponse automatique"])
      expect(classifyInbound({ ...base, subject, header: headers({}) }).kind).toBe("auto_reply");
  });

  it("recognises bounces by their report type or sender", () => {
    expect(
      classifyInbound({ ...base, header: headers({ "content-type": "multipart/report; report-type=delivery-status; boundary=x" }) }).kind,
    ).toBe("bounce");
    expect(classifyInbound({ from: "MAILER-DAEMON@mx.example", subject: "Undelivered Mail", header: headers({}) }).kind).toBe("bounce");
    // A disposition notification (a read receipt) is a report too, but not a bounce.
    expect(
      classifyInbound({ ...base, header: headers({ "content-type": "multipart/report; report-type=disposition-notification" }) }).kind,
    ).toBe("mail");
  });
});

describe("newPartOf", () => {
  it("cuts quoted history and the signature", () => {
    const text =
      "It works now, thanks!\n\n-- \nAnna\nACME\n\nOn Tue, Dec 1, 2026 at 10:00 AM Support <support@x.example> wrote:\n> Try restarting\n> the router";
    expect(newPartOf(text)).toBe("It works now, thanks!");
  });

  it("keeps a mail that is all quote whole, and normalises line ends", () => {
    expect(newPartOf("> only a quote\r\n> here")).toBe("> only a quote\n> here");
    expect(newPartOf("   ")).toBe("");
  });
});

describe("bounce reports", () => {
  const report = [
    "Reporting-MTA: dns; mx.customer.example\n\nFinal-Recipient: rfc822; gone@customer.example\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 <gone@customer.example>:\n  Recipient address rejected: User unknown",
    "Message-ID: <11111111-2222-3333-4444-555555555555@acme.example>\nSubject: Re: Printer jam",
  ];

  it("names the Message-ID of the mail that bounced and the server's reason", () => {
    expect(bouncedMessageIds(report)).toEqual(["<11111111-2222-3333-4444-555555555555@acme.example>"]);
    expect(bounceReason(report)).toBe("smtp; 550 5.1.1 <gone@customer.example>: Recipient address rejected: User unknown");
    expect(bounceReason(["Status: 4.4.7"])).toBe("Delivery status 4.4.7");
  });
});
