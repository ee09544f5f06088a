import { expect, test } from "@playwright/test";
import { gotoReady } from "./fixtures";

test("a customer opens a ticket on the support page, follows it by its link and replies", async ({ page }) => {
  await gotoReady(page, "/w/demo/support");
  await expect(page.getByRole("heading", { name: "How can we help?" })).toBeVisible();

  await page.getByRole("button", { name: "Send request" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Your name").fill("Robin Vale");
  await page.getByLabel("Email").fill("robin.vale@example.net");
  await page.getByLabel("Product").selectOption("Lumio Smart Plug");
  await page.getByLabel("Subject").fill("Plug schedule is an hour late");
  await page.getByLabel("What happened?").fill("Since the clocks changed my plug turns the lamp on an hour late.");
  await page.getByRole("button", { name: "Send request" }).click();
  await expect(page.getByRole("status")).toContainText(/Request #\d+ received/);

  await page.getByRole("link", { name: /Follow request/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Plug schedule is an hour late");
  const conversation = page.getByRole("list", { name: "Conversation" });
  await expect(conversation).toContainText("turns the lamp on an hour late");

  await page.getByLabel("Your reply").fill("It is set to GMT+0, if that helps.");
  await page.getByRole("button", { name: "Send reply" }).click();
  await expect(conversation.getByRole("listitem")).toHaveCount(2);
  await expect(page.getByLabel("Your reply")).toHaveValue("");

  // A forged link shows nothing of the ticket: the same page as an expired link, with a way to ask for a new one.
  const forged = page.url().replace(/\.[^.\/]+$/, ".forgedsignature0000000000000000");
  await gotoReady(page, forged);
  await expect(page.getByRole("heading", { name: "This link has expired or is not valid" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Conversation" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Send me a new link" })).toBeVisible();
});
