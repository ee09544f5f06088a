import { expect, test } from "@playwright/test";
import { gotoReady } from "./fixtures";

// Method names are shown upper-case by CSS; match names whatever the case.
const named = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, "i");

// Issue 16: an integrator without an account reads the REST API reference, rendered from
// the same OpenAPI document the API serves, and follows an operation to its schema.

test("the API reference is public, lists every operation and links the OpenAPI document", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/content security policy/i.test(message.text())) violations.push(message.text());
  });
  await gotoReady(page, "/developers");
  await expect(page.getByRole("heading", { name: "Recall Desk API", level: 1 })).toBeVisible();

  const document = (await (await page.request.get("/api/v1/openapi.json")).json()) as {
    openapi: string;
    paths: Record<string, Record<string, { operationId: string }>>;
  };
  expect(document.openapi).toBe("3.1.0");
  const nav = page.getByRole("navigation", { name: "Operations" });
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      await expect(nav.getByRole("link", { name: named(`${method} ${path}`) })).toHaveAttribute("href", `#op-${operation.operationId}`);
    }
  }

  const openTicket = page.getByRole("region", { name: named("post /api/v1/tickets") });
  await expect(openTicket.getByRole("table", { name: "Request body of POST /tickets" })).toContainText("at most 120 characters");
  await expect(openTicket).toContainText("429");
  await openTicket.getByRole("link", { name: "Ticket" }).first().click();
  await expect(page).toHaveURL(/#schema-Ticket$/);
  await expect(page.getByRole("link", { name: "/api/v1/openapi.json", exact: true })).toBeVisible();
  expect(violations).toEqual([]);
});
