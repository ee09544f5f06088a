import { expect, type Page, test } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import { gotoReady, readFixtures } from "./fixtures";

// A fresh agent turns on two-factor sign-in by reading the secret from the setup page (as
// someone typing it into their app would), then signs in with a code computed here by the
// same RFC 6238 rules, and with a recovery code, which works once.

/** The code an authenticator app shows, `steps` 30-second steps from now. */
function codeAt(secret: string, steps = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 }).generate({
    timestamp: Date.now() + steps * 30_000,
  });
}

async function signIn(page: Page, account: { email: string; password: string }, code: string): Promise<void> {
  await gotoReady(page, "/login");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // The password was right: the form now asks for the second factor.
  const codeField = page.getByLabel("Two-factor code");
  await expect(codeField).toBeVisible();
  await codeField.fill(code);
  await page.getByRole("button", { name: "Verify code" }).click();
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
}

test("an agent turns on two-factor sign-in, then signs in with a code and with a recovery code once", async ({ page }) => {
  // Enrolment and four sign-ins, each a bcrypt check: more than the default 30 s on a busy machine.
  test.setTimeout(90_000);
  const { twoFactor: account } = readFixtures();
  await gotoReady(page, "/login");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Inbox" })).toBeVisible();

  await page.getByRole("link", { name: "Security" }).click();
  await expect(page.getByRole("heading", { name: "Two-factor sign-in" })).toBeVisible();
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();

  // The QR code is drawn on the server and shown as a data: image the page's CSP allows.
  const qr = page.getByRole("img", { name: /QR code/ });
  await expect(qr).toBeVisible();
  await expect.poll(() => qr.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)).toBe(true);
  const secret = ((await page.locator("#totp-secret").textContent()) ?? "").replace(/\s/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);

  // A wrong code does not turn it on.
  const confirm = page.getByLabel("Code from the app");
  await confirm.fill(codeAt(secret, -3));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByText("That code does not match.")).toBeVisible();

  await confirm.fill(codeAt(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Two-factor sign-in is on." })).toBeVisible();
  const recoveryCodes = await page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem").allTextContents();
  expect(recoveryCodes).toHaveLength(10);
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByText("Recovery codes left:")).toContainText(/Recovery codes left: 10\b/);

  // The password alone no longer signs in; with the app's code it does. The enrolment used
  // this step's code and a code is accepted once, so take the next step's (within ±1).
  await signOut(page);
  await signIn(page, account, codeAt(secret, 1));
  await expect(page.getByRole("heading", { name: "Inbox" })).toBeVisible();

  // A recovery code in place of the app's code, once.
  await signOut(page);
  await signIn(page, account, recoveryCodes[0]!);
  await expect(page.getByRole("heading", { name: "Inbox" })).toBeVisible();
  await signOut(page);
  await signIn(page, account, recoveryCodes[0]!);
  await expect(page.getByRole("alert").filter({ hasText: "That code is wrong or was already used." })).toBeVisible();
  await gotoReady(page, "/inbox");
  await expect(page).toHaveURL(/\/login/);

  // Another one still works, and the security page counts what is left.
  await signIn(page, account, recoveryCodes[1]!);
  await expect(page.getByRole("heading", { name: "Inbox" })).toBeVisible();
  await gotoReady(page, "/profile/security");
  await expect(page.getByText("Recovery codes left:")).toContainText(/Recovery codes left: 8\b/);
});
