import { expect, type Page, test } from "@playwright/test";
import { demo, gotoReady } from "./fixtures";

async function signInFrom(page: Page, loginUrl: string) {
  await gotoReady(page, loginUrl);
  await page.getByLabel("Email").fill(demo.agent.email);
  await page.getByLabel("Password").fill(demo.agent.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Inbox" })).toBeVisible();
}

test("a callback that a browser reads as another host lands in the inbox instead", async ({ page, baseURL }) => {
  // `/\evil.example` passes a "starts with / but not //" check; browsers read it as //evil.example.
  await signInFrom(page, "/login?callbackUrl=%2F%5Cevil.example");
  expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  expect(new URL(page.url()).pathname).toBe("/inbox");
});

test("a callback to one of our own pages is followed, query included", async ({ page }) => {
  await signInFrom(page, `/login?callbackUrl=${encodeURIComponent("/inbox?view=mine")}`);
  await expect(page).toHaveURL(/\/inbox\?view=mine$/);
});
