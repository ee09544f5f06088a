import { test } from "@playwright/test";
import { expectAccessible } from "./accessibility";
import { gotoReady, readFixtures } from "./fixtures";

// The pages people see without an account, checked by axe-core: sign-in, password reset,
// the public support form, a customer's ticket link, the privacy pages and the API reference.

const publicPages = ["/login", "/forgot-password", "/w/demo/support", "/w/demo/privacy", "/privacy", "/developers"];

for (const path of publicPages) {
  test(`axe finds no serious problem on ${path}`, async ({ page }) => {
    await gotoReady(page, path);
    await expectAccessible(page);
  });
}

test("axe finds no serious problem on a customer's ticket page", async ({ page }) => {
  const { memoryTicketToken } = readFixtures();
  await gotoReady(page, `/w/demo/t/${memoryTicketToken}`);
  await expectAccessible(page);
});
