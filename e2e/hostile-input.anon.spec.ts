import { expect, type Page, test } from "@playwright/test";
import { gotoReady, storageState } from "./fixtures";

// What a hostile visitor types on the public support form, end to end in Chromium: it is
// refused with a field error or stored and shown as text, the console's pages keep
// working (hole: a ciphertext-looking name used to break the inbox for everyone), and no
// script in it runs, on the public pages or in the agent's console.

const marker = `hostile${Date.now()}`;
const payload = {
  name: `enc:v1:deadbeef:AAAA<img src=x onerror="window.__pwned='name'">`,
  subject: `${marker} <script>window.__pwned='subject'</script> '); DROP TABLE tickets;--`,
  message: `enc:v1:00000000:${"A".repeat(40)}\n<svg onload="window.__pwned='message'"></svg> {{7*7}} \${7*7}`,
};

async function watchForScripts(page: Page): Promise<string[]> {
  const ran: string[] = [];
  page.on("dialog", (dialog) => {
    ran.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.addInitScript(() => {
    Object.defineProperty(window, "__pwned", { set: (value) => console.error(`PWNED ${value}`), configurable: true });
  });
  page.on("console", (message) => {
    if (message.text().startsWith("PWNED")) ran.push(message.text());
  });
  return ran;
}

test("hostile values on the support form are refused or shown as text, and no script runs anywhere", async ({ browser }) => {
  // Several browser contexts and sign-ins in one story: more than the default 30 s on a busy machine.
  test.setTimeout(120_000);
  // A client of its own (limits are per address; the e2e server trusts loopback's X-Forwarded-For).
  const visitor = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "192.0.2.41" } });
  const page = await visitor.newPage();
  const ran = await watchForScripts(page);
  await gotoReady(page, "/w/demo/support");

  // Refused with a clear field error, nothing sent: a 100 KB name, control characters, a direction override.
  await page.getByLabel("Your name").fill("x".repeat(100_000));
  await page.getByLabel("Email").fill("hostile@example.net");
  await page.getByLabel("Subject").fill("Invoice \u202Egnp.exe");
  await page.getByLabel("What happened?").fill("bell \u0007 in the middle of a message");
  await page.getByRole("button", { name: "Send request" }).click();
  await expect(page.locator("#name-error")).toBeVisible();
  await expect(page.locator("#subject-error")).toHaveText("Remove the invisible direction marks from this text.");
  await expect(page.locator("#message-error")).toHaveText("Remove the invisible control characters from this text.");
  await expect(page.getByRole("status")).toHaveCount(0);
  // Nothing typed is lost to a refusal.
  await expect(page.getByLabel("Email")).toHaveValue("hostile@example.net");
  await expect(page.getByLabel("What happened?")).toHaveValue("bell \u0007 in the middle of a message");

  // Accepted: markup, SQL and our own ciphertext format are just text.
  await page.getByLabel("Your name").fill(payload.name);
  await page.getByLabel("Subject").fill(payload.subject);
  await page.getByLabel("What happened?").fill(payload.message);
  await page.getByRole("button", { name: "Send request" }).click();
  await expect(page.getByRole("status")).toContainText(/Request #\d+ received/);
  await page.getByRole("link", { name: /Follow request/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("DROP TABLE tickets");
  await expect(page.getByRole("list", { name: "Conversation" })).toContainText("<svg onload=");
  await visitor.close();

  // The agent's console: the inbox lists it with the name as typed, and the ticket page shows it as text.
  const agent = await browser.newContext({ storageState: storageState.agent });
  const console = await agent.newPage();
  const ranInConsole = await watchForScripts(console);
  await gotoReady(console, `/inbox?view=all&q=${encodeURIComponent(marker)}`);
  const row = console.getByRole("row").filter({ hasText: marker });
  await expect(row).toContainText("enc:v1:deadbeef:AAAA<img src=x");
  await row.getByRole("link").first().click();
  await expect(console.getByRole("heading", { level: 1 })).toContainText("<script>window.__pwned='subject'</script>");
  await expect(console.getByText(/enc:v1:00000000:A+/).first()).toBeVisible();
  await agent.close();

  expect(ran).toEqual([]);
  expect(ranInConsole).toEqual([]);
});
