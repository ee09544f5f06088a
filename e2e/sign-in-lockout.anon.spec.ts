import { expect, test } from "@playwright/test";
import { gotoReady, readFixtures, storageState } from "./fixtures";

// An account is locked after 10 failed sign-ins whatever the address, the user is told so,
// and an admin sees the lockout in Settings and lifts it.

test("ten wrong passwords lock the account, even from many addresses; an admin unlocks it", async ({ browser }) => {
  // Several browser contexts and sign-ins in one story: more than the default 30 s on a busy machine.
  test.setTimeout(240_000);
  const { lockout } = readFixtures();
  // Each guess from another address (a botnet): the account's own count still locks it.
  for (let guess = 0; guess < 10; guess += 1) {
    const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": `203.0.113.${guess + 10}` } });
    const page = await context.newPage();
    await gotoReady(page, "/login");
    await page.getByLabel("Email").fill(lockout.email);
    await page.getByLabel("Password").fill(`wrong-guess-${guess}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("#login-error")).toContainText(guess < 9 ? "Wrong email or password." : /Wrong email or password\.|locked/);
    await context.close();
  }

  const user = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "198.51.100.77" } });
  const page = await user.newPage();
  await gotoReady(page, "/login");
  await page.getByLabel("Email").fill(lockout.email);
  await page.getByLabel("Password").fill(lockout.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("#login-error")).toHaveText(
    "This account is locked after 10 failed sign-ins. Try again in 15 minutes, or ask an admin to unlock it.",
  );
  await gotoReady(page, "/inbox");
  await expect(page).toHaveURL(/\/login/);

  const admin = await browser.newContext({ storageState: storageState.admin });
  const settings = await admin.newPage();
  await gotoReady(settings, "/settings");
  const section = settings.getByRole("region", { name: "Locked accounts" });
  const row = section.getByRole("row").filter({ hasText: lockout.email });
  await expect(row).toContainText("10");
  await row.getByRole("button", { name: "Unlock" }).click();
  await expect(section.getByText("No account is locked.")).toBeVisible();
  await admin.close();

  await gotoReady(page, "/login");
  await page.getByLabel("Email").fill(lockout.email);
  await page.getByLabel("Password").fill(lockout.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Inbox" })).toBeVisible();
  await user.close();
});
