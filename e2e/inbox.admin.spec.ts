import { expect, test } from "@playwright/test";

test("the admin sees the demo inbox with open tickets", async ({ page }) => {
  await page.goto("/inbox");
  await expect(page.getByRole("banner")).toContainText("Admin");
  await expect(page.getByRole("table").getByRole("row")).not.toHaveCount(0);
  const counts = page.getByRole("navigation", { name: "Inbox views" });
  await expect(counts.getByRole("link", { name: /All open/ })).toHaveAttribute("aria-current", "page");
  await page.getByRole("link", { name: /Resolved/ }).click();
  await expect(page).toHaveURL(/view=resolved/);
  await expect(page.getByRole("table")).toContainText("Resolved");
});
