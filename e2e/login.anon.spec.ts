import { expect, test } from "@playwright/test";
import { demo, gotoReady } from "./fixtures";

test("a logged-out visit to the inbox lands on the login page", async ({ page }) => {
  await gotoReady(page, "/inbox");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});

test("a logged-out visit to a ticket lands on the login page", async ({ page }) => {
  await gotoReady(page, "/tickets/00000000-0000-4000-8000-000000000000");
  await expect(page).toHaveURL(/\/login/);
});

test("a wrong password gets a clear message and no session", async ({ page }) => {
  await gotoReady(page, "/login");
  await page.getByLabel("Email").fill(demo.agent.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();
  await gotoReady(page, "/inbox");
  await expect(page).toHaveURL(/\/login/);
});

test("signing in and out", async ({ page }) => {
  await gotoReady(page, "/login");
  await page.getByLabel("Email").fill(demo.agent.email);
  await page.getByLabel("Password").fill(demo.agent.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Inbox" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await gotoReady(page, "/inbox");
  await expect(page).toHaveURL(/\/login/);
});
