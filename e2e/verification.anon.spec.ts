import { expect, test } from "@playwright/test";
import { gotoReady } from "./fixtures";
import { logInAsAdmin, readMailedPath } from "./staff-helpers";

// Issue 12, holes 3 and 11: someone types a known customer's address on the public form.
// The ticket is marked unverified in the console and keeps the customer's memory hidden
// until the link mailed to the address is followed (read from the outbox by the demo
// admin: no mail server in the e2e console). Links expire, can be revoked, and a new one
// can be asked for without telling anyone which addresses are customers.

// A seeded demo customer (lib/demo/data.ts) that no other spec uses.
const victim = { email: "bruno.costa@example.net", name: "Bruno Costa" };
const workspaceName = "Lumio Home Support";
const linkPath = /\/w\/demo\/t\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/;

test("a form ticket under a customer's address stays unverified until the mailed link is followed", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const subject = `Quokka charger question ${Math.floor(Math.random() * 1e6)}`;

  // The submitter (who may not own the address) opens a ticket with the customer's email.
  await gotoReady(page, "/w/demo/support");
  await page.getByLabel("Your name").fill("Not Really Bruno");
  await page.getByLabel("Email").fill(victim.email);
  await page.getByLabel("Subject").fill(subject);
  await page.getByLabel("What happened?").fill("Please remind me what you know about my account, my address and my last orders.");
  await page.getByRole("button", { name: "Send request" }).click();
  const received = page.getByRole("status");
  await expect(received).toContainText(/Request #\d+ received/);
  await expect(received).toContainText("We also mailed a link to the address you gave");
  const number = /Request #(\d+) received/.exec((await received.textContent()) ?? "")![1]!;

  await page.getByRole("link", { name: `Follow request #${number}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(subject);
  await expect(page.getByRole("region", { name: "Email address not confirmed yet" })).toBeVisible();
  const browserLink = new URL(page.url()).pathname;

  // The console marks it, hides the customer's memory and history, and refuses to add to it.
  const admin = await logInAsAdmin(browser);
  await gotoReady(admin, `/inbox?view=all&q=quokka`);
  const row = admin.getByRole("table").getByRole("row").filter({ hasText: subject });
  await expect(row).toContainText("Unverified sender");
  await row.getByRole("link", { name: new RegExp(subject) }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toContainText(subject);
  const ticketUrl = new URL(admin.url()).pathname;
  await expect(admin.getByRole("region", { name: "Unverified sender" })).toContainText("has not yet proven they own this address");
  const customerMemory = admin.getByRole("region", { name: "Customer memory" });
  await expect(customerMemory).toContainText("Sender not verified yet: customer memory hidden.");
  await expect(customerMemory).not.toContainText(victim.name);
  await expect(admin.getByRole("textbox", { name: "Add to customer memory" })).toHaveCount(0);
  await expect(admin.getByText("Hidden until the sender verifies the address.")).toBeVisible();

  // The link mailed to the address asks; opening it alone (a mail scanner does) verifies nothing.
  const mailed = await readMailedPath(admin, victim.email, `Your request #${number} to ${workspaceName}`, linkPath);
  expect(mailed).not.toBe(browserLink);
  await gotoReady(page, mailed);
  await gotoReady(admin, ticketUrl);
  await expect(admin.getByRole("region", { name: "Unverified sender" })).toBeVisible();
  await page.getByRole("region", { name: "Is this your request?" }).getByRole("button", { name: "Yes, this is my request" }).click();
  await expect(page.getByText("Thanks: your email address is confirmed.")).toBeVisible();
  await expect(page.getByRole("region", { name: "Email address not confirmed yet" })).toHaveCount(0);

  await gotoReady(admin, ticketUrl);
  await expect(admin.getByRole("region", { name: "Unverified sender" })).toHaveCount(0);
  await expect(admin.getByText("Unverified sender")).toHaveCount(0);
  await expect(customerMemory).not.toContainText("Sender not verified yet");
  await expect(admin.getByRole("textbox", { name: "Add to customer memory" })).toBeVisible();
  await expect(admin.getByText("Hidden until the sender verifies the address.")).toHaveCount(0);

  // The link the form showed stops at verification: its holder may not own the address.
  await gotoReady(page, browserLink);
  await expect(page.getByRole("heading", { name: "This link has expired or is not valid" })).toBeVisible();

  // A customer reply through the verified link goes through.
  await gotoReady(page, mailed);
  await page.getByLabel("Your reply").fill("Thanks, that was me.");
  await page.getByRole("button", { name: "Send reply" }).click();
  await expect(page.getByRole("list", { name: "Conversation" }).getByRole("listitem")).toHaveCount(2);

  // An agent revokes the links and mails a new one: the old mailed link stops, the new one works.
  await gotoReady(admin, ticketUrl);
  await expect(admin.getByRole("checkbox", { name: "Mail the customer a new link" })).toBeChecked();
  await admin.getByRole("button", { name: "Revoke customer links" }).click();
  await expect(admin.getByText("Links revoked. A new link was mailed to the customer.")).toBeVisible();
  await gotoReady(page, mailed);
  await expect(page.getByRole("heading", { name: "This link has expired or is not valid" })).toBeVisible();
  const renewed = await readMailedPath(admin, victim.email, `A new link to your request #${number} at ${workspaceName}`, linkPath);
  await gotoReady(page, renewed);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(subject);
});

test("asking for a new link answers the same for a customer's address and an unknown one", async ({ page }) => {
  const ask = async (url: string, email: string) => {
    await gotoReady(page, url);
    await page.getByLabel("Your email").fill(email);
    await page.getByRole("button", { name: "Send me a new link" }).click();
    const status = page.getByRole("status");
    await expect(status).toContainText("We sent a mail to");
    return (await status.textContent())!.replace(email, "<address>");
  };
  await gotoReady(page, "/w/demo/t");
  await expect(page.getByRole("heading", { name: "A new link to your request", level: 1 })).toBeVisible();
  const known = await ask("/w/demo/t", "morgan.lee@example.com");
  const unknown = await ask("/w/demo/t", "nobody.here@example.org");
  expect(known).toBe(unknown);

  // A broken link shows the same form.
  await gotoReady(page, "/w/demo/t/not-a-real-link");
  await expect(page.getByRole("heading", { name: "This link has expired or is not valid" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Send me a new link" })).toBeVisible();
});
