import { randomUUID } from "node:crypto";

// Mail as a provider's hook delivers it, for the inbound and attachment tests.

/** The smallest file file-type reads as a PDF. */
export const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n");

/** A multipart mail from `from` with a text part and `files` as attachments. */
export function mailWithFiles(
  from: string,
  files: Array<{ name: string; type: string; bytes: Buffer }>,
  text: { subject: string; body: string } = {
    subject: "Invoice and screenshot",
    body: "The invoice is attached, and a screenshot of the error.",
  },
): Buffer {
  const parts = files.flatMap((file) => [
    "--b1",
    `Content-Type: ${file.type}; name="${file.name}"`,
    `Content-Disposition: attachment; filename="${file.name}"`,
    "Content-Transfer-Encoding: base64",
    "",
    file.bytes.toString("base64"),
  ]);
  return Buffer.from(
    [
      `From: ${from}`,
      "To: help@acme.example",
      `Subject: ${text.subject}`,
      `Message-ID: <${randomUUID()}@mail.customer.example>`,
      "MIME-Version: 1.0",
      'Content-Type: multipart/mixed; boundary="b1"',
      "",
      "--b1",
      "Content-Type: text/plain; charset=utf-8",
      "",
      text.body,
      ...parts,
      "--b1--",
      "",
    ].join("\r\n"),
  );
}

/** Sets (or with undefined, removes) a variable the app reads, and drops the parsed environment so the next env() sees it. */
export function setAppEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
  delete (globalThis as { __appEnv?: unknown }).__appEnv;
}
