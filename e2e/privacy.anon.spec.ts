import fs from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { gotoReady, readFixtures } from "./fixtures";
import { logInAsAdmin } from "./staff-helpers";

// A customer downloads and then erases their data on the privacy page, proving their address
// with a code that the demo admin reads from the outbox (no mail server in the e2e console).
// The customer is seeded for this spec alone (scripts/e2e-seed.ts, fixtures.privacy).
const privacy = () => readFixtures().privacy;

/** The newest code mailed to the address, as the admin sees it in the outbox. */
async function readCode(admin: Page, email: string): Promise<string> {
  await gotoReady(admin, `/outbox?to=${encodeURIComponent(email)}`);
  await expect(admin.getByRole("heading", { name: "Outbox", level: 1 })).toBeVisible();
  const mail = admin
    .getByRole("article")
    .filter({ hasText: `To: ${email}` })
    .first();
  await expect(mail.getByRole("heading")).toHaveText("Your Lumio Home Support privacy code");
  const code = /\b(\d{6})\b/.exec((await mail.textContent()) ?? "")?.[1];
  expect(code).toBeDefined();
  return code!;
}

async function askForCode(page: Page, email: string) {
  await gotoReady(page, "/w/demo/privacy");
  await expect(page.getByRole("heading", { name: "Your data", level: 1 })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send code" }).click();
  const status = page.getByRole("status");
  await expect(status).toContainText("We sent a 6-digit code to");
  return (await status.textContent())!.replace(email, "<address>");
}

/** The parts of the downloaded file these tests read (lib/privacy/export.ts has all of it). */
type DownloadedData = { summary: string; tickets: Array<{ messages: Array<{ from: string; body: string }> }> };

async function download(page: Page): Promise<DownloadedData> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download my data" }).click()]);
  expect(file.suggestedFilename()).toMatch(/^my-data-demo-\d{4}-\d{2}-\d{2}\.json$/);
  return JSON.parse(fs.readFileSync(await file.path(), "utf8")) as DownloadedData;
}

test("an address we know and one we do not get the same answer", async ({ page }) => {
  // /privacy asks which company when there are several workspaces (demo and rival here).
  await gotoReady(page, "/privacy");
  await page.getByLabel("Company").fill("demo");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/w\/demo\/privacy$/);

  const unknown = await askForCode(page, "nobody.at.all@example.net");
  const known = await askForCode(page, "morgan.lee@example.com");
  expect(known).toBe(unknown);
  expect(known).toBe("We sent a 6-digit code to <address>. It expires in 15 minutes.");
});

test("a customer downloads their data, erases it with a receipt, and nothing is held afterwards", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const customer = privacy();
  const admin = await logInAsAdmin(browser);

  await askForCode(page, customer.email);
  const code = await readCode(admin, customer.email);
  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
  await page.getByLabel("Code").fill(wrong);
  await page.getByRole("button", { name: "Verify code" }).click();
  await expect(page.getByText("That code is not right. 4 tries left.")).toBeVisible();
  await page.getByLabel("Code").fill(code);
  await page.getByRole("button", { name: "Verify code" }).click();

  const held = page.getByRole("region", { name: `What we hold about ${customer.email}` });
  await expect(held).toContainText("1 customer profile");
  await expect(held).toContainText("1 ticket");

  const data = await download(page);
  expect(data).toMatchObject({ held: true, email: customer.email, profile: { name: customer.name, email: customer.email } });
  expect(data.summary).toContain("1 ticket");
  expect(data.tickets[0]?.messages[0]).toMatchObject({ from: "you" });
  expect(data.tickets[0]?.messages[0]?.body).toContain(customer.phrase);

  await page.getByRole("button", { name: "Erase my data" }).click();
  const confirm = page.getByRole("region", { name: `Erase everything about ${customer.email}?` });
  await expect(confirm).toContainText("This permanently deletes:");
  await expect(confirm.getByRole("listitem").filter({ hasText: "1 ticket" })).toBeVisible();
  await confirm.getByRole("button", { name: "Yes, erase everything" }).click();

  const receipt = page.getByRole("status").filter({ hasText: "Your data has been erased" });
  await expect(receipt).toBeVisible({ timeout: 30_000 });
  await expect(receipt.getByRole("list", { name: "Erased" })).toContainText("1 ticket deleted");
  const requestId = (await receipt.getByText(/^[0-9a-f]{8}-[0-9a-f-]{27}$/).textContent())!.trim();

  // The receipt is in the outbox, addressed to a masked address; nothing else to them is left.
  await gotoReady(admin, "/outbox");
  const mailed = admin.getByRole("article").filter({ hasText: requestId });
  await expect(mailed.getByRole("heading")).toHaveText("Your Lumio Home Support data has been erased");
  await expect(mailed).toContainText("To: s•••@e•••.net");
  await expect(mailed).not.toContainText(customer.email);
  await gotoReady(admin, `/outbox?to=${encodeURIComponent(customer.email)}`);
  await expect(admin.getByText("No mail to that recipient.")).toBeVisible();
  // Their ticket is gone from the console.
  await gotoReady(admin, `/tickets/${customer.ticketId}`);
  await expect(admin.getByRole("heading", { name: "Ticket not found" })).toBeVisible();

  // Asked again, the page holds nothing for the address (and says it was erased).
  await askForCode(page, customer.email);
  await page.getByLabel("Code").fill(await readCode(admin, customer.email));
  await page.getByRole("button", { name: "Verify code" }).click();
  await expect(page.getByText("Lumio Home Support holds no personal data for this address.")).toBeVisible();
  const after = await download(page);
  expect(after).toMatchObject({ held: false, profile: null, tickets: [], erasures: [{ requestId }] });
  expect(JSON.stringify(after)).not.toContain(customer.phrase);
});
