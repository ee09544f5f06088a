import { test } from "@playwright/test";
import { expectAccessible } from "./accessibility";
import { gotoReady, readFixtures } from "./fixtures";

// Every page of the console, checked by axe-core on purpose (gotoReady checks each kind of
// page once anyway; this makes sure none is missed). Serious and critical violations fail.

const consolePages = [
  "/inbox",
  "/inbox?view=mine",
  "/knowledge",
  "/knowledge/new",
  "/knowledge/review",
  "/metrics",
  "/audit",
  "/outbox",
  "/jobs",
  "/settings",
  "/settings/retention",
  "/profile",
  "/profile/security",
  "/profile/sessions",
];

for (const path of consolePages) {
  test(`axe finds no serious problem on ${path}`, async ({ page }) => {
    await gotoReady(page, path);
    await expectAccessible(page);
  });
}

test("axe finds no serious problem on a ticket page and a customer page", async ({ page }) => {
  const { demoTicketId } = readFixtures();
  await gotoReady(page, `/tickets/${demoTicketId}`);
  await expectAccessible(page);
  await page.getByRole("complementary", { name: "Customer" }).getByRole("link").first().click();
  await page.waitForURL(/\/customers\//);
  await page.locator('html[data-hydrated="true"]').waitFor({ state: "attached" });
  await expectAccessible(page);
});
