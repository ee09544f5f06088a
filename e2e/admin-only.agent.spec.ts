import { expect, test } from "@playwright/test";
import { gotoReady } from "./fixtures";

test("an agent cannot open admin pages or call admin endpoints", async ({ page }) => {
  await gotoReady(page, "/inbox");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Knowledge" })).toHaveCount(0);
  for (const path of ["/knowledge", "/knowledge/new", "/metrics", "/audit", "/settings", "/settings/retention", "/outbox", "/jobs"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
  }
  const exported = await page.request.get("/api/knowledge/export?format=json");
  expect(exported.status()).toBe(403);
  const imported = await page.request.post("/api/knowledge/import", {
    multipart: { file: { name: "x.json", mimeType: "application/json", buffer: Buffer.from("[]") } },
  });
  expect(imported.status()).toBe(403);
});
