import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { demo, gotoReady, storageState } from "./fixtures";

// Issue 14, email as a channel, as a team would use it: the admin sets the support address
// and turns mailed replies on (to the outbox: no SMTP here), makes the inbound secret; a
// customer's mail arrives through the inbound hook as a ticket; the admin answers with a
// canned reply and a file while a colleague has the ticket open (each sees the other), the
// colleague's crossing reply is held with a warning; the customer's emailed answer, which
// carries the reply address of our mail, appears in the thread without a reload.

const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n");

function rawMail(fields: { from: string; to: string; subject: string; body: string }): string {
  return [
    `From: ${fields.from}`,
    `To: ${fields.to}`,
    `Subject: ${fields.subject}`,
    `Message-ID: <${randomUUID()}@mail.example.org>`,
    `Date: ${new Date().toUTCString()}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    fields.body,
  ].join("\r\n");
}

test("a mailed ticket is answered with a canned reply and a file, a colleague is warned, the emailed answer threads in live", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const suffix = Date.now().toString(36);
  const customer = `nora.${suffix}@example.org`;

  await gotoReady(page, "/settings");
  const mail = page.getByRole("region", { name: "Email" });
  await mail.getByLabel("Support address").fill("not an address");
  await mail.getByRole("button", { name: "Save email settings" }).click();
  await expect(mail.getByLabel("Support address")).toHaveAccessibleDescription(/valid email address/);
  await mail.getByLabel("Support address").fill("help@lumio.example");
  await mail.getByLabel("Mail agents' replies to customers").selectOption("on");
  await mail.getByRole("button", { name: "Save email settings" }).click();
  await expect(mail.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await mail.getByRole("button", { name: /inbound secret/ }).click();
  const secret = (await mail.locator("#mail-inbound-secret").textContent())!.trim();
  expect(secret).toMatch(/^rdin_/);

  try {
    const inbound = (body: string) =>
      page.request.post("/api/v1/inbound/email", {
        headers: { authorization: `Bearer ${secret}`, "content-type": "message/rfc822" },
        data: body,
      });
    const opened = await inbound(
      rawMail({
        from: `Nora Lind <${customer}>`,
        to: "help@lumio.example",
        subject: `Hub setup ${suffix}`,
        body: "How do I pair the Lumio hub?",
      }),
    );
    expect(opened.status()).toBe(200);
    const { status, ticketId } = (await opened.json()) as { status: string; ticketId: string };
    expect(status).toBe("created");

    await gotoReady(page, "/macros");
    const macroForm = page.getByRole("region", { name: "New canned reply" });
    await macroForm.getByLabel("Name").fill(`Pairing guide ${suffix}`);
    await macroForm.getByLabel("Text").fill("Hi {{customer.firstName}}, the pairing guide is attached.");
    await macroForm.getByRole("button", { name: "Create canned reply" }).click();
    await expect(
      page.getByRole("table", { name: "Canned replies" }).getByRole("link", { name: `Pairing guide ${suffix}`, exact: true }),
    ).toBeVisible();

    // A colleague opens the same ticket: each sees the other.
    const colleagueContext = await browser.newContext({ storageState: storageState.agent });
    const colleague = await colleagueContext.newPage();
    await gotoReady(colleague, `/tickets/${ticketId}`);
    await gotoReady(page, `/tickets/${ticketId}`);
    await expect(page.getByRole("status", { name: "Others on this ticket" })).toContainText(`${demo.agent.name} is viewing this ticket`, {
      timeout: 20_000,
    });
    await colleague.getByRole("textbox", { name: "Reply" }).fill("Also try holding the pair button for five seconds.");
    await expect(colleague.getByRole("status", { name: "Others on this ticket" })).toContainText(demo.admin.name, { timeout: 20_000 });

    const reply = page.getByRole("textbox", { name: "Reply" });
    await reply.click();
    await page.keyboard.type(`/pairing guide ${suffix}`);
    await page.keyboard.press("Enter");
    await expect(reply).toHaveValue("Hi Nora, the pairing guide is attached.");
    await page.getByLabel("Attach files").setInputFiles({ name: "pairing-guide.pdf", mimeType: "application/pdf", buffer: PDF });
    await page.getByRole("button", { name: "Send", exact: true }).click();
    const conversation = page.getByRole("list", { name: "Conversation" });
    const sent = conversation.getByRole("listitem").filter({ hasText: "the pairing guide is attached" });
    await expect(sent).toBeVisible();
    await expect(sent.getByRole("link", { name: /pairing-guide\.pdf/ })).toBeVisible();
    await expect(sent.getByTestId("mail-state")).toContainText("Mail in outbox", { timeout: 20_000 });

    // The colleague started before that reply: their send is held once, with who answered.
    await colleague.getByRole("button", { name: "Send", exact: true }).click();
    await expect(colleague.getByText(new RegExp(`${demo.admin.name} replied`))).toBeVisible();
    await expect(colleague.getByRole("textbox", { name: "Reply" })).toHaveValue("Also try holding the pair button for five seconds.");
    await colleague.getByRole("button", { name: "Send anyway" }).click();
    await expect(colleague.getByRole("list", { name: "Conversation" }).getByRole("listitem").last()).toContainText(
      "pair button for five seconds",
    );
    await colleagueContext.close();

    // The mail as the customer got it (the outbox, no SMTP here) names the ticket's reply address token.
    await gotoReady(page, `/outbox?to=${encodeURIComponent(customer)}`);
    const subjects = await page.getByText(/\[ref:[a-z2-7]{16}\]/).allTextContents();
    const token = /\[ref:([a-z2-7]{16})\]/.exec(subjects.join(" "))?.[1];
    expect(token).toBeTruthy();

    await gotoReady(page, `/tickets/${ticketId}`);
    const answered = await inbound(
      rawMail({
        from: customer,
        to: `help+t-${token}@lumio.example`,
        subject: `Re: Hub setup ${suffix} [ref:${token}]`,
        body: "Paired, thank you!\n\nOn Wed, Dec 2, 2026 Lumio <help@lumio.example> wrote:\n> Hi Nora, the pairing guide is attached.",
      }),
    );
    expect(((await answered.json()) as { status: string }).status).toBe("threaded");
    // No reload: the page follows the ticket by itself.
    const answer = conversation.getByRole("listitem").filter({ hasText: "Paired, thank you!" });
    await expect(answer).toBeVisible({ timeout: 30_000 });
    await expect(answer).toContainText("By email");
    // Only the new part is the message; the quote waits behind "Show the whole mail".
    await expect(answer.getByText("Paired, thank you!", { exact: true })).toBeVisible();
    await expect(answer.getByText("> Hi Nora, the pairing guide is attached.")).toBeHidden();
    await answer.getByText("Show the whole mail").click();
    await expect(answer.getByText(/> Hi Nora, the pairing guide is attached\./)).toBeVisible();
  } finally {
    // Other specs share the demo workspace: replies stop being mailed again.
    await gotoReady(page, "/settings");
    await page.getByRole("region", { name: "Email" }).getByLabel("Mail agents' replies to customers").selectOption("default");
    await page.getByRole("region", { name: "Email" }).getByRole("button", { name: "Save email settings" }).click();
    await expect(page.getByRole("region", { name: "Email" }).getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  }
});
