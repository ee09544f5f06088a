import { expect, test } from "@playwright/test";
import { gotoReady } from "./fixtures";
import { acceptInvitation, invite } from "./staff-helpers";

test("settings: an admin invites a user, changes their role and disables them; creates an API key that works until revoked", async ({
  page,
  browser,
}) => {
  const suffix = Date.now().toString(36);
  const invitee = await acceptInvitation(browser, await invite(page, `nia.${suffix}@demo.example`), "Nia New", "quiet-otter-lantern");
  await invitee.context().close();
  await gotoReady(page, "/settings");
  const users = page.getByRole("table", { name: "Users of this workspace" });
  const row = users.getByRole("row").filter({ hasText: "Nia New" });
  await expect(row).toBeVisible();
  await row.getByRole("combobox", { name: "Role of Nia New" }).selectOption("ADMIN");
  await row.getByRole("button", { name: "Disable" }).click();
  await expect(row.getByRole("button", { name: "Enable" })).toBeVisible();

  await page.getByLabel("Key name").fill(`e2e key ${suffix}`);
  await page.getByRole("button", { name: "Create key" }).click();
  const key = await page.getByLabel("New API key").inputValue();
  expect(key).toMatch(/^rk_/);
  const works = await page.request.get("/api/v1/tickets/00000000-0000-4000-8000-000000000000", {
    headers: { authorization: `Bearer ${key}` },
  });
  expect(works.status()).toBe(404);
  await page
    .getByRole("table", { name: "API keys of this workspace" })
    .getByRole("row")
    .filter({ hasText: `e2e key ${suffix}` })
    .getByRole("button", { name: "Revoke" })
    .click();
  await expect
    .poll(async () =>
      (
        await page.request.get("/api/v1/tickets/00000000-0000-4000-8000-000000000000", { headers: { authorization: `Bearer ${key}` } })
      ).status(),
    )
    .toBe(401);
});

test("the audit log verifies its chain and lists the admin's changes", async ({ page }) => {
  await gotoReady(page, "/audit");
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: /Chain verified: \d+ entries/ })).toBeVisible();
  await expect(page.getByRole("table")).toContainText("api_key.revoked");
  await expect(page.getByRole("table")).toContainText("user.role_changed");
});

test("metrics show the KPIs as charts", async ({ page }) => {
  await gotoReady(page, "/metrics");
  await expect(page.getByRole("heading", { name: "Metrics" })).toBeVisible();
  for (const name of [
    "Average resolution time",
    "Customer satisfaction",
    "Knowledge utilisation",
    "Memory",
    "Retrieval accuracy",
    "Cost",
  ]) {
    await expect(page.getByRole("region", { name, exact: true })).toBeVisible();
  }
  await expect(page.getByRole("region", { name: "Average resolution time" }).getByRole("img")).toBeVisible();
  // The demo workspace's memories are counted by scope.
  await expect(page.getByRole("region", { name: "Memory", exact: true }).getByRole("table")).toContainText(/Agent knowledge\s*\d+/);
});
