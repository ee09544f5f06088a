import { describe, expect, it } from "vitest";
import {
  findReplyToken,
  messageIds,
  newReplyToken,
  replyAddress,
  replyHtml,
  replySubject,
  replyText,
  stripSubjectPrefixes,
} from "./compose";

describe("reply addressing", () => {
  it("makes tokens of 16 base32 letters, different each time", () => {
    const tokens = new Set(Array.from({ length: 200 }, newReplyToken));
    expect(tokens.size).toBe(200);
    for (const token of tokens) expect(token).toMatch(/^[a-z2-7]{16}$/);
  });

  it("puts the token in a plus address, replacing a tag the support address had", () => {
    expect(replyAddress("support@acme.example", "abcdefghijklmnop")).toBe("support+t-abcdefghijklmnop@acme.example");
    expect(replyAddress("help+eu@acme.example", "abcdefghijklmnop")).toBe("help+t-abcdefghijklmnop@acme.example");
  });

  it("keeps one Re: and one reference however often a subject goes back and forth", () => {
    const once = replySubject("Router drops Wi-Fi", "abcdefghijklmnop");
    expect(once).toBe("Re: Router drops Wi-Fi [ref:abcdefghijklmnop]");
    expect(replySubject(`RE: AW: ${once}`, "abcdefghijklmnop")).toBe(once);
    expect(replySubject("   ", "abcdefghijklmnop")).toBe("Re: Your request [ref:abcdefghijklmnop]");
    expect(stripSubjectPrefixes("Fwd: Re:  Printer   jam")).toBe("Printer jam");
  });

  it("finds the token in a recipient first, then in the subject; nothing that only looks like one", () => {
    const token = "abcdefghijklmnop";
    expect(findReplyToken({ recipients: ["Support <support+t-abcdefghijklmnop@acme.example>"], subject: "" })).toBe(token);
    expect(findReplyToken({ recipients: ["support@acme.example"], subject: "Re: x [REF:ABCDEFGHIJKLMNOP]" })).toBe(token);
    expect(findReplyToken({ recipients: ["support+t-short@acme.example"], subject: "[ref:abc]" })).toBeNull();
    expect(findReplyToken({ recipients: ["support+t-abcdefghijklmn01@acme.example"], subject: "" })).toBeNull();
  });

  it("reads Message-ID lists in the shapes mail programs write them", () => {
    expect(messageIds("<a@x> <b@y>\r\n <c@z>")).toEqual(["<a@x>", "<b@y>", "<c@z>"]);
    expect(messageIds(["<a@x>", "b@y"])).toEqual(["<a@x>", "<b@y>"]);
    expect(messageIds(undefined)).toEqual([]);
    expect(messageIds(Array.from({ length: 80 }, (_, i) => `<m${i}@x>`)).length).toBe(50);
  });
});

describe("reply content", () => {
  const content = {
    body: 'Try <b>this</b> & "that".\n\nThen restart.',
    signature: "Dana\nAcme Support",
    ticketNumber: 42,
    ticketUrl: "https://desk.example/w/acme/t/tok?x=1&y=2",
  };

  it("writes the text with the signature after the standard delimiter and the link last", () => {
    const text = replyText(content);
    expect(text).toContain('Try <b>this</b> & "that".');
    expect(text).toContain("-- \nDana\nAcme Support");
    expect(text.trim().endsWith("https://desk.example/w/acme/t/tok?x=1&y=2")).toBe(true);
  });

  it("escapes everything typed in the HTML part", () => {
    const html = replyHtml(content);
    expect(html).not.toContain("<b>this</b>");
    expect(html).toContain("Try &lt;b&gt;this&lt;/b&gt; &amp; &quot;that&quot;.");
    expect(html).toContain('href="https://desk.example/w/acme/t/tok?x=1&amp;y=2"');
    expect(html).toContain("Dana<br>Acme Support");
  });
});
